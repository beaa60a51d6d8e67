"""The date rule users rely on: each claim is in range, imprecise, undated, or (wholly outside) none.

Built on small hand-made claim tables typed by store.typed_claims, so each edge case is explicit.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from claimbook import store
from claimbook.claims import query
from places import ROOT

COLUMNS = ("claim_id", "claim", "claimant", "claimant_type", "claim_type", "date", "topic",
           "responds_to", "notes", "claimant_country")

JULY = (date(2025, 7, 1), date(2025, 7, 31))


def claims_frame(*rows: dict[str, str]) -> pd.DataFrame:
    """A typed claims table from a few rows of text; unspecified cells get plausible defaults."""
    records = []
    for i, row in enumerate(rows, start=1):
        base = {c: "" for c in COLUMNS}
        base.update(claim_id=f"T{i:03d}", claim=f"claim {i}", claimant="Someone",
                    claimant_type="government", claim_type="statement", topic="neutrality")
        base.update(row)
        records.append(base)
    return store.typed_claims(pd.DataFrame(records, columns=list(COLUMNS), dtype=str))


def group_of(sel: query.Selection, claim_id: str) -> str | None:
    """The single group a claim landed in (None if in no group); fails if it is in two."""
    groups = [g for g in query.GROUPS if claim_id in set(getattr(sel, g)["claim_id"])]
    assert len(groups) <= 1, f"{claim_id} is in {groups}"
    return groups[0] if groups else None


def dated(text: str) -> pd.DataFrame:
    return claims_frame({"claim_id": "X", "date": text})


@pytest.mark.parametrize(
    ("claim_date", "start", "end", "expected"),
    [
        ("2025-07", date(2025, 7, 1), date(2025, 7, 31), "in_range"),
        ("2025-07", date(2025, 7, 15), date(2025, 8, 31), "imprecise"),
        ("2025-07", date(2025, 7, 1), date(2025, 7, 30), "imprecise"),
        ("2025-07", date(2025, 1, 1), date(2025, 12, 31), "in_range"),
        ("2025", date(2025, 7, 1), date(2025, 7, 31), "imprecise"),
        ("2025-Q3", date(2025, 7, 1), date(2025, 7, 31), "imprecise"),
        ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30), "in_range"),
        ("2025-07-01", date(2025, 7, 1), date(2025, 7, 31), "in_range"),  # on the start day
        ("2025-07-31", date(2025, 7, 1), date(2025, 7, 31), "in_range"),  # on the end day
        ("2025-06-30", date(2025, 7, 1), date(2025, 7, 31), None),  # the day before
        ("2025-08-01", date(2025, 7, 1), date(2025, 7, 31), None),  # the day after
        ("2025-06", date(2025, 7, 1), date(2025, 7, 31), None),
        ("2024", date(2025, 7, 1), date(2025, 7, 31), None),
        ("2025-06", date(2025, 6, 30), date(2025, 6, 30), "imprecise"),  # overlap of one day
    ],
)
def test_date_rule(claim_date: str, start: date, end: date, expected: str | None) -> None:
    """Inside -> in range; overlapping but not inside -> imprecise; wholly outside -> no group."""
    assert group_of(query.select(dated(claim_date), start, end), "X") == expected


@pytest.mark.parametrize(
    ("start", "end"),
    [JULY, (None, None), (date(2025, 7, 1), None), (None, date(2025, 7, 31)),
     (date(1990, 1, 1), date(1990, 1, 1))],
)
def test_undated_is_always_listed(start: date | None, end: date | None) -> None:
    """Undated claims are never dropped and never counted, whatever the range."""
    sel = query.select(dated(""), start, end)
    assert group_of(sel, "X") == "undated"
    assert sel.counts() == {"in_range": 0, "imprecise": 0, "undated": 1}


def test_open_bounds_put_every_dated_claim_in_range() -> None:
    claims = claims_frame({"date": "2019"}, {"date": "2025-07-14"}, {"date": "2031-Q2"}, {"date": ""})
    sel = query.select(claims, None, None)
    assert sel.counts() == {"in_range": 3, "imprecise": 0, "undated": 1}


def test_half_open_bounds() -> None:
    claims = claims_frame({"claim_id": "old", "date": "2019"}, {"claim_id": "new", "date": "2031"},
                          {"claim_id": "edge", "date": "2025"})
    up_to = query.select(claims, None, date(2025, 6, 30))
    assert [group_of(up_to, c) for c in ("old", "new", "edge")] == ["in_range", None, "imprecise"]
    since = query.select(claims, date(2025, 6, 30), None)
    assert [group_of(since, c) for c in ("old", "new", "edge")] == [None, "in_range", "imprecise"]


def test_open_bounds_keep_extreme_years() -> None:
    """A typo like 2925 (or a historical date) must still be listed, not silently dropped."""
    claims = claims_frame({"claim_id": "past", "date": "1500"}, {"claim_id": "typo", "date": "2925"})
    sel = query.select(claims, None, None)
    assert (group_of(sel, "past"), group_of(sel, "typo")) == ("in_range", "in_range")


def mixed_claims() -> pd.DataFrame:
    """Two claimants x (in range, imprecise, undated) for July 2025, with distinct types/topics."""
    rows = []
    for who, ctype, topic in [("A", "allegation", "mercenaries"), ("B", "denial", "neutrality")]:
        for tag, when in [("in", "2025-07-14"), ("imp", "2025"), ("und", "")]:
            rows.append({"claim_id": f"{who}_{tag}", "claimant": who, "claim_type": ctype,
                         "topic": topic, "date": when})
    return claims_frame(*rows)


@pytest.mark.parametrize(
    "filters",
    [{"claimants": ["A"]}, {"claim_types": ["allegation"]}, {"topics": ["mercenaries"]}],
)
def test_filters_apply_to_all_three_groups(filters: dict[str, list[str]]) -> None:
    """A filtered report must not leak other claimants' imprecise or undated claims."""
    sel = query.select(mixed_claims(), *JULY, **filters)
    assert sel.counts() == {"in_range": 1, "imprecise": 1, "undated": 1}
    for g in query.GROUPS:
        assert set(getattr(sel, g)["claimant"]) == {"A"}, g


