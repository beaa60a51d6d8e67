"""The timeline chooses its bin (month, quarter, year) from the span it draws and says it in its
title, its tick labels never overlap whatever the span, and a long run of empty bins is drawn as
one named break, not as a row of empty years; checked on the figure object and on the SVG it
renders (text stays text there). The claims are invented."""

from __future__ import annotations

import re
from itertools import pairwise

import pandas as pd
import pytest

from claimbook.report import charts
from claimbook.store import typed_claims


def claims(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    raw = pd.DataFrame([{
        "claim_id": f"C{i}", "claim": "c", "claimant": who, "claimant_type": "government",
        "claim_type": t, "date": d, "claimant_country": "", "topic": "", "responds_to": "",
        "notes": ""} for i, (who, t, d) in enumerate(rows)], dtype=str)
    return typed_claims(raw)


def monthly(first: str, last: str) -> pd.DataFrame:
    """A claim in every month from `first` to `last`."""
    months = pd.period_range(first, last, freq="M")
    return claims([("A", "denial", str(m)) for m in months])


def tick_boxes(fig) -> list:  # noqa: ANN001
    fig.draw_without_rendering()
    return [t.get_window_extent() for t in fig.axes[0].get_xticklabels() if t.get_text()]


def svg_texts(fig) -> list[str]:  # noqa: ANN001
    """The text of the rendered SVG (svg.fonttype none: each label is a <text> element)."""
    return [re.sub(r"\s+", " ", t) for t in re.findall(r"<text[^>]*>(.*?)</text>",
                                                        charts.to_svg(fig), re.S)]


@pytest.mark.parametrize(("first", "last", "word"), [
    ("2025-01", "2025-12", "month"), ("2023-01", "2025-12", "month"),
    ("2019-01", "2025-12", "quarter"), ("2005-01", "2026-06", "year")])
def test_the_bin_follows_the_span_and_the_title_says_it(first: str, last: str, word: str) -> None:
    fig = monthly(first, last).pipe(charts.timeline)
    title = fig.axes[0].get_title("left")
    assert title == f"Dated claims per {word}, stacked by claim type"
    assert f"Dated claims per {word}, stacked by claim type" in svg_texts(fig)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert labels[0].endswith(first[:4]) and last[:4] >= labels[-1][-4:] >= first[:4]


@pytest.mark.parametrize("years", [1, 2, 3, 5, 8, 10, 11, 15, 22, 30])
def test_tick_labels_never_overlap(years: int) -> None:
    fig = charts.timeline(monthly("2000-01", f"{1999 + years}-12"))
    boxes = tick_boxes(fig)
    assert len(boxes) >= 2
    assert all(a.x1 <= b.x0 for a, b in pairwise(boxes)), "two tick labels overlap"


def test_a_long_empty_stretch_is_one_break_not_empty_years() -> None:
    """The issue's sources: 2005-2007 and 2018-2026, nothing between (the chart drew 22 yearly
    slots, ten of them empty, with the year labels run together)."""
    rows = [("A", "allegation", f"{y}-0{m}") for y in (2005, 2006, 2007) for m in (1, 5)]
    rows += [("B", "denial", f"{y}-{m:02d}") for y in range(2018, 2027) for m in (2, 7, 11)]
    fig = charts.timeline(claims(rows))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["2005", "2006", "2007", "", *map(str, range(2018, 2027))]
    assert len({round(p.get_x(), 3) for p in ax.patches}) == 12  # one bar a year with claims
    assert [t.get_text() for t in ax.texts] == ["no claims: 2008 – 2017"]
    assert "no claims: 2008 – 2017" in svg_texts(fig)
    boxes = tick_boxes(fig)
    assert all(a.x1 <= b.x0 for a, b in pairwise(boxes))


def test_a_short_empty_stretch_stays_as_empty_bins() -> None:
    """Fewer than MIN_BREAK empty bins are drawn as they are: a quiet quarter is information."""
    rows = [("A", "denial", m) for m in ("2025-01", "2025-02", "2025-06", "2025-07")]
    fig = charts.timeline(claims(rows))
    assert charts.MIN_BREAK > 3
    assert not fig.axes[0].texts
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_xticklabels()]
    assert labels[0] == "Jan 2025" and len(labels) <= 7


def test_a_range_given_with_nothing_before_its_claims_shows_the_range_as_a_break() -> None:
    fig = charts.timeline(claims([("A", "denial", "2025-11")]),
                          pd.Timestamp("2025-01-01").date(), pd.Timestamp("2025-12-31").date())
    assert [t.get_text() for t in fig.axes[0].texts] == ["no claims: Jan 2025 – Oct 2025"]
    assert "per month" in fig.axes[0].get_title("left")


def test_a_bin_as_coarse_as_a_claims_date_places_it() -> None:
    """By year, a claim dated "2014" has its bar; by quarter, one dated "2019-Q2"; by month
    neither has one, and both are counted under the axis."""
    rows = [("A", "denial", f"{y}-0{m}") for y in (2005, 2020) for m in (1, 6)]
    rows += [("B", "assessment", "2014"), ("B", "assessment", "2019-Q2")]
    by_year = charts.timeline(claims(rows))
    labels = [t.get_text() for t in by_year.axes[0].get_xticklabels()]
    heights = {lab: 0.0 for lab in labels}
    for p in by_year.axes[0].patches:
        heights[labels[round(p.get_x() + p.get_width() / 2)]] += p.get_height()
    assert heights["2014"] == 1 and heights["2019"] == 1 and heights["2020"] == 2
    assert not by_year.axes[0].get_xlabel()  # every dated claim is drawn
    by_month = charts.timeline(claims([("A", "denial", "2025-01"), ("A", "denial", "2025-06"),
                                       ("B", "assessment", "2025-Q2"), ("B", "assessment", "2025")]))
    assert "per month" in by_month.axes[0].get_title("left")
    assert by_month.axes[0].get_xlabel() == "not shown: 2 dated only to a quarter or year"
    quarters = claims([("A", "denial", f"{y}-0{m}") for y in (2018, 2022) for m in (1, 6)]
                      + [("B", "assessment", "2019-Q2"), ("B", "assessment", "2020")])
    fig = charts.timeline(quarters)
    assert "per quarter" in fig.axes[0].get_title("left")
    assert fig.axes[0].get_xlabel() == "not shown: 1 dated only to a year"
    assert sum(p.get_height() for p in fig.axes[0].patches) == 5  # four months and 2019-Q2
