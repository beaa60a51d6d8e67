"""Every period and date the calendar can hold (0001-01-01 to 9999-12-31) parses or is refused
with a plain error (exit 2), never an OverflowError; and a batch refuses to plan more reports
than --max-reports, counting them without building them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimbook.claims.dates import (
    DateError,
    count_periods,
    iter_periods,
    parse_period,
    period_label,
    split_periods,
)
from claimbook.errors import ConfigError
from claimbook.params import BatchConfig, ReportParams
from claimbook.publish import batch
from conftest import run_cli
from places import DATA

UNITS = ("week", "month", "quarter", "year")

years = st.integers(min_value=0, max_value=9999)
days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
edge_days = st.one_of(days, st.sampled_from([date(1, 1, 1), date(1, 1, 7), date(9999, 12, 25),
                                             date(9999, 12, 31)]))
periods = st.one_of(
    years.map(lambda y: f"{y:04d}"),
    st.tuples(years, st.integers(0, 13)).map(lambda t: f"{t[0]:04d}-{t[1]:02d}"),
    st.tuples(years, st.integers(0, 5)).map(lambda t: f"{t[0]:04d}-Q{t[1]}"),
    st.tuples(years, st.integers(0, 54)).map(lambda t: f"{t[0]:04d}-W{t[1]:02d}"),
    st.tuples(years, st.integers(1, 12), st.integers(0, 32)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"),
    st.sampled_from([f"{w}-{u}" for w in ("last", "this") for u in UNITS]),
)


@given(periods, edge_days)
def test_every_period_of_the_grammar_parses_or_is_a_date_error(text: str, as_of: date) -> None:
    try:
        p = parse_period(text, as_of)
    except DateError:
        return
    assert p.start <= p.end
    assert period_label(p.start, p.end)


@given(edge_days, edge_days, st.sampled_from(UNITS))
def test_periods_of_any_range_are_counted_without_overflow(a: date, b: date, every: str) -> None:
    start, end = min(a, b), max(a, b)
    try:
        n = count_periods(start, end, every)
    except DateError:
        return
    first = next(iter_periods(start, end, every))
    assert first.start <= start <= first.end
    if n < 400:
        found = split_periods(start, end, every)
        assert len(found) == n and found[-1].start <= end <= found[-1].end
        assert all(x.end + timedelta(days=1) == y.start for x, y in zip(found, found[1:], strict=False))


@pytest.mark.parametrize("args", [
    ["claims", "--period", "9999-12"], ["claims", "--period", "9999-Q4"],
    ["claims", "--end", "9999"], ["claims", "--period", "0001-W01"],
])
def test_last_and_first_periods_of_the_calendar_work(args: list[str]) -> None:
    result = run_cli(*args, "--data", str(DATA))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("args", [
    ["claims", "--period", "9999-W52"],
    ["claims", "--period", "last-month", "--as-of", "0001-01-01"],
    ["claims", "--period", "this-week", "--as-of", "9999-12-31"],
    ["batch", "--from", "9999-01", "--to", "9999-12", "--every", "week"],
    ["batch", "--period", "9999-W52"],
])
def test_periods_past_the_calendar_are_plain_errors(args: list[str]) -> None:
    result = run_cli(*args, "--data", str(DATA))
    assert result.exit_code == 2, result.output
    assert "outside the dates claimbook can count" in result.output


def test_batch_plans_the_last_month_of_the_calendar() -> None:
    cfg = BatchConfig.from_cli(period="9999-12", start=None, end=None, as_of=None,
                               formats="html", base=ReportParams(data_dir=str(DATA)))
    assert [j.params.end for j in batch.plan(cfg)] == [date(9999, 12, 31)]


def test_batch_refuses_half_a_million_reports_before_listing_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = BatchConfig(start=date(1, 1, 1), end=date(9998, 12, 31), every="week",
                      base=ReportParams(data_dir=str(DATA)))

    def listed(*args: object) -> None:
        raise AssertionError("the periods were listed one by one before the refusal")

    monkeypatch.setattr(batch, "iter_periods", listed)  # counted by arithmetic, not listed
    with pytest.raises(ConfigError, match=r"plans 521,671 reports.*--max-reports 500"):
        batch.plan(cfg)


def test_max_reports_allows_a_larger_batch() -> None:
    values = {"start": date(2010, 1, 1), "end": date(2025, 12, 31), "every": "week",
              "base": ReportParams(data_dir=str(DATA))}
    with pytest.raises(ConfigError, match="plans 836 reports"):
        batch.plan(BatchConfig(**values))
    assert len(batch.plan(BatchConfig(**values, max_reports=836))) == 836


def test_max_reports_counts_reports_per_claimant() -> None:
    cfg = BatchConfig(start=date(2025, 4, 1), end=date(2025, 4, 30), per="claimant",
                      max_reports=1, base=ReportParams(data_dir=str(DATA)))  # two claimants
    with pytest.raises(ConfigError, match="plans more than 1 reports"):
        batch.plan(cfg)


def test_cli_refusal_says_how_many_and_which_flag(tmp_path: Path) -> None:
    result = run_cli("batch", "--data", str(DATA), "--out", str(tmp_path / "r"), "--from", "2020",
                     "--to", "2025", "--max-reports", "10")
    assert result.exit_code == 2
    assert "plans 72 reports" in result.output and "--max-reports" in result.output
