"""The date rule of a report, written once for each form the claims are held in.

A claim's date is an interval [date_start, date_end] (none for an undated claim). For a report on
[start, end] (either end may be open, `None`):
  in range  — the interval lies inside [start, end]; only these are counted in charts;
  imprecise — the interval overlaps [start, end] but is not inside it; listed, not counted;
  undated   — no date; listed, never dropped and never counted.
Claims whose interval lies wholly outside the range belong to no group; all others are the
claims a report *lists*: its interval overlaps the range, or it is undated.

The same rule, side by side, on:
* a pandas frame of typed claims (`frame_masks`, `frame_listed`): `query.select`, CSV tables;
* Arrow key columns (`arrow_codes`): `summary.group_codes`, every report;
* a Parquet filter expression (`parquet_listed`): a report reads only the row groups that can
  hold its claims.
`tests/test_daterule.py` checks on random tables and ranges that all of them agree.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

GROUPS = ("in_range", "imprecise", "undated")  # a group's code is its index here; -1: none


def frame_masks(date_start: pd.Series, date_end: pd.Series, start: date | None,
                end: date | None) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(inside, overlaps, dated) of typed date columns: in range is `inside`, imprecise is
    `overlaps & ~inside`, undated is `~dated`."""
    dated = date_start.notna()
    inside, overlaps = dated.copy(), dated.copy()
    if start:  # an open bound compares nothing, so no date is out of pandas' Timestamp range
        lo = pd.Timestamp(start)
        inside &= date_start >= lo
        overlaps &= date_end >= lo
    if end:
        hi = pd.Timestamp(end)
        inside &= date_end <= hi
        overlaps &= date_start <= hi
    return inside, overlaps, dated


def frame_listed(date_start: pd.Series, date_end: pd.Series, start: date | None,
                 end: date | None) -> pd.Series:
    """The rows a report lists (any group): overlapping the range, or undated."""
    _, overlaps, dated = frame_masks(date_start, date_end, start, end)
    return overlaps | ~dated


def arrow_codes(date_start: pa.ChunkedArray | pa.Array, date_end: pa.ChunkedArray | pa.Array,
                start: date | None, end: date | None) -> np.ndarray:
    """Each row's group as its index in `GROUPS` (int8); -1 for a date wholly outside."""
    dated = pc.is_valid(date_start)
    inside, overlaps = dated, dated
    if start:  # an open bound compares nothing
        lo = pa.scalar(start, pa.date32())
        inside = pc.and_kleene(inside, pc.greater_equal(date_start, lo))
        overlaps = pc.and_kleene(overlaps, pc.greater_equal(date_end, lo))
    if end:
        hi = pa.scalar(end, pa.date32())
        inside = pc.and_kleene(inside, pc.less_equal(date_end, hi))
        overlaps = pc.and_kleene(overlaps, pc.less_equal(date_start, hi))

    def flags(a: pa.ChunkedArray | pa.Array) -> np.ndarray:
        return pc.fill_null(a, False).to_numpy(zero_copy_only=False).astype(bool)

    codes = np.full(len(date_start), -1, dtype=np.int8)
    codes[flags(overlaps)] = 1
    codes[flags(inside)] = 0
    codes[~flags(dated)] = 2
    return codes


def parquet_listed(start: date | None, end: date | None) -> pc.Expression | None:
    """The rows a report lists, as a filter on a Parquet claims table's date_start/date_end
    (row groups whose statistics rule them out are skipped); None when both ends are open."""
    overlap = None
    if start:
        overlap = pc.field("date_end") >= pa.scalar(start, pa.date32())
    if end:
        before = pc.field("date_start") <= pa.scalar(end, pa.date32())
        overlap = before if overlap is None else overlap & before
    if overlap is None:
        return None
    return overlap | pc.field("date_start").is_null()


def headline_words(counts: dict[str, int], start: date | None, end: date | None) -> str:
    """The headline of a selection in words that fit it: '22 claims: 5 dated, 17 undated.' with
    no range (nothing is out of range), '3 claims in range, 1 imprecise and 17 undated.' with
    one."""
    if start is None and end is None:
        total = counts["in_range"] + counts["undated"]
        return (f"{total:,} claim{'' if total == 1 else 's'}: {counts['in_range']:,} dated, "
                f"{counts['undated']:,} undated.")
    return (f"{counts['in_range']:,} claim{'' if counts['in_range'] == 1 else 's'} in range, "
            f"{counts['imprecise']:,} imprecise and {counts['undated']:,} undated.")
