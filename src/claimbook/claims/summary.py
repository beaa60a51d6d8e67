"""What a report shows of its selection, computed once from a few key columns.

A report of a million claims draws aggregates and at most a few hundred rows, so it never needs
the claims as pandas rows: this module takes the selection's key columns as an Arrow table
(read with the selection pushed down, see `store.read_keys`) and returns what the page shows,
the same for ten claims or a million:

* the three counts of the date rule (`query` explains it: in range, imprecise, undated);
* the tally of the claims the charts count — one row per claimant, claim type, month and
  whether it is dated, with a count — which every chart is drawn from (`charts` accepts a tally
  or a claims frame). With a range these are the claims in range; without one every claim is in
  scope, the undated ones too (`counted`), and the charts show which part is undated;
* the first rows of each group in report order (date, then id; undated by id), by id;
* the contested pairs (a response and the claim it answers) with a side in the selection, in
  the responses' id order.

The date rule itself is `daterule`'s, which holds its pandas, Arrow and Parquet forms side by
side (`query.select` uses the pandas one, for the CLI and exports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claimbook.claims.daterule import GROUPS, arrow_codes

KEY_COLUMNS = ("claim_id", "claimant", "claim_type", "date_start", "date_end")
TALLY_COLUMNS = ("claimant", "claim_type", "month", "quarter", "year", "dated", "claims")
MAX_ROWS = 200  # of each group's table on the page
MAX_PAIRS = 50
# A timeline draws at most this many years (one bar per month up to ten years, else per year):
# claims dated 0001-01-01 and 9999-12-31, both valid, would make a chart of 10,000 bars
# (minutes, gigabytes). The drawn years are where most claims are; those outside are named.
MAX_TIMELINE_YEARS = 30
MAX_NAMED = 10  # claims outside the drawn years named under the axis; the count covers the rest


@dataclass(frozen=True)
class Summary:
    """A report's figures, tally, first rows and pairs: small at any table size."""

    counts: dict[str, int]
    tally: pd.DataFrame
    firsts: dict[str, pd.Series] = field(repr=False)
    pairs: pd.DataFrame = field(repr=False)
    pairs_total: int = 0
    span: tuple[date | None, date | None] = (None, None)  # of the claims in range
    open_range: bool = False  # no start and no end: every claim is in scope, undated ones too
    # claims in range dated to a month or day outside the timeline's drawn years: how many,
    # and the first MAX_NAMED as (claim_id, date) in date order
    outside: tuple[int, tuple[tuple[str, str], ...]] = (0, ())
    # contested pairs a side of which is in the selection but neither in range nor imprecise
    # (both undated, or undated and out of range): a report with a range leaves them out
    pairs_left_out: int = 0

    def bounds(self, start: date | None, end: date | None) -> tuple[date | None, date | None]:
        """A timeline's range: the report's, or where it is open, its claims' (a tally knows
        only months, so a claim dated to a year would not widen it)."""
        return (start or self.span[0], end or self.span[1])

    def shown_ids(self) -> pd.Series:
        """Every claim the page shows: the first rows of each table and both sides of each pair."""
        parts = [*self.firsts.values(), self.pairs["claim_id"], self.pairs["responds_to"]]
        return pd.concat(parts, ignore_index=True).drop_duplicates().reset_index(drop=True)


def keys_of(claims: pd.DataFrame) -> pa.Table:
    """KEY_COLUMNS of a typed claims frame (`store.typed_claims`) as Arrow text and date32."""
    columns = {}
    for c in KEY_COLUMNS:
        if c in ("date_start", "date_end"):
            values = pa.array(claims[c].astype("datetime64[s]"), from_pandas=True)
            columns[c] = values.cast(pa.date32())
        else:
            columns[c] = pa.array(claims[c].astype("string"), from_pandas=True).cast(pa.string())
    return pa.table(columns)


def group_codes(keys: pa.Table, start: date | None, end: date | None) -> np.ndarray:
    """Each row's group as its index in `query.GROUPS`; -1 for a date wholly outside the range."""
    return arrow_codes(keys["date_start"], keys["date_end"], start, end)


