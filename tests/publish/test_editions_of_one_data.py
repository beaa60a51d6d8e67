"""Editions compare only with editions of the same data: meta.json records the data folder's id
(written once into the folder, so it survives a move of the whole workbook); a report of another
data folder published in the same place is a first edition, never a diff against a stranger; a
report of an older claimbook (no id in its meta.json) is compared by the data folder's path. The
seed is real (data/); the claim edits are invented."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from claimbook.publish import digest
from claimbook.store import identity
from conftest import edit_csv, run_cli
from places import DATA


def test_a_data_folder_gets_one_id_once(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    assert identity.read_id(folder) == ""
    first = identity.folder_id(folder)
    assert len(first) == 32 and identity.folder_id(folder) == first == identity.read_id(folder)
    assert sorted(p.name for p in folder.iterdir()) == [identity.ID_FILE]  # no temporary left
    (folder / identity.ID_FILE).write_text("not an id\n", encoding="ascii")
    assert identity.read_id(folder) == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_folder_has_no_id(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        assert identity.folder_id(folder) == ""
    finally:
        folder.chmod(0o755)


def test_the_projects_data_folder_carries_its_id() -> None:
    assert len(identity.read_id(DATA)) == 32


def test_same_data_by_id_else_by_path(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    made = {"data_id": identity.folder_id(a), "inputs": {"data": str(a.resolve())}}
    assert digest.same_data(made, a) and not digest.same_data(made, b)
    moved = tmp_path / "moved"
    a.rename(moved)
    assert digest.same_data(made, moved)  # the id moved with the folder
    older = {"inputs": {"data": str(b.resolve())}}  # meta.json of a claimbook before ids
    assert digest.same_data(older, b) and not digest.same_data(older, moved)


def _render(data: Path, reports: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """`claimbook render` in-process, run from the workbook's folder (what is compared is
    about meta.json and the data folder, not about a process)."""
    monkeypatch.chdir(data.parent)
    done = run_cli("render", "--data", str(data), "--reports-dir", str(reports),
                   "--format", "html")
    assert done.exit_code == 0, done.output
    folder = reports / "all-dates"
    html = (folder / "report.html").read_text(encoding="utf-8")
    return {"meta": json.loads((folder / "meta.json").read_text(encoding="utf-8")),
            "changes": "What changed since the previous edition" in html, "html": html}


def _reword(data: Path, n: int) -> None:
    def edit(fieldnames: list[str], rows: list[dict[str, str]]) -> tuple:
        for r in rows[:n]:
            r["claim"] += " (reworded)"
        return fieldnames, rows

    edit_csv(data / "claims.csv", edit)


@pytest.mark.slow
def test_a_moved_workbook_keeps_its_editions_and_another_data_folder_starts_anew(
        tmp_path: Path, seed_reports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One reports folder, three editions. The first is the shipped data's report over all
    dates (conftest.seed_reports, rendered once per test run), copied with a copy of its data
    folder (same id) to another place: the whole workbook moved, its data folder's path
    changed. After two claims were reworded, the next edition lists them. Then the issue's
    case -- mydata (a copy with its own id and work) rendered into the same place said '38
    claims added ... 22 claims changed', comparing two different data sets: a stranger's
    report is no previous edition, so it is a first edition again."""
    after = tmp_path / "elsewhere" / "question"
    shutil.copytree(DATA, after / "data")
    shutil.copytree(seed_reports / "all-dates", after / "reports" / "all-dates")
    first = {"meta": json.loads((after / "reports" / "all-dates" / "meta.json").read_text(
        encoding="utf-8")), "html": (after / "reports" / "all-dates" / "report.html").read_text(
        encoding="utf-8")}
    assert "What changed since the previous edition" not in first["html"]
    assert first["meta"]["data_id"] == identity.read_id(after / "data")
    assert first["meta"]["inputs"]["data"] != str((after / "data").resolve()), "it moved"

    _reword(after / "data", 2)
    second = _render(after / "data", after / "reports", monkeypatch)
    assert second["changes"] and "2 claims changed (C001, C002)" in second["html"]

    mine = tmp_path / "mydata"
    shutil.copytree(DATA, mine)
    (mine / identity.ID_FILE).unlink()  # another data folder: a copy, then its own work
    _reword(mine, 3)
    other = _render(mine, after / "reports", monkeypatch)
    assert not other["changes"], "a stranger's report is no previous edition"
    assert other["meta"]["data_id"] == identity.read_id(mine) != identity.read_id(after / "data")