def test_filters_combine() -> None:
    sel = query.select(mixed_claims(), *JULY, claimants=["A"], claim_types=["denial"])
    assert sel.counts() == {"in_range": 0, "imprecise": 0, "undated": 0}


def test_topic_filter_skips_claims_without_topic() -> None:
    claims = claims_frame({"claim_id": "none", "topic": "", "date": "2025-07-02"},
                          {"claim_id": "merc", "topic": "mercenaries", "date": "2025-07-02"})
    sel = query.select(claims, *JULY, topics=["mercenaries"])
    assert list(sel.in_range["claim_id"]) == ["merc"]


def test_all_has_group_column_in_group_order() -> None:
    sel = query.select(mixed_claims(), *JULY)
    rows = sel.all()
    assert list(rows["group"]) == ["in_range"] * 2 + ["imprecise"] * 2 + ["undated"] * 2
    assert sel.headline().startswith("2 claims in range · 2 imprecise")
    assert "2 undated" in sel.headline()


# --- the real data --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_claims() -> pd.DataFrame:
    return store.load(ROOT / "data").claims


def test_real_data_april_to_august(real_claims: pd.DataFrame) -> None:
    sel = query.select(real_claims, date(2025, 4, 1), date(2025, 8, 31))
    assert sel.counts() == {"in_range": 5, "imprecise": 0, "undated": 17}


@pytest.mark.parametrize(
    ("start", "end"),
    [JULY, (date(2025, 7, 15), date(2025, 8, 15)), (None, None), (date(2030, 1, 1), None)],
)
def test_real_data_groups_are_disjoint(real_claims: pd.DataFrame, start: date | None,
                                       end: date | None) -> None:
    """No claim is counted twice, and every undated claim is always listed."""
    sel = query.select(real_claims, start, end)
    ids = [cid for g in query.GROUPS for cid in getattr(sel, g)["claim_id"]]
    assert len(ids) == len(set(ids))
    assert sel.counts()["undated"] == int(real_claims["date_start"].isna().sum()) == 17


@pytest.mark.parametrize(("start", "end", "days"), [
    ("2025-04", "2025-07", (date(2025, 4, 1), date(2025, 7, 31))),
    ("2025", "2025-Q2", (date(2025, 1, 1), date(2025, 6, 30))),
    ("2025-07-14", "2025-07-14", (date(2025, 7, 14), date(2025, 7, 14))),
    ("", "2025-04", (None, date(2025, 4, 30))),
])
def test_text_bounds_read_as_the_command_line_reads_them(
        real_claims: pd.DataFrame, start: str, end: str, days: tuple) -> None:
    """`end="2025-07"` is the last day of July, as `--end 2025-07` (it was read as 1 July: the
    claim dated 2025-07 was imprecise instead of in range)."""
    by_text = query.select(real_claims, start=start, end=end)
    assert (by_text.start, by_text.end) == days
    assert by_text.counts() == query.select(real_claims, *days).counts()
    if (start, end) == ("2025-04", "2025-07"):
        assert by_text.counts() == {"in_range": 4, "imprecise": 0, "undated": 17}