def months(keys: pa.Table) -> pa.Array:
    """The first day of the month of each claim whose date lies within one month (day or month
    precision); null for a quarter, a year or no date — those have no bar on a timeline."""
    ds, de = keys["date_start"], keys["date_end"]
    same = pc.and_(pc.equal(pc.year(ds), pc.year(de)), pc.equal(pc.month(ds), pc.month(de)))
    first = pc.floor_temporal(ds, unit="month")
    return pc.if_else(same, first, pa.scalar(None, first.type))


def coarse(keys: pa.Table) -> tuple[pa.Array, pa.Array]:
    """The first day of the quarter of each claim whose date lies within one quarter but not
    one month, and of the year of each within one year but not one quarter (null otherwise):
    where a timeline by quarter or by year places the claims a monthly one cannot."""
    ds, de = keys["date_start"], keys["date_end"]
    year = pc.equal(pc.year(ds), pc.year(de))
    quarter = pc.and_(year, pc.equal(pc.quarter(ds), pc.quarter(de)))
    month = pc.and_(quarter, pc.equal(pc.month(ds), pc.month(de)))
    in_quarter = pc.floor_temporal(ds, unit="quarter")
    in_year = pc.floor_temporal(ds, unit="year")
    return (pc.if_else(pc.and_(quarter, pc.invert(month)), in_quarter,
                       pa.scalar(None, in_quarter.type)),
            pc.if_else(pc.and_(year, pc.invert(quarter)), in_year, pa.scalar(None, in_year.type)))


def tally(keys: pa.Table) -> pd.DataFrame:
    """Claims per claimant, claim type, month (see `months`), quarter and year (see `coarse`)
    and whether dated, as TALLY_COLUMNS."""
    if keys.num_rows == 0:
        return empty_tally()
    quarter, year = coarse(keys)
    tbl = pa.table({"claimant": pc.cast(keys["claimant"], pa.string()),
                    "claim_type": pc.cast(keys["claim_type"], pa.string()),
                    "month": pc.cast(months(keys), pa.timestamp("s")),
                    "quarter": pc.cast(quarter, pa.timestamp("s")),
                    "year": pc.cast(year, pa.timestamp("s")),
                    "dated": pc.is_valid(keys["date_start"])})
    by = ["claimant", "claim_type", "month", "quarter", "year", "dated"]
    counted = tbl.group_by(by, use_threads=False).aggregate([([], "count_all")])
    df = counted.rename_columns([*by, "claims"]).to_pandas()
    df["claims"] = df["claims"].astype("int64")
    for column in ("month", "quarter", "year"):
        df[column] = df[column].astype("datetime64[s]")
    df["dated"] = df["dated"].astype(bool)
    return df.sort_values(by, ignore_index=True)[list(TALLY_COLUMNS)]


def timeline_window(monthly: pd.DataFrame, start: date | None, end: date | None,
                    max_years: int = MAX_TIMELINE_YEARS) -> tuple[date, date]:
    """The days a timeline draws, from the tally rows that have a month (`monthly`, not empty).

    The range, or where it is open the claims' months; if that spans more than `max_years`
    years, the run of at most `max_years` years holding most claims (the latest such run on a
    tie), trimmed to the years that have claims: a typo such as 0205-04 among dates of
    2019–2026 leaves the chart on 2019–2026 and is named under it (`outside_window`)."""
    month = monthly["month"]
    lo = start or month.min().date()
    hi = end or month.max().date()
    if hi.year - lo.year < max_years:
        return lo, hi
    inside = monthly[(month >= pd.Timestamp(lo.year, lo.month, 1)) & (month <= pd.Timestamp(hi))]
    if inside.empty:  # nothing to draw in the range: its last years, empty
        return max(lo, date(hi.year - max_years + 1, 1, 1)), hi
    per_year = inside.groupby(inside["month"].dt.year)["claims"].sum().sort_index()
    years, counts = per_year.index.to_numpy(), np.concatenate([[0], per_year.to_numpy().cumsum()])
    stop = np.searchsorted(years, years + max_years, side="left")  # each run's end (exclusive)
    totals = counts[stop] - counts[np.arange(len(years))]
    first = len(totals) - 1 - int(np.argmax(totals[::-1]))  # the latest of the densest runs
    y0, y1 = int(years[first]), int(years[stop[first] - 1])
    return max(lo, date(y0, 1, 1)), min(hi, date(y1, 12, 31))


