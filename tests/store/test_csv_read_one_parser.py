"""Reports read a CSV table with the parser that validated it, so they see the rows validation saw.

A line holding only a carriage return before a row whose first cell is empty is a blank line and
a row to Python's csv module (which validates); another parser can join them and shift every
later cell of that row one column to the left. `claims --format csv` and a report's
selection.csv must show the row as validated: its claim_id in the claim_id column; and on any
CSV grid (CR, LF and CRLF line ends, blank lines of each, quoted cells holding commas, quotes
and line breaks, a byte-order mark) the reports' reader returns exactly the cells validation
read.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimbook.claims import schema
from claimbook.store import csv_read, layout, select
from conftest import DATA_DIR, read_csv_rows, run_cli

NOTEBOOK = DATA_DIR.parent / "notebooks" / "claims_report.ipynb"
CLAIM = "C005"
TEXT = "China denies providing lethal weapons to Russia."


def carriage_return_before_empty_first_cell(data: Path) -> None:
    """claims.csv with `notes` (empty for C005) as the first column and a line of only '\\r'
    before C005's row."""
    path = data / "claims.csv"
    names, rows = read_csv_rows(path)
    names = ["notes", *[n for n in names if n != "notes"]]
    out = io.StringIO()
    writer = csv.DictWriter(out, names, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        if row["claim_id"] == CLAIM:
            assert row["notes"] == ""
            out.write("\r")
        writer.writerow(row)
    path.write_bytes(out.getvalue().encode("utf-8"))


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def assert_row_as_validated(rows: list[dict[str, str]]) -> None:
    mine = [r for r in rows if r["claim_id"] == CLAIM]
    assert len(mine) == 1, [r["claim_id"] for r in rows]
    assert mine[0]["claim"] == TEXT
    assert mine[0]["claimant"] == "Chinese government"
    assert all(r["claim_id"].startswith("C0") for r in rows), [r["claim_id"] for r in rows]


def test_claims_csv_shows_the_rows_validation_saw(data_copy: Path, tmp_path: Path) -> None:
    carriage_return_before_empty_first_cell(data_copy)
    assert run_cli("validate", "--data", str(data_copy)).exit_code == 0
    done = run_cli("claims", "--data", str(data_copy), "--format", "csv")
    assert done.exit_code == 0, done.output
    table = done.stdout.split("\nin range:")[0]  # the counts line follows the CSV
    assert_row_as_validated(rows_of(table))


@pytest.mark.slow
def test_report_selection_csv_shows_the_rows_validation_saw(data_copy: Path,
                                                            tmp_path: Path) -> None:
    carriage_return_before_empty_first_cell(data_copy)
    out = tmp_path / "report"
    done = run_cli("render", "--data", str(data_copy), "--format", "html", "--out", str(out),
                   "--reports-dir", str(tmp_path / "reports"), "--notebook", str(NOTEBOOK))
    assert done.exit_code == 0, done.output
    assert_row_as_validated(rows_of((out / "selection.csv").read_text(encoding="utf-8")))


CELL = st.text(st.sampled_from(["a", "b", " ", ",", '"', "\r", "\n", "é"]), max_size=6)
ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grid=st.lists(st.lists(CELL, min_size=3, max_size=3), max_size=6),
       ends=st.lists(ENDS, min_size=8, max_size=8),
       blanks=st.lists(st.sampled_from(["", "\r", "\n", "\r\n"]), min_size=8, max_size=8),
       bom=st.booleans())
def test_the_reports_reader_returns_the_cells_validation_read(
        tmp_path: Path, grid: list[list[str]], ends: list[str], blanks: list[str],
        bom: bool) -> None:
    out = io.StringIO()
    lines = [["notes", "claim_id", "claim"], *grid]
    for i, cells in enumerate(lines):
        writer = csv.writer(out, lineterminator=ends[i])
        writer.writerow(cells)
        if i:
            out.write(blanks[i])
    path = tmp_path / "claims.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))
    validated, problems = csv_read.read_csv_table(path, schema.CLAIMS)
    if validated is None:
        return  # validation refuses the file; no report reads it
    read = select.read_claims_text(layout.table_file(tmp_path, schema.CLAIMS))
    assert read.reset_index(drop=True).values.tolist() == validated.values.tolist()
    assert list(read.columns) == list(validated.columns)
