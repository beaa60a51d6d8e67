"""The converted rows of an import checked: the store's column rules, a provenance, one claim
per key (within the file and against the claims table), answers to known claims.

What an import remembers of its earlier batches is a few hashes a row (`Seen`, `Hashes`), not
the rows; the existing table's rows are read only when a batch holds ids already there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from claimbook import store
from claimbook.claims import schema
from claimbook.tables.foreign_read import row_number
from claimbook.tables.import_rows import KEY_COLUMNS
from claimbook.tables.mapping import ColumnMap, identity


class Existing:
    """The claims table before an import: its ids (one text column, from validation); its
    rows, read only when a batch holds ids already there (a re-import)."""

    def __init__(self, path: Path, ids: pd.Series) -> None:
        self.path, self.ids = path, ids.reset_index(drop=True)
        self._rows: pd.DataFrame | None = None

    def rows(self) -> pd.DataFrame:
        """The existing claims by claim_id, as text."""
        if self._rows is None:
            df, _ = store.read_table(self.path, schema.CLAIMS, derived=False)
            assert df is not None  # validated before the import
            self._rows = df.set_index("claim_id")
        return self._rows


class Hashes:
    """A growing set of 64-bit hashes, kept as one sorted array: a million ids cost 8 MB, and
    a batch is looked up and added by numpy, not one Python int at a time."""

    def __init__(self) -> None:
        self._sorted = np.zeros(0, dtype=np.int64)

    def add(self, hashes: np.ndarray) -> None:
        # two sorted runs: numpy's stable sort (a merge sort) merges them in one pass
        self._sorted = np.sort(np.concatenate([self._sorted, np.sort(hashes)]), kind="stable")

    def among(self, hashes: np.ndarray) -> np.ndarray:
        """Which of `hashes` are in the set."""
        if not len(self._sorted):
            return np.zeros(len(hashes), dtype=bool)
        order = np.argsort(hashes)  # looked up in order: each search starts near the last
        at = np.minimum(np.searchsorted(self._sorted, hashes[order]), len(self._sorted) - 1)
        out = np.empty(len(hashes), dtype=bool)
        out[order] = self._sorted[at] == hashes[order]
        return out


@dataclass
class Seen:
    """What an import remembers of its earlier batches: 64-bit hashes of their claim ids and
    of their whole rows (a few bytes a row, not the rows); `targets`: hashes of every id the
    import has, found before the first batch when responds_to is filled; `columns`: the columns
    a row's hash covers (`varying_columns`; all of them by default)."""

    ids: Hashes = field(default_factory=Hashes)
    rows: Hashes = field(default_factory=Hashes)
    targets: Hashes | None = None
    columns: list[str] = field(default_factory=lambda: list(schema.CLAIMS.names))


def varying_columns(cmap: ColumnMap, columns: Sequence[str]) -> list[str]:
    """The claims columns that tell two rows of one import apart: those filled from a foreign
    column, and attributes (the unmapped columns); a column set by `--set` or left to its
    default holds one value in every row. A claim_id made by `claim_key` stands for the
    claimant, claim, date and url it hashes (as the 64-bit row hash itself stands for the row):
    two rows equal in these columns are equal."""
    sources = identity(cmap, columns)
    out = [c for c in schema.CLAIMS.names if c in sources or c == "attributes"]
    if "claim_id" not in sources and "claim_id" not in cmap.constants:  # claim_key's ids
        out = ["claim_id", *(c for c in out if c not in KEY_COLUMNS)]
    return out


def text_hashes(values: pd.Series) -> np.ndarray:
    """64-bit hashes of texts (Python's own string hash: the same within one import, five times
    faster than pandas')."""
    return np.fromiter(map(hash, values.astype(str).tolist()), dtype=np.int64, count=len(values))


