"""`claimbook claims`: a selection listed in its three groups, as a table to read, CSV, JSON or
JSON lines; the CSV a slice of claims at a time (any size), the others from typed frames."""

from __future__ import annotations

import json
from typing import BinaryIO

from claimbook import store
from claimbook.claims import query
from claimbook.claims.control_chars import printable
from claimbook.params import ReportParams
from claimbook.tables.exporter import write_listing_csv

COLUMNS = ["group", "claim_id", "date", "date_precision", "claimant", "claim_type", "claim"]


def headline(counts: dict[str, int]) -> str:
    """'in range: 3 · imprecise: 1 · undated: 2'."""
    return " · ".join(f"{query.GROUP_LABELS[g]}: {n}" for g, n in counts.items())


def listing_csv(params: ReportParams, sink: BinaryIO) -> dict[str, int]:
    """The selection as CSV into `sink`; returns the three counts."""
    return write_listing_csv(params.data_dir, params, sink)


def listing(params: ReportParams, fmt: str) -> tuple[str, dict[str, int]]:
    """The selection as `fmt` ('table', 'json' or 'jsonl') text, and the three counts. The
    table is for a person: its text is made printable (control characters marked)."""
    ids = store.selection.claim_ids(params)
    data = store.selection.frames(params, related=False)
    sel = query.select(data.claims, params.start, params.end, params.claimants,
                       params.claim_types, params.topics, claim_ids=ids)
    rows = sel.all()[COLUMNS]
    counts = sel.counts()
    if fmt == "table":
        text = f"{params.describe()}\n{headline(counts)}\n"
        if len(rows):
            cells = rows.astype("string").fillna("").apply(printable)
            text += cells.to_string(index=False, max_colwidth=70) + "\n"
        return text, counts
    out = rows.astype(object).where(rows.notna(), None).to_dict("records")
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), counts
    return json.dumps({"counts": counts, "claims": out}, ensure_ascii=False, indent=1) + "\n", counts
