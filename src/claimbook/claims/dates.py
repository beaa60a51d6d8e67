"""Partial dates (ISO 8601 reduced precision, EDTF level 0 plus quarters) and their intervals.

Sources say "In July 2025": a claim date keeps the precision the source gave and is compared
as the interval [first day, last day], never as an invented day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

_DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_QUARTER = re.compile(r"^([0-9]{4})-Q([1-4])$")
_YEAR = re.compile(r"^([0-9]{4})$")


class DateError(ValueError):
    """A date string that is malformed or names a day that does not exist."""


@dataclass(frozen=True)
class PartialDate:
    text: str
    start: date | None
    end: date | None
    precision: str  # day | month | quarter | year | none

    @property
    def is_known(self) -> bool:
        return self.start is not None


UNDATED = PartialDate("", None, None, "none")


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_partial_date(text: str | None) -> PartialDate:
    """Parse `2025`, `2025-Q3`, `2025-07`, `2025-07-14`; empty means undated."""
    s = "" if text is None else str(text).strip()
    if not s:
        return UNDATED
    if re.match(r"^0000", s):
        raise DateError(f"{s!r}: year 0000 does not exist; write the year the source gives")
    if m := _DAY.match(s):
        y, mo, d = map(int, m.groups())
        try:
            day = date(y, mo, d)
        except ValueError:
            raise DateError(f"{s!r} is not a real day") from None
        return PartialDate(s, day, day, "day")
    if m := _MONTH.match(s):
        y, mo = map(int, m.groups())
        if not 1 <= mo <= 12:
            raise DateError(f"{s!r} has no month {mo}")
        return PartialDate(s, date(y, mo, 1), _month_end(y, mo), "month")
    if m := _QUARTER.match(s):
        y, q = map(int, m.groups())
        first = 3 * (q - 1) + 1
        return PartialDate(s, date(y, first, 1), _month_end(y, first + 2), "quarter")
    if m := _YEAR.match(s):
        y = int(m.group(1))
        return PartialDate(s, date(y, 1, 1), date(y, 12, 31), "year")
    raise DateError(
        f"{s!r} is not an ISO 8601 date; write 2025, 2025-Q3, 2025-07 or 2025-07-14"
    )


def range_bound(text: str | None, *, end: bool) -> date | None:
    """A range's start or end from a partial date: `--end 2025-07` means 31 July 2025."""
    pd_ = parse_partial_date(text)
    if not pd_.is_known:
        return None
    return pd_.end if end else pd_.start


def describe_date(d: date) -> str:
    return f"{d.day} {d.strftime('%B')} {d.year}"


def describe_range(start: date | None, end: date | None) -> str:
    """Human words for a range: '1 April – 31 August 2025'."""
    if start is None and end is None:
        return "all dates"
    if start is None:
        return f"up to {describe_date(end)}"  # type: ignore[arg-type]
    if end is None:
        return f"from {describe_date(start)}"
    if start.year == end.year:
        if start.month == end.month:
            return f"{start.day} – {end.day} {end.strftime('%B')} {end.year}"
        return f"{start.day} {start.strftime('%B')} – {describe_date(end)}"
    return f"{describe_date(start)} – {describe_date(end)}"


# --- periods: the scheduler's language ------------------------------------------------------------

_WEEK = re.compile(r"^([0-9]{4})-W([0-9]{2})$")
_RELATIVE = re.compile(r"^(last|this)-(week|month|quarter|year)$")
UNITS = ("week", "month", "quarter", "year")


@dataclass(frozen=True)
class Period:
    """A closed range of days with a canonical label (`2025-07`, `2025-Q3`, `2025-W27`)."""

    start: date
    end: date

    @property
    def label(self) -> str:
        return period_label(self.start, self.end) or f"{self.start}_{self.end}"


def _shift(d: date, days: int, what: str) -> date:
    """`d + days`, or a DateError saying that `what` is past the calendar's ends: Python's dates
    run from 1 January 0001 to 31 December 9999 and a step beyond raised OverflowError."""
    try:
        return d + timedelta(days=days)
    except OverflowError:
        edge = "begin before 1 January 0001" if days < 0 else "end after 31 December 9999"
        raise DateError(f"{what} would {edge}, outside the dates claimbook can count "
                        "(0001-01-01 to 9999-12-31)") from None


