"""The reset of a warm kernel, run in the kernel itself after each report: it puts the kernel
back to the state it had when it was warmed up (`install`), or says why it cannot.

* the user namespace is emptied and a new history session starts (IPython's `reset`), so
  names a report defined are gone and the next notebook's cells are numbered from 1, as in
  a new kernel;
* every open matplotlib figure is closed, `matplotlib.rcParams` are restored from the
  snapshot (a change of backend needs a new kernel);
* `claimbook` and all its modules are removed from `sys.modules` and imported again: a
  function a report replaced, or a module-level table it changed, is new again;
* the working directory, `sys.path`, `sys.meta_path`, `os.environ`, warnings filters,
  pandas options, numpy's error and print options and both random generators are restored;
* IPython's input and AST transformers, display formatters, event callbacks and every other
  setting of the shell, and the interpreter's hooks (`sys.displayhook`, trace functions,
  signal handlers, the root logger, names added to `builtins`, ...) are put back
  (`shell_state`). The reset runs as a user expression of an empty cell, so no transformer or
  callback a report left runs on it.

What a reset cannot undo, it detects, and the worker then starts a fresh kernel for the next
report (`reset_problem` says why): a function, class or submodule of any module loaded at the
snapshot rebound (`pandas.read_csv = ...`), a public attribute of a class of those modules
added, removed or replaced (`pandas.DataFrame.to_html = ...`; `_`-names are left out: classes
cache there), a thread left running (by identity), an audit hook added (`sys.addaudithook`:
hooks cannot be removed; it counts them), a method patched on a public object of such a module
(`fontManager.findfont = ...`). Modules a report imports for the first time are allowed (a
report imports some lazily: pandera's strategies, matplotlib's Agg backend) once the check
above shows that importing them changed nothing already loaded; they join the snapshot as they
are then.

The boundary, by design: changes to the *contents* of third-party objects (a mutated dict in
a library, state held in C extensions, a module a report imported and then patched itself,
files and subprocesses it left) are not seen. The report notebook is the project's own code,
and a notebook that does such things should not be rendered with a warm kernel (`render`
starts a fresh kernel for every report it renders alone).
"""

from __future__ import annotations

import functools
import importlib
import logging
import os
import random
import sys
import threading
import types
import warnings
from collections.abc import Iterator
from typing import Any

import matplotlib
import numpy as np
import pandas as pd

from claimbook.publish.shell_state import ShellState, shadowed_methods

log = logging.getLogger("claimbook")

OWN = "claimbook"  # the package re-imported by every reset


def _own(name: str) -> bool:
    return name == OWN or name.startswith(OWN + ".")


_TRACKED = (type, types.FunctionType, types.BuiltinFunctionType, types.ModuleType)


class _State:
    """What a reset restores or checks, taken once the kernel has imported what reports use."""

    def __init__(self, shell: Any) -> None:
        self.cwd = os.getcwd()
        self.path = list(sys.path)
        self.meta_path = list(sys.meta_path)
        self.environ = dict(os.environ)
        self.filters = list(warnings.filters)
        self.rc = dict(matplotlib.rcParams)
        self.numpy_err = np.geterr()
        self.numpy_print = np.get_printoptions()
        self.numpy_random = np.random.get_state()
        self.random = random.getstate()
        self.pandas_options = _pandas_options(pd)
        self.threads = {t.ident for t in threading.enumerate()}
        self.shell = ShellState(shell)  # IPython's hooks and the interpreter's settings
        self.traps = (shell.builtin_trap, shell.display_trap)  # as a cell runs
        self.modules: set[str] = set()
        self.attributes: dict[str, dict[str, Any]] = {}
        self.classes: list[tuple[type, dict[str, Any]]] = []
        # public objects of modules (not functions, classes, modules): a method patched on one
        self.objects: list[tuple[str, Any, frozenset[str]]] = []
        self.object_ids: set[int] = set()  # each object once, whichever modules import it
        self.add_modules()

    def add_modules(self) -> None:
        """Record the functions, classes and submodules of every module not yet recorded, and
        every attribute of the classes they define (claimbook's own are re-imported instead)."""
        for name, module in list(sys.modules.items()):
            if name in self.modules or _own(name) or module is None or name == "__main__":
                continue
            self.modules.add(name)
            try:
                items = dict(vars(module))
            except TypeError:  # a module-like object without __dict__
                continue
            self.attributes[name] = {k: v for k, v in items.items() if isinstance(v, _TRACKED)}
            for value in self.attributes[name].values():
                if isinstance(value, type) and value.__module__ == name:
                    self.classes.append((value, _public(vars(value))))
            for key, value in items.items():
                if key.startswith("_") or isinstance(value, _TRACKED) or \
                        id(value) in self.object_ids:
                    continue
                patched = _patched_methods(value)
                if patched is not None:
                    self.objects.append((f"{name}.{key}", value, patched))
                    self.object_ids.add(id(value))


