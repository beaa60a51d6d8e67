"""claimbook convert keeps every cell (a line break in a claim survives Parquet -> CSV) and is all
or nothing: should writing, a rename or the final validation fail, the data folder is exactly as
it was, byte for byte, with the same files (older `.bak` files included)."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from claimbook import store
from claimbook.errors import ClaimbookError, DataError, Problem
from claimbook.store import write
from claimbook.tables import convert
from conftest import run_cli as run
from places import ROOT

BREAKS = {"C001": "first line\rsecond line", "C002": "one\r\ntwo", "C003": "up\ndown"}


def folder_state(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*"))
            if p.is_file()}


def parquet_folder(data: Path) -> Path:
    assert run("convert", "--data", str(data), "--to", "parquet").exit_code == 0
    return data


def with_line_breaks(data: Path) -> None:
    """Claims whose text holds CR, CRLF and LF: valid text in a Parquet table."""
    path = data / "claims.parquet"
    tbl = pq.read_table(path)
    claim = tbl["claim"]
    for claim_id, text in BREAKS.items():
        claim = pc.if_else(pc.equal(tbl["claim_id"], claim_id), pa.scalar(text), claim)
    pq.write_table(tbl.set_column(tbl.column_names.index("claim"), "claim", claim), path)


def test_claims_with_line_breaks_convert_to_csv_and_back(data_copy: Path) -> None:
    with_line_breaks(parquet_folder(data_copy))
    assert run("validate", "--data", str(data_copy)).exit_code == 0

    done = run("convert", "--data", str(data_copy), "--to", "csv")
    assert done.exit_code == 0, done.output
    assert not (data_copy / "claims.parquet").exists()
    claims = store.load(data_copy).claims.set_index("claim_id")
    for claim_id, text in BREAKS.items():
        assert claims.loc[claim_id, "claim"] == text
    assert len(claims) == 22, "no claim split over two rows"

    assert run("convert", "--data", str(data_copy), "--to", "parquet").exit_code == 0
    claims = store.load(data_copy).claims.set_index("claim_id")
    assert claims.loc["C001", "claim"] == BREAKS["C001"]


def with_old_backups(data: Path) -> Path:
    """Backups from earlier conversions: a failed conversion must not overwrite them either."""
    for name in ("claims.csv.bak", "claims.parquet.bak", "mentions.csv.bak",
                 "mentions.parquet.bak"):
        (data / name).write_bytes(b"an earlier version of " + name.encode() + b"\n")
    return data


def folder_in(tmp: Path, name: str, fmt: str) -> Path:
    data = tmp / name
    shutil.copytree(ROOT / "data", data)
    if fmt == "parquet":
        parquet_folder(data)
    return with_old_backups(data)


def failing_at(call: int, real: Callable[..., object]) -> Callable[..., object]:
    """`real`, except that its call number `call` (from 0) fails as a full disk would."""
    count = {"n": 0}

    def wrapped(*args: object, **kwargs: object) -> object:
        count["n"] += 1
        if count["n"] - 1 == call:
            raise OSError(errno.ENOSPC, "No space left on device", str(args[0]))
        return real(*args, **kwargs)

    wrapped.count = count  # type: ignore[attr-defined]
    return wrapped


CONVERSIONS = [("csv", "parquet"), ("parquet", "csv"), ("parquet", "parquet")]


@pytest.mark.parametrize(("start", "to"), CONVERSIONS)
def test_a_rename_failing_at_any_step_leaves_the_folder_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str, to: str) -> None:
    dry, counter = folder_in(tmp_path, "dry", start), failing_at(-1, os.replace)
    with monkeypatch.context() as m:
        m.setattr(os, "replace", counter)
        convert.convert_folder(dry, to)
    steps = counter.count["n"]  # type: ignore[attr-defined]
    assert steps >= 2
    for step in range(steps):
        data = folder_in(tmp_path, f"step{step}", start)
        before = folder_state(data)
        with monkeypatch.context() as m:
            m.setattr(os, "replace", failing_at(step, os.replace))
            with pytest.raises(ClaimbookError, match="No space left"):
                convert.convert_folder(data, to)
        assert folder_state(data) == before, f"rename {step} of {steps} failed"


@pytest.mark.parametrize(("start", "to"), CONVERSIONS)
def test_a_failed_write_leaves_the_folder_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str, to: str) -> None:
    data = folder_in(tmp_path, "data", start)
    before = folder_state(data)
    # the second table's new file cannot be synced to disk (tables are written in batches)
    monkeypatch.setattr(os, "fsync", failing_at(1, os.fsync))
    with pytest.raises(ClaimbookError, match="No space left"):
        convert.convert_folder(data, to)
    assert folder_state(data) == before


@pytest.mark.parametrize(("start", "to"), CONVERSIONS)
def test_failed_final_validation_leaves_the_folder_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start: str, to: str) -> None:
    data = folder_in(tmp_path, "data", start)
    before = folder_state(data)

    real, real_commit = store.validate, write.Change.commit
    written = []

    def commit(*args: object, **kwargs: object) -> object:
        written.append(True)
        return real_commit(*args, **kwargs)  # type: ignore[arg-type]

    def broken(*args: object, **kwargs: object) -> object:
        if not written:  # the folder before (when not validated before): valid
            return real(*args, **kwargs)
        raise DataError([Problem(str(data), None, None, "reads back wrong")])

    monkeypatch.setattr(store, "validate", broken)
    monkeypatch.setattr(write.Change, "commit", commit)
    with pytest.raises(DataError, match="reads back wrong"):
        convert.convert_folder(data, to)
    assert folder_state(data) == before
