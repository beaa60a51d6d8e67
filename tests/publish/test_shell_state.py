"""What a report leaves in IPython's shell and the interpreter is put back exactly as it was,
and an audit hook, which cannot be removed, is counted (in-process, on IPython's own shell: the
end-to-end property, through real kernels, is in test_warm_kernel.py)."""

from __future__ import annotations

import ast
import builtins
import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell

from claimbook.publish.shell_state import ShellState


@pytest.fixture
def shell(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    added: list[Any] = []
    # a real audit hook would stay in this test process for good: a stand-in records it
    monkeypatch.setattr(sys, "addaudithook", added.append)
    ip = InteractiveShell.instance()
    try:
        yield ip
    finally:
        InteractiveShell.clear_instance()


def test_everything_a_report_can_leave_in_the_shell_is_put_back(shell: Any) -> None:
    state = ShellState(shell)
    before = {
        "cleanup": list(shell.input_transformers_cleanup),
        "post": list(shell.input_transformers_post),
        "ast": list(shell.ast_transformers),
        "html": dict(shell.display_formatter.formatters["text/html"].type_printers),
        "deferred": dict(shell.display_formatter.formatters["text/html"].deferred_printers),
        "callbacks": {k: list(v) for k, v in shell.events.callbacks.items()},
        "interactivity": shell.ast_node_interactivity,
        "flags": shell.compile.flags,
        "precision": shell.display_formatter.formatters["text/plain"].float_precision,
        "excepthook": sys.excepthook,
        "root": list(logging.getLogger().handlers),
        "recursion": sys.getrecursionlimit(),
        "own": {k: vars(shell).get(k) for k in ("CustomTB", "showtraceback")},
    }
    shell.input_transformers_cleanup.append(lambda lines: lines)
    shell.input_transformers_post.append(lambda lines: lines)
    shell.ast_transformers.append(ast.NodeTransformer())
    html = shell.display_formatter.formatters["text/html"]
    html.for_type(int, lambda n: "<b>tampered</b>")
    html.for_type_by_name("IPython.core.display", "HTML", lambda h: "tampered")
    shell.display_formatter.formatters["text/plain"].float_precision = "%.1f"
    shell.events.register("post_run_cell", lambda result: None)
    shell.events.register("pre_execute", lambda: None)
    shell.ast_node_interactivity = "none"
    shell.run_cell("from __future__ import annotations")
    shell.set_custom_exc((ValueError,), lambda *a, **k: None)
    shell.showtraceback = lambda *a, **k: None
    sys.excepthook = lambda *a: None
    logging.getLogger().addHandler(logging.NullHandler())
    sys.setrecursionlimit(before["recursion"] + 100)
    builtins.claimbook_test_leftover = 1  # type: ignore[attr-defined]
    assert shell.compile.flags != before["flags"]

    changed = state.restore()

    assert shell.input_transformers_cleanup == before["cleanup"]
    assert shell.input_transformers_post == before["post"]
    assert shell.ast_transformers == before["ast"]
    assert html.type_printers == before["html"] and html.deferred_printers == before["deferred"]
    assert {k: list(v) for k, v in shell.events.callbacks.items()} == before["callbacks"]
    assert shell.ast_node_interactivity == before["interactivity"]
    assert shell.compile.flags == before["flags"]
    assert shell.display_formatter.formatters["text/plain"].float_precision == \
        before["precision"]
    assert {k: vars(shell).get(k) for k in ("CustomTB", "showtraceback")} == before["own"]
    assert shell.custom_exceptions == ()
    assert sys.excepthook is before["excepthook"]
    assert logging.getLogger().handlers == before["root"]
    assert sys.getrecursionlimit() == before["recursion"]
    assert not hasattr(builtins, "claimbook_test_leftover")
    assert "post_run_cell callbacks" in changed and "compiler flags" in changed
    assert state.restore() == []  # once put back, nothing is left to put back
    assert state.problem() == ""


def test_an_audit_hook_is_counted_and_makes_the_kernel_unusable(shell: Any) -> None:
    state = ShellState(shell)
    sys.addaudithook(lambda event, args: None)
    assert state.problem().startswith("1 audit hook(s) added with sys.addaudithook")


def test_the_names_ipython_adds_around_each_cell_are_left_to_it(shell: Any) -> None:
    """Taken outside a cell, put back inside one: `get_ipython`, `exit` and `quit`, which
    IPython adds to builtins for each cell and removes after it, stay for IPython to remove."""
    state = ShellState(shell)
    with shell.builtin_trap:
        state.restore()
        assert builtins.get_ipython  # type: ignore[attr-defined]
    assert not hasattr(builtins, "get_ipython")
