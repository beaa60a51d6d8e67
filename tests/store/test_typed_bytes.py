"""What `typed` tells from a string array's bytes is what the values hold, value by value:
`holding` (which values hold any of some ASCII characters), `rows_holding` (which values hold
a marked byte), `holds_any` (whether any value holds one of some bytes) and `json_escaped`
(json.dumps's text between the quotes), for any text, empty values and arrays that are slices
of larger ones. Invented text."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from claimbook.store.typed import (
    holding,
    holds_any,
    json_escaped,
    json_strings,
    rows_holding,
    string_bytes,
)

TEXT = st.text(alphabet=st.sampled_from(['"', ",", "\n", "\r", "a", "é", "’", " ", "\t", "\\",
                                         "\x00", "\x1f", "\u2028", "😀", "\xa0"]), max_size=5) | st.just("")


@st.composite
def arrays(draw: st.DrawFn) -> tuple[pa.Array, list[str]]:
    """A string array, possibly a slice of a longer one, and its values."""
    before, values, after = (draw(st.lists(TEXT, max_size=4)), draw(st.lists(TEXT, max_size=8)),
                             draw(st.lists(TEXT, max_size=4)))
    arr = pa.array(before + values + after, type=pa.string())
    return arr.slice(len(before), len(values)), values


@given(arrays(), st.sampled_from([b'",\n', b"\r", b",", b'"\n']))
def test_holding_is_which_values_hold_any_of_the_characters(case: tuple[pa.Array, list[str]],
                                                            chars: bytes) -> None:
    arr, values = case
    assert holding(arr, chars).tolist() == [any(chr(c) in v for c in chars) for v in values]


@given(arrays(), st.integers(0, 255))
def test_rows_holding_marks_the_values_with_a_marked_byte(case: tuple[pa.Array, list[str]],
                                                          byte: int) -> None:
    arr, values = case
    found = string_bytes(arr) == byte
    assert rows_holding(arr, found).tolist() == [byte in v.encode() for v in values]
    assert rows_holding(arr, np.zeros(len(found), dtype=bool)).tolist() == [False] * len(values)


@given(arrays(), st.sampled_from([b"\r", b'",\n', b"\xe2\xc2", b"\t\n\x0b\x0c\r\x1c\xc2\xe1\xe2"]))
def test_holds_any_is_whether_any_value_holds_one_of_the_bytes(
        case: tuple[pa.Array, list[str]], lead: bytes) -> None:
    arr, values = case
    assert holds_any(arr, lead) == any(c in v.encode() for v in values for c in lead)


@given(arrays())
def test_json_escaped_is_what_json_dumps_writes_between_the_quotes(
        case: tuple[pa.Array, list[str]]) -> None:
    arr, values = case
    assert json_escaped(arr).to_pylist() == [json.dumps(v, ensure_ascii=False)[1:-1]
                                             for v in values]
    assert json_strings(arr).to_pylist() == [json.dumps(v, ensure_ascii=False) for v in values]
