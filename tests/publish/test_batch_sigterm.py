"""SIGTERM is honoured at every stage of a batch, a real signal to a real `claimbook batch`:
while it waits for another run's lock (exit 143 at once, not after --wait), and while a cell
runs in the batch's own warm kernel (-j 1: exit 143, the kernel stopped, nothing published).
During the mail: tests/publish/test_mail_bounded.py; with -j 2 workers:
tests/publish/test_render_failures.py."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import time
from pathlib import Path

import nbformat
import pytest

from claimbook.publish.folders import LOCK_FILE
from conftest import cli_argv
from places import DATA, NOTEBOOK, ROOT

GUARD = 240  # seconds: only so that a hung batch fails the test instead of hanging it


def start_batch(out: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        cli_argv("batch", "--data", str(DATA), "--reports-dir", str(out), "--format", "html",
                 "--period", "2025-07", *args),
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
        text=True)


def wait_for(condition, what: str) -> None:  # noqa: ANN001 - a callable returning a bool
    deadline = time.monotonic() + GUARD
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.1)


def terminate(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=GUARD)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return stderr


def test_sigterm_while_waiting_for_the_lock(tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    with open(out / LOCK_FILE, "a+") as held:  # another run holds the reports folder
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write(f"pid {os.getpid()} (the test)\n")
        held.flush()
        process = start_batch(out, "--notebook", str(NOTEBOOK), "--wait", "600")

        def waiting() -> bool:  # the batch has the lock file open: it waits for the lock
            assert process.poll() is None, process.communicate()
            fds = Path(f"/proc/{process.pid}/fd")
            return any(os.path.realpath(fd) == str((out / LOCK_FILE).resolve())
                       for fd in fds.iterdir())

        wait_for(waiting, "the batch waits for the lock")
        stderr = terminate(process)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in out.iterdir()) == [LOCK_FILE]


@pytest.mark.slow
def test_sigterm_while_a_cell_runs_in_the_batch_s_warm_kernel(tmp_path: Path) -> None:
    marker = tmp_path / "kernel.pid"
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(
        "Written for tests/publish/test_batch_sigterm.py: not a report."))
    nb.cells.append(nbformat.v4.new_code_cell(
        f"import os, time\nopen({str(marker)!r}, 'w').write(str(os.getpid()))\ntime.sleep(600)"))
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(nb, notebooks / "slow.ipynb")
    out = tmp_path / "reports"
    process = start_batch(out, "--notebook", str(notebooks / "slow.ipynb"), "-j", "1")
    try:
        wait_for(lambda: marker.exists() and marker.read_text(), "the last cell started")
    except AssertionError:
        process.kill()
        raise
    kernel = int(marker.read_text())
    stderr = terminate(process)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "interrupted by SIGTERM" in stderr and "Traceback" not in stderr

    def gone() -> bool:  # no such process, or a zombie nobody has reaped yet
        try:
            return Path(f"/proc/{kernel}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
        except FileNotFoundError:
            return True

    wait_for(gone, "the kernel stopped")
    assert not list(out.glob("*/report.html"))  # nothing half-made was published
