"""A report shows the whole picture, honestly labelled: without a range every claim is counted
(the undated part drawn hatched and named), with a range only the claims in range are, contested
pairs need a side in the report, and an empty selection is one short page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from claimbook import store
from claimbook.claims import summary
from claimbook.claims.daterule import headline_words
from claimbook.report import charts
from places import DATA


def seed_summary(start: date | None, end: date | None) -> summary.Summary:
    keys = store.read_keys(DATA, start, end)
    mentions, _ = store.read_mentions_documents(DATA)
    return summary.summarize(keys, start, end, store.read_responses(DATA), mentions)


def test_all_dates_charts_count_the_undated_claims_of_both_sides() -> None:
    found = seed_summary(None, None)
    assert found.counts["counted"] == found.tally["claims"].sum() == 22
    counted = set(found.tally["claimant"])
    assert {"Chinese government", "China Foreign Ministry"} <= counted  # the other side too
    svg = charts.to_svg(charts.by_claimant(found.tally, "All claims"))
    assert "undated (hatched)" in svg and "4 (4 undated)" in svg
    timeline = charts.to_svg(charts.timeline(found.tally, *found.bounds(None, None)))
    assert "17 undated claims" in timeline


def test_headline_fits_the_case() -> None:
    assert headline_words(seed_summary(None, None).counts, None, None) == (
        "22 claims: 5 dated, 17 undated.")
    july = seed_summary(date(2025, 7, 1), date(2025, 7, 31))
    assert headline_words(july.counts, date(2025, 7, 1), date(2025, 7, 31)) == (
        "1 claim in range, 0 imprecise and 17 undated.")
    assert july.tally["claims"].sum() == 1  # with a range, only the claims in range count


def test_a_period_report_shows_a_pair_only_with_a_side_in_it() -> None:
    """January and September have no April allegation: the undated denials alone bring none."""
    for month in (1, 9):
        found = seed_summary(date(2025, month, 1), date(2025, month, 28))
        assert found.pairs_total == 0 and found.pairs.empty
    april = seed_summary(date(2025, 4, 1), date(2025, 4, 30))
    assert set(april.pairs["responds_to"]) == {"C008", "C013"}


@pytest.mark.slow
def test_an_empty_month_is_one_short_page_without_chart_frames(seed_reports: Path) -> None:
    printed = (seed_reports.parent / "empty-month.out").read_text(encoding="utf-8")
    assert "0 claims in range, 0 imprecise and 17 undated." in printed
    folder = seed_reports / "2025-01"
    soup = BeautifulSoup((folder / "report.html").read_text(encoding="utf-8"), "html.parser")
    assert not soup.select("figure.chart") and not soup.select("table.claims")
    assert "Nothing dated in this selection" in soup.get_text()
    assert "17 undated claims" in soup.get_text()
    assert soup.select_one(".undated-pointer a")["href"] == "../all-dates/report.html"
    assert len(PdfReader(folder / "report.pdf").pages) <= 2


@pytest.mark.slow
def test_the_all_dates_report_says_what_is_undated(seed_reports: Path) -> None:
    printed = (seed_reports.parent / "all-dates.out").read_text(encoding="utf-8")
    assert "22 claims: 5 dated, 17 undated." in printed
    soup = BeautifulSoup((seed_reports / "all-dates" / "report.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert soup.select_one(".headline").get_text() == "22 claims: 5 dated, 17 undated."
    charts = soup.select("figure.chart")
    assert len(charts) == 5  # by claimant, by type, per month, claimant x type, by publisher
    assert "undated (hatched)" in str(charts[0])
    assert "All claims by publisher" in str(charts[4]) and "undated (hatched)" in str(charts[4])
    assert "in range" not in soup.select_one(".report-header").get_text()