def outside_window(keys: pa.Table, lo: date, hi: date, limit: int = MAX_NAMED
                   ) -> tuple[int, tuple[tuple[str, str], ...]]:
    """How many claims of `keys` dated to a month or day lie outside [lo, hi], and the first
    `limit` of them in date order as (claim_id, date)."""
    month = months(keys)
    first = pa.scalar(date(lo.year, lo.month, 1), pa.date32())
    out = pc.and_(pc.is_valid(month), pc.or_(pc.less(month, first),
                                             pc.greater(month, pa.scalar(hi, pa.date32()))))
    found = keys.filter(pc.fill_null(out, False))
    if found.num_rows > limit:
        found = found.take(pc.select_k_unstable(found, limit, sort_keys=_sort_keys("in_range")))
    found = found.take(pc.sort_indices(found, sort_keys=_sort_keys("in_range")))
    named = tuple((str(i), _date_text(s, e)) for i, s, e in zip(
        found["claim_id"].to_pylist(), found["date_start"].to_pylist(),
        found["date_end"].to_pylist(), strict=True))
    return int(pc.sum(pc.cast(pc.fill_null(out, False), pa.int64())).as_py() or 0), named


def _date_text(start: date, end: date) -> str:
    """A day or month as the table writes it: 0205-04-01, 0205-04."""
    return start.isoformat() if start == end else f"{start.year:04d}-{start.month:02d}"


def empty_tally() -> pd.DataFrame:
    return pd.DataFrame({"claimant": pd.Series([], dtype=str), "claim_type": pd.Series([], dtype=str),
                              "month": pd.Series([], dtype="datetime64[s]"),
                         "quarter": pd.Series([], dtype="datetime64[s]"),
                         "year": pd.Series([], dtype="datetime64[s]"),
                         "dated": pd.Series([], dtype=bool),
                         "claims": pd.Series([], dtype="int64")})


def _sort_keys(group: str) -> list[tuple[str, str]]:
    return ([("claim_id", "ascending")] if group == "undated"
            else [("date_start", "ascending"), ("claim_id", "ascending")])


def firsts(keys: pa.Table, codes: np.ndarray, limit: int = MAX_ROWS) -> dict[str, pd.Series]:
    """The ids of each group's first `limit` claims in report order."""
    out = {}
    for i, group in enumerate(GROUPS):
        part = keys.filter(pa.array(codes == i)).select(["claim_id", "date_start"])
        if part.num_rows > limit:
            part = part.take(pc.select_k_unstable(part, limit, sort_keys=_sort_keys(group)))
        part = part.take(pc.sort_indices(part, sort_keys=_sort_keys(group)))
        out[group] = pd.Series(part["claim_id"].to_pylist(), dtype=object, name="claim_id")
    return out


def report_order(keys: pa.Table, codes: np.ndarray) -> np.ndarray:
    """Row indices of every selected claim in report order: group, then date and id."""
    selected = np.flatnonzero(codes >= 0)
    tbl = pa.table({"group": pa.array(codes[selected]),
                    "date_start": keys["date_start"].take(pa.array(selected)),
                    "claim_id": keys["claim_id"].take(pa.array(selected))})
    order = pc.sort_indices(tbl, sort_keys=[("group", "ascending"), ("date_start", "ascending"),
                                             ("claim_id", "ascending")])
    return selected[order.to_numpy()]


def contested(responses: pa.Table, selected_ids: pa.Array | pa.ChunkedArray,
              limit: int = MAX_PAIRS) -> tuple[pd.DataFrame, int]:
    """The first `limit` responses (in id order) that answer, or are, a selected claim, and
    how many there are in all. `responses`: claim_id and responds_to of every answering claim."""
    if responses.num_rows == 0:
        return _no_pairs(), 0
    # hash the few ids of pairs, not the (maybe million) selected ones
    sides = pc.unique(pa.chunked_array([*responses["claim_id"].chunks,
                                        *responses["responds_to"].chunks], type=pa.string()))
    chosen = selected_ids.filter(pc.is_in(selected_ids, value_set=sides))
    touching = pc.or_(pc.is_in(responses["claim_id"], value_set=chosen),
                      pc.is_in(responses["responds_to"], value_set=chosen))
    pairs = responses.filter(touching)
    # in id order: the same pairs whatever order the table is stored in (Parquet sorts by date)
    pairs = pairs.take(pc.sort_indices(pairs, sort_keys=[("claim_id", "ascending")]))
    first = pairs.slice(0, limit)
    frame = pd.DataFrame({c: pd.Series(first[c].to_pylist(), dtype=object)
                          for c in ("claim_id", "responds_to")})
    return frame, pairs.num_rows


