"""What one report shows of the data, as one hash: its selection's claims, the other side of
each contested pair, their mentions, the documents those quote and the documents' files.

A batch re-renders a report only when this digest (with the notebook, template, parameters and
version: `fingerprint.fingerprint`) changed: one new claim dated March changes the digest of March and
of every report whose range includes March, and of no other month. The whole folder's hash made
every report of a batch stale at any change.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from claimbook import store
from claimbook.params import ReportParams
from claimbook.publish import meta
from claimbook.store import csv_write, identity

DIGEST_CHARS = 16  # shown in a report's provenance; meta.json keeps the report's fingerprint


def selection_digest(params: ReportParams) -> str:
    """sha256 (16 hex digits) of everything of `params.data_dir` the report of `params` shows.

    The selection's claims are hashed as one CSV (pyarrow's writer, every column as text, in
    id order), fed to the hash a slice at a time (`_hash_rows`): the same bytes, so the same
    digest as earlier reports recorded, with memory holding the selection once instead of the
    selection, its text copy and the whole CSV.

    Raises DataError for a broken folder (validated once per version, `store.ensure_valid`)."""

    p, data_dir = params, Path(params.data_dir)
    h = hashlib.sha256()
    keys = store.selection.keys(p)
    ids = _hash_rows(h, store.selection.selected_rows(p, keys["claim_id"]))
    del keys
    others = _other_sides(store.read_responses(data_dir), ids)
    if others:  # the other side of a contested pair is on the page too
        other = store.read_claims_by_id(data_dir, pd.Series(others))
        h.update(other.sort_values("claim_id").to_csv(index=False).encode("utf-8"))
    mentions, documents = store.read_mentions_documents(data_dir)
    if len(mentions):
        shown = pa.chunked_array([ids, pa.array(others, pa.string())], pa.string())
        mentions = mentions[store.isin(mentions["claim_id"].astype(str), shown.to_pandas())]
    h.update(mentions.sort_values(["claim_id", "doc_id", "start"]).to_csv(index=False)
             .encode("utf-8"))
    cited = documents[store.isin(documents["doc_id"], mentions["doc_id"])].sort_values("doc_id")
    h.update(cited.to_csv(index=False).encode("utf-8"))
    for path in cited["path"]:  # an edited source counts even before validation sees it
        f = data_dir / str(path)
        h.update(hashlib.sha256(f.read_bytes()).digest() if f.is_file() else b"-")
    return h.hexdigest()[:DIGEST_CHARS]


class _HashSink:
    """A binary file that feeds what is written to it into a hash (for pyarrow's CSV writer)."""

    closed = False

    def __init__(self, h: Any) -> None:
        self.h = h

    def write(self, data: bytes) -> int:
        self.h.update(data)
        return len(data)

    def flush(self) -> None:
        pass


def _hash_rows(h: Any, table: pa.Table) -> pa.Array:
    """Feed `h` the CSV of `table`'s rows in id order, every column as text, a `SLICE` of rows
    at a time: the bytes of `pyarrow.csv.write_csv` of the whole sorted table (its header once,
    each row quoted alike whatever slice it is in). Returns the ids, as text."""


    ids = pc.cast(table["claim_id"], pa.string())
    order = pc.sort_indices(ids)
    text = pa.schema([(name, pa.string()) for name in table.column_names])
    with pacsv.CSVWriter(_HashSink(h), text) as writer, csv_write.by_column() as each:
        for first in range(0, len(order), csv_write.SLICE):
            rows = order.slice(first, csv_write.SLICE)
            writer.write_table(pa.table(each(lambda c, i=rows: pc.cast(pc.take(c, i),
                                                                       pa.string()),
                                             table.columns), schema=text))
    return ids


def _other_sides(responses: pa.Table, ids: pa.Array) -> list[str]:
    """The ids, sorted, of claims not among `ids` that answer, or are answered by, one of them
    (`responses`: claim_id and responds_to of every answering claim)."""

    def both(tbl: pa.Table) -> pa.ChunkedArray:
        return pa.chunked_array([*tbl["claim_id"].chunks, *tbl["responds_to"].chunks],
                                pa.string())

    # hash the few ids of pairs, not the (maybe million) selected ones: a side of a pair is
    # selected exactly when it is among `chosen`
    chosen = ids.filter(pc.is_in(ids, value_set=pc.unique(both(responses))))
    pairs = responses.filter(pc.or_(pc.is_in(responses["claim_id"], value_set=chosen),
                                    pc.is_in(responses["responds_to"], value_set=chosen)))
    sides = both(pairs)
    return sorted(set(sides.filter(pc.invert(pc.is_in(sides, value_set=chosen))).to_pylist()))


# --- what changed since a report's previous edition -------------------------------------------

CLAIMS_FILE = "claims.sha256.json"  # beside a report: a hash per claim it lists
MAX_TRACKED = 100_000  # claims of one report whose changes are tracked (the file stays small)
MAX_NAMED_CHANGES = 30  # ids named on the page; the counts cover the rest


def claim_hashes(params: ReportParams) -> dict[str, str] | None:
    """A short hash of each listed claim of the report (its row and its mentions), by id; None
    past MAX_TRACKED claims. Only the mentions of these claims are read as text.

    A claim's hash is sha256 of its non-empty cells as `name=value` in name order, joined by
    US (0x1f), then RS (0x1e) and its mentions' `doc_id|start|end|quote`, sorted, joined by RS
    (`_claim_blobs`). The cells are joined by pyarrow a `SLICE` of rows at a time; only the
    hashing is per claim."""

    p, data_dir = params, Path(params.data_dir)
    keys = store.selection.keys(p)
    if keys.num_rows > MAX_TRACKED:
        return None
    rows = store.selection.selected_rows(p, keys["claim_id"])
    mentions, _ = store.read_mentions_documents(data_dir)
    if len(mentions):
        mentions = mentions[store.isin(mentions["claim_id"].astype(str),
                                       keys["claim_id"].to_pandas())]
    quotes: dict[str, list[str]] = {}
    for m in mentions.astype(str).itertuples():
        quotes.setdefault(m.claim_id, []).append(f"{m.doc_id}|{m.start}|{m.end}|{m.quote}")
    tails = {i: ("\x1e" + "\x1e".join(sorted(q))).encode("utf-8", "surrogatepass")
             for i, q in quotes.items()}
    out = {}
    for first in range(0, rows.num_rows, csv_write.SLICE):
        ids, blobs = _claim_blobs(rows.slice(first, csv_write.SLICE))
        for i, blob in zip(ids, blobs, strict=True):
            out[i] = hashlib.sha256(blob + tails.get(i, b"\x1e")).hexdigest()[:16]
    return out


def _claim_blobs(part: pa.Table) -> tuple[list[str], list[bytes]]:
    """Each row's ids as text, and its non-empty cells as UTF-8 `name=value`, in name order,
    joined by US: what `claim_hashes` hashes before the mentions."""

    cells = []
    for name in sorted(part.column_names):
        col = pc.cast(part[name], pa.string())
        named = pc.binary_join_element_wise(f"{name}=", col, "")  # null where the cell is null
        cells.append(pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), named))
    joined = pc.binary_join_element_wise(*cells, "\x1f", null_handling="skip")
    ids = pc.cast(part["claim_id"], pa.string()).to_pylist()
    return [str(i) for i in ids], pc.cast(joined, pa.binary()).to_pylist()


