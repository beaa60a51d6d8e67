"""Shared fixtures and helpers: the shipped data folder, a private copy of it, helpers to corrupt
a copy, the two ways to run the command line, the text of a PDF, reports rendered once per
session, and the hypothesis profiles.

Validation tests break one thing in a copy under tmp_path, so the shipped data is never touched
and each test sees exactly one deliberate problem.

The command line is run in-process (`run_cli`) unless a test needs a real process
(`run_cli_process`, or `cli_argv` for Popen): signals and kills, an environment or working
directory of its own, several processes at once, what the interpreter loads at start-up.

Hypothesis: the `quick` profile locally, `thorough` in CI (CI=true); HYPOTHESIS_PROFILE chooses.
"""

from __future__ import annotations

import csv
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from places import NOTEBOOK, ROOT

DATA_DIR = ROOT / "data"

# Validation stamps (store.ensure_valid) of this test run go to a private folder, not ~/.cache;
# commands run as subprocesses and kernels inherit it.
os.environ.setdefault("CLAIMBOOK_CACHE", tempfile.mkdtemp(prefix="claimbook-test-cache-"))

Rows = list[dict[str, str]]

# Examples per property: few locally (`make test` stays a few minutes), in CI at least as many as
# any property had before the profiles. No deadline: a loaded machine's clock says little.
settings.register_profile("quick", max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=600, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get(
    "HYPOTHESIS_PROFILE", "thorough" if os.environ.get("CI", "").lower() in ("1", "true") else "quick"))


def uses_a_module_fixture(item: pytest.Item) -> bool:
    info = getattr(item, "_fixtureinfo", None)  # pytest's record of the fixtures a test asks for
    return info is not None and any(d.scope == "module" for defs in info.name2fixturedefs.values()
                                    for d in defs)


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Groups for xdist's `--dist loadgroup` (as `make test` runs): the tests marked `serial` are
    one group, which one worker runs one after another; the tests of a module that share a
    module-scoped fixture are one group, so that it is made once, not on every worker. Modules
    with slow tests go first (each kept in one piece), so that no worker is left with a long
    test at the end while the other waits."""
    slow = set()
    for item in items:
        if item.get_closest_marker("serial"):
            item.add_marker(pytest.mark.xdist_group("serial"))
        elif uses_a_module_fixture(item):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
        if item.get_closest_marker("slow"):
            slow.add(item.path)
    items.sort(key=lambda item: item.path not in slow)


@pytest.fixture
def shipped_data() -> Path:
    """The project's own data folder, for read-only tests (nothing may write to it)."""
    return DATA_DIR


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def read_csv_rows(path: Path) -> tuple[list[str], Rows]:
    """Header and records of a CSV, as text (the csv module, not pandas: no type guessing)."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def write_csv_rows(path: Path, fieldnames: list[str], rows: Rows) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def edit_csv(path: Path, edit: Callable[[list[str], Rows], tuple[list[str], Rows]]) -> None:
    """Rewrite a CSV through `edit(fieldnames, rows) -> (fieldnames, rows)`."""
    fieldnames, rows = read_csv_rows(path)
    fieldnames, rows = edit(fieldnames, rows)
    write_csv_rows(path, fieldnames, rows)


def set_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell; `row` is the spreadsheet row (header = 1, first record = 2), as in errors."""

    def edit(fieldnames: list[str], rows: Rows) -> tuple[list[str], Rows]:
        assert column in fieldnames, f"{path.name} has no column {column}"
        rows[row - 2][column] = value
        return fieldnames, rows

    edit_csv(path, edit)


def get_cell(path: Path, row: int, column: str) -> str:
    """Read one cell by spreadsheet row (header = 1)."""
    return read_csv_rows(path)[1][row - 2][column]


def drop_column(path: Path, column: str) -> None:
    def edit(fieldnames: list[str], rows: Rows) -> tuple[list[str], Rows]:
        for r in rows:
            del r[column]
        return [c for c in fieldnames if c != column], rows

    edit_csv(path, edit)


def add_column(path: Path, column: str, value: str = "x") -> None:
    def edit(fieldnames: list[str], rows: Rows) -> tuple[list[str], Rows]:
        for r in rows:
            r[column] = value
        return [*fieldnames, column], rows

    edit_csv(path, edit)


# --- reports rendered once per test run, read by many tests -------------------------------------


