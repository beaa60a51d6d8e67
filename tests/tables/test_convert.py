"""claimbook convert: a data folder's claim tables from CSV to Parquet and back, losing nothing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from claimbook import store
from claimbook.errors import ConfigError
from claimbook.sources import review
from conftest import run_cli as run
from conftest import set_cell


def frames(data: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    d = store.load(data)
    claims = d.claims.sort_values("claim_id", ignore_index=True).astype(str)
    mentions = d.mentions.sort_values(["claim_id", "start"], ignore_index=True).astype(str)
    return claims, mentions


def test_convert_both_ways(data_copy: Path) -> None:
    before = frames(data_copy)
    original_csv = (data_copy / "claims.csv").read_bytes()

    done = run("convert", "--data", str(data_copy), "--to", "parquet")
    assert done.exit_code == 0, done.output
    assert (data_copy / "claims.parquet").is_file() and (data_copy / "mentions.parquet").is_file()
    assert not (data_copy / "claims.csv").exists() and not (data_copy / "mentions.csv").exists()
    assert (data_copy / "claims.csv.bak").read_bytes() == original_csv, "previous version kept"
    assert (data_copy / "documents.csv").is_file(), "the register of sources stays CSV"
    for a, b in zip(before, frames(data_copy), strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert run("validate", "--data", str(data_copy)).exit_code == 0

    done = run("convert", "--data", str(data_copy), "--to", "csv")
    assert done.exit_code == 0, done.output
    assert not (data_copy / "claims.parquet").exists()
    assert (data_copy / "claims.parquet.bak").is_file()
    for a, b in zip(before, frames(data_copy), strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert (data_copy / "claims.csv").read_bytes() == original_csv, "same bytes after a round trip"


def test_a_broken_folder_is_not_converted(data_copy: Path) -> None:
    set_cell(data_copy / "claims.csv", 4, "claim_type", "rumour")
    done = run("convert", "--data", str(data_copy), "--to", "parquet")
    assert done.exit_code == 2
    assert "claims.csv, row 4, column claim_type" in done.output
    assert not (data_copy / "claims.parquet").exists()


def test_csv_to_csv_leaves_the_files_alone(data_copy: Path) -> None:
    before = (data_copy / "claims.csv").read_bytes()
    assert run("convert", "--data", str(data_copy), "--to", "csv").exit_code == 0
    assert (data_copy / "claims.csv").read_bytes() == before
    assert not (data_copy / "claims.csv.bak").exists()


def test_parquet_again_rewrites_derived_dates(data_copy: Path) -> None:
    """Another tool changed a date without its date_start: convert --to parquet repairs it."""
    run("convert", "--data", str(data_copy), "--to", "parquet")
    path = data_copy / "claims.parquet"
    tbl = pq.read_table(path)
    date = pc.if_else(pc.equal(tbl["claim_id"], "C004"), "2021-01", tbl["date"])
    pq.write_table(tbl.set_column(tbl.column_names.index("date"), "date", date), path)
    assert run("validate", "--data", str(data_copy)).exit_code == 2
    assert run("convert", "--data", str(data_copy), "--to", "parquet").exit_code == 0
    claims = store.load(data_copy).claims.set_index("claim_id")
    assert claims.loc["C004", "date_start"] == pd.Timestamp("2021-01-01")


def test_dates_stored_as_text_are_refused_then_repaired_by_convert(data_copy: Path) -> None:
    """Another tool wrote date_start/date_end as text: reports compare them with dates, so
    validation names the column and the fix (was: valid, then every dated report failed)."""
    run("convert", "--data", str(data_copy), "--to", "parquet")
    path = data_copy / "claims.parquet"
    tbl = pq.read_table(path)
    i = tbl.column_names.index("date_start")
    pq.write_table(tbl.set_column(i, "date_start", pc.cast(tbl["date_start"], pa.string())), path)
    result = run("validate", "--data", str(data_copy))
    assert result.exit_code == 2
    assert "date_start" in result.output and "not as a date" in result.output
    assert "convert --to parquet" in result.output
    assert run("convert", "--data", str(data_copy), "--to", "parquet").exit_code == 0
    assert run("claims", "--data", str(data_copy), "--period", "2025-07").exit_code == 0


def test_parquet_claims_are_sorted_for_pushdown(data_copy: Path) -> None:
    """Row groups cover narrow date ranges only if rows are in precision-then-date order."""
    run("convert", "--data", str(data_copy), "--to", "parquet")
    tbl = pq.read_table(data_copy / "claims.parquet").to_pandas()
    dated = tbl[tbl["date_start"].notna()]
    assert tbl["date_start"].isna().sum() == 17
    assert tbl.index[tbl["date_start"].isna()].min() > dated.index.max(), "undated last"
    day = dated[dated["date"].str.len() == 10]
    assert list(day["date_start"]) == sorted(day["date_start"])


def test_accept_refuses_a_parquet_folder(data_copy: Path, tmp_path: Path) -> None:
    run("convert", "--data", str(data_copy), "--to", "parquet")
    with pytest.raises(ConfigError, match="convert --to csv"):
        review.accept(tmp_path / "review.csv", data_copy)


def test_a_folder_validated_before_is_not_validated_again_before_converting(
        data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("validate", "--data", str(data_copy)).exit_code == 0
    calls = []
    real = store.validate
    monkeypatch.setattr(store, "validate", lambda *a, **k: calls.append(k) or real(*a, **k))
    assert run("convert", "--data", str(data_copy), "--to", "parquet").exit_code == 0
    assert calls == [{}], "only what was written is validated"