def changes(previous: dict[str, str] | None, current: dict[str, str] | None,
            since: str) -> dict:
    """What a report lists now that its previous edition did not (added), or listed otherwise
    (changed); {} for a first edition or when either side is not tracked."""
    if previous is None or current is None:
        return {}
    added = sorted(set(current) - set(previous))
    changed = sorted(i for i in current if i in previous and current[i] != previous[i])
    return {"since": since, "added": len(added), "changed": len(changed),
            "removed": len(set(previous) - set(current)),
            "added_ids": added[:MAX_NAMED_CHANGES], "changed_ids": changed[:MAX_NAMED_CHANGES]}


def same_data(found: dict, data_dir: str | Path) -> bool:
    """Whether the report whose meta.json is `found` was made of the data folder `data_dir`:
    by the folder's id, which survives a move of the whole workbook; by its path when either
    side has no id (a report of an older claimbook, a read-only folder)."""
    ours = identity.folder_id(data_dir)
    theirs = found.get("data_id")
    if ours and isinstance(theirs, str) and theirs:
        return theirs == ours
    inputs = found.get("inputs")
    return isinstance(inputs, dict) and inputs.get("data") == str(Path(data_dir).resolve())


def previous_edition(folder: Path, data_dir: str | Path | None = None
                     ) -> tuple[dict[str, str] | None, str]:
    """The claim hashes and generation time of the report published in `folder`, if any, and
    if it was made of the same data folder as `data_dir` (`same_data`): a report of other
    data in the same place is no previous edition."""
    found = meta.read(folder)
    if found is None or found["files"].get("hashes") != CLAIMS_FILE:
        return None, ""
    if data_dir is not None and not same_data(found, data_dir):
        return None, ""
    try:
        hashes = json.loads((folder / CLAIMS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None, ""
    if not isinstance(hashes, dict):
        return None, ""
    return {str(k): str(v) for k, v in hashes.items()}, str(found.get("generated", ""))
