"""The one CSV writer: its two implementations (Python's csv module for tables and files people
open, pyarrow's for a report's million-row selection.csv and `export --format csv`) read back
into the same cells — line breaks (LF, CR, CRLF) inside cells quoted — and make the same cells
inert as formulas; a frame of text written by Arrow compute (`arrow_rows`: appended tables,
listings) is byte for byte what the csv module writes, neutralized or not."""

from __future__ import annotations

import csv
import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimbook.store import csv_write
from claimbook.store.csv_write import (
    FORMULA_STARTS,
    arrow_rows,
    csv_rows,
    neutralize_cell,
    neutralize_formulas,
    rows_text,
    to_csv_text,
    write_arrow_csv,
)

TRICKY = ["plain", "", "a\nb", "a\rb", "a\r\nb", "\r", "\n", 'say "x", then', "=1+1", "+1",
          "-1", "@SUM(A1)", "\t=1", "\r=1", "'=kept", "trailing\r"]


def read_back(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def arrow_text(columns: dict[str, list[str]]) -> str:
    buf = io.BytesIO()
    write_arrow_csv(pa.table({c: pa.array(v, type=pa.string()) for c, v in columns.items()}), buf)
    return buf.getvalue().decode("utf-8")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_start_is_neutralized(value: str) -> None:
    """Export CSV (pyarrow's writer) and the frame writer alike give a formula an apostrophe."""
    back = read_back(arrow_text({"a": [value, "safe - text"]}))
    assert [r[0] for r in back[1:]] == ["'" + value, "safe - text"]
    out = neutralize_formulas(pd.DataFrame({"a": [value, "safe - text"]}))
    assert list(out["a"]) == ["'" + value, "safe - text"]


def test_both_writers_read_back_the_same_cells() -> None:
    columns = {"a": TRICKY, "b": list(reversed(TRICKY))}
    expected = [["a", "b"], *[[neutralize_cell(x), neutralize_cell(y)]
                              for x, y in zip(columns["a"], columns["b"], strict=True)]]
    rows = read_back(rows_text([["a", "b"], *zip(columns["a"], columns["b"], strict=True)],
                               neutralize=True))
    frame = read_back(to_csv_text(neutralize_formulas(pd.DataFrame(columns))))
    arrow = read_back(arrow_text(columns))
    assert rows == expected
    assert frame == expected
    assert arrow == expected


def test_line_breaks_in_cells_are_always_quoted() -> None:
    for text in (rows_text([["h"], ["a\rb"], ["c\nd"], ["e\r\nf"]]),
                 to_csv_text(pd.DataFrame({"h": ["a\rb", "c\nd", "e\r\nf"]})),
                 arrow_text({"h": ["a\rb", "c\nd", "e\r\nf"]})):
        body = text.removeprefix("\ufeff").split("\n", 1)[1]
        assert body.count('"') >= 6, body  # each of the three cells is in quotes


@given(st.lists(st.text(alphabet=st.sampled_from(["a", " ", ",", '"', "\r", "\n", "'",
                                                  *FORMULA_STARTS]), max_size=6),
                min_size=1, max_size=8))
def test_writers_agree_on_any_cells(cells: list[str]) -> None:
    """Any cells, two columns (every CSV claimbook writes has several: a one-column row of one
    empty cell is a blank line to pyarrow's writer, a quoted "" to Python's)."""
    other = list(reversed(cells))
    expected = [["v", "w"], *[[neutralize_cell(a), neutralize_cell(b)]
                              for a, b in zip(cells, other, strict=True)]]
    assert read_back(rows_text([["v", "w"], *zip(cells, other, strict=True)],
                               neutralize=True)) == expected
    frame = pd.DataFrame({"v": cells, "w": other})
    assert read_back(to_csv_text(neutralize_formulas(frame))) == expected
    assert read_back(arrow_text({"v": cells, "w": other})) == expected


# any text (no lone surrogates: nothing UTF-8 holds), and the cells a CSV writer can get wrong
TABLE_CELL = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
    st.lists(st.sampled_from(["a", " ", ",", '"', "\r", "\n", "\r\n", "'", "é", "日本", "\x00",
                              "\u2028", *FORMULA_STARTS]), max_size=6).map("".join),
    st.sampled_from(TRICKY))


@given(st.integers(1, 4).flatmap(lambda width: st.lists(
    st.lists(st.one_of(TABLE_CELL, st.none()), min_size=width, max_size=width), max_size=12)),
    st.booleans())
def test_arrow_rows_are_the_bytes_of_the_csv_module(rows: list[list[str | None]],
                                                    for_people: bool) -> None:
    """One to four columns (one column: a lone empty cell is `""`), missing cells, a carriage
    return anywhere (its row fully quoted), formulas neutralized for people or kept."""
    width = len(rows[0]) if rows else 2
    frame = pd.DataFrame(rows, columns=[f"c{i}" for i in range(width)], dtype="str")
    if for_people:
        frame = neutralize_formulas(frame)
    python = rows_text([frame.columns, *frame.astype(object).where(frame.notna(), "")
                        .to_numpy().tolist()]).split("\n", 1)[1].encode("utf-8")
    # a frame of text is Arrow's to write (neutralize_formulas may leave a column of only
    # missing cells as numbers: the csv module's)
    assert arrow_rows(frame) == python or (for_people and arrow_rows(frame) is None)
    assert csv_rows(frame) == python
    assert to_csv_text(frame).encode("utf-8") == rows_text([frame.columns]).encode() + python


def test_a_frame_that_is_not_all_text_is_written_by_the_csv_module() -> None:
    frame = pd.DataFrame({"n": [1, -2], "x": [1.5, None], "t": ["=a", "b\rc"]})
    assert arrow_rows(frame) is None
    assert to_csv_text(frame) == rows_text([["n", "x", "t"], [1, 1.5, "=a"], [-2, "", "b\rc"]])


def test_rows_in_a_given_order_are_written_as_that_order_of_the_table() -> None:
    # the columns of each slice are taken and cleaned on two threads: same bytes as in order
    columns = {"a": TRICKY * 5, "b": list(reversed(TRICKY)) * 5, "c": [str(i) for i in range(80)]}
    table = pa.table({c: pa.array(v, type=pa.string()) for c, v in columns.items()})
    order = np.random.default_rng(1).permutation(80)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(csv_write, "SLICE", 7)  # several slices
        taken, direct = io.BytesIO(), io.BytesIO()
        write_arrow_csv(table, taken, rows=order)
        write_arrow_csv(table.take(pa.array(order)), direct)
    assert taken.getvalue() == direct.getvalue()
    assert read_back(taken.getvalue().decode())[1][2] == str(order[0])
