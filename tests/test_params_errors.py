"""Every bad parameter is refused before any kernel starts, as one plain line that names the
command-line option (and the allowed values), with exit 2 and no traceback; the Python API
(`RenderConfig`, `BatchConfig`, `ReportParams`) refuses the same values.

The command line runs in-process (its arguments as a real process would see them: bytes that are
not UTF-8 decoded with surrogateescape); one case runs as a real process, from its raw argv bytes
to its exit status."""

from __future__ import annotations

import json
import math
import os
import tempfile
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from claimbook.errors import ConfigError
from claimbook.params import BatchConfig, RenderConfig, ReportParams
from claimbook.publish import folders, render
from conftest import run_cli, run_cli_process
from places import DATA, NOTEBOOK


def notebooks(tmp: Path) -> dict[str, Path]:
    """Files given as --notebook that are no report notebook."""
    text = tmp / "hostname"
    text.write_text("box\n", encoding="utf-8")
    not_nb = tmp / "settings.ipynb"
    not_nb.write_text(json.dumps({"cells": "none", "theme": "dark"}), encoding="utf-8")
    untagged = tmp / "untagged.ipynb"
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell.get("metadata", {}).pop("tags", None)
    untagged.write_text(json.dumps(nb), encoding="utf-8")
    return {"text": text, "json": not_nb, "untagged": untagged}


# name -> (argv after the command, the option the message must name)
CASES: dict[str, tuple[list[str | bytes], str]] = {
    "title-not-utf8": ([b"render", b"--title=\xff"], "--title"),
    "claimant-not-utf8": ([b"render", b"--claimant=caf\xe9"], "--claimant"),
    "batch-claimant-not-utf8": ([b"batch", b"--period", b"2025-07", b"--claimant=\xff"],
                                "--claimant"),
    "title-control": (["render", "--title", "a\x1b[2Jb"], "--title"),
    "timeout-inf": (["render", "--timeout", "inf"], "--timeout"),
    "timeout-nan": (["render", "--timeout", "nan"], "--timeout"),
    "timeout-zero": (["render", "--timeout", "0"], "--timeout"),
    "timeout-negative": (["render", "--timeout", "-5"], "--timeout"),
    "timeout-fraction": (["render", "--timeout", "2.5"], "--timeout"),
    "batch-timeout-inf": (["batch", "--period", "2025-07", "--timeout", "inf"], "--timeout"),
    "notebook-text": (["render", "--notebook", "{text}"], "--notebook"),
    "notebook-json": (["render", "--notebook", "{json}"], "--notebook"),
    "notebook-untagged": (["render", "--notebook", "{untagged}"], "parameters"),
    "batch-notebook-text": (["batch", "--period", "2025-07", "--notebook", "{text}"],
                            "--notebook"),
    "notebook-missing": (["render", "--notebook", "{tmp}/missing.ipynb"], "--notebook"),
}


def full_argv(args: list[str | bytes], tmp: Path) -> list[str | bytes]:
    """`args` with the data folder, a private reports folder, and the shipped notebook and HTML
    unless the case gives its own."""
    given = {a if isinstance(a, str) else a.decode("utf-8", "replace") for a in args}
    extra = [str(x) for option, value in (("--notebook", NOTEBOOK), ("--format", "html"))
             if option not in given for x in (option, value)]
    return [*args, "--data", str(DATA), "--reports-dir", str(tmp / "reports"), *extra]


