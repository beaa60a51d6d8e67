"""Select claims of a typed frame for a date range and filters, sorted into the three groups.

The in range / imprecise / undated rule itself is `daterule`'s (one rule, for pandas, Arrow
and Parquet filters alike); this module applies it to a frame and sorts each group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claimbook.claims import names
from claimbook.claims.daterule import GROUPS, frame_masks
from claimbook.claims.dates import range_bound

GROUP_LABELS = {"in_range": "in range", "imprecise": "imprecise", "undated": "undated"}


@dataclass(frozen=True)
class Selection:
    """The three groups of one report, each a slice of the typed claims table."""

    in_range: pd.DataFrame
    imprecise: pd.DataFrame
    undated: pd.DataFrame
    start: date | None
    end: date | None

    def counts(self) -> dict[str, int]:
        return {g: len(getattr(self, g)) for g in GROUPS}

    def all(self) -> pd.DataFrame:
        """Every selected claim with a `group` column, in group order then date."""
        parts = [getattr(self, g).assign(group=g) for g in GROUPS]
        return pd.concat(parts, ignore_index=True)

    def headline(self) -> str:
        c = self.counts()
        return (f"{c['in_range']} claims in range · {c['imprecise']} imprecise "
                f"(listed, not counted) · {c['undated']} undated (listed, not counted)")


def filter_claims(
    claims: pd.DataFrame,
    claimants: Sequence[str] = (),
    claim_types: Sequence[str] = (),
    topics: Sequence[str] = (),
    *,
    claim_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Keep claims matching every non-empty filter (an empty filter means all; `claim_ids`,
    from `--publisher`/`--doc`, is a filter when not None, even empty). Claimants are matched
    by identity (`names.identity`: case, normal form, invisible characters)."""
    mask = pd.Series(True, index=claims.index)
    if claimants:
        mask &= claimant_mask(claims["claimant"], claimants)
    if claim_types:
        mask &= claims["claim_type"].astype("string").isin(list(claim_types))
    if topics:
        mask &= claims["topic"].astype("string").isin(list(topics)).fillna(False)
    if claim_ids is not None:
        mask &= claims["claim_id"].astype("string").isin(list(claim_ids)).fillna(False)
    return claims[mask.astype(bool)]


def claimant_mask(column: pd.Series, claimants: Sequence[str]) -> pd.Series:
    """Which values of a claimant column name one of `claimants` (by identity; each distinct
    value normalized once)."""
    wanted = {names.identity(c) for c in claimants}
    arr = pa.array(column.astype("string").fillna(""), type=pa.string(), from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):  # a column read in batches: one dictionary for all
        arr = arr.combine_chunks()
    encoded = pc.dictionary_encode(arr)
    hit = np.array([names.identity(v) in wanted for v in encoded.dictionary.to_pylist()],
                   dtype=bool)
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return pd.Series(hit[codes] if len(hit) else np.zeros(len(column), dtype=bool),
                     index=column.index)


def select(
    claims: pd.DataFrame,
    start: date | str | None = None,
    end: date | str | None = None,
    claimants: Sequence[str] = (),
    claim_types: Sequence[str] = (),
    topics: Sequence[str] = (),
    *,
    claim_ids: Sequence[str] | None = None,
) -> Selection:
    """Apply filters, then the date rule. `None` bounds are open; a bound given as text is
    read as the command line reads `--start`/`--end` (`dates.range_bound`): `end="2025-07"`
    is 31 July, not the 1st."""
    start, end = _bound(start, end=False), _bound(end, end=True)
    df = filter_claims(claims, claimants, claim_types, topics, claim_ids=claim_ids)
    inside, overlaps, dated = frame_masks(df["date_start"], df["date_end"], start, end)
    return Selection(
        in_range=_sorted(df, inside, ("date_start", "claim_id")),
        imprecise=_sorted(df, overlaps & ~inside, ("date_start", "claim_id")),
        undated=_sorted(df, ~dated, ("claim_id",)),
        start=start,
        end=end,
    )


def _bound(value: date | str | None, *, end: bool) -> date | None:
    return range_bound(value, end=end) if isinstance(value, str) else value


def _sorted(df: pd.DataFrame, mask: pd.Series, by: tuple[str, ...]) -> pd.DataFrame:
    """`df[mask].sort_values(list(by))` in one copy instead of two: the order is found by
    pyarrow on the key columns (stable, missing last, as pandas sorts), then the rows taken."""
    where = np.flatnonzero(mask.to_numpy(dtype=bool))
    keys = pa.table({k: pa.array(df[k].iloc[where], from_pandas=True) for k in by})
    order = pc.sort_indices(keys, sort_keys=[(k, "ascending") for k in by]).to_numpy()
    return df.iloc[where[order]]
