"""A failed report whose reports folder cannot be written keeps its files in TMPDIR, but not
forever: this user's `claimbook-failed-*` folders older than a week go, and at most
`KEEP_ELSEWHERE` stay, the newest (a cron job failing every minute does not fill /tmp)."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest

from claimbook.publish import folders


def test_failed_runs_kept_in_tmp_are_bounded(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    now = time.time()
    for n in range(15):
        old = private / f"claimbook-failed-2025-0{n % 9 + 1}-{n:04d}"
        old.mkdir()
        (old / "report.ipynb").write_text("{}", encoding="utf-8")
        age = 30 * 86400 if n == 14 else n * 60  # n minutes old; the last a month old
        os.utime(old, (now - age, now - age))
    other = private / "unrelated"
    other.mkdir()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n", encoding="utf-8")  # the reports folder can't be made
    files = {"report.ipynb": b"{}", "error.txt": b"NameError"}
    for _ in range(3):
        kept = folders.keep_failed(files, blocked / "reports", "2025-07")
        assert kept.parent == private and (kept / "error.txt").read_bytes() == b"NameError"
    left = sorted(private.glob("claimbook-failed-*"))
    assert len(left) == folders.KEEP_ELSEWHERE
    assert kept in left and not (private / "claimbook-failed-2025-06-0014").exists()
    newest_old = [private / f"claimbook-failed-2025-0{n % 9 + 1}-{n:04d}" for n in range(7)]
    assert all(p in left for p in newest_old), "the newest earlier failures stay"
    assert other.is_dir()
