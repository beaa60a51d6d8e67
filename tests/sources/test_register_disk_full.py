"""`add-source` on a full disk names the data folder it could not write, never the folder of
the file being registered (shutil's copy reports its source first), and changes nothing.
(Invented data: a one-line article written here.)"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from conftest import run_cli


def test_add_source_on_a_full_disk_names_the_data_folder(data_copy: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    article = inbox / "article.txt"
    article.write_text("The ministry said that 40 drones were shot down.\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()}

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "sendfile", full)  # how shutil copies a file on Linux
    done = run_cli("add-source", str(article), "--title", "Wire", "--data", str(data_copy))
    assert done.exit_code == 2, done.output
    assert "No space left on device" in done.output
    where = done.output.split("claimbook: ", 1)[1].split(": cannot write there", 1)[0]
    assert Path(where).resolve().is_relative_to(data_copy.resolve()), done.output
    assert "inbox" not in where
    assert {p: p.read_bytes() for p in data_copy.rglob("*") if p.is_file()} == before