def _patched_methods(obj: Any) -> frozenset[str] | None:
    """The methods of its class an object hides with attributes of its own (None: it has no
    attributes of its own to look at)."""
    try:
        own = object.__getattribute__(obj, "__dict__")
        if not isinstance(own, dict):
            return None
        return frozenset(shadowed_methods(obj, own))
    except Exception:  # noqa: BLE001 - a proxy or an odd object: nothing to compare
        return None


def _public(attributes: Any) -> dict[str, Any]:
    """A class's public attributes: what a patch replaces (`_`-names include lazy caches)."""
    return {k: v for k, v in attributes.items() if not k.startswith("_")}


def _pandas_options(pd: Any) -> dict[str, Any]:
    """Every pandas option and its value (`pd.options` is a tree of option groups)."""

    def walk(node: Any, prefix: str = "") -> Iterator[str]:
        for key in dir(node):
            value = getattr(node, key)
            if isinstance(value, type(pd.options)):
                yield from walk(value, f"{prefix}{key}.")
            else:
                yield prefix + key

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated options warn when read
        return {key: pd.get_option(key) for key in walk(pd.options)}


def install(shell: Any) -> None:
    """Snapshot the kernel as it is now (claimbook.report.sections imported) and give the shell its
    reset; then reset once, so the first report starts exactly as every later one."""
    state = _State(shell)
    shell.claimbook_reset = functools.partial(_reset, shell, state)
    shell.claimbook_reset()


def reset_problem(state: _State) -> str:
    """Why the kernel cannot be reused ('' when it can): what a reset cannot undo."""
    for name, attrs in state.attributes.items():  # not __main__: the namespace, emptied
        module = sys.modules.get(name)
        if module is None:
            continue
        now = vars(module)
        for key, value in attrs.items():
            if now.get(key) is not value:
                return f"{name}.{key} was replaced"
    for cls, attrs in state.classes:
        now = _public(vars(cls))
        if len(now) != len(attrs) or any(now.get(k, attrs) is not v for k, v in attrs.items()):
            changed = sorted(set(now) ^ set(attrs)) or [k for k, v in attrs.items()
                                                         if now.get(k) is not v]
            return f"{cls.__module__}.{cls.__qualname__}.{changed[0]} was changed"
    for where, obj, patched in state.objects:
        now = _patched_methods(obj)
        if now is not None and now != patched:
            return f"{where}.{sorted(now ^ patched)[0]} was patched on the object"
    new = [t.name for t in threading.enumerate() if t.ident not in state.threads]
    if new:  # by identity: a report's thread outlives a thread of the kernel's that ended
        return f"{len(new)} thread(s) left running ({', '.join(new[:3])})"
    problem = state.shell.problem()
    if problem:
        return problem
    if matplotlib.rcParams.get("backend") != state.rc.get("backend"):
        return "the matplotlib backend was changed"
    return ""


def _reset(shell: Any, state: _State) -> str:
    """After a report: restore what can be restored, then say whether the kernel is as good
    as new ('' when it is, else why not). Runs as a cell would (IPython's traps entered)."""
    with state.traps[0], state.traps[1]:
        return _reset_in_cell(shell, state)


def _reset_in_cell(shell: Any, state: _State) -> str:
    shell.reset(new_session=True)  # a new history session: cells are numbered from 1 again
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
    # where claimbook is imported from first, then claimbook itself
    os.chdir(state.cwd)
    sys.path[:] = state.path
    sys.meta_path[:] = state.meta_path
    if dict(os.environ) != state.environ:
        os.environ.clear()
        os.environ.update(state.environ)
    restored = state.shell.restore()  # IPython's transformers, formatters, callbacks, ...
    if restored:
        log.debug("warm kernel: put back %s", ", ".join(restored))
    for name in [n for n in sys.modules if _own(n)]:
        del sys.modules[name]
    problem = reset_problem(state)
    if not problem:
        state.add_modules()  # what this report imported first, as it is now
        importlib.import_module("claimbook.report.sections")  # a fresh copy of every claimbook module
    # then the state that importing may touch (a first import of hypothesis draws randoms)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        matplotlib.rcParams.update({k: v for k, v in state.rc.items() if k != "backend"})
        for key, value in state.pandas_options.items():
            if pd.get_option(key) != value:
                pd.set_option(key, value)
    warnings.filters[:] = state.filters
    getattr(warnings, "_filters_mutated", lambda: None)()  # the module's cache of the filters
    np.seterr(**state.numpy_err)
    np.set_printoptions(**state.numpy_print)
    np.random.set_state(state.numpy_random)
    random.setstate(state.random)
    return problem