def _unit_containing(d: date, unit: str) -> Period:
    if unit == "week":
        monday = d - timedelta(days=d.weekday())  # 0001-01-01 is a Monday: never below it
        return Period(monday, _shift(monday, 6, f"the week of {monday}"))
    if unit == "month":
        return Period(date(d.year, d.month, 1), _month_end(d.year, d.month))
    if unit == "quarter":
        first = 3 * ((d.month - 1) // 3) + 1
        return Period(date(d.year, first, 1), _month_end(d.year, first + 2))
    if unit == "year":
        return Period(date(d.year, 1, 1), date(d.year, 12, 31))
    raise DateError(f"unknown period unit {unit!r}; use {', '.join(UNITS)}")


def parse_period(text: str, as_of: date | None = None) -> Period:
    """`2025`, `2025-Q3`, `2025-07`, `2025-07-14`, `2025-W27`, `last-month`, `this-year`, …

    Relative periods are resolved against `as_of` (default today), so a scheduled run on
    1 August with `last-month` renders July.
    """
    s = (text or "").strip().lower()
    if m := _RELATIVE.match(s):
        which, unit = m.groups()
        current = _unit_containing(as_of or date.today(), unit)
        if which == "this":
            return current
        return _unit_containing(_shift(current.start, -1, f"the {unit} before {current.start}"),
                                unit)
    if m := _WEEK.match(s.upper()):
        year, week = map(int, m.groups())
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise DateError(f"{text!r}: {year} has no ISO week {week}") from None
        return Period(monday, _shift(monday, 6, f"week {text!r}"))
    try:
        pd_ = parse_partial_date(text.strip().upper() if "q" in s else text)
    except DateError:
        raise DateError(
            f"{text!r} is not a period; write 2025, 2025-Q3, 2025-07, 2025-07-14, 2025-W27, "
            "last-month, last-quarter, this-year (or last-/this- week, month, quarter, year)"
        ) from None
    if not pd_.is_known:
        raise DateError("an empty period; write e.g. 2025-07 or last-month")
    assert pd_.start and pd_.end
    return Period(pd_.start, pd_.end)


def split_periods(start: date, end: date, every: str) -> list[Period]:
    """The calendar weeks, months, quarters or years that cover [start, end], in order."""
    return list(iter_periods(start, end, every))


def iter_periods(start: date, end: date, every: str) -> Iterator[Period]:
    """`split_periods` one at a time: a planner can count (`count_periods`) and stop early
    instead of building half a million periods first."""
    count_periods(start, end, every)  # both ends representable, in order
    p = _unit_containing(start, every)
    while p.start <= end:
        yield p
        if p.end >= end:
            return
        p = _unit_containing(p.end + timedelta(days=1), every)


def count_periods(start: date, end: date, every: str) -> int:
    """How many periods `split_periods` gives, by arithmetic (none are built). A DateError if
    the range is reversed or its last period runs past 9999-12-31."""
    if start > end:
        raise DateError(f"start {start} is after end {end}")
    first, last = _unit_containing(start, every), _unit_containing(end, every)
    if every == "week":
        return (last.start - first.start).days // 7 + 1
    months = (last.start.year - first.start.year) * 12 + last.start.month - first.start.month
    return months // {"month": 1, "quarter": 3, "year": 12}[every] + 1


def period_label(start: date | None, end: date | None) -> str | None:
    """The canonical name of a range that is exactly one day, ISO week, month, quarter or year."""
    if start is None or end is None:
        return None
    if start == end:
        return start.isoformat()
    for unit in ("month", "quarter", "year", "week"):
        try:
            p = _unit_containing(start, unit)
        except DateError:  # the last days of 9999 begin no whole week
            continue
        if (p.start, p.end) == (start, end):
            if unit == "month":
                return f"{start:%Y-%m}"
            if unit == "quarter":
                return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
            if unit == "year":
                return str(start.year)
            year, week, _ = start.isocalendar()
            return f"{year}-W{week:02d}"
    return None


def describe_period(start: date | None, end: date | None) -> str:
    """A report title's words: 'July 2025', 'Q3 2025', '2025', else the range in words."""
    label = period_label(start, end)
    if label and start and end and start != end:
        if _MONTH.match(label):
            return f"{start:%B %Y}"
        if _QUARTER.match(label):
            return f"Q{label[-1]} {start.year}"
        if _YEAR.match(label):
            return label
        return f"week {label[-2:].lstrip('0')} of {label[:4]} ({describe_range(start, end)})"
    return describe_range(start, end)
