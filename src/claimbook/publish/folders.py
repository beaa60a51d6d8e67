"""Publishing reports into folders that may hold other things: refuse, lock, swap, recover.

* **Refuse** what is not claimbook's. `--out` names a folder that publishing replaces whole, so
  it must be a previous claimbook report (its `meta.json`, written by claimbook, lists every
  file in it), an empty folder or a new one; never the data folder, the reports folder, an
  ancestor of either, `.`, `/` or a symbolic link. An index.html is replaced only if claimbook
  wrote it (its generator mark). A batch's reports folder must be new, empty or one claimbook
  made (its index.html, a batch's lock file, or only reports in it). Decided by
  `check_report_folder` and `check_reports_dir` before any kernel starts, and checked again
  under the lock just before anything is replaced.
* **Lock.** Every write into a folder (a report swapped in, the index, a kept failure) holds
  that folder's publish lock: a `flock` on the folder itself, held for milliseconds, taken by
  `render` and `batch` alike. A batch also holds its run lock (`.claimbook.lock`) for its
  whole run, which keeps a second batch out but lets `render` publish in between. Commands
  that write the tables hold the same kind of lock on the data folder (`data_lock`).
* **Swap.** The new report is written to `.NAME.tmp-<pid>-…` and exchanged with the old one in
  one step (Linux `renameat2(RENAME_EXCHANGE)`), so a reader and a kill at any instant find a
  complete folder. Elsewhere it takes two renames: the old folder first goes aside to
  `.NAME.old-<pid>-…`.
* **Recover.** Under the lock, before publishing, leftovers of dead processes are undone: a
  `.NAME.old-…` whose NAME is missing is renamed back, every other `.old-`/`.tmp-` is removed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import logging
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from claimbook.errors import ConfigError, RenderError
from claimbook.publish import meta
from claimbook.publish.meta import META
from claimbook.store import locks, tempfiles
from claimbook.store.write import usual_mode

log = logging.getLogger("claimbook")

INDEX = "index.html"
FAILED_DIR = "_failed"
LOCK_FILE = ".claimbook.lock"
# In the head of every index claimbook writes; how it recognises a reports folder it made.
GENERATOR = '<meta name="generator" content="claimbook">'
_OLD_INDEX_MARK = "<title>claimbook reports</title>"  # indexes written before the mark
# Seconds to wait for another run's publish (each holds the lock for milliseconds).
PUBLISH_WAIT = 60.0
# Swap folders in one step where the system can; tests turn it off to exercise the fallback.
USE_EXCHANGE = True

_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<kind>old|tmp)-(?P<pid>\d+)-[0-9a-z_]+")


# --- what may be replaced -----------------------------------------------------------------------


def is_report(folder: Path) -> bool:
    """A folder claimbook published: a meta.json with claimbook's key that lists every file."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    found = meta.read(folder)
    if found is None:
        return False
    allowed = {META, *found["files"].values()}
    return all(p.name in allowed and p.is_file() and not p.is_symlink()
               for p in folder.iterdir())


