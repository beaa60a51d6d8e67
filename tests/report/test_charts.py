"""Charts are pure: a claims frame in, a Figure out; one colour per claim type; empty is fine."""

from __future__ import annotations

import pandas as pd
import pytest
from IPython.core.formatters import DisplayFormatter
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from claimbook.claims import schema
from claimbook.report import charts
from claimbook.store import typed_claims


def claims(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """(claimant, claim_type, date) rows as a typed claims table."""
    raw = pd.DataFrame([{
        "claim_id": f"C{i}", "claim": "c", "claimant": who, "claimant_type": "government",
        "claim_type": t, "date": d, "claimant_country": "", "topic": "", "responds_to": "",
        "notes": ""} for i, (who, t, d) in enumerate(rows)], dtype=str)
    return typed_claims(raw)


SAMPLE = claims([("A", "denial", "2025-04"), ("A", "allegation", "2025-04-03"),
                 ("B", "denial", "2025-06"), ("B" * 60, "statement", "2025")])


def bar_colours(fig: Figure) -> set[str]:
    return {to_hex(p.get_facecolor()) for ax in fig.axes for p in ax.patches
            if p.get_height() > 0 and p.get_width() > 0}


@pytest.mark.parametrize("make", [charts.by_claimant, charts.by_type, charts.matrix,
                                  lambda df: charts.timeline(df)])
def test_every_chart_is_a_figure_with_a_title(make) -> None:  # noqa: ANN001
    fig = make(SAMPLE)
    assert isinstance(fig, Figure)
    assert fig.axes[0].get_title("left")
    assert "<svg" in charts.to_svg(fig)


def test_by_claimant_stacks_counts_per_type() -> None:
    table = charts.type_counts(SAMPLE, "claimant")
    assert table.loc["A"].to_dict() == {"allegation": 1, "denial": 1, "statement": 0}
    assert bar_colours(charts.by_claimant(SAMPLE)) <= {
        schema.CLAIM_TYPE_COLOURS[t].lower() for t in ("allegation", "denial", "statement")}


def test_colours_are_fixed_per_type_across_charts() -> None:
    only_denials = claims([("A", "denial", "2025-04")])
    expected = {schema.CLAIM_TYPE_COLOURS["denial"].lower()}
    assert bar_colours(charts.by_type(only_denials)) == expected
    assert bar_colours(charts.timeline(only_denials)) == expected


def test_long_claimant_names_are_wrapped() -> None:
    fig = charts.by_claimant(SAMPLE)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert max(len(line) for label in labels for line in label.splitlines()) <= charts.WRAP


def test_timeline_covers_the_range_and_skips_coarse_dates() -> None:
    fig = charts.timeline(SAMPLE, pd.Timestamp("2025-04-01").date(), pd.Timestamp("2025-06-30").date())
    ax = fig.axes[0]
    assert len(ax.get_xticklabels()) == 3
    assert ax.get_xlabel() == "not shown: 1 dated only to a quarter or year"


def test_a_timeline_of_one_month_draws_a_bar_not_a_wall() -> None:
    """A claimant with claims in one month: one bar of the usual width, centred (it filled the
    whole axis)."""
    fig = charts.timeline(claims([("A", "denial", "2025-04"), ("A", "allegation", "2025-04-03")]))
    ax = fig.axes[0]
    lo, hi = ax.get_xlim()
    bars = [p for p in ax.patches if p.get_height() > 0]
    assert bars and all(p.get_width() / (hi - lo) <= 0.8 / charts.MIN_SLOTS + 1e-9 for p in bars)
    assert lo < bars[0].get_x() and bars[0].get_x() + bars[0].get_width() < hi
    assert abs((lo + hi) / 2 - (bars[0].get_x() + bars[0].get_width() / 2)) < 1e-9


@pytest.mark.parametrize("make", [charts.by_claimant, charts.by_type, charts.matrix,
                                  lambda df: charts.timeline(df)])
def test_empty_selection_gives_a_clear_figure(make) -> None:  # noqa: ANN001
    fig = make(SAMPLE.iloc[0:0])
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any(t.startswith("No claims in range") for t in texts)
    charts.to_svg(fig)


def test_data_text_is_not_mathtext_and_is_escaped_in_svg() -> None:
    fig = charts.by_claimant(claims([("$\\frac{1}{0}$ <b>&", "denial", "2025-04")]))
    svg = charts.to_svg(fig)  # mathtext would fail or typeset on "$\frac..."
    assert "$\\frac{1}{0}$ &lt;b&gt;&amp;" in svg


def test_claimant_charts_aggregate_beyond_the_top() -> None:
    """Thousands of claimants make top + 1 bars, not thousands: charts stay small."""
    n = 500
    names = [f"claimant {i % n}" for i in range(3 * n)] + ["big"] * 50
    frame = claims([(who, "allegation", "2025-04") for who in names])
    table = charts.type_counts(frame, "claimant", charts.TOP_CLAIMANTS)
    assert len(table) == charts.TOP_CLAIMANTS + 1
    assert table.index[0] == f"all other claimants ({n + 1 - charts.TOP_CLAIMANTS:,})"
    assert table.index[-1] == "big"
    assert int(table.to_numpy().sum()) == len(frame), "every claim is still counted"


@pytest.mark.parametrize("make", [charts.by_claimant, charts.by_type, charts.matrix,
                                  lambda df: charts.timeline(df)])
def test_a_chart_displays_itself_without_pyplot(make) -> None:  # noqa: ANN001
    """IPython shows the figure as SVG and PNG with no %matplotlib inline (it showed
    '<_StyledFigure size 850x436 with 1 Axes>')."""
    data, _ = DisplayFormatter().format(make(SAMPLE))
    assert data["image/svg+xml"].startswith("<svg")
    assert data["image/png"].startswith(b"\x89PNG")


def test_a_long_title_wraps_on_two_lines_and_shows_control_characters() -> None:
    scope = "Claims of " + ", ".join(f"claimant number {i}" for i in range(12)) + "\x1b[2J"
    title = charts.by_claimant(SAMPLE, scope).axes[0].get_title("left")
    assert len(title.splitlines()) == 2 and title.endswith("…")
    assert "\x1b" not in charts.matrix(SAMPLE, "A\x1b[2J").axes[0].get_title("left")