def run(args: list[str | bytes], tmp: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """The CLI in-process with a private TMPDIR (kernels would inherit it): exit status, stderr.
    Bytes are decoded as Python decodes a process's argv (surrogateescape)."""
    private = tmp / "tmpdir"
    private.mkdir(exist_ok=True)
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    done = run_cli(*(os.fsdecode(a) for a in full_argv(args, tmp)))
    return done.exit_code, done.stderr


def assert_one_plain_line(err: str, option: str) -> None:
    assert "Traceback" not in err and "Error:" not in err, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimbook: "), err
    assert option in lines[0], err
    assert "Input should" not in err, "pydantic's words leak"


def test_a_real_process_refuses_argv_bytes_that_are_not_utf8_with_exit_2(tmp_path: Path) -> None:
    private = tmp_path / "tmpdir"
    private.mkdir()
    done = run_cli_process(*full_argv([b"render", b"--title=\xff"], tmp_path),
                           env={"TMPDIR": str(private)}, text=False)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2, err
    assert_one_plain_line(err, "--title")
    assert not (tmp_path / "reports").exists()
    assert not list(private.iterdir())


@pytest.mark.parametrize("case", CASES)
def test_a_bad_parameter_is_one_plain_line_before_any_kernel(tmp_path: Path, case: str,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    args, option = CASES[case]
    names = {k: str(v) for k, v in notebooks(tmp_path).items()} | {"tmp": str(tmp_path)}
    args = [a.format(**names) if isinstance(a, str) else a for a in args]
    status, err = run(args, tmp_path, monkeypatch)
    assert status == 2, err
    assert_one_plain_line(err, option)
    # no kernel ran: nothing rendered, kept as failed, or left in the private TMPDIR
    assert not (tmp_path / "reports" / folders.FAILED_DIR).exists()
    assert not list((tmp_path / "reports").glob("*/report.html"))
    assert not list((tmp_path / "tmpdir").iterdir())


@pytest.mark.parametrize(("args", "message"), [
    (["render", "--format", "docx"],
     "claimbook: --format: 'docx' is not a format; choose from html, pdf, ipynb"),
    (["batch", "--period", "2025-07", "-j", "0"], "claimbook: -j/--jobs: must be at least 1"),
    (["batch", "--period", "2025-07", "--wait", "-1"], "claimbook: --wait: must be at least 0"),
])
def test_config_errors_name_the_option_and_the_allowed_values(tmp_path: Path, args: list[str],
                                                              message: str,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    status, err = run(list(args), tmp_path, monkeypatch)
    assert status == 2
    assert err.strip() == message


@pytest.mark.parametrize("timeout", [math.inf, -math.inf, math.nan, 0, -1, 2.5, 10**9])
def test_the_api_refuses_a_timeout_that_is_not_whole_seconds_up_to_a_week(timeout: float
                                                                          ) -> None:
    with pytest.raises(ValidationError, match="whole seconds"):
        RenderConfig(params=ReportParams(), timeout=timeout)
    with pytest.raises(ValidationError, match="whole seconds"):
        BatchConfig(start=date(2025, 7, 1), end=date(2025, 7, 31), timeout=timeout)
    with pytest.raises(ConfigError, match="--timeout"):
        RenderConfig.build(params=ReportParams(), timeout=timeout)


def test_the_api_takes_whole_seconds_as_a_whole_number() -> None:
    assert RenderConfig(params=ReportParams(), timeout=30.0).timeout == 30


@pytest.mark.parametrize("field", ["title", "data_dir"])
def test_the_api_refuses_text_that_is_not_utf8(field: str) -> None:
    with pytest.raises(ConfigError, match="not UTF-8"):
        ReportParams.build(**{field: "caf\udce9"})


@pytest.mark.parametrize("kind", ["text", "json", "untagged"])
def test_the_api_refuses_a_file_that_is_no_report_notebook(tmp_path: Path, kind: str) -> None:
    path = notebooks(tmp_path)[kind]
    with pytest.raises(ConfigError, match="--notebook"):
        RenderConfig.build(params=ReportParams(data_dir=str(DATA)), notebook=path)
    cfg = RenderConfig(params=ReportParams(data_dir=str(DATA)), notebook=path,
                       reports_dir=tmp_path / "reports")
    with pytest.raises(ConfigError, match="--notebook"):  # before a kernel starts
        render.render_files(cfg)