def is_claimbook_index(path: Path) -> bool:
    """An index.html that claimbook wrote (its generator mark, or the title of older ones)."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            head = f.read(4096)
    except OSError:
        return False
    return GENERATOR in head or _OLD_INDEX_MARK in head


def _replace_problem(out: Path) -> str | None:
    """Why publishing may not replace `out` (None: it may): what it holds."""
    if out.is_symlink():
        return "it is a symbolic link (publishing would replace the link, not a report)"
    if not out.exists():
        return None
    if not out.is_dir():
        return "it is a file"
    if not any(out.iterdir()) or is_report(out):
        return None
    return ("it is not a claimbook report (a report holds a meta.json written by claimbook and "
            "only the files it lists)")


def _place_problem(folder: Path, data_dir: Path | str, reports_dir: Path | None) -> str | None:
    """Why `folder` is a place no publish may replace: `.`, `/`, the data or reports folder, or
    an ancestor of either."""
    absolute = Path(os.path.abspath(folder))
    if folder.name == "..":
        return "give the folder by its own name, not with '..'"
    if absolute == Path(os.getcwd()):
        return "it is the current folder"
    if absolute == Path(absolute.anchor):
        return "it is the root folder"
    real = absolute.resolve()
    for what, other in (("data folder", data_dir), ("reports folder", reports_dir)):
        if other is None:
            continue
        other_real = Path(other).resolve()
        if real == other_real:
            return f"it is the {what}"
        if real in other_real.parents:
            return f"it holds the {what} {other}"
        if what == "data folder" and other_real in real.parents:
            return f"it is inside the data folder {other} (which holds only tables and sources)"
    return None


def _refuse(folder: Path, problem: str | None, what: str) -> None:
    if problem:
        raise ConfigError(f"refusing to publish {what} {folder}: {problem}; nothing was written")


def check_report_folder(out: Path, data_dir: Path | str, reports_dir: Path) -> None:
    """Refuse (ConfigError, exit 2) a report folder that publishing would destroy; called before
    any kernel starts, so a refused run has touched nothing."""
    _refuse(out, _place_problem(out, data_dir, reports_dir) or _replace_problem(out),
            "a report into")


def _reports_dir_problem(folder: Path, whole: bool) -> str | None:
    if not folder.exists():
        return None
    if not folder.is_dir():
        return "it is a file"
    index = folder / INDEX
    if index.exists() or index.is_symlink():
        return None if is_claimbook_index(index) else "its index.html was not written by claimbook"
    if not whole or (folder / LOCK_FILE).is_file():  # a batch ran here
        return None
    foreign = sorted(e.name for e in folder.iterdir()
                     if e.name != FAILED_DIR and not _LEFTOVER.fullmatch(e.name)
                     and not is_report(e))
    if foreign:
        return f"it holds files claimbook did not write ({', '.join(foreign[:3])})"
    return None


def check_reports_dir(reports_dir: Path, data_dir: Path | str, *, whole: bool) -> None:
    """Refuse (ConfigError, exit 2) a reports folder whose index.html claimbook did not write,
    the data folder or an ancestor of it, `.` or `/`; with `whole` (a batch, which writes many
    folders there) also one claimbook did not make, holding other files."""
    _refuse(reports_dir, _place_problem(reports_dir, data_dir, None)
            or _reports_dir_problem(reports_dir, whole), "reports into")


# --- locks ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def locked(folder: Path, wait: float) -> Iterator[None]:
    """A batch's run lock: one batch at a time per reports folder, for its whole run; wait up to
    `wait` seconds, else LockedError (exit 3). Publishing inside it takes `publish_lock` too."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOCK_FILE
    with open(path, "a+", encoding="utf-8") as f:

        def message() -> str:
            f.seek(0)
            holder = f.read().strip() or "another run"
            return f"{folder} is locked by {holder}; try again later or give --wait SECONDS"

        locks.acquire(f.fileno(), wait, message)
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()} since {datetime.now():%Y-%m-%d %H:%M:%S}\n")
        f.flush()
        try:
            yield
        finally:
            f.seek(0)
            f.truncate()
            fcntl.flock(f, fcntl.LOCK_UN)


@contextlib.contextmanager
def publish_lock(folder: Path, wait: float = PUBLISH_WAIT) -> Iterator[None]:
    """The short lock of every write into `folder` (a flock on the folder: no file is left);
    on entry, the leftovers of killed publishes there are recovered."""
    folder.mkdir(parents=True, exist_ok=True)
    with locks.folder_lock(folder, wait, lambda: f"{folder} is being published into by another run; "
                                           "try again later or give --wait SECONDS"):
        recover(folder)
        yield


def recover(folder: Path) -> None:
    """Undo what killed publishes left in `folder` (call under its publish lock): a report set
    aside (`.NAME.old-<pid>-…`) whose NAME is missing goes back; other leftovers go."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        m = _LEFTOVER.fullmatch(entry.name)
        if m is None or tempfiles.pid_alive(int(m["pid"])):
            continue
        target = folder / m["name"]
        if m["kind"] == "old" and not target.exists() and not target.is_symlink():
            log.warning("restoring %s, set aside by a publish that was killed", target)
            os.rename(entry, target)
        else:
            log.debug("removing %s, left by a publish that was killed", entry)
            tempfiles.remove(entry)


# --- writing --------------------------------------------------------------------------------------


def safe_file_name(name: str) -> str:
    """A file name from a result, never a path (results may come from another machine)."""
    base = Path(name).name
    if base in ("", ".", "..") or base != name:
        raise RenderError(f"refusing to write {name!r}: not a plain file name")
    return base


def _write_folder(files: dict[str, bytes], beside: Path) -> Path:
    """Write files into a new temporary folder beside their final place (same filesystem)."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{beside.name}.tmp-{os.getpid()}-", dir=beside.parent))
    os.chmod(tmp, usual_mode(0o777))  # mkdtemp's 0700 would hide reports from a web server
    try:
        for name, data in files.items():
            (tmp / safe_file_name(name)).write_bytes(data)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


