"""Read a CSV table as text, or say exactly what is wrong with the file: where, and how to fix it.

Tables are edited by hand and in spreadsheets, so their files break in a few typical ways: a
quote that never closes, a stray comma, a file saved as Latin-1 or UTF-16 or as a workbook, an
empty file, semicolons for commas, a column named twice. Each gives one message naming the
file, the spreadsheet row (header = row 1, a blank line counts as a row, as it does in a
spreadsheet) and the column where there is one — never a parser's traceback.

One parser (Python's csv module, strict) decides where rows begin and end, so the row numbers
in messages are the rows a spreadsheet shows. The DataFrame it returns is all text (no type
guessing), indexed so that `checks.spreadsheet_row(index)` is the row.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pcsv

from claimbook.claims import schema
from claimbook.errors import Problem
from claimbook.store import tablecache

HEADER_ROW = 1
SHOWN = 60  # characters of a cell quoted in a message
SAMPLE = 65_536  # bytes looked at to tell UTF-16 text


def shorten(value: str, limit: int = SHOWN) -> str:
    """A cell as a message quotes it: repr, and no more than `limit` characters of it."""
    if len(value) <= limit:
        return repr(value)
    return repr(value[:limit]) + f"… ({len(value):,} characters)"


def allow_large_cells() -> None:
    """A cell may be megabytes (a pasted article); the csv module's default limit is 128 KiB,
    past which every csv reader in the process (review files, backups) fails."""
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 2


allow_large_cells()


def _decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    if data.startswith(b"PK\x03\x04"):
        return None, [Problem(file, None, None, "is a spreadsheet workbook (.xlsx) or another "
                              "zip file, not CSV: save it as 'CSV UTF-8 (comma delimited)'")]
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return None, [Problem(file, None, None, "is an old Excel workbook (.xls), not CSV: save it "
                              "as 'CSV UTF-8 (comma delimited)'")]
    if utf16 := utf16_problem(data, file):
        return None, [utf16]
    data = data.removeprefix(b"\xef\xbb\xbf")  # the byte-order mark spreadsheets write
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as e:
        return None, [_not_utf8(data, e, file)]


def utf16_problem(data: bytes, file: str) -> Problem | None:
    """The file is UTF-16 ('Unicode text'), with or without a byte-order mark: its ASCII
    characters then read as UTF-8 with a NUL byte between them (a row of "unquoted commas")."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "UTF-16"
        how = "a byte-order mark"
    else:
        sample = data[:SAMPLE]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if max(even, odd) < 2 or min(even, odd) * 10 > max(even, odd):
            return None  # UTF-8 text has no NUL bytes, UTF-16 has them in every other byte
        encoding = "UTF-16LE" if odd > even else "UTF-16BE"
        how = "no byte-order mark: a NUL byte in every other byte"
    name = Path(file).name
    return Problem(file, None, None, f"is {encoding} text ({how}), not UTF-8: convert it, e.g. "
                   f"iconv -f {encoding} -t UTF-8 {name} > utf8-{name}, or save it as 'CSV "
                   "UTF-8 (comma delimited)'")


def _not_utf8(data: bytes, e: UnicodeDecodeError, file: str) -> Problem:
    """Where the first non-UTF-8 byte is, by row and column, and how many cells have one."""
    text = data.decode("utf-8", "surrogateescape")
    bad_byte = data[e.start]
    try:
        guess = "Windows-1252 / Latin-1" if data.decode("cp1252") else ""
    except UnicodeDecodeError:
        guess = ""
    where: tuple[int | None, str | None] = (None, None)
    cells = 0
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, [])
        if any(_has_surrogate(h) for h in header):
            where = (HEADER_ROW, None)
            cells += 1
        for n, record in enumerate(reader, start=HEADER_ROW + 1):
            for i, cell in enumerate(record):
                if _has_surrogate(cell):
                    cells += 1
                    if where == (None, None):
                        where = (n, header[i] if i < len(header) else None)
    except csv.Error:
        pass
    row, column = where
    looks = f"; the file looks like {guess} text" if guess else ""
    count = f" ({cells} cells have such bytes)" if cells > 1 else ""
    return Problem(file, row, column, f"byte 0x{bad_byte:02x} is not UTF-8{count}{looks}: "
                   "save it as 'CSV UTF-8'")


