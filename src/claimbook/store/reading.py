"""One state of a data folder read once: what a render's claimbook process reads several times.

Before its kernel runs, a render reads one selection for several things: its digest, its
counts, `selection.csv` and the claims' hashes each read the selection's key columns, most read
its rows, and each checked the folder's validation stamp, whose key hashes every table's
bytes. For a month of a million-claim Parquet table that was each table hashed five times (with
the snapshot's two passes) and the same rows decoded three times.

Inside `once(data_dir)` (a render opens it after its snapshot has recorded the inputs'
identities, and closes it before the kernel runs), each of these is done once and handed out
again:

* the sha256 of each table's bytes in the validation key (`file_sha256`);
* the folder's verdict (`validation.ensure_valid`): looked up (or validated) once;
* the Arrow tables `select` reads (`remembered`): immutable, so one copy serves every reader.
  The selection's key columns are kept whatever their size (the render holds them until its
  kernel runs anyway); its rows of every column only up to MAX_KEPT_BYTES (read again, as
  before, past it), so a million rows of every column are never held longer than their
  reader holds them.

What this does not change: after the kernel has run, the render takes the identities and
hashes the bytes of every input again, outside any such block (`fingerprint.Snapshot.unchanged`),
so a table changed while it was read (or a read that saw a half-changed folder) still makes
the report be rendered again, and a folder whose content changed is validated again. The block
belongs to the thread (and context) that opened it: batch threads each have their own, and
other callers (the kernel, `claims`, `export`, the index) read as before.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Hashable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

MAX_KEPT_BYTES = 64 << 20  # a month of a million claims is ~20 MB; all of them, ~400 MB


@dataclass
class _Reads:
    root: Path
    files: dict[str, str] = field(default_factory=dict)  # resolved path -> sha256 hex
    values: dict[Hashable, Any] = field(default_factory=dict)
    valid: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


_current: ContextVar[_Reads | None] = ContextVar("claimbook_reads", default=None)


@contextlib.contextmanager
def once(data_dir: str | Path) -> Iterator[None]:
    """Within the block, each read of `data_dir` that `remembered` and `file_sha256` cover is
    done once (this thread and context only); everything is forgotten when it ends."""
    token = _current.set(_Reads(Path(data_dir).resolve()))
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def outside() -> Iterator[None]:
    """Within the block, read as if no `once` block were open (the first full validation of a
    render checks, and stamps, the bytes there are now, not the hashes remembered)."""
    token = _current.set(None)
    try:
        yield
    finally:
        _current.reset(token)


def _reads(data_dir: str | Path) -> _Reads | None:
    reads = _current.get()
    if reads is None or Path(data_dir).resolve() != reads.root:
        return None
    return reads


def active(data_dir: str | Path) -> bool:
    """Whether a block of `once` for this folder is open here."""
    return _reads(data_dir) is not None


def remembered(kind: str, data_dir: str | Path, args: Hashable, compute: Callable[[], T],
               limit: int | None = MAX_KEPT_BYTES) -> T:
    """`compute()`, or what it gave for the same `kind` and `args` earlier in the block of
    `once(data_dir)`; always `compute()` outside one. `compute` must return Arrow data (or
    something else immutable): every caller gets the same object. A result of more than
    `limit` bytes is not kept (None: kept whatever its size)."""
    reads = _reads(data_dir)
    if reads is None:
        return compute()
    key = (kind, args)
    with reads.lock:
        if key in reads.values:
            return reads.values[key]
    value = compute()
    if limit is None or getattr(value, "nbytes", 0) <= limit:
        with reads.lock:
            reads.values[key] = value
    return value


def file_sha256(path: Path, data_dir: str | Path, compute: Callable[[], str]) -> str:
    """sha256 (hex) of the file at `path` of the folder: `compute()`, or what it gave
    earlier in the block."""
    reads = _reads(data_dir)
    if reads is None:
        return compute()
    name = str(Path(path).resolve())
    with reads.lock:
        found = reads.files.get(name)
    if found is None:
        found = compute()
        with reads.lock:
            reads.files[name] = found
    return found


def validated(data_dir: str | Path) -> bool:
    """Whether the folder was found valid earlier in the block."""
    reads = _reads(data_dir)
    return reads is not None and reads.valid


def mark_validated(data_dir: str | Path) -> None:
    reads = _reads(data_dir)
    if reads is not None:
        reads.valid = True
