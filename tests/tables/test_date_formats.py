"""Foreign dates are read to the precision their format gives; without a format only ISO dates
(and timestamps, as their day) are read; batches that share what they read (`known`) read
each text as it reads alone."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from claimbook.tables import date_formats


def test_month_precision_format_and_iso_timestamps() -> None:
    out, reasons = date_formats.convert_dates(pd.Series(["03/2020", ""]), "%m/%Y")
    assert list(out) == ["2020-03", ""] and list(reasons) == ["", ""]
    out, reasons = date_formats.convert_dates(
        pd.Series(["2020-03-04T10:00:00Z", "2020-03", "2020", "2020-Q2", "", "4 March 2020"]), None)
    assert list(out) == ["2020-03-04", "2020-03", "2020", "2020-Q2", "", ""]
    assert [bool(r) for r in reasons] == [False] * 5 + [True]


DATE_TEXT = st.sampled_from(["3/4/2020", "13/1/2020", "2/30/2020", " 7/15/2015 ", "", " ",
                             "2020-03-04", "2020-03", "2020", "2020-03-04T10:00", "x", "7/4/20"])


@given(st.lists(st.lists(DATE_TEXT, max_size=6), max_size=4),
       st.sampled_from([None, "%m/%d/%Y", "%Y-%m", "%d.%m.%Y"]))
def test_dates_read_in_batches_that_share_what_they_read_are_read_as_alone(
        batches: list[list[str]], date_format: str | None) -> None:
    """`known` (what earlier batches read) changes no date, reason, dtype or index."""
    known: date_formats.KnownDates = {}
    start = 0
    for batch in batches:
        values = pd.Series(batch, dtype=str, index=range(start, start + len(batch)))
        start += len(batch)
        alone = date_formats.convert_dates(values, date_format)
        shared = date_formats.convert_dates(values, date_format, known)
        for a, s in zip(alone, shared, strict=True):
            assert a.dtype == s.dtype and a.index.equals(s.index) and a.tolist() == s.tolist()
