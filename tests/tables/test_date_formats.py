"""Foreign dates are read to the precision their format gives; without a format only ISO dates
(and timestamps, as their day) are read."""

from __future__ import annotations

import pandas as pd

from claimbook.tables import date_formats


def test_month_precision_format_and_iso_timestamps() -> None:
    out, reasons = date_formats.convert_dates(pd.Series(["03/2020", ""]), "%m/%Y")
    assert list(out) == ["2020-03", ""] and list(reasons) == ["", ""]
    out, reasons = date_formats.convert_dates(
        pd.Series(["2020-03-04T10:00:00Z", "2020-03", "2020", "2020-Q2", "", "4 March 2020"]), None)
    assert list(out) == ["2020-03-04", "2020-03", "2020", "2020-Q2", "", ""]
    assert [bool(r) for r in reasons] == [False] * 5 + [True]
