"""Another tool's table read as text: CSV, JSON lines or Parquet, a batch of rows at a time.

No type is guessed: every cell is text, as the foreign file wrote it. Each batch keeps its rows'
positions, so that a rejected row is named by its row or line in the file (`row_number`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from claimbook import store
from claimbook.errors import ConfigError, DataError, Problem
from claimbook.store import csv_read, parquet

INPUT_FORMATS = ("csv", "jsonl", "parquet")
SUFFIX_FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".jsonl": "jsonl",
                  ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
BATCH = 32_768  # foreign rows converted and checked at a time (three in hand: `importer`)


def input_format(path: Path, fmt: str | None = None) -> str:
    if fmt:
        return fmt
    if found := SUFFIX_FORMATS.get(path.suffix.lower()):
        return found
    raise ConfigError(f"{path}: cannot tell the format from {path.suffix or 'no suffix'!r}; "
                      f"give --format {'|'.join(INPUT_FORMATS)}")


def foreign_batches(path: Path, fmt: str, rows: int = BATCH, *, arrow: bool = True
                    ) -> tuple[list[str], Iterator[pd.DataFrame], list[Problem]]:
    """The foreign table's columns and its rows in text frames of about `rows` rows (no type
    guessing), indexed so that `row_number` gives the row or line. CSV and Parquet are read a
    batch at a time; JSON lines (whose columns are the union of every line's keys) whole.

    A CSV file is parsed by pyarrow (`arrow`; `csv_read.ArrowCannotRead`, possibly after some
    batches, for a file it does not read as pandas would) or by pandas, which says what is
    wrong with a file it cannot read."""
    file = str(path)
    if not path.is_file():
        raise ConfigError(f"{path}: file not found")
    if fmt == "csv":
        utf16_check(path)
        sep = "\t" if path.suffix.lower() == ".tsv" else ","
        if arrow:
            columns, arrow_batches = csv_read.arrow_csv_batches(path, sep, rows)
            return columns, arrow_batches, []
        options = {"dtype": str, "keep_default_na": False, "na_filter": False,
                   "encoding": "utf-8-sig", "sep": sep}
        try:
            columns = list(pd.read_csv(path, nrows=0, **options).columns)
            reader = pd.read_csv(path, chunksize=rows, **options)
        except UnicodeDecodeError as e:
            raise DataError([Problem(file, None, None,
                                     f"not UTF-8 text (byte {e.start}): save it as UTF-8")]) from None
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
            raise DataError([Problem(file, None, None, f"not a readable CSV table: {e}")]) from None

        def chunks() -> Iterator[pd.DataFrame]:
            with reader:
                try:
                    for chunk in reader:
                        yield _cells_within_header(chunk, file)
                except UnicodeDecodeError as e:
                    raise DataError([Problem(file, None, None, f"not UTF-8 text (byte "
                                             f"{e.start}): save it as UTF-8")]) from None
                except pd.errors.ParserError as e:
                    raise DataError([Problem(file, None, None,
                                             f"not a readable CSV table: {e}")]) from None

        return columns, chunks(), []
    if fmt == "parquet":
        try:
            pf = parquet.open_file(path)
            columns = list(pf.schema_arrow.names)
        except Exception as e:  # pyarrow's several error types for a file that is not Parquet
            raise DataError([Problem(file, None, None, f"not a readable Parquet table: {e}")]) from None
        return columns, parquet.text_batches(pf, rows=rows), []
    whole, problems = read_jsonl(path)
    return list(whole.columns), iter([whole[i:i + rows] for i in range(0, max(len(whole), 1),
                                                                        rows)]), problems


def _cells_within_header(df: pd.DataFrame, file: str) -> pd.DataFrame:
    """`df`, unless pandas made its first column the row labels, which it does when the first
    row has one cell more than the header names: every cell would be imported one column off."""
    if isinstance(df.index, pd.RangeIndex):
        return df
    raise DataError([Problem(file, 2, None, f"has one cell more than the header's "
                             f"{len(df.columns)} column names (a comma too many, or a column "
                             "with no name): fix the header or the row")])


def utf16_check(path: Path) -> None:
    with open(path, "rb") as f:
        if utf16 := csv_read.utf16_problem(f.read(csv_read.SAMPLE), str(path)):
            raise DataError([utf16])  # else read as UTF-8 with a NUL in every other byte


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def read_jsonl(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """A JSON lines file whole, as text; a line that is not a JSON object is a problem."""
    utf16_check(path)
    records, index, problems = [], [], []
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                problems.append(Problem(str(path), n, None, f"not valid JSON: {e}"))
                continue
            if not isinstance(obj, dict):
                problems.append(Problem(str(path), n, None, "not a JSON object"))
                continue
            records.append({k: cell_text(v) for k, v in obj.items()})
            index.append(n - 1)  # row_number(index) gives the line
    df = pd.DataFrame.from_records(records, index=index).fillna("").astype(str)
    return df, problems


def row_number(fmt: str, index: int) -> int:
    """Where a record is in its file: a CSV's spreadsheet row (header = 1), a JSON line's line
    number, a Parquet record's position counted from 1."""
    return store.spreadsheet_row(index) if fmt == "csv" else int(index) + 1