def _has_surrogate(s: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in s)


def _quote_trouble(text: str) -> tuple[int, int, int, str] | None:
    """The first quoted cell that breaks the rules: (spreadsheet row, column index, line it
    opened in, what follows its closing quote — "" when it never closes), or None."""
    row, field, line = HEADER_ROW, 0, 1
    opened = (row, field, line)
    in_quotes, at_start = False, True
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if in_quotes:
            if ch == '"':
                if text[i + 1:i + 2] == '"':
                    i += 1
                else:
                    in_quotes = False
                    after = text[i + 1:i + 2]
                    if after not in ("", ",", "\n", "\r"):
                        end = min((j for j in (text.find(c, i + 1) for c in ",\r\n") if j > 0),
                                  default=n)
                        return (*opened, text[i + 1:min(end, i + 21)])
            elif ch == "\n":
                line += 1
        elif ch == '"' and at_start:
            in_quotes, opened = True, (row, field, line)
        elif ch == ",":
            field, at_start = field + 1, True
            i += 1
            continue
        elif ch == "\n" or (ch == "\r" and text[i + 1:i + 2] != "\n"):
            row, field, line, at_start = row + 1, 0, line + 1, True
            i += 1
            continue
        at_start = False
        i += 1
    return (*opened, "") if in_quotes else None


