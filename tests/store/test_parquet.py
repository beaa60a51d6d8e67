"""A Parquet table another tool wrote with columns no claimbook table can hold is refused the same
way by every command: validate's message (file, row, column), exit 2, never a traceback.

validate, claims and export run in-process for every kind (the message and exit status are the
property); render and batch run as real processes, which also shows a real process exits 2.

The kinds: a list column, a struct column, a binary column whose bytes are not UTF-8, a column
name stored twice, derived dates stored as timestamps with a time zone. Each file is written
with pyarrow in the test.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from click.testing import Result

from conftest import DATA_DIR, run_cli, run_cli_process

NOTEBOOK = DATA_DIR.parent / "notebooks" / "claims_report.ipynb"


def replaced(tbl: pa.Table, name: str, values: pa.Array | pa.ChunkedArray) -> pa.Table:
    return tbl.set_column(tbl.column_names.index(name), name, values)


def tz_aware(tbl: pa.Table) -> pa.Table:
    stamps = pc.cast(tbl["date_start"], pa.timestamp("s")).cast(pa.timestamp("s", tz="UTC"))
    return replaced(tbl, "date_start", stamps)


KINDS: dict[str, tuple[Callable[[pa.Table], pa.Table], str]] = {
    "list": (lambda t: replaced(t, "notes", pa.array([["a", "b"]] * t.num_rows,
                                                     pa.list_(pa.string()))),
             "column notes: stored as list<"),
    "struct": (lambda t: replaced(t, "notes", pa.array([{"x": "a"}] * t.num_rows,
                                                       pa.struct([("x", pa.string())]))),
               "column notes: stored as struct<"),
    "binary not UTF-8": (lambda t: replaced(t, "notes", pa.array(
        [b"ok"] * 3 + [b"\xff\xfe"] * (t.num_rows - 3), pa.binary())),
        "row 5, column notes: holds bytes that are not UTF-8 text"),
    "duplicate name": (lambda t: pa.Table.from_arrays([*t.columns, t["claim"]],
                                                      names=[*t.column_names, "claim"]),
                       "column claim: appears twice"),
    "tz-aware dates": (tz_aware, "tz=UTC], not as a date"),  # Parquet keeps it in ms
}


@pytest.fixture(scope="module")
def parquet_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data with claims and mentions stored as Parquet (converted once)."""
    data = tmp_path_factory.mktemp("parquet") / "data"
    shutil.copytree(DATA_DIR, data)
    done = run_cli("convert", "--data", str(data), "--to", "parquet")
    assert done.exit_code == 0, done.output
    return data


def broken(parquet_data: Path, tmp_path: Path, kind: str) -> tuple[Path, str]:
    data = tmp_path / "data"
    shutil.copytree(parquet_data, data)
    path = data / "claims.parquet"
    pq.write_table(KINDS[kind][0](pq.read_table(path)), path)
    return data, KINDS[kind][1]


def problem_lines(stderr: str) -> list[str]:
    return [ln.strip() for ln in stderr.splitlines() if ln.startswith("  ")]


def assert_validates_message(done: subprocess.CompletedProcess[str], expected: list[str]) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert problem_lines(done.stderr) == expected


def assert_refused_in_process(done: Result, expected: list[str]) -> None:
    """run_cli raises any exception but SystemExit, so a refusal here is never a traceback."""
    assert done.exit_code == 2, done.output
    assert problem_lines(done.stderr) == expected


@pytest.mark.parametrize("kind", list(KINDS))
def test_validate_claims_and_export_refuse_the_column_alike(kind: str, parquet_data: Path,
                                                            tmp_path: Path) -> None:
    data, message = broken(parquet_data, tmp_path, kind)
    valid = run_cli("validate", "--data", str(data))
    assert valid.exit_code == 2, valid.output
    expected = problem_lines(valid.stderr)
    assert len(expected) == 1 and f"{data / 'claims.parquet'}, row " in expected[0]
    assert message in expected[0], expected
    for command in (["claims"], ["claims", "--format", "csv"], ["export", "--format", "csv"],
                    ["export", "--format", "parquet", "--out", str(tmp_path / "out.parquet")]):
        assert_refused_in_process(run_cli(command[0], "--data", str(data), *command[1:]),
                                  expected)
    assert not (tmp_path / "out.parquet").exists()


@pytest.mark.slow
def test_render_refuses_a_list_column_with_validates_message(parquet_data: Path,
                                                             tmp_path: Path) -> None:
    data, _ = broken(parquet_data, tmp_path, "list")
    expected = problem_lines(run_cli("validate", "--data", str(data)).stderr)
    done = run_cli_process("render", "--data", str(data), "--format", "html", "--reports-dir",
               str(tmp_path / "reports"), "--notebook", str(NOTEBOOK), cwd=tmp_path)
    assert_validates_message(done, expected)
    assert not (tmp_path / "reports").exists()


@pytest.mark.slow
def test_batch_refuses_tz_aware_dates_with_validates_message(parquet_data: Path,
                                                             tmp_path: Path) -> None:
    data, _ = broken(parquet_data, tmp_path, "tz-aware dates")
    expected = problem_lines(run_cli("validate", "--data", str(data)).stderr)
    done = run_cli_process("batch", "--data", str(data), "--from", "2025-04", "--to", "2025-05",
               "--format", "html", "--out", str(tmp_path / "reports"), "--notebook",
               str(NOTEBOOK), cwd=tmp_path)
    assert_validates_message(done, expected)
