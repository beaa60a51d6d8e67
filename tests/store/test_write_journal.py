"""The journal of a change of several files (`store.write.change`) is what the next command
trusts after a kill: an undo interrupted by a kill is completed, not turned into a redo; any
command (a reader too) finishes an unfinished change before it reads; a journal naming a file
outside the data folder is refused and nothing is moved; leftovers of dead writers (today's
`.NAME.<pid>-….tmp/.keep` and the pid-less names of earlier versions) are removed by the next
writer, those of a live process kept; and no documents.csv path may name one of the folder's
own tables, so `remove-source` can never move a table away. (Invented data: the seed folder
and one-line articles written here.)"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claimbook.sources import register, review
from claimbook.store import write
from conftest import run_cli, set_cell

ARTICLE = "The ministry said that 40 drones were shot down on 2 September 2025.\n"


def files(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*"))
            if p.is_file()}


def with_review(data: Path, tmp: Path) -> Path:
    """`data` with an article registered; returns a review file accepting one claim of it."""
    article = tmp / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    doc = register.add_source(data, article, title="Wire", publisher="Wire service").doc_id
    quote = ARTICLE.strip()
    row = {c: "" for c in review.REVIEW_COLUMNS} | {
        "candidate_id": "K001", "mention": "1", "keep": "yes", "claim": quote,
        "claimant": "Ukraine Ministry of Defence", "claimant_type": "government",
        "claim_type": "event_report", "date": "2025-09-02", "doc_id": doc,
        "start": "0", "end": str(len(quote)), "quote": quote}
    path = tmp / "review.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(review.REVIEW_COLUMNS), lineterminator="\n")
        w.writeheader()
        w.writerow(row)
    return path


KILLED_WHILE_UNDOING = textwrap.dedent("""
    import os, signal, sys
    from claimbook import store
    from claimbook.sources import review
    from claimbook.store import write

    checking = []
    real_load, real_replace = store.load, os.replace

    def load(*args, **kwargs):  # the read-back after the commit fails: the change is undone
        if checking:
            raise RuntimeError("reads back wrong")
        return real_load(*args, **kwargs)

    def replace(src, dst):
        if checking:
            checking.append(dst)
            if len(checking) == 3:  # [marker, the journal marked undo, a first file put back]
                os.kill(os.getpid(), signal.SIGKILL)
        return real_replace(src, dst)

    real_commit = write.Change.commit

    def commit(self):
        real_commit(self)
        checking.append("committed")

    store.load, os.replace, write.Change.commit = load, replace, commit
    review.accept(sys.argv[1], sys.argv[2])
""")


def test_a_kill_while_a_change_is_undone_is_completed_as_an_undo(data_copy: Path,
                                                                  tmp_path: Path) -> None:
    review_file = with_review(data_copy, tmp_path)
    before = files(data_copy)
    killed = subprocess.run([sys.executable, "-c", KILLED_WHILE_UNDOING, str(review_file),
                             str(data_copy)], capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9, killed.stderr
    record = json.loads((data_copy / write.JOURNAL).read_text(encoding="utf-8"))
    assert record["state"] == "undo" and record["change"] == "accept"
    listed = run_cli("claims", "--data", str(data_copy), "--format", "csv")  # a reader
    assert listed.exit_code == 0, listed.output
    assert files(data_copy) == before, "the folder is exactly as before the accept"


def test_a_reader_finishes_a_change_left_after_its_commit(data_copy: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The commit is made, then the process dies before its first rename (simulated: the
    renames are skipped); `claims` shows the new claim, and the journal is gone."""
    review_file = with_review(data_copy, tmp_path)
    monkeypatch.setattr(write, "_forward", lambda root, record: None)
    monkeypatch.setattr(write, "_finish", lambda root, record: None)
    review.accept(review_file, data_copy)
    monkeypatch.undo()
    assert write.pending(data_copy)
    assert "C023" not in (data_copy / "claims.csv").read_text(encoding="utf-8")
    listed = run_cli("claims", "--data", str(data_copy), "--format", "csv")
    assert listed.exit_code == 0, listed.output
    assert "C023" in listed.output
    assert not write.pending(data_copy)
    assert run_cli("validate", "--data", str(data_copy)).exit_code == 0


def test_a_journal_naming_a_file_outside_the_folder_is_refused(data_copy: Path,
                                                               tmp_path: Path) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("not claimbook's\n", encoding="utf-8")
    (data_copy / write.JOURNAL).write_text(json.dumps({
        "version": 1, "change": "accept", "pid": 1, "state": "forward",
        "renames": [["claims.csv", "../precious.txt"]], "keeps": [], "temps": []}),
        encoding="utf-8")
    before = files(data_copy)
    for args in (["validate"], ["accept", str(tmp_path / "none.csv")]):
        done = run_cli(*args, "--data", str(data_copy))
        assert done.exit_code == 2, done.output
        assert "not a file inside the data folder" in done.output
        assert "Traceback" not in done.output
    assert outside.read_text(encoding="utf-8") == "not claimbook's\n"
    assert files(data_copy) == before


def test_leftovers_of_dead_writers_go_and_a_live_ones_stay(data_copy: Path,
                                                          tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    (data_copy / "sources").mkdir(exist_ok=True)
    gone = [f".claims.csv.{pid}-abcd1234.tmp", f".mentions.csv.{pid}-abcd1234.keep",
            ".claims.csv.k2j_x9qz.tmp", ".mentions.csv.0a1b2c3d.keep",  # claimbook before 0.2
            f"sources/.001_x.txt.{pid}-zz99zz99.tmp"]
    live = [f".claims.csv.{os.getpid()}-abcd1234.tmp", "notes.tmp", ".hidden"]
    for name in gone + live:
        (data_copy / name).write_text("leftover\n", encoding="utf-8")
    assert run_cli("validate", "--data", str(data_copy)).exit_code == 0  # readers leave them
    assert all((data_copy / n).exists() for n in gone)
    review_file = with_review(data_copy, tmp_path)  # add-source: a writer
    assert not any((data_copy / n).exists() for n in gone)
    assert all((data_copy / n).exists() for n in live)
    assert run_cli("accept", str(review_file), "--data", str(data_copy)).exit_code == 0
    assert all((data_copy / n).exists() for n in live)


@pytest.mark.parametrize("table", ["claims.csv", "mentions.csv", "documents.csv",
                                   "publishers.csv", "claims.csv.bak", write.JOURNAL])
def test_a_document_path_naming_a_table_is_refused(data_copy: Path, table: str) -> None:
    shutil.copyfile(data_copy / "claims.csv", data_copy / "claims.csv.bak")
    set_cell(data_copy / "documents.csv", 2, "path", table)
    before = files(data_copy)
    checked = run_cli("validate", "--data", str(data_copy))
    assert checked.exit_code == 2, checked.output
    assert "documents.csv, row 2, column path" in checked.output
    assert f"the data folder's own {table}" in checked.output
    doc = (data_copy / "documents.csv").read_text(encoding="utf-8").splitlines()[1].split(",")[0]
    removed = run_cli("remove-source", doc, "--with-mentions", "--data", str(data_copy))
    assert removed.exit_code == 2, removed.output
    assert files(data_copy) == before, "no table was moved"