def _records(text: str, file: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """(spreadsheet row, cells) of every non-blank row; a quoting error is one problem."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[tuple[int, list[str]]] = []
    row = HEADER_ROW - 1
    try:
        for record in reader:
            row += 1
            if record:
                out.append((row, record))
    except csv.Error as e:
        header = [column_name(h) for h in out[0][1]] if out else []
        trouble = _quote_trouble(text)
        if trouble is None:
            return out, [Problem(file, row + 1, None, f"not a readable CSV row: {e}")]
        q_row, field, line, after = trouble
        column = header[field] if q_row > HEADER_ROW and field < len(header) else None
        if after:
            msg = (f"the quoted cell that opens in line {line} ends at a quote followed by "
                   f"{after!r}: write a quote that belongs to the text as two (\"\"), or add "
                   "the closing quote that is missing")
        else:
            msg = (f"a double quote (\") opened in line {line} is never closed, so the rest of "
                   "the file would be one cell: close it, or write a quote that belongs to the "
                   "text as two (\"\")")
        return out, [Problem(file, q_row, column, msg)]
    return out, []


def _separator_problem(header: list[str], file: str, table: schema.Table) -> Problem | None:
    """Spreadsheets in many languages save 'CSV' with semicolons (or tabs) between cells."""
    if len(header) == 1:
        for sep in (";", "\t", "|"):
            if any(column_name(n) in table.names for n in header[0].split(sep)[1:]):
                return Problem(file, HEADER_ROW, None, f"cells are separated by {sep!r}, not "
                               "commas: save it as 'CSV UTF-8 (comma delimited)'")
    return None


def _header_problems(header: list[str], file: str, table: schema.Table) -> list[Problem]:
    problems = []
    seen: dict[str, int] = {}
    for i, name in enumerate(header, start=1):
        clean = column_name(name)
        if name != clean and clean:
            problems.append(Problem(file, HEADER_ROW, clean, f"the column name {name!r} has "
                                    "spaces or invisible characters around it"))
        if not clean:
            problems.append(Problem(file, HEADER_ROW, None,
                                    f"column {i} has no name; expected {', '.join(table.names)}"))
        elif clean in seen:
            problems.append(Problem(file, HEADER_ROW, clean,
                                    f"appears twice (columns {seen[clean]} and {i})"))
        else:
            seen[clean] = i
    return problems


def column_name(name: str) -> str:
    """A header cell without the spaces, byte-order marks and zero-width characters around it."""
    return name.strip().strip("\ufeff\u200b\u200c\u200d\u2060").strip()


def read_csv_table(path: Path, table: schema.Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The table's cells as text, indexed by spreadsheet row - 2; or the problems of the file.

    The frame is None when the file cannot be read as a table at all (every problem names
    where); column rules (vocabularies, dates, ids) are the caller's.
    """
    file = str(path)
    data, problems = read_table_bytes(path, table)
    if data is None:
        return None, problems
    return tablecache.remembered("parsed", file, table, data,
                                 lambda: parse_csv_table(data, file, table))


def read_table_bytes(path: Path, table: schema.Table) -> tuple[bytes | None, list[Problem]]:
    """A table file's bytes, or why it cannot be read."""
    file = str(path)
    try:
        return path.read_bytes(), []
    except IsADirectoryError:
        return None, [Problem(file, None, None, f"is a folder; the {table.name} table is a file")]
    except OSError as e:
        return None, [Problem(file, None, None, f"cannot be read: {e.strerror or e}")]


def parse_csv_table(data: bytes, file: str, table: schema.Table
                    ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """`read_csv_table` on a file's bytes (`file` names it in messages)."""
    text, problems = _decode(data, file)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(file, None, None, f"is empty; the {table.name} table starts with "
                              f"a header row: {', '.join(table.names)}")]
    records, problems = _records(text, file)
    if problems:
        return None, problems
    header_row, header = records[0]
    if header_row != HEADER_ROW:
        return None, [Problem(file, HEADER_ROW, None, "is blank: the header row must be the "
                              "first line")]
    if separator := _separator_problem(header, file, table):
        return None, [separator]  # every row would also have the wrong number of cells
    problems = _header_problems(header, file, table)
    width = len(header)
    for row, cells in records[1:]:
        if len(cells) != width:
            hint = ("an unquoted comma inside a cell? Quote the cell" if len(cells) > width
                    else "a line break inside an unquoted cell, or a cell left out?")
            problems.append(Problem(file, row, None,
                                    f"has {len(cells)} cells, the header has {width}: {hint}"))
    if problems:
        return None, problems
    names = [column_name(h) for h in header]
    rows = [cells for _, cells in records[1:]]
    index = pd.Index([row - HEADER_ROW - 1 for row, _ in records[1:]], dtype="int64")
    df = pd.DataFrame(rows, columns=names, index=index, dtype=str)
    if df.empty:  # a header only: keep the columns, as text
        df = pd.DataFrame({n: pd.Series([], dtype=str) for n in names})
    return df, []


# --- in batches: validation of a large table ----------------------------------------------------

BATCH = 65_536  # rows of a CSV table held at a time by `csv_batches`


class NeedsWholeFile(Exception):
    """The file is not a plain readable table: `read_csv_table` says exactly what is wrong
    (its messages need the whole text)."""


def csv_batches(path: Path, table: schema.Table, rows: int = BATCH) -> Iterator[pd.DataFrame]:
    """A readable CSV table's cells as text frames of at most `rows` rows, indexed as
    `read_csv_table` indexes them (same parser, same row numbers), so validation holds a batch,
    not the file. Raises `NeedsWholeFile` (possibly after some batches) at anything
    `read_csv_table` would report."""
    with open(path, "rb") as raw:
        head = raw.read(SAMPLE)
        if (head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0"))
                or utf16_problem(head, str(path))):
            raise NeedsWholeFile
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        reader = csv.reader(text, strict=True)
        try:
            header = next(reader, [])
            if (not header or _separator_problem(header, str(path), table)
                    or _header_problems(header, str(path), table)):
                raise NeedsWholeFile
            names = [column_name(h) for h in header]
            width, row = len(header), HEADER_ROW
            cells: list[list[str]] = []
            labels: list[int] = []
            sent = False
            for record in reader:
                row += 1
                if not record:
                    continue
                if len(record) != width:
                    raise NeedsWholeFile
                cells.append(record)
                labels.append(row - HEADER_ROW - 1)
                if len(cells) >= rows:
                    yield pd.DataFrame(cells, columns=names, index=pd.Index(labels, dtype="int64"),
                                       dtype=str)
                    cells, labels, sent = [], [], True
        except (csv.Error, UnicodeDecodeError):
            raise NeedsWholeFile from None
    if cells or not sent:
        yield (pd.DataFrame(cells, columns=names, index=pd.Index(labels, dtype="int64"), dtype=str)
               if cells else pd.DataFrame({n: pd.Series([], dtype=str) for n in names}))


class ArrowCannotRead(Exception):
    """pyarrow's reader cannot read this file as pandas' does (a row it cannot parse, a quote
    still open at the end, a header with an empty or repeated name, one column): read it with
    pandas instead."""


ARROW_BLOCK = 8 << 20  # bytes pyarrow parses at a time (a row longer than this: pandas reads it)
_END = "\x1fclaimbook end of file\x1f"  # a last row added after the file's bytes (see below)


class _EndedFile(io.RawIOBase):
    """The file's bytes, then a line break and one row of `_END` cells: if pyarrow's last row is
    that row, the file ended outside any quote (a quote still open swallows it; pandas says
    "EOF inside string" of such a file, and pyarrow would not). `saw_nul` says a NUL byte was
    read: pyarrow can close a quote still open at the end of a file holding one."""

    def __init__(self, path: Path, width: int, sep: str) -> None:
        self._f = open(path, "rb")  # noqa: SIM115 (closed with this stream)
        self._tail = memoryview(("\n" + sep.join([_END] * width) + "\n").encode())
        self.saw_nul = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if n := self._f.readinto(buffer):
            self.saw_nul = self.saw_nul or b"\0" in bytes(memoryview(buffer)[:n])
            return n
        n = min(len(buffer), len(self._tail))
        buffer[:n], self._tail = self._tail[:n], self._tail[n:]
        return n

    def close(self) -> None:
        self._f.close()
        super().close()


def arrow_csv_batches(path: Path, sep: str = ",", rows: int = BATCH
                      ) -> tuple[list[str], Iterator[pd.DataFrame]]:
    """A foreign CSV file's columns and its cells as text frames of `rows` rows (the last may
    be shorter), indexed 0, 1, ... across batches as `pd.read_csv(chunksize=rows)` indexes
    them, parsed by pyarrow on its own threads: a million rows in well under a second.

    Only for a file pyarrow reads as pandas would: anything else raises `ArrowCannotRead`,
    possibly after some batches (`tests/store/test_csv_read.py` compares the two on random
    files). A line holding only a carriage return is a blank line here, where pandas takes it
    for the start of a row and shifts that row's cells by one."""
    parse = pcsv.ParseOptions(delimiter=sep, newlines_in_values=True)
    read = pcsv.ReadOptions(block_size=ARROW_BLOCK)
    try:
        with pcsv.open_csv(path, read_options=read, parse_options=parse) as head:
            names = list(head.schema.names)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        raise ArrowCannotRead from None
    if len(names) < 2 or "" in names or len(set(names)) < len(names):
        raise ArrowCannotRead  # pandas names them "Unnamed: 2", "a.1"; skips a line of spaces
    convert = pcsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                  strings_can_be_null=False, quoted_strings_can_be_null=False)

    def frame(part: pa.Table, first: int) -> pd.DataFrame:
        df = part.to_pandas()
        df.index = pd.RangeIndex(first, first + len(df))
        return df

    def batches() -> Iterator[pd.DataFrame]:
        pending: list[pa.RecordBatch] = []
        held = done = 0
        try:
            with _EndedFile(path, len(names), sep) as stream, pcsv.open_csv(
                    stream, read_options=read, parse_options=parse,
                    convert_options=convert) as reader:
                for batch in reader:
                    if stream.saw_nul:
                        raise ArrowCannotRead
                    pending.append(batch)
                    held += batch.num_rows
                    while held > rows:  # the last row (`_END`) stays pending
                        table = pa.Table.from_batches(pending)
                        yield frame(table.slice(0, rows), done)
                        done, held = done + rows, held - rows
                        pending = table.slice(rows).to_batches()
        except (pa.ArrowInvalid, UnicodeDecodeError):
            raise ArrowCannotRead from None
        last = pa.Table.from_batches(pending, schema=reader.schema)
        ended = held and last.slice(held - 1).to_pylist()[0] == dict.fromkeys(names, _END)
        if stream.saw_nul or not ended:
            raise ArrowCannotRead
        if held > 1 or not done:
            yield frame(last.slice(0, held - 1), done)

    return names, batches()
