"""The tables lose nothing: render and batch never touch them; accept writes all or nothing,
atomically, and keeps the previous version; a failed accept leaves every byte as it was."""

from __future__ import annotations

import csv
import errno
import os
from pathlib import Path

import pytest

from claimbook import store
from claimbook.errors import ConfigError, DataError
from claimbook.sources import register, review
from claimbook.store import write
from conftest import run_cli, set_cell
from places import NOTEBOOK
from store.test_validation import snapshot

ARTICLE = ("Kyiv, 3 September 2025. The ministry said on Tuesday that 40 drones were shot down. "
           "A spokesman denied that any airfield had been hit.\n")
FIELDS = list(review.REVIEW_COLUMNS)


@pytest.fixture
def prepared(data_copy: Path, tmp_path: Path) -> tuple[Path, Path, str]:
    """A data copy with one more registered source, and a valid review file for it."""
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    src = register.add_source(data_copy, article, title="Wire", publisher="Wire service")
    first = "The ministry said on Tuesday that 40 drones were shot down."
    second = "A spokesman denied that any airfield had been hit."
    rows = []
    for k, (quote, kind) in enumerate([(first, "event_report"), (second, "denial")], start=1):
        start = ARTICLE.index(quote)
        rows.append({c: "" for c in FIELDS} | {
            "candidate_id": f"K{k:03d}", "mention": "1", "keep": "yes", "claim": quote,
            "claimant": "Ukraine Ministry of Defence", "claimant_type": "government",
            "claim_type": kind, "date": "2025-09", "doc_id": src.doc_id, "start": str(start),
            "end": str(start + len(quote)), "quote": quote})
    path = tmp_path / "review.csv"
    write_review(path, rows)
    return data_copy, path, src.doc_id


def write_review(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def stray_files(data: Path) -> list[str]:
    """Temporary files a write could leave behind (the tables' hidden siblings)."""
    return sorted(p.name for p in data.iterdir() if p.name.startswith("."))


def test_accept_appends_atomically_and_keeps_the_previous_version(prepared) -> None:  # noqa: ANN001
    data, review_file, _ = prepared
    before = {n: (data / n).read_bytes() for n in ("claims.csv", "mentions.csv")}
    done = review.accept(review_file, data)
    assert [c["claim_id"] for c in done.claims] == ["C023", "C024"]
    for name, old in before.items():
        new = (data / name).read_bytes()
        assert new.startswith(old) and len(new) > len(old), "existing bytes kept, rows appended"
        assert (data / f"{name}.bak").read_bytes() == old, "the previous version is kept"
    assert stray_files(data) == []
    assert len(store.load(data).claims) == 24


def test_failed_accept_writes_nothing(prepared) -> None:  # noqa: ANN001
    data, review_file, _ = prepared
    with open(review_file, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[1]["claim_type"] = "rumour"
    write_review(review_file, rows)
    before, folder_mtime = snapshot(data), data.stat().st_mtime_ns
    with pytest.raises(DataError) as info:
        review.accept(review_file, data)
    assert [(p.row, p.column) for p in info.value.problems] == [(3, "claim_type")]
    assert snapshot(data) == before, "no table, backup or temporary file changed"
    assert data.stat().st_mtime_ns == folder_mtime, "not even a temporary file came and went"


def test_accept_failing_to_write_a_temporary_file_changes_nothing(prepared, monkeypatch) -> None:  # noqa: ANN001
    """A full disk while the new tables are written: they are written before anything is
    replaced, so the tables and their backups are exactly as they were."""
    data, review_file, _ = prepared
    real = write._write_temp
    calls = []

    def full_disk(path: Path, text: str) -> Path:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, text)

    monkeypatch.setattr(write, "_write_temp", full_disk)
    before = snapshot(data)
    with pytest.raises(ConfigError, match="No space left"):  # a message, not a traceback
        review.accept(review_file, data)
    assert snapshot(data) == before


def test_accept_failing_half_way_restores_the_first_table(prepared, monkeypatch) -> None:  # noqa: ANN001
    """The second rename fails (the folder vanished, a quota): the first table is put back."""
    data, review_file, _ = prepared
    before = {n: (data / n).read_bytes() for n in ("claims.csv", "mentions.csv")}
    real = os.replace
    replaced = []

    def flaky(src, dst):  # noqa: ANN001, ANN202
        if str(src).endswith(".tmp"):
            replaced.append(dst)
            if len(replaced) == 2:
                raise OSError(errno.EDQUOT, "Disk quota exceeded")
        return real(src, dst)

    monkeypatch.setattr(write.os, "replace", flaky)
    with pytest.raises(ConfigError, match="quota"):
        review.accept(review_file, data)
    monkeypatch.undo()
    for name, old in before.items():
        assert (data / name).read_bytes() == old, name
    assert stray_files(data) == []
    assert len(store.load(data).claims) == 22


def test_accept_reads_tables_with_cells_over_128_kib(prepared) -> None:  # noqa: ANN001
    """csv's default field limit (128 KiB) made the id scan crash on a long pasted note."""
    data, review_file, _ = prepared
    set_cell(data / "claims.csv", 3, "notes", "n" * 300_000)
    assert review.next_claim_number(data) == 23
    done = review.accept(review_file, data)
    assert len(done.claims) == 2


def test_accept_reports_review_rows_when_the_table_has_blank_lines(prepared) -> None:  # noqa: ANN001
    """Blank lines count as rows: problems still point at the right row of the review."""
    data, review_file, _ = prepared
    path = data / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\nC005,", "\n\n\nC005,"),
                    encoding="utf-8")
    with open(review_file, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    rows[1]["date"] = "Sept 2025"
    write_review(review_file, rows)
    with pytest.raises(DataError) as info:
        review.accept(review_file, data)
    assert [(Path(p.file).name, p.row, p.column) for p in info.value.problems] == [
        ("review.csv", 3, "date")]


@pytest.mark.slow
def test_render_and_batch_never_modify_the_tables(data_copy: Path, tmp_path: Path) -> None:
    before = snapshot(data_copy)
    common = ["--data", str(data_copy), "--notebook", str(NOTEBOOK), "--format", "html"]
    render = run_cli("render", *common, "--period", "2025-07", "--reports-dir",
                     str(tmp_path / "reports"))
    assert render.exit_code == 0, render.output
    batch = run_cli("batch", *common, "--period", "2025-04", "--every", "month",
                    "--out", str(tmp_path / "batch"))
    assert batch.exit_code == 0, batch.output
    assert snapshot(data_copy) == before, "a report run changed the data folder"
