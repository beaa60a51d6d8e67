"""A failed `import`, `accept` or `add-source` leaves the data folder exactly as it was: the same
files (older `.bak` files included) with the same bytes, and still valid, whichever step fails
(writing a temporary file, any rename, the validation of what was written)."""

from __future__ import annotations

import csv
import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from claimbook import store
from claimbook.errors import ClaimbookError, DataError, Problem
from claimbook.sources import register, review
from claimbook.tables import importer
from claimbook.tables.mapping import ColumnMap
from places import ROOT
from tables.test_convert_atomic import folder_state, parquet_folder

ARTICLE = "The ministry said that 40 drones were shot down on 2 September 2025.\n"
QUOTE = ARTICLE.strip()
BACKUPS = ("claims.csv.bak", "mentions.csv.bak", "documents.csv.bak", "claims.parquet.bak")


def counting(real: Callable[..., object], fail_at: int, error: Callable[[], BaseException]
             ) -> Callable[..., object]:
    """`real`, except that its call number `fail_at` (from 0; -1: none) raises `error()`."""
    count = {"n": 0}

    def wrapped(*args: object, **kwargs: object) -> object:
        count["n"] += 1
        if count["n"] - 1 == fail_at:
            raise error()
        return real(*args, **kwargs)

    wrapped.count = count  # type: ignore[attr-defined]
    return wrapped


def full_disk() -> OSError:
    return OSError(errno.ENOSPC, "No space left on device")


def reads_back_wrong() -> DataError:
    return DataError([Problem("data", None, None, "reads back wrong")])


def folder(tmp: Path, fmt: str = "csv") -> Path:
    """A data folder `tmp/data` with a registered article, a review file for it, and older
    backups; the files the commands read lie beside it in `tmp`."""
    tmp.mkdir(parents=True, exist_ok=True)
    data = tmp / "data"
    shutil.copytree(ROOT / "data", data)
    article = tmp / "data-article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    src = register.add_source(data, article, title="Wire", publisher="Wire service")
    row = {c: "" for c in review.REVIEW_COLUMNS} | {
        "candidate_id": "K001", "mention": "1", "keep": "yes", "claim": QUOTE,
        "claimant": "Ukraine Ministry of Defence", "claimant_type": "government",
        "claim_type": "event_report", "date": "2025-09-02", "doc_id": src.doc_id,
        "start": "0", "end": str(len(QUOTE)), "quote": QUOTE}
    with open(tmp / "data-review.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(review.REVIEW_COLUMNS), lineterminator="\n")
        w.writeheader()
        w.writerow(row)
    with open(tmp / "data-import.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["claim", "claimant", "claim_type", "url", "date", "rating"])
        w.writerow(["An imported claim.", "Wire service", "statement", "https://example.org/1",
                    "2025-07", "false"])
    (tmp / "data-other.txt").write_text("Another document.\n", encoding="utf-8")
    if fmt == "parquet":
        parquet_folder(data)
    for backup in BACKUPS:
        (data / backup).write_bytes(b"an earlier version of " + backup.encode() + b"\n")
    return data


def copy_of(made: Path, tmp: Path) -> Path:
    """The folder `folder()` made (and the files beside it), copied to `tmp`: made once per test,
    copied for each step that is made to fail."""
    shutil.copytree(made.parent, tmp, symlinks=True)
    return tmp / "data"


def do_import(data: Path) -> None:
    importer.import_claims(data.parent / f"{data.name}-import.csv", data, ColumnMap(),
                           rejects=data.parent / f"{data.name}-rejects.csv")


def do_accept(data: Path) -> None:
    review.accept(data.parent / f"{data.name}-review.csv", data)


def do_add_source(data: Path) -> None:
    register.add_source(data, data.parent / f"{data.name}-other.txt", title="Other")


COMMANDS = {"import": do_import, "import-parquet": do_import, "accept": do_accept,
            "add-source": do_add_source}
# what each step is: the module attribute patched to fail at its k-th call
STEPS = {"rename": (os, "replace", full_disk), "write": (tempfile, "mkstemp", full_disk),
         "validation": (store, "load", reads_back_wrong),
         "read-back": (store, "read_table", reads_back_wrong)}


@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_write_failing_at_any_step_leaves_the_folder_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, step: str) -> None:
    action, fmt = COMMANDS[command], "parquet" if command.endswith("parquet") else "csv"
    owner, name, error = STEPS[step]
    real = getattr(owner, name)
    made = folder(tmp_path / "made", fmt)  # never written to: each run below gets a copy
    dry = copy_of(made, tmp_path / "dry")
    counter = counting(real, -1, error)
    with monkeypatch.context() as m:
        m.setattr(owner, name, counter)
        action(dry)  # succeeds: counts the calls
    calls = counter.count["n"]  # type: ignore[attr-defined]
    if step in ("rename", "write"):
        assert calls >= 2, f"{command} writes through temporary files and renames"
    for k in range(calls):
        data = copy_of(made, tmp_path / f"step{k}")
        before = folder_state(data)
        with monkeypatch.context() as m:
            m.setattr(owner, name, counting(real, k, error))
            with pytest.raises(ClaimbookError):
                action(data)
        assert folder_state(data) == before, f"{step} {k} of {calls} failed"
        store.load(data)  # still valid
