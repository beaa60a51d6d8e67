"""Partial dates (ISO 8601 reduced precision, EDTF level 0 plus quarters) and their intervals.

Sources say "In July 2025": a claim date keeps the precision the source gave and is compared
as the interval [first day, last day], never as an invented day.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")


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


def is_valid_partial_date(text: str | None) -> bool:
    try:
        parse_partial_date(text)
    except DateError:
        return False
    return True


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