def made_once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder that `make(folder)` fills once per test run, shared by the xdist workers: the
    first to ask makes it while holding a lock, the others wait for it. Tests only read it."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder, done = root / f"once-{name}", root / f"once-{name}.done"
    with open(root / f"once-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def render_into(reports: Path, data: Path, *args: str) -> str:
    """`claimbook render` of the shipped notebook into `reports`, in this process (its kernel is
    a process of its own; the tests of a render as a process are in tests/publish); it must
    succeed. Returns what it printed."""
    done = run_cli("render", "--data", str(data), "--reports-dir", str(reports),
                   "--notebook", str(NOTEBOOK), *args)
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.fixture(scope="session")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/hostile.py's data rendered once for July 2025 (HTML and PDF), its title hostile too;
    returns the report's folder."""
    from hostile import make_hostile_data, report_title

    def make(folder: Path) -> None:
        render_into(folder / "reports", make_hostile_data(folder), "--period", "2025-07",
                    "--format", "html,pdf", "--title", report_title())

    return made_once(tmp_path_factory, "hostile", make) / "reports" / "2025-07"


# The shipped data's reports, rendered into one reports folder in this order (the index lists the
# newest first, the all-dates report): name -> the render's options.
SEED_RENDERS = {
    "range": ["--start", "2025-04-01", "--end", "2025-08-31", "--format", "html,pdf"],
    "july-hur": ["--start", "2025-07-01", "--end", "2025-07-31", "--format", "html",
                 "--claimant", "Ukraine HUR (Defence Intelligence)"],
    "empty-month": ["--period", "2025-01", "--undated", "count", "--format", "html,pdf"],
    "all-dates": ["--format", "html,pdf"],
}


@pytest.fixture(scope="session")
def seed_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SEED_RENDERS rendered once per test run into one reports folder (returned); what each
    render printed is in `<name>.out` beside that folder."""

    def make(folder: Path) -> None:
        for name, args in SEED_RENDERS.items():
            (folder / f"{name}.out").write_text(render_into(folder / "reports", DATA_DIR, *args),
                                                encoding="utf-8")

    return made_once(tmp_path_factory, "seed", make) / "reports"


@pytest.fixture(scope="session")
def seed_report(seed_reports: Path) -> Path:
    """The shipped data's report over all dates (HTML and PDF); returns the report's folder."""
    return seed_reports / "all-dates"


def pdf_document(objs: Sequence[bytes]) -> bytes:
    """A PDF file of the given objects (numbered from 1; object 1 the catalog), with its
    cross-reference table: what the tests that write a PDF by hand share."""
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF in the order the page draws it (poppler's pdftotext, which
    `make test` installs; pypdf reads the same text twenty times slower on long pages)."""
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (Debian's poppler-utils) is missing: run `make system-deps`")
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, check=True).stdout.decode()
    return text.split("\f")[:-1]  # each page ends in a form feed


def pdf_text(path: Path) -> str:
    """A PDF's text on one line: words separated by single spaces."""
    return " ".join(" ".join(pdf_pages(path)).split())


def run_cli(*args: str) -> Result:
    """Invoke the CLI in-process; only a clean exit (SystemExit) is acceptable, never a crash."""
    from claimbook.cli import cli

    result = CliRunner().invoke(cli, list(args), prog_name="claimbook")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def cli_argv(*args: str | bytes) -> list[str | bytes]:
    """The command line as a process of its own (`claimbook ARGS`), for Popen."""
    return [sys.executable, "-m", "claimbook.cli", *args]


def run_cli_process(*args: str | bytes, cwd: Path = ROOT, env: Mapping[str, str] | None = None,
                    timeout: float = 1800, text: bool = True, prefix: Sequence[str] = ()
                    ) -> subprocess.CompletedProcess:
    """Run the CLI as a process of its own and wait for it: stdin closed, output captured.
    `env` adds variables to this process's environment; `prefix` runs it under a wrapper.
    `timeout` only stops a hung process: a render on a loaded machine can take many minutes."""
    return subprocess.run([*prefix, *cli_argv(*args)], cwd=cwd, timeout=timeout, text=text,
                          env=None if env is None else {**os.environ, **env},
                          capture_output=True, stdin=subprocess.DEVNULL)


def previous_report(folder: Path, html: str = "<p>the previous report</p>") -> Path:
    """A report folder as claimbook publishes one (its meta.json lists its files), holding
    `html`: what a test expects a failed or refused run to leave untouched."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.html").write_text(html, encoding="utf-8")
    meta = {"title": "previous", "files": {"html": "report.html"}, "claimbook": "0"}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder
