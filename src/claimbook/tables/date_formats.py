"""Dates as another tool writes them -> ISO 8601 reduced precision (2020-03-04, 2020-03, 2020).

Without `--date-format` only ISO dates (and timestamps, which name their day) are read; day-first
and month-first are never guessed. A format's precision is what it parses (`format_precision`).
"""

from __future__ import annotations

import re
from datetime import datetime

import pandas as pd

from claimbook import store
from claimbook.claims.date_columns import parse_partial_dates
from claimbook.errors import ConfigError

_ISO_DATETIME = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9]{2}:[0-9]{2}.*$")
# strptime has no %D, %F, %T, %R, %h or %e (strftime's shorthands): they are spelled out first
_SHORTHANDS = {"D": "%m/%d/%y", "F": "%Y-%m-%d", "T": "%H:%M:%S", "R": "%H:%M", "h": "%b",
               "e": "%d"}
_PROBE = datetime(2001, 2, 3, 4, 5, 6)  # year, month and day all differ from strptime's defaults


def expand_format(fmt: str) -> str:
    """`fmt` with strftime's shorthands spelled out (%D is %m/%d/%y); %% stays %%."""
    return re.sub(r"%(.)", lambda m: _SHORTHANDS.get(m.group(1), m.group(0)), fmt)


def format_precision(fmt: str) -> str:
    """What a date format reads: a day, a month or a year; ConfigError if that cannot be told.

    Decided by what the format parses, not by its letters (which %x or %c hide): the probe date
    is written with the format and read back; a field that comes back is one the format holds.
    """
    expanded = expand_format(fmt)
    try:
        back = datetime.strptime(_PROBE.strftime(expanded), expanded)
    except ValueError as e:
        raise ConfigError(f"--date-format {fmt}: claimbook cannot read dates with this format "
                          f"({e}); write it with %Y, %m and %d, e.g. --date-format %m/%d/%Y"
                          ) from None
    year, month, day = (back.year == _PROBE.year, back.month == _PROBE.month,
                        back.day == _PROBE.day)
    if not year:
        raise ConfigError(f"--date-format {fmt}: the dates it reads have no year; give a format "
                          "with %Y (or %y), e.g. --date-format %m/%d/%Y")
    if day and not month:
        raise ConfigError(f"--date-format {fmt}: the dates it reads have a day but no month; "
                          "give a format with %m (or %b), e.g. --date-format %m/%d/%Y")
    return "day" if day else "month" if month else "year"


# a foreign date text -> (its ISO date, the reason it cannot be read): what the earlier batches
# of an import read, so that each distinct text of a file is read once (a batch of a fifteen-year
# table holds most of its five thousand dates)
KnownDates = dict[str, tuple[str, str]]
KNOWN_DATES = 100_000  # texts remembered at most (a file of distinct timestamps holds millions)


def convert_dates(values: pd.Series, date_format: str | None, known: KnownDates | None = None
                  ) -> tuple[pd.Series, pd.Series]:
    """Foreign dates -> ISO reduced precision, and a reason for each value that cannot be read
    (each distinct text is read once; with `known`, once in all the calls that share it)."""
    if date_format:
        format_precision(date_format)  # refused before any value is read
    done = store.per_value(values.astype(str), lambda distinct: _known(distinct, date_format, known))
    return done["date"], done["reason"]


def _known(distinct: pd.Series, date_format: str | None, known: KnownDates | None
           ) -> pd.DataFrame:
    """`_dates` of distinct texts, reading only those `known` does not hold yet (and keeping
    what it reads there while it has room)."""
    if known is None:
        return _dates(distinct, date_format)
    texts = [str(d) for d in distinct.tolist()]
    new = [d for d in texts if d not in known]
    read = {}
    if new:
        done = _dates(pd.Series(new, dtype=str), date_format)
        read = dict(zip(new, zip(done["date"].tolist(), done["reason"].tolist(), strict=True),
                        strict=True))
        if len(known) + len(read) <= KNOWN_DATES:
            known.update(read)
    pairs = [known.get(d) or read[d] for d in texts]
    return pd.DataFrame({"date": [p[0] for p in pairs], "reason": [p[1] for p in pairs]},
                        dtype=str, index=distinct.index)


def _dates(values: pd.Series, date_format: str | None) -> pd.DataFrame:
    text = values.str.strip()
    empty = text == ""
    reasons = pd.Series("", index=values.index)
    if date_format:
        width = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[format_precision(date_format)]
        try:
            parsed = pd.to_datetime(text.where(~empty), format=expand_format(date_format),
                                    errors="coerce")
        except ValueError as e:  # a format pandas' parser has no way to apply
            raise ConfigError(f"--date-format {date_format}: {e}") from None
        bad = ~empty & parsed.isna()
        out = parsed.dt.strftime(width).where(~bad & ~empty, "").fillna("")
        reasons[bad] = "date " + text[bad].map(repr) + f" does not match --date-format {date_format}"
        return pd.DataFrame({"date": out, "reason": reasons})
    out = text.str.replace(_ISO_DATETIME, r"\1", regex=True)  # a timestamp names its day
    ok = parse_partial_dates(out)["ok"]
    bad = ~ok
    reasons[bad] = ("date " + text[bad].map(repr) + " is not an ISO date (2020-03-04, 2020-03, "
                    "2020); give --date-format, e.g. %m/%d/%Y (month first) or %d/%m/%Y (day "
                    "first): claimbook never guesses which")
    return pd.DataFrame({"date": out.where(ok, ""), "reason": reasons})
