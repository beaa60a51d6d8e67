"""pyarrow reads a foreign CSV file as pandas does, or not at all (`csv_read.arrow_csv_batches`).

An import parses the file with pyarrow (several times faster) and falls back to pandas when
pyarrow raises `ArrowCannotRead`. So on any file pyarrow accepts, its columns, row labels and
cells must be those of Python's csv module, and those of pandas (except a line holding only a
carriage return, which pandas takes for the start of a row, shifting that row's cells); and a
file pandas refuses must not be accepted. The files here are random bytes of CSV syntax made
for these tests.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimbook.store import csv_read

TOKENS = ["a", "b", "é", ",", '"', "\n", "\r", "\r\n", " ", "\t", '""', "\x00", "\t"]
HEADERS = ["x,y\n", "x,y,z\n", "x,y", "\ufeffx,y\r\n", "x\n"]
LONE_CR = re.compile(r"(^|[\r\n])\r(?!\n)")


def arrow_read(path: Path, rows: int) -> tuple[list[str], list[pd.DataFrame]] | None:
    try:
        names, batches = csv_read.arrow_csv_batches(path, ",", rows)
        return names, list(batches)
    except csv_read.ArrowCannotRead:
        return None


def pandas_read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False,
                       encoding="utf-8-sig")


@settings(suppress_health_check=list(HealthCheck))
@given(st.sampled_from(HEADERS), st.lists(st.sampled_from(TOKENS), max_size=30),
       st.integers(1, 3))
def test_what_pyarrow_accepts_reads_as_the_csv_module_and_pandas_read_it(
        tmp_path_factory: pytest.TempPathFactory, header: str, body: list[str],
        rows: int) -> None:
    text = header + "".join(body)
    path = tmp_path_factory.mktemp("csv") / "f.csv"
    path.write_bytes(text.encode())
    got = arrow_read(path, rows)
    try:
        expected = pandas_read(path)
    except pd.errors.ParserError:
        assert got is None, "pyarrow accepted a file pandas cannot read"
        return
    if got is None:
        return
    names, batches = got
    assert [len(b) for b in batches[:-1]] == [rows] * (len(batches) - 1)
    assert 0 < len(batches[-1]) <= rows or len(batches) == 1
    frame = pd.concat(batches)
    records = [r for r in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")) if r]
    assert names == records[0]
    assert frame.values.tolist() == records[1:]
    assert frame.index.tolist() == list(range(len(records) - 1))
    if not LONE_CR.search(text):
        assert names == list(expected.columns)
        assert frame.values.tolist() == expected.values.tolist()


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode())
    return path


def test_a_quote_open_at_the_end_is_left_to_pandas(tmp_path: Path) -> None:
    # pyarrow alone reads the last cell as everything after the quote; pandas refuses the file;
    # after a NUL byte pyarrow can even close that quote at the end of the file
    for text in ('x,y\n1,"abc\n', 'x,y\n1,"abc', 'x,y\n1,2\n3,"open ""quote"", no end\n4,5\n',
                 'x,y\naaaaa\x00,"'):
        assert arrow_read(write(tmp_path, text), 2) is None, text
        with pytest.raises(pd.errors.ParserError):
            pandas_read(tmp_path / "f.csv")


@pytest.mark.parametrize("text", ["a,a\n1,2\n", "a,\n1,2\n", "a,b,\n1,2,\n", "a\n1\n", "",
                                  "a,b\n1\n", "a,b\n1,2,3\n4,5\n", "a,b\n  \n1,2\n",
                                  "a,b\n\xff,2\n", "a,b\nx\ry,2\n"])
def test_headers_and_rows_pandas_reads_its_own_way_are_left_to_pandas(tmp_path: Path,
                                                                       text: str) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode("latin-1") if "\xff" in text else text.encode())
    assert arrow_read(path, 2) is None


def test_rows_in_batches_with_labels_across_them(tmp_path: Path) -> None:
    text = "x,y\n" + "".join(f'{i},"cell {i}, with\nline break"\n' for i in range(7))
    names, batches = arrow_read(write(tmp_path, text), 3)
    assert names == ["x", "y"]
    assert [b.index.tolist() for b in batches] == [[0, 1, 2], [3, 4, 5], [6]]
    assert batches[2].at[6, "y"] == "cell 6, with\nline break"
    assert all(str(t) == "str" for b in batches for t in b.dtypes)
    names, batches = arrow_read(write(tmp_path, "x,y\n"), 3)
    assert names == ["x", "y"] and len(batches) == 1 and batches[0].empty


def test_a_line_of_one_carriage_return_shifts_no_cell(tmp_path: Path) -> None:
    names, batches = arrow_read(write(tmp_path, "x,y\n\r,2\n3,4\n"), 10)
    assert batches[0].values.tolist() == [["", "2"], ["3", "4"]]
