"""Large tables cost a batch, not the table: validation parses a Parquet file's footer once and
reads a table in batches (a file of many one-row row groups included), with the same verdicts
and messages as a whole-table read (duplicates across batches too)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from claimbook import schema, store
from claimbook.errors import DataError
from claimbook.store import csv_read, parquet, validation
from conftest import edit_csv, run_cli


def parquet_copy(data_copy: Path, row_group_size: int) -> Path:
    """The shipped folder with claims.parquet of `row_group_size`-row row groups."""
    raw, _ = store.read_raw(data_copy)
    tbl = parquet.arrow_table(raw["claims"], schema.CLAIMS)
    parquet.write_arrow(tbl, data_copy / "claims.parquet", row_group_size=row_group_size)
    (data_copy / "claims.csv").unlink()
    return data_copy


def test_validation_parses_a_parquet_footer_once(data_copy: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    data = parquet_copy(data_copy, 1)  # one row group per row: a footer as large as it gets
    opened: list[str] = []
    for name in ("ParquetFile", "read_table", "read_schema", "read_metadata"):
        real = getattr(pq, name)

        def counted(*args: object, _real: object = real, **kwargs: object) -> object:
            opened.append(str(args[0]) if args else "")
            return _real(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(pq, name, counted)
    store.validate(data)
    assert len([p for p in opened if p.endswith("claims.parquet")]) == 1, opened


def test_many_one_row_row_groups_validate_like_one_row_group(data_copy: Path) -> None:
    data = parquet_copy(data_copy, 1)
    r = run_cli("validate", "--data", str(data))
    assert r.exit_code == 0, r.stderr
    assert "22 claims, 28 mentions, 8 claimants, 1 source document(s)" in r.stdout


def test_a_valid_csv_table_is_never_read_whole(data_copy: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("read whole")

    monkeypatch.setattr(validation, "read_csv_table", whole)
    monkeypatch.setattr(csv_read, "read_csv_table", whole)
    checked = store.validate(data_copy)
    assert checked["claims"].rows == 22 and checked["mentions"].rows == 28


def test_duplicates_across_batches_are_found_with_their_rows(data_copy: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    def twice(names: list[str], rows: list[dict[str, str]]) -> tuple[list[str], list[dict]]:
        rows[-1]["claim_id"] = rows[0]["claim_id"]
        return names, rows

    edit_csv(data_copy / "claims.csv", twice)
    whole = run_cli("validate", "--data", str(data_copy))
    monkeypatch.setattr(csv_read.csv_batches, "__defaults__", (3,))
    with pytest.raises(DataError) as e:
        store.validate(data_copy)
    messages = [str(p) for p in e.value.problems]
    assert any("duplicate claim_id" in m and "(first in row 2)" in m and "row 23" in m
               for m in messages), messages
    assert all(m in whole.stderr for m in messages), (messages, whole.stderr)


def test_a_broken_csv_gets_the_whole_file_message(data_copy: Path) -> None:
    with open(data_copy / "claims.csv", "a", encoding="utf-8") as f:
        f.write('C999,"never closed\n')
    r = run_cli("validate", "--data", str(data_copy))
    assert r.exit_code == 2
    assert "is never closed" in r.stderr


def test_a_parquet_table_in_batches_reports_cells_by_row(data_copy: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    data = parquet_copy(data_copy, 5)
    shutil.copy(data / "claims.parquet", data / "good.parquet")
    monkeypatch.setattr(parquet.text_batches, "__defaults__", (None, 4))
    tbl = pq.read_table(data / "claims.parquet")
    ids = tbl["claim_id"].to_pylist()
    ids[-1] = ids[0]
    tbl = tbl.set_column(tbl.column_names.index("claim_id"), "claim_id",
                         __import__("pyarrow").array(ids))
    pq.write_table(tbl, data / "claims.parquet", row_group_size=5)
    with pytest.raises(DataError) as e:
        store.validate(data)
    assert [p.row for p in e.value.problems] == [23]
    assert "duplicate claim_id" in e.value.problems[0].message