@functools.cache
def _renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2  # glibc >= 2.28
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step; False where the system cannot."""
    fn = _renameat2() if USE_EXCHANGE else None
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # e.g. a filesystem without it
        return False
    raise OSError(err, os.strerror(err), str(b))


def _swap_in(tmp: Path, out: Path) -> None:
    if not out.exists():  # under the lock nobody else creates it
        os.rename(tmp, out)
        return
    if exchange(tmp, out):  # tmp now holds the previous report
        shutil.rmtree(tmp, ignore_errors=True)
        return
    old = out.with_name(f".{out.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    os.rename(out, old)
    try:
        os.rename(tmp, out)
    except BaseException:
        os.rename(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)


def publish(files: dict[str, bytes], out_dir: Path, wait: float = PUBLISH_WAIT) -> None:
    """Put a complete new report folder in place of `out_dir`, under the publish lock of its
    parent; the previous report goes only once the new one is there."""
    for name in files:
        safe_file_name(name)  # before anything is written
    with publish_lock(out_dir.parent, wait):
        _refuse(out_dir, _replace_problem(out_dir), "a report into")
        tmp = _write_folder(files, out_dir)
        try:
            _swap_in(tmp, out_dir)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def keep_failed(files: dict[str, bytes], reports_dir: Path, name: str) -> Path:
    """Keep a failed run's executed notebook and error log for debugging, out of the way: in
    the reports folder's `_failed/`, or, when that cannot be written, in TMPDIR
    (`keep_failed_elsewhere`)."""
    stamp = f"{datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:4]}"
    failed = reports_dir / FAILED_DIR / f"{name}-{stamp}"
    try:
        with publish_lock(failed.parent):
            os.rename(_write_folder(files, failed), failed)
    except OSError:
        return keep_failed_elsewhere(files, name)
    return failed


FAILED_ELSEWHERE = "claimbook-failed-"  # TMPDIR folders of failures the reports folder refused
KEEP_ELSEWHERE = 10  # of them, the newest kept (a cron job failing every minute fills nothing)
KEEP_ELSEWHERE_DAYS = 7.0


def keep_failed_elsewhere(files: dict[str, bytes], name: str) -> Path:
    """A failed run's files in a new private folder in TMPDIR, after removing this user's
    older ones beyond the newest `KEEP_ELSEWHERE - 1` and those older than a week."""
    parent = Path(tempfile.gettempdir())
    kept = []
    for entry in parent.glob(FAILED_ELSEWHERE + "*"):
        try:
            st = entry.lstat()
        except OSError:
            continue
        if entry.is_dir() and not entry.is_symlink() and st.st_uid == os.getuid():
            kept.append((st.st_mtime, entry))
    kept.sort(reverse=True)
    old = time.time() - KEEP_ELSEWHERE_DAYS * 86400
    for n, (mtime, entry) in enumerate(kept):
        if n >= KEEP_ELSEWHERE - 1 or mtime < old:
            shutil.rmtree(entry, ignore_errors=True)
    elsewhere = Path(tempfile.mkdtemp(prefix=f"{FAILED_ELSEWHERE}{name}-"))
    for file_name, data in files.items():
        (elsewhere / safe_file_name(file_name)).write_bytes(data)
    return elsewhere


def atomic_write_text(path: Path, text: str) -> None:
    """Write a file beside its place and rename it in (call under the folder's publish lock)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.tmp-{os.getpid()}-", dir=path.parent)
    os.chmod(tmp, usual_mode(0o666))  # mkstemp's 0600 would hide the index from a web server
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_index_text(reports_dir: Path, make: Callable[[], str],
                     wait: float = PUBLISH_WAIT) -> Path:
    """Replace the reports folder's index.html under its publish lock, only if claimbook wrote
    the one there; `make` builds the page once the lock is held (from what is published)."""
    path = reports_dir / INDEX
    with publish_lock(reports_dir, wait):
        if (path.exists() or path.is_symlink()) and not is_claimbook_index(path):
            raise ConfigError(f"refusing to overwrite {path}: claimbook did not write it")
        atomic_write_text(path, make())
    return path
