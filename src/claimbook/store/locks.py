"""Locks on folders: one writer of the tables at a time, and who holds a lock when one waits.

Every lock is a `flock`, released by the system when its holder dies (a SIGKILL leaves no
stale lock behind). The data folder's lock is taken on the folder itself, so no lock file is
ever left among the tables.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from claimbook.claims.control_chars import visible
from claimbook.errors import ConfigError, LockedError
from claimbook.store import write

# Seconds a command that writes the tables waits for another one (each takes seconds).
WRITE_WAIT = 60.0


def acquire(fd: int, wait: float, message: Callable[[], str]) -> None:
    """Take an exclusive flock on `fd`, waiting up to `wait` seconds; else LockedError(message())."""
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockedError(message()) from None
            time.sleep(0.05)


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float, message: Callable[[], str]) -> Iterator[None]:
    """An exclusive `flock` on the folder itself (no file is made in it), held until the block
    ends; wait up to `wait` seconds, else LockedError(message()) (exit 3)."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        acquire(fd, wait, message)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextlib.contextmanager
def data_lock(data_dir: Path | str, wait: float = WRITE_WAIT) -> Iterator[None]:
    """The lock of every command that writes the tables (import, accept, add-source, convert,
    remove-source), a `folder_lock` on the data folder taken before the tables are read, so each
    writer reads what the one before it wrote; on entry, a change a killed writer left
    unfinished is finished and its leftovers removed (`write.settle`). Readers take it only to
    finish such a change (`open_data`)."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise ConfigError(f"{data_dir}: no such data folder")
    with folder_lock(data_dir, wait, lambda: f"{data_dir} is being written by "
                                             f"{lock_holder(data_dir)}; try again later or "
                                             "give --wait SECONDS"):
        write.settle(data_dir)
        yield


def open_data(data_dir: Path | str, wait: float = WRITE_WAIT) -> None:
    """What every command does first with its data folder, readers too: a change of several
    tables that a killed writer left unfinished is finished (under the data lock) before
    anything is read, so no command sees half of it. One `lstat` when there is none."""
    if write.pending(data_dir):
        with data_lock(data_dir, wait):
            pass


def lock_holder(folder: Path) -> str:
    """Who holds the flock on `folder`, for the message of a writer that gives up: 'pid N
    (its command line)' from Linux's /proc/locks, else 'another claimbook command'."""
    unknown = "another claimbook command"
    try:
        st = os.stat(folder)
        with open("/proc/locks", encoding="ascii", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return unknown
    exact, same_inode = [], []
    for line in lines:  # "1: FLOCK  ADVISORY  WRITE 1234 fe:00:5376272 0 EOF"; "->": a waiter
        parts = line.split()
        if len(parts) < 6 or parts[1] != "FLOCK" or parts[4] == "0":
            continue
        dev_major, dev_minor, inode = (parts[5].split(":") + ["", "", ""])[:3]
        try:
            if int(inode) != st.st_ino:
                continue
            same = (int(dev_major, 16), int(dev_minor, 16)) == (os.major(st.st_dev),
                                                                 os.minor(st.st_dev))
        except ValueError:
            continue
        (exact if same else same_inode).append(parts[4])
    pids = exact or (same_inode if len(same_inode) == 1 else [])
    if not pids:
        return unknown
    pid = pids[0]
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read(4096).split(b"\0")
    except OSError:
        return f"pid {pid}"
    words = [os.fsdecode(a) for a in argv if a]
    if len(words) > 1 and Path(words[0]).name.startswith("python"):  # the script, not python
        words = words[2:] if words[1] == "-m" and len(words) > 2 else words[1:]
    command = visible(" ".join(Path(words[0]).name if i == 0 else w
                               for i, w in enumerate(words)))[:200] if words else ""
    return f"pid {pid} ({command})" if command else f"pid {pid}"