def _row_hashes(rows: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """64-bit hashes of whole rows from their columns' hashes (`ids`: claim_id's), mixed as
    FNV-1a mixes bytes: rows equal in every column have equal hashes."""
    out = np.full(len(rows), 0xCBF29CE484222325, dtype=np.uint64)
    prime = np.uint64(0x100000001B3)
    for name in rows.columns:
        column = ids if name == "claim_id" else text_hashes(rows[name])
        out = (out ^ column.view(np.uint64)) * prime
    return out.view(np.int64)


def check_rows(rows: pd.DataFrame, existing: Existing, reasons: pd.Series, seen: Seen
               ) -> tuple[pd.DataFrame, pd.Series, int]:
    """The rows of one batch to add, every row's reasons to reject it, and how many are there
    already; `seen` (updated) carries what the earlier batches held."""
    reasons = reasons.copy()

    def reject(mask: pd.Series, why: pd.Series | str) -> None:
        add = why if isinstance(why, str) else why[mask]
        reasons[mask] = reasons[mask].where(reasons[mask] == "", reasons[mask] + "; ") + add

    for p in store.column_problems(rows, "", schema.CLAIMS, unique=False):
        if p.row is None or p.row == store.HEADER_ROW:
            continue
        label = p.row - store.HEADER_ROW - 1  # the row's index label (see spreadsheet_row)
        before = reasons.at[label]
        reasons.at[label] = (f"{before}; " if before else "") + f"{p.column}: {p.message}"
    no_url = rows["url"] == ""
    if no_url.any():
        reject(no_url, "url: is empty; an imported claim's provenance is the address where it "
                       "appeared")
    # one claim per key: the same row twice is one claim; two different rows with one key are not
    columns = list(schema.CLAIMS.names)
    ids = text_hashes(rows["claim_id"])
    whole = _row_hashes(rows[seen.columns], ids)
    first = pd.Series(~pd.Series(ids).duplicated().to_numpy() & ~seen.ids.among(ids),
                      index=rows.index)
    same_again = pd.Series(pd.Series(whole).duplicated().to_numpy() | seen.rows.among(whole),
                           index=rows.index)
    seen.ids.add(ids)
    seen.rows.add(whole)
    clash = ~first & ~same_again
    if clash.any():
        reject(clash, "claim_id: " + rows["claim_id"] + " is given to an earlier row with other "
                      "values")
    # against the table
    present = (store.isin(rows["claim_id"], existing.ids) if len(existing.ids)
               else pd.Series(False, index=rows.index))
    unchanged = pd.Series(False, index=rows.index)
    if present.any():
        theirs = existing.rows().reindex(rows.loc[present, "claim_id"])
        mine = rows.loc[present].set_index("claim_id")
        cols = [c for c in columns if c != "claim_id"]
        theirs = theirs.reindex(columns=cols, fill_value="").fillna("").astype(str)
        equal = (theirs.to_numpy() == mine[cols].astype(str).to_numpy()).all(axis=1)
        unchanged[present] = equal
        reject(present & ~unchanged, "claim_id: " + rows["claim_id"] + " is in the claims table "
               "already, with other values; not overwritten")
    answers = rows["responds_to"] != ""
    if answers.any():
        targets = seen.targets if seen.targets is not None else seen.ids
        known = (store.isin(rows["responds_to"], existing.ids) if len(existing.ids)
                 else pd.Series(False, index=rows.index))
        known |= pd.Series(targets.among(text_hashes(rows["responds_to"])), index=rows.index)
        reject(answers & ~known, "responds_to: " + rows["responds_to"] + " is not a claim_id")
        reject(answers & (rows["responds_to"] == rows["claim_id"]),
               "responds_to: a claim cannot answer itself")
    good = (reasons == "") & first & ~unchanged & ~same_again
    n_unchanged = int(((unchanged | same_again) & (reasons == "")).sum())
    return (rows if good.all() else rows[good]), reasons, n_unchanged


def rejects_rows(foreign: pd.DataFrame, reasons: pd.Series, fmt: str) -> list[list[object]]:
    """One row per rejected input row: where it is, every reason, then the row as it was."""
    bad = reasons[reasons != ""]
    return [[row_number(fmt, int(idx)), why, *foreign.loc[idx].astype(str).tolist()]
            for idx, why in bad.items()]
