"""Partial dates: a claim keeps the precision its source gave and becomes an interval, never a day."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from claimbook.claims.date_columns import parse_partial_dates
from claimbook.claims.dates import (
    UNDATED,
    DateError,
    describe_range,
    parse_partial_date,
    range_bound,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "year"),
        ("2025-Q1", date(2025, 1, 1), date(2025, 3, 31), "quarter"),
        ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30), "quarter"),
        ("2025-Q4", date(2025, 10, 1), date(2025, 12, 31), "quarter"),
        ("2025-07", date(2025, 7, 1), date(2025, 7, 31), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),  # leap year
        ("2025-02", date(2025, 2, 1), date(2025, 2, 28), "month"),
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31), "month"),
        ("2025-07-14", date(2025, 7, 14), date(2025, 7, 14), "day"),
        ("2024-02-29", date(2024, 2, 29), date(2024, 2, 29), "day"),
    ],
)
def test_partial_date_is_an_interval(text: str, start: date, end: date, precision: str) -> None:
    """Each precision maps to [first day, last day] of the period it names."""
    pd_ = parse_partial_date(text)
    assert (pd_.start, pd_.end, pd_.precision) == (start, end, precision)
    assert pd_.text == text
    assert pd_.is_known


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_is_undated(text: str | None) -> None:
    """A missing date is 'undated' (precision none), not an error and not a guessed day."""
    pd_ = parse_partial_date(text)
    assert pd_ == UNDATED
    assert pd_.start is None and pd_.end is None
    assert pd_.precision == "none"
    assert not pd_.is_known


def test_surrounding_whitespace_is_ignored() -> None:
    """Spreadsheet cells often carry stray spaces; they must not change the date."""
    pd_ = parse_partial_date(" 2025-07 ")
    assert (pd_.text, pd_.start, pd_.end) == ("2025-07", date(2025, 7, 1), date(2025, 7, 31))


@pytest.mark.parametrize(
    "text",
    ["2025-13", "2025-00", "2025-02-30", "2025-04-31", "2025-02-29", "July 2025", "2025-7", "25-07",
     "2025-Q5", "2025-Q0", "2025/07", "2025-07-14T10:00"],
)
def test_malformed_or_impossible_dates_are_refused(text: str) -> None:
    """A bad date must fail loudly (DateError), never be read as some other day."""
    with pytest.raises(DateError):
        parse_partial_date(text)
    assert not parse_partial_dates(pd.Series([text]))["ok"].iloc[0], "validation refuses it too"


@pytest.mark.parametrize("text", ["0000", "0000-07", "0000-Q1"])
def test_year_zero_is_a_date_error(text: str) -> None:
    """Year 0 cannot be represented; it must be a DateError like every other bad date."""
    with pytest.raises(DateError):
        parse_partial_date(text)


def test_error_message_names_the_value() -> None:
    """The message is shown to the user as is, so it must quote what they typed."""
    with pytest.raises(DateError, match="July 2025"):
        parse_partial_date("July 2025")


def test_valid_dates_are_valid() -> None:
    assert parse_partial_dates(pd.Series(["2025-Q3", ""]))["ok"].tolist() == [True, True]


@pytest.mark.parametrize(
    ("text", "end", "expected"),
    [
        ("2025-07", True, date(2025, 7, 31)),
        ("2025-07", False, date(2025, 7, 1)),
        ("2025", True, date(2025, 12, 31)),
        ("2025-Q3", False, date(2025, 7, 1)),
        ("2025-07-14", True, date(2025, 7, 14)),
        ("", True, None),
        (None, False, None),
    ],
)
def test_range_bound(text: str | None, end: bool, expected: date | None) -> None:
    """`--end 2025-07` means the last day of July; a missing bound stays open (None)."""
    assert range_bound(text, end=end) == expected


def test_range_bound_refuses_bad_dates() -> None:
    with pytest.raises(DateError):
        range_bound("July 2025", end=True)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 4, 1), date(2025, 8, 31), "1 April – 31 August 2025"),
        (date(2025, 7, 1), date(2025, 7, 31), "1 – 31 July 2025"),
        (date(2024, 12, 1), date(2025, 1, 31), "1 December 2024 – 31 January 2025"),
        (date(2025, 4, 1), None, "from 1 April 2025"),
        (None, date(2025, 8, 31), "up to 31 August 2025"),
        (None, None, "all dates"),
    ],
)
def test_describe_range(start: date | None, end: date | None, expected: str) -> None:
    """Report headlines show the range in words; the year is not repeated when shared."""
    assert describe_range(start, end) == expected


VECTOR_CASES = ["", "  ", "2025", " 2025 ", "2025-Q1", "2025-Q3", "2025-Q4", "2025-07", "2024-02",
                "2025-02", "2025-07-14", "2024-02-29", "2025-02-29", "2025-04-31", "2025-13",
                "2025-00", "2025-07-00", "0000", "0000-Q1", "July 2025", "2025-Q5", "2025-Q0",
                "2025-7", "1500-01-01", "9999-12", "9999-Q4", "2025-07-14T10", "20250",
                "１２３４", "é2025", "2025-07-14x"]


def test_column_parser_agrees_with_the_scalar_one() -> None:
    """Validation and loading parse a whole column at once; it must mean what a single date
    means, accepted, refused and interval alike."""
    for values in (VECTOR_CASES, VECTOR_CASES[5:], []):  # sliced Arrow arrays, empty ones too
        series = pd.Series(values, index=range(100, 100 + len(values)))
        parsed = parse_partial_dates(series)
        assert list(parsed.index) == list(series.index)
        for text, row in zip(values, parsed.itertuples(), strict=True):
            try:
                p = parse_partial_date(text)
            except DateError:
                assert not row.ok, text
                continue
            assert row.ok, text
            got = (None if pd.isna(row.start) else row.start.date(),
                   None if pd.isna(row.end) else row.end.date(), row.precision)
            assert got == (p.start, p.end, p.precision), text


def test_fullwidth_digits_are_not_a_date() -> None:
    """`\\d` would accept '２０２５'; dates are written in ASCII digits."""
    with pytest.raises(DateError):
        parse_partial_date("２０２５")
