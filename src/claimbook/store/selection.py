"""One reader of a run's selection: the parameters in, the selected claims out.

Every caller that shows or hashes a selection — the report, the digest and the edition's
claim hashes, the exporter, the claimant profile, `claims` and the batch's plan — reads it
here, so the date range, claimant, type and topic filters and the claim ids that `--doc` and
`--publisher` allow are applied the same way everywhere (a `--doc` report once tracked claims
its page did not show because one reader forgot the ids).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc

from claimbook.store.load import ClaimData
from claimbook.store.select import (
    load_selection,
    one_chunk_each,
    read_keys,
    read_selected_arrow,
    read_selected_joined,
    source_claim_ids,
)


class Selecting(Protocol):
    """What a selection is made of: `params.ReportParams` (and anything shaped like it)."""

    data_dir: str | Path
    start: date | None
    end: date | None
    claimants: tuple[str, ...]
    claim_types: tuple[str, ...]
    topics: tuple[str, ...]
    publishers: tuple[str, ...]
    docs: tuple[str, ...]


def claim_ids(p: Selecting) -> list[str] | None:
    """The claims `--publisher`/`--doc` allow (read from the data), or None: no such filter."""
    return source_claim_ids(p.data_dir, p.publishers, p.docs)


def keys(p: Selecting) -> pa.Table:
    """The selection's key columns (`summary.KEY_COLUMNS`), one row per selected claim."""
    return read_keys(p.data_dir, p.start, p.end, p.claimants, p.claim_types, p.topics,
                     claim_ids(p))


def rows(p: Selecting, columns: Sequence[str] | None = None) -> pa.Table:
    """Every column of the selected claims as stored (Arrow): a Parquet table with the
    selection pushed down (the rows of `keys`, in its order); a CSV table whole, as text
    (`selected_rows` filters it). `columns`: only these (None: all)."""
    return read_selected_arrow(p.data_dir, p.start, p.end, p.claimants, p.claim_types, p.topics,
                               claim_ids(p), columns)


def rows_joined(p: Selecting, columns: Sequence[str] | None = None) -> pa.Table:
    """`rows`, one chunk per column, read and joined a column at a time where it can be
    (`select.read_selected_joined`): what an export holds whole while it writes."""
    return read_selected_joined(p.data_dir, p.start, p.end, p.claimants, p.claim_types,
                                p.topics, claim_ids(p), columns)


def frames(p: Selecting, *, related: bool = True) -> ClaimData:
    """The selected claims as typed frames, with their mentions and documents (and, `related`,
    the other side of their contested pairs)."""
    return load_selection(p.data_dir, p.start, p.end, p.claimants, p.claim_types, p.topics,
                          related=related, claim_ids=claim_ids(p))


def selected_rows(p: Selecting, key_ids: pa.ChunkedArray | pa.Array) -> pa.Table:
    """Every column of the claims whose ids are `key_ids` (`keys(p)`), as stored, one chunk per
    column. A Parquet read is the selection already (the same ids in the same order, told
    apart without a set of a million ids): no copy; a CSV table is read whole and filtered."""
    table = rows(p)
    ids = pc.cast(table["claim_id"], pa.string())
    same = len(ids) == len(key_ids) and pc.all(pc.equal(ids, key_ids)).as_py() is not False
    if not same:
        keep = pc.is_in(ids, value_set=key_ids)
        if pc.all(keep).as_py() is False:
            table = table.filter(keep)
        del keep
    del ids
    return one_chunk_each(table)  # a render's read is one chunk each already
