"""Each small CSV table parsed and checked once per version of its file, per process.

One report reads claims.csv, mentions.csv and documents.csv several times (the validation key,
the keys, the selection digest, the claim hashes, selection.csv), and a batch worker renders a
dozen reports of the same files: the strict csv parser and the pandera column checks were most
of the time the claimbook process spent outside the kernel.

A result is kept under the file's path, the table and the sha256 of the bytes just read (the
parse needs them anyway): a table replaced by a new file, or rewritten in place with the same
size and time, is a new key and is read anew. Problems are kept with the frame, so a broken
table is refused with the same messages every time. Callers get a copy of the frame: changing
it does not change the next read. Only files below MAX_BYTES are kept, MAX_ENTRIES at most
(least recently used dropped first): a million-row table is parsed each time, as before.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from claimbook.claims import schema
    from claimbook.errors import Problem

MAX_BYTES = 8 << 20  # a seed-sized table is kilobytes; a big one would only crowd out the rest
MAX_ENTRIES = 12  # the three tables and publishers.csv, parsed, checked, claims' keys typed

Result = tuple["pd.DataFrame | None", "list[Problem]"]

_entries: OrderedDict[tuple[str, str, str, str], Result] = OrderedDict()
_lock = threading.Lock()  # a batch runs reports in threads of one process


def remembered(kind: str, file: str, table: schema.Table, data: bytes,
               compute: Callable[[], Result]) -> Result:
    """`compute()` (what `kind` of reading of `data`, the bytes of `file`, gives), or what it
    gave for these very bytes before; always a frame of the caller's own."""
    if len(data) > MAX_BYTES:
        return compute()
    key = (kind, file, table.name, hashlib.sha256(data).hexdigest())
    with _lock:
        found = _entries.get(key)
        if found is not None:
            _entries.move_to_end(key)
    if found is None:
        found = compute()
        with _lock:
            for old in [k for k in _entries if k[:3] == key[:3]]:
                del _entries[old]  # an earlier version of this file: never read again
            _entries[key] = found
            while len(_entries) > MAX_ENTRIES:
                _entries.popitem(last=False)
    df, problems = found
    return (None if df is None else df.copy(deep=True)), list(problems)


def clear() -> None:
    """Forget every table (tests; memory is bounded without it)."""
    with _lock:
        _entries.clear()


def size() -> int:
    """How many results are kept."""
    with _lock:
        return len(_entries)
