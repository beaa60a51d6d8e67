"""Select claims for a date range and filters, applying the in-range / imprecise / undated rule.

A claim's date is an interval. For a report on [start, end]:
  in range  — the interval lies inside [start, end]; only these are counted in charts;
  imprecise — the interval overlaps [start, end] but is not inside it; listed, not counted;
  undated   — no date; listed, never dropped and never counted.
Claims whose interval lies wholly outside the range belong to no group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

GROUPS = ("in_range", "imprecise", "undated")
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
) -> pd.DataFrame:
    """Keep claims matching every non-empty filter (an empty filter means all)."""
    mask = pd.Series(True, index=claims.index)
    if claimants:
        mask &= claims["claimant"].isin(list(claimants))
    if claim_types:
        mask &= claims["claim_type"].astype("string").isin(list(claim_types))
    if topics:
        mask &= claims["topic"].astype("string").isin(list(topics)).fillna(False)
    return claims[mask.astype(bool)]


def select(
    claims: pd.DataFrame,
    start: date | None = None,
    end: date | None = None,
    claimants: Sequence[str] = (),
    claim_types: Sequence[str] = (),
    topics: Sequence[str] = (),
) -> Selection:
    """Apply filters, then the date rule. `None` bounds are open."""
    df = filter_claims(claims, claimants, claim_types, topics)
    dated = df["date_start"].notna()
    inside, overlaps = dated.copy(), dated.copy()
    if start:  # an open bound compares nothing, so no date is out of pandas' Timestamp range
        lo = pd.Timestamp(start)
        inside &= df["date_start"] >= lo
        overlaps &= df["date_end"] >= lo
    if end:
        hi = pd.Timestamp(end)
        inside &= df["date_end"] <= hi
        overlaps &= df["date_start"] <= hi
    order = ["date_start", "claim_id"]
    return Selection(
        in_range=df[inside].sort_values(order),
        imprecise=df[overlaps & ~inside].sort_values(order),
        undated=df[~dated].sort_values("claim_id"),
        start=start,
        end=end,
    )
