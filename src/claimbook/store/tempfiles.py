"""Temporary files named after the process that owns them, so a later run can reclaim them.

A process killed with SIGKILL runs no `finally`: its work folders and kernel sockets stay in
TMPDIR. Every such name carries its owner's pid (`cb-render-<pid>-…`, `cb-k-<pid>-…`, and the
publishing leftovers `.NAME.tmp-<pid>-…`, the data folder's `.NAME.<pid>-….tmp` and `.keep`
files); a later run removes those whose owner is dead (`reclaim`, `sweep`).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

log = logging.getLogger("claimbook")


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (one of another user counts as alive)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def owner_pid(name: str, prefix: str) -> int | None:
    """The pid in `PREFIX-<pid>-<random>`, or None for a name not made by `private_dir`."""
    m = re.fullmatch(re.escape(prefix) + r"-(\d+)-[0-9a-z_]+", name)
    return int(m.group(1)) if m else None


def remove(path: Path) -> None:
    """Remove a leftover file or folder (never following a symbolic link)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def reclaim(prefix: str, parent: Path | None = None) -> None:
    """Remove this user's `PREFIX-<pid>-…` folders in TMPDIR whose owning process is dead."""
    parent = parent or Path(tempfile.gettempdir())
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    for entry in entries:
        pid = owner_pid(entry.name, prefix)
        if pid is None or pid_alive(pid):
            continue
        try:
            if entry.lstat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        log.debug("removing %s, left by process %d", entry, pid)
        remove(entry)


def private_dir(prefix: str) -> Path:
    """A new private (0700) folder `PREFIX-<pid>-…` in TMPDIR, after reclaiming those of dead
    processes with the same prefix."""
    reclaim(prefix)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-{os.getpid()}-"))


# A data folder's leftovers: `.NAME.<pid>-<random>.tmp` / `.keep` (`leftover_prefix`), and the
# names of claimbook before 0.2, which had no pid (`.NAME.<8 of [a-z0-9_]>.tmp`, `.NAME.<8 hex>.keep`).
_LEFTOVER = re.compile(r"\..+\.(?P<pid>\d+)-[0-9a-z_]+\.(?:tmp|keep)")
_OLD_LEFTOVER = re.compile(r"\..+\.(?:[0-9a-z_]{8}\.tmp|[0-9a-f]{8}\.keep)")


def leftover_prefix(name: str) -> str:
    """The start of a temporary or keep file's name beside the file `name`: `.NAME.<pid>-`."""
    return f".{name}.{os.getpid()}-"


def sweep(folder: Path) -> list[Path]:
    """Remove the leftover temporary and keep files of dead processes from `folder` and the
    folders in it (symbolic links not followed); call with no writer at work in it (under the
    data lock), as old-style names carry no pid. Returns what was removed."""
    removed = []
    for parent, _dirs, files in os.walk(folder):
        for name in files:
            m = _LEFTOVER.fullmatch(name)
            if m is None and _OLD_LEFTOVER.fullmatch(name) is None:
                continue
            if m is not None and pid_alive(int(m["pid"])):
                continue
            path = Path(parent) / name
            log.debug("removing %s, left by a killed writer", path)
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
