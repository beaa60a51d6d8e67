"""The date rule (in range / imprecise / undated, and "overlaps the range") agrees in every form
it is written in: on a pandas frame (`query.select`, CSV tables), on Arrow key columns
(`summary.group_codes`), and as a Parquet filter (`store` reading a real Parquet file) — on
random tables of partial dates of every precision and undated claims, for random ranges with
open or closed ends, years 0001 to 9999 included."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from claimbook import store
from claimbook.claims import daterule, query, schema, summary
from claimbook.claims.dates import parse_partial_date
from claimbook.store import parquet
from claimbook.store.write import replace_all, write_tables

# few years, so that dates and range ends meet at their edges; the extremes of the format too
YEARS = st.sampled_from([2024, 2025, 2026]) | st.sampled_from([1, 1899, 9999]) | st.integers(1, 9999)


@st.composite
def partial_dates(draw: st.DrawFn) -> str:
    """'' (undated) or a date of year, quarter, month or day precision."""
    year = draw(YEARS)
    kind = draw(st.sampled_from(["none", "year", "quarter", "month", "day"]))
    if kind == "none":
        return ""
    if kind == "year":
        return f"{year:04d}"
    if kind == "quarter":
        return f"{year:04d}-Q{draw(st.integers(1, 4))}"
    month = draw(st.integers(1, 12))
    if kind == "month":
        return f"{year:04d}-{month:02d}"
    day = draw(st.integers(1, 28 if month == 2 else 30))
    return f"{year:04d}-{month:02d}-{day:02d}"


@st.composite
def tables_and_ranges(draw: st.DrawFn, min_size: int = 0, max_size: int = 30
                      ) -> tuple[list[str], date | None, date | None]:
    """A table's dates, and a report's range: each end open (None) or a day, often the first
    or last day of one of the table's dates (where the rule's comparisons are decided);
    start ≤ end."""
    dates = draw(st.lists(partial_dates(), min_size=min_size, max_size=max_size))
    edges = [d for text in dates if text for d in (parse_partial_date(text).start,
                                                   parse_partial_date(text).end)]

    def day() -> date:
        if edges and draw(st.booleans()):
            return draw(st.sampled_from(edges))
        return date(draw(YEARS), draw(st.integers(1, 12)), draw(st.integers(1, 28)))

    start = draw(st.none() | st.builds(day))
    end = draw(st.none() | st.builds(day))
    if start and end and start > end:
        start, end = end, start
    return dates, start, end


def claims_frame(dates: list[str]) -> pd.DataFrame:
    """A valid claims table (text) with these dates, each claim provenanced by a URL."""
    n = len(dates)
    return pd.DataFrame({"claim_id": [f"C{i:04d}" for i in range(n)],
                         "claim": ["A claim."] * n, "claimant": ["Ministry"] * n,
                         "claimant_type": ["government"] * n, "claim_type": ["allegation"] * n,
                         "date": dates, "url": ["https://example.org/a"] * n}, dtype=str)


def frame_groups(typed: pd.DataFrame, start: date | None, end: date | None) -> dict[str, int]:
    inside, overlaps, dated = daterule.frame_masks(typed["date_start"], typed["date_end"],
                                                   start, end)
    codes = np.select([~dated.to_numpy(), inside.to_numpy(), overlaps.to_numpy()], [2, 0, 1], -1)
    return dict(zip(typed["claim_id"], codes.tolist(), strict=True))


@given(tables_and_ranges())
def test_pandas_arrow_and_query_agree_on_every_group(
        case: tuple[list[str], date | None, date | None]) -> None:
    dates, start, end = case
    typed = store.typed_claims(claims_frame(dates))
    pandas_codes = frame_groups(typed, start, end)
    keys = summary.keys_of(typed)
    arrow_codes = dict(zip(keys["claim_id"].to_pylist(),
                           summary.group_codes(keys, start, end).tolist(), strict=True))
    assert arrow_codes == pandas_codes
    sel = query.select(typed, start, end)
    by_query = {cid: daterule.GROUPS.index(g) for g in daterule.GROUPS
                for cid in getattr(sel, g)["claim_id"]}
    assert by_query == {cid: c for cid, c in pandas_codes.items() if c >= 0}
    listed = daterule.frame_listed(typed["date_start"], typed["date_end"], start, end)
    assert set(typed.loc[listed.to_numpy(), "claim_id"]) == set(by_query)


@given(tables_and_ranges())
def test_the_parquet_filter_reads_exactly_the_listed_claims(
        case: tuple[list[str], date | None, date | None]) -> None:
    dates, start, end = case
    text = claims_frame(dates)
    typed = store.typed_claims(text)
    expected = {cid for cid, c in frame_groups(typed, start, end).items() if c >= 0}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.parquet"
        write_tables({path: (text, schema.CLAIMS)})
        read = parquet.read_arrow(path, ["claim_id"], daterule.parquet_listed(start, end))
    assert set(read["claim_id"].to_pylist()) == expected


@given(tables_and_ranges(min_size=1, max_size=20))
def test_a_report_reads_the_same_claims_from_csv_and_parquet(
        case: tuple[list[str], date | None, date | None]) -> None:
    """Through the store as a report reads it (`read_keys`: validation, then the filter pushed
    down into the Parquet file, or the CSV read whole and the rule applied in memory)."""
    dates, start, end = case
    text = claims_frame(dates)
    typed = store.typed_claims(text)
    expected = frame_groups(typed, start, end)
    found = {}
    for fmt in ("csv", "parquet"):
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp)
            replace_all({data / t.filename: ",".join(t.names) + "\n"
                         for t in (schema.DOCUMENTS, schema.MENTIONS)})
            write_tables({store.path_for(data, schema.CLAIMS, fmt): (text, schema.CLAIMS)})
            keys = store.read_keys(data, start, end)
            found[fmt] = dict(zip(keys["claim_id"].to_pylist(),
                                  summary.group_codes(keys, start, end).tolist(), strict=True))
    assert found["csv"] == found["parquet"] == {c: g for c, g in expected.items() if g >= 0}
