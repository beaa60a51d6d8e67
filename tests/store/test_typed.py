"""`typed.joined_strings` joins string chunks into the array `combine_chunks` gives (values,
empty values, nulls, chunks that are slices of larger arrays, string or large_string) and
empties the list it was given, so the chunks can go as they are copied. Invented text."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from claimbook.store.typed import equal_codes, joined_strings

VALUES = st.lists(st.one_of(st.none(), st.text(max_size=6)), max_size=8)


@st.composite
def chunks(draw: st.DrawFn) -> list[pa.Array]:
    out = []
    for values in draw(st.lists(VALUES, max_size=5)):
        arr = pa.array(values, type=draw(st.sampled_from([pa.string(), pa.large_string()])))
        start = draw(st.integers(0, len(values)))
        out.append(arr.slice(start, draw(st.integers(0, len(values) - start))))
    return out


@given(chunks(), st.booleans())
def test_joined_strings_is_what_combine_chunks_gives(parts: list[pa.Array], large: bool) -> None:
    kind = pa.large_string() if large else pa.string()
    expected = pa.chunked_array([p.cast(kind) for p in parts], type=kind).combine_chunks()
    given_list = list(parts)
    got = joined_strings(given_list, large)
    got.validate(full=True)
    assert got.type == kind and got.equals(expected) and got.null_count == expected.null_count
    assert given_list == []


@given(st.lists(st.one_of(st.none(), st.sampled_from(["", "a", "ab", "b", "é", "a "])),
                max_size=40), st.integers(1, 5))
def test_equal_codes_are_equal_exactly_for_equal_values(values: list[str | None], rows: int
                                                        ) -> None:
    """The same partition as pandas' factorize (nulls together), whatever `rows` a slice."""
    codes = equal_codes(pa.array(values, type=pa.large_string()), rows)
    expected = pd.factorize(pd.Series(values, dtype=object).fillna("\x00null"))[0]
    assert list(pd.factorize(codes)[0]) == list(expected)
