"""Shared fixtures: the shipped data folder, a private copy of it, and helpers to corrupt a copy.

Validation tests break one thing in a copy under tmp_path, so the shipped data is never touched
and each test sees exactly one deliberate problem.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from places import ROOT

DATA_DIR = ROOT / "data"

# Validation stamps (store.ensure_valid) of this test run go to a private folder, not ~/.cache;
# commands run as subprocesses and kernels inherit it.
os.environ.setdefault("CLAIMBOOK_CACHE", tempfile.mkdtemp(prefix="claimbook-test-cache-"))

Rows = list[dict[str, str]]


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


# --- rendered reports shared by the security and browser tests (each render costs seconds) -------


def _render(tmp: Path, data: Path, *args: str) -> Path:
    import subprocess
    import sys

    root = ROOT
    reports = tmp / "reports"
    done = subprocess.run(
        [sys.executable, "-m", "claimbook.cli", "render", "--data", str(data), "--reports-dir",
         str(reports), "--notebook", str(root / "notebooks" / "claims_report.ipynb"), *args],
        cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return reports


@pytest.fixture(scope="session")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/hostile.py's data rendered once for July 2025 (HTML and PDF), its title hostile too;
    returns the report's folder."""
    from hostile import make_hostile_data, report_title

    tmp = tmp_path_factory.mktemp("hostile")
    reports = _render(tmp, make_hostile_data(tmp), "--period", "2025-07", "--format", "html,pdf",
                      "--title", report_title())
    return reports / "2025-07"


@pytest.fixture(scope="session")
def seed_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data's report over all dates (HTML); returns the report's folder."""
    reports = _render(tmp_path_factory.mktemp("seed"), DATA_DIR, "--format", "html")
    return reports / "all-dates"


def run_cli(*args: str) -> Result:
    """Invoke the CLI in-process; only a clean exit (SystemExit) is acceptable, never a crash."""
    from claimbook.cli import cli

    result = CliRunner().invoke(cli, list(args), prog_name="claimbook")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def previous_report(folder: Path, html: str = "<p>the previous report</p>") -> Path:
    """A report folder as claimbook publishes one (its meta.json lists its files), holding
    `html`: what a test expects a failed or refused run to leave untouched."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.html").write_text(html, encoding="utf-8")
    meta = {"title": "previous", "files": {"html": "report.html"}, "claimbook": "0"}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder
