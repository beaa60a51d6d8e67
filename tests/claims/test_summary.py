"""A report's summary (Arrow, key columns only) says what `query.select` says on the full frame.

The summary is what keeps a million-claim report small; these tests hold it to the date rule
and the report order users already rely on, on random tables as well as on the seed.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from claimbook import store
from claimbook.claims import query, summary
from claimbook.report import charts

TYPES = ["denial", "statement", "allegation"]


def claims_frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """(claimant, claim_type, date, responds_to) rows as a typed claims table."""
    raw = pd.DataFrame([{
        "claim_id": f"K{i:03d}", "claim": f"claim {i}", "claimant": who,
        "claimant_type": "government", "claim_type": kind, "date": when, "claimant_country": "",
        "topic": "", "responds_to": answers, "notes": ""}
        for i, (who, kind, when, answers) in enumerate(rows)], dtype=str)
    return store.typed_claims(raw)


def partial_dates() -> st.SearchStrategy[str]:
    day = st.dates(date(2024, 1, 1), date(2026, 12, 31))
    return st.one_of(
        st.just(""),
        day.map(date.isoformat),
        day.map(lambda d: d.strftime("%Y-%m")),
        day.map(lambda d: f"{d.year}-Q{(d.month - 1) // 3 + 1}"),
        day.map(lambda d: str(d.year)),
    )


rows = st.lists(st.tuples(st.sampled_from(["A", "B", "C"]), st.sampled_from(TYPES),
                          partial_dates(), st.just("")), max_size=30)
bounds = st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2026, 12, 31)))


@given(rows=rows, start=bounds, length=st.integers(0, 500), open_end=st.booleans(),
       limit=st.integers(1, 5))
def test_summary_agrees_with_the_date_rule(rows: list, start: date | None, length: int,
                                           open_end: bool, limit: int) -> None:
    frame = claims_frame(rows)
    end = None if open_end or start is None else start + timedelta(days=length)
    sel = query.select(frame, start, end)
    found = summary.summarize(summary.keys_of(frame), start, end, limit=limit)
    assert {g: found.counts[g] for g in query.GROUPS} == sel.counts()
    for g in query.GROUPS:  # the same first rows, in the same order
        assert list(found.firsts[g]) == list(getattr(sel, g)["claim_id"].iloc[:limit])
    # with a range the charts count the claims in range; without one, every claim
    counted = sel.in_range if start or end else pd.concat([sel.in_range, sel.undated])
    assert found.counts["claimants"] == counted["claimant"].nunique()
    assert found.counts["counted"] == found.tally["claims"].sum() == len(counted)


@given(rows=rows, start=bounds, open_end=st.booleans())
def test_report_order_is_the_selection_in_group_then_date_order(rows: list, start: date | None,
                                                                open_end: bool) -> None:
    frame = claims_frame(rows)
    end = None if open_end or start is None else start + timedelta(days=90)
    keys = summary.keys_of(frame)
    codes = summary.group_codes(keys, start, end)
    order = summary.report_order(keys, codes)
    expected = query.select(frame, start, end).all()
    assert keys["claim_id"].take(order).to_pylist() == list(expected["claim_id"])
    assert [query.GROUPS[c] for c in codes[order]] == list(expected["group"])


def test_tally_counts_by_claimant_type_and_month() -> None:
    frame = claims_frame([("A", "denial", "2025-04-03", ""), ("A", "denial", "2025-04", ""),
                          ("A", "statement", "2025-Q2", ""), ("B", "denial", "2025", ""),
                          ("B", "denial", "", "")])
    tally = summary.tally(summary.keys_of(frame))
    got = {(r.claimant, r.claim_type, None if pd.isna(r.month) else r.month.strftime("%Y-%m"),
            r.dated): r.claims for r in tally.itertuples()}
    # a quarter or a year has no month; an undated claim has no date at all, and says so
    assert got == {("A", "denial", "2025-04", True): 2, ("A", "statement", None, True): 1,
                   ("B", "denial", None, True): 1, ("B", "denial", None, False): 1}


def test_contested_pairs_with_a_side_in_the_selection() -> None:
    frame = claims_frame([("A", "statement", "2025-04", ""), ("B", "denial", "2025-05", "K000"),
                          ("C", "denial", "2025-09", "K000"), ("C", "denial", "2025-09", "K002")])
    responses = pa.table({"claim_id": ["K001", "K002", "K003"],
                          "responds_to": ["K000", "K000", "K002"]})
    april_may = summary.keys_of(frame.iloc[[0, 1]])
    found = summary.summarize(april_may, date(2025, 4, 1), date(2025, 5, 31), responses)
    # K001 answers K000, both selected; K002 (September) answers K000; K003 touches neither
    assert list(found.pairs["claim_id"]) == ["K001", "K002"] and found.pairs_total == 2
    assert set(found.shown_ids()) == {"K000", "K001", "K002"}
    capped = summary.summarize(april_may, None, None, responses, max_pairs=1)
    assert len(capped.pairs) == 1 and capped.pairs_total == 2


def test_charts_from_a_tally_are_the_charts_of_the_claims(shipped_data) -> None:  # noqa: ANN001
    """The report draws from the tally; an analyst in JupyterLab passes the frame: same SVG."""
    seed = store.load(shipped_data)
    tally = summary.tally(summary.keys_of(seed.claims[seed.claims["date_start"].notna()]))
    dated = seed.claims[seed.claims["date_start"].notna()]
    for make in (charts.by_claimant, charts.by_type, charts.matrix, charts.timeline):
        assert charts.to_svg(make(tally)) == charts.to_svg(make(dated))


def test_seed_summary_reads_from_the_data_folder(shipped_data) -> None:  # noqa: ANN001
    keys = store.read_keys(shipped_data, date(2025, 4, 1), date(2025, 8, 31))
    mentions, _ = store.read_mentions_documents(shipped_data)
    found = summary.summarize(keys, date(2025, 4, 1), date(2025, 8, 31),
                              store.read_responses(shipped_data), mentions)
    assert found.counts == {"in_range": 5, "imprecise": 0, "undated": 17, "counted": 5,
                            "claimants": 4, "mentions": 7, "documents": 1}
    assert found.pairs_total == 3  # C017 -> C016: both undated, neither in the range


def test_open_range_timeline_spans_claims_dated_to_a_year(tmp_path) -> None:  # noqa: ANN001
    """A claim dated only to 2020 widens an open timeline to 2020, from a frame or a report."""
    frame = claims_frame([("A", "denial", "2020", ""), ("A", "denial", "2025-04", ""),
                          ("B", "statement", "2026-Q4", "")])
    found = summary.summarize(summary.keys_of(frame), None, None)
    assert found.span == (date(2020, 1, 1), date(2026, 12, 31))
    from_frame = charts.timeline(frame)
    from_tally = charts.timeline(found.tally, *found.bounds(None, None))
    assert charts.to_svg(from_frame) == charts.to_svg(from_tally)
    years = [t.get_text() for t in from_frame.axes[0].get_xticklabels()]
    drawn = " ".join(t.get_text() for t in from_frame.axes[0].texts)  # the breaks name theirs
    assert "2020" in (years[0] or drawn) and "2026" in (years[-1] or drawn)


def test_pairs_are_in_response_id_order_whatever_the_stored_order() -> None:
    responses = pa.table({"claim_id": ["K009", "K002", "K005"],
                          "responds_to": ["K001", "K001", "K001"]})
    keys = summary.keys_of(claims_frame([("A", "statement", "2025-04", "")] * 2))
    found = summary.summarize(keys, None, None, responses)
    assert list(found.pairs["claim_id"]) == ["K002", "K005", "K009"]