def _no_pairs() -> pd.DataFrame:
    return pd.DataFrame({"claim_id": [], "responds_to": []}, dtype=object)


def counted(codes: np.ndarray, start: date | None, end: date | None) -> np.ndarray:
    """Which claims the charts count: those in range; without a range, every claim (a report
    of all dates has nothing out of range, and its undated claims are half the picture)."""
    return codes >= 0 if start is None and end is None else codes == 0


def in_report(codes: np.ndarray, start: date | None, end: date | None) -> np.ndarray:
    """Which claims a contested pair needs on one side to appear: in range or imprecise; in a
    report of all dates, any claim. An undated denial alone does not bring an April claim
    into a January report."""
    return codes >= 0 if start is None and end is None else (codes == 0) | (codes == 1)


def group_counts(codes: np.ndarray) -> dict[str, int]:
    """How many claims each of the three groups holds (`GROUPS` order); out of range is none."""
    return {g: int((codes == i).sum()) for i, g in enumerate(GROUPS)}


def headline(keys: pa.Table, codes: np.ndarray, mentions: pd.DataFrame | None = None, *,
             start: date | None, end: date | None) -> dict[str, int]:
    """The report's headline figures: the three groups, how many the charts count
    (`counted`), and the claimants, mentions and documents of those (`mentions`: claim_id,
    doc_id)."""
    counts = group_counts(codes)
    scope = counted(codes, start, end)
    counts["counted"] = int(scope.sum())
    in_range = keys.filter(pa.array(scope))
    counts["claimants"] = int(pc.count_distinct(in_range["claimant"]).as_py())
    counts["mentions"] = counts["documents"] = 0
    if mentions is not None and len(mentions):
        ids = pa.array(mentions["claim_id"].astype(str).to_numpy(dtype=object), type=pa.string())
        hit = pc.is_in(ids, value_set=in_range["claim_id"])
        hit = hit.to_numpy(zero_copy_only=False).astype(bool)
        counts["mentions"] = int(hit.sum())
        counts["documents"] = int(mentions.loc[hit, "doc_id"].nunique())
    return counts


def summarize(keys: pa.Table, start: date | None, end: date | None,
              responses: pa.Table | None = None, mentions: pd.DataFrame | None = None,
              limit: int = MAX_ROWS, max_pairs: int = MAX_PAIRS) -> Summary:
    """Everything a report shows of the selected claims whose KEY_COLUMNS are `keys` (already
    filtered by claimant, type and topic); `responses` as `store.read_responses` gives them."""
    codes = group_codes(keys, start, end)
    in_range = keys.filter(pa.array(codes == 0))
    table = tally(keys.filter(pa.array(counted(codes, start, end))))
    span = (pc.min(in_range["date_start"]).as_py(), pc.max(in_range["date_end"]).as_py())
    sides = keys["claim_id"].filter(pa.array(in_report(codes, start, end)))
    pairs, total = (contested(responses, sides, max_pairs)
                    if responses is not None else (_no_pairs(), 0))
    left_out = 0
    if responses is not None and not (start is None and end is None):
        left_out = contested(responses, keys["claim_id"].filter(pa.array(codes >= 0)), 0)[1] - total
    monthly = table[table["month"].notna()]
    outside = (outside_window(in_range, *timeline_window(monthly, start or span[0], end or span[1]))
               if len(monthly) else (0, ()))
    return Summary(headline(keys, codes, mentions, start=start, end=end), table,
                   firsts(keys, codes, limit), pairs, total, span, start is None and end is None,
                   outside, left_out)
