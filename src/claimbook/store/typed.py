"""Text tables -> typed frames: vocabularies as categoricals, dates as start/end/precision.

Every reader returns text (what the file says, no type guessing); the typed frames are built
here only, from tables that passed `checks`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claimbook.claims import names, schema
from claimbook.claims.date_columns import parse_partial_dates


def _vocab(s: pd.Series, vocabulary: str) -> pd.Series:
    """A categorical of the vocabulary's values in its order ('' and unknown values: missing);
    codes found by pyarrow, which is many times faster than astype for a million rows."""
    values = list(schema.VOCABULARIES[vocabulary])
    codes = pc.index_in(arrow_strings(s), value_set=pa.array(values, type=pa.string()))
    codes = pc.fill_null(codes, -1).to_numpy(zero_copy_only=False)
    return pd.Series(pd.Categorical.from_codes(codes, categories=values), index=s.index)


def typed_claims(raw: pd.DataFrame) -> pd.DataFrame:
    """Text table -> typed: categoricals for vocabularies, each date as start/end/precision."""
    df = raw.drop(columns=[c for c in schema.DERIVED_DATE_COLUMNS if c in raw])
    n = len(df)
    for col in schema.CLAIMS.columns:
        missing = col.name not in df  # an optional column, or one a reader left out
        if col.kind == "vocab":
            df[col.name] = (pd.Categorical.from_codes(np.full(n, -1, dtype="int8"),
                                                      categories=list(schema.VOCABULARIES[
                                                          col.vocabulary or ""]))
                            if missing else _vocab(df[col.name], col.vocabulary or ""))
        elif missing:
            df[col.name] = (pd.Series(np.full(n, None, dtype=object), index=df.index)
                            .astype("string") if col.nullable else "")
        elif col.nullable:
            df[col.name] = df[col.name].replace("", pd.NA)
    parsed = parse_partial_dates(df["date"].fillna("") if "date" in raw else
                                 pd.Series("", index=df.index))
    df["date"] = df["date"].astype("string")
    df["date_start"] = parsed["start"]
    df["date_end"] = parsed["end"]
    df["date_precision"] = parsed["precision"].astype(
        pd.CategoricalDtype(list(schema.DATE_PRECISIONS)))
    return df


def typed_mentions(raw: pd.DataFrame) -> pd.DataFrame:
    df = raw.copy()
    df["start"] = df["start"].astype("int64")
    df["end"] = df["end"].astype("int64")
    return df


def typed_documents(raw: pd.DataFrame) -> pd.DataFrame:
    df = raw.copy()
    for c in ("publisher", "url", "published"):
        df[c] = df[c].replace("", pd.NA)
    return df


def isin(values: pd.Series, among: pd.Series | set[str] | list[str]) -> pd.Series:
    """`values.isin(among)` for text columns, computed by pyarrow: pandas' own isin on Arrow
    strings walks `among` in Python, which takes seconds for a million ids."""
    pool = arrow_strings(among if isinstance(among, pd.Series) else pd.Series(list(among),
                                                                               dtype="str"))
    found = pc.is_in(arrow_strings(values), value_set=pool)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


def arrow_strings(values: pd.Series) -> object:
    """A text column as one Arrow string array (no copy when pandas holds it in Arrow)."""
    arr = pa.array(values.astype("str"), type=pa.string(), from_pandas=True)
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    return arr.fill_null("")


def string_bytes(arr: Any) -> np.ndarray:
    """The bytes of an Arrow string array's values, one after the other (no copy)."""
    if len(arr) == 0 or arr.buffers()[2] is None:
        return np.zeros(0, dtype=np.uint8)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)
    return np.frombuffer(arr.buffers()[2], dtype=np.uint8)[
        offsets[arr.offset]:offsets[arr.offset + len(arr)]]


def value_ends(arr: Any) -> np.ndarray:
    """Where each value of an Arrow string array ends in `string_bytes(arr)` (n + 1 offsets,
    the first 0)."""
    if len(arr) == 0:
        return np.zeros(1, dtype=np.int32)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset:arr.offset + len(arr) + 1]
    return offsets - offsets[0]


def rows_holding(arr: Any, found: np.ndarray) -> np.ndarray:
    """Which values of an Arrow string array hold a byte marked in `found` (a mask over
    `string_bytes(arr)`): a mask of its values, each value's bytes reduced by numpy."""
    ends = value_ends(arr)
    if not len(arr):
        return np.zeros(0, dtype=bool)
    # a False after the last byte: every value's start indexes it, an empty last value's too
    out = np.logical_or.reduceat(np.append(found, False), ends[:-1])
    out[ends[:-1] == ends[1:]] = False  # an empty value's "reduction" is the next byte
    return out


def holding(arr: Any, chars: bytes) -> np.ndarray:
    """Which values of an Arrow string array (no nulls) hold any of the ASCII characters
    `chars`: those bytes marked by numpy (`rows_holding`)."""
    if any(c > 0x7F for c in chars):
        raise ValueError("holding() looks for ASCII characters")
    data = string_bytes(arr)
    found = data == chars[0]
    for c in chars[1:]:
        found |= data == c
    return rows_holding(arr, found)


def holds_any(arr: Any, lead: bytes) -> bool:
    """Whether any value of an Arrow string array holds any of the bytes `lead` (an ASCII
    character, or the first byte of a longer UTF-8 sequence): a search for each of a few bytes
    (which stops at the first found), else the smallest and largest byte held, then one pass
    over the bytes if that cannot tell."""
    data = string_bytes(arr)
    if len(lead) <= 4:
        held = data.tobytes()
        return any(held.find(bytes([c])) >= 0 for c in lead)
    if not len(data) or not any(data.min() <= c <= data.max() for c in lead):
        return False  # every byte sought is below the smallest byte held or above the largest
    others = bytes(sorted(set(range(256)) - set(lead)))
    return bool(data.tobytes().translate(None, others))  # what is left: `lead`s


Computed = TypeVar("Computed", pd.Series, pd.DataFrame)


def per_value(values: pd.Series, compute: Callable[[pd.Series], Computed]) -> Computed:
    """`compute(values)` for a function of each value alone, run once per distinct value (same
    index as `values`): a column of a million rows holds a few thousand dates or spellings."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    return compute(pd.Series(distinct, dtype=values.dtype)).iloc[codes].set_axis(values.index)


def claimant_spellings(claimants: pd.Series) -> names.Spellings:
    """The spellings of a whole claims table's claimant column (`names.Spellings`)."""
    counts = claimants.astype("string").fillna("").value_counts(sort=False, dropna=False)
    return names.Spellings.of(zip(counts.index.astype(str), counts.to_numpy(), strict=True))


def shown_claimants(claims: pd.DataFrame, spellings: names.Spellings) -> pd.DataFrame:
    """`claims` with each claimant as the data shows it (one spelling per claimant, from the
    whole table's `spellings`); the same frame when every spelling is shown as it is."""
    if "claimant" not in claims or not spellings.respelled():
        return claims
    out = claims.copy(deep=False)
    out["claimant"] = per_value(claims["claimant"].astype("string").fillna(""),
                                lambda d: d.map(spellings.show)).astype(claims["claimant"].dtype)
    return out


# what json.dumps(ensure_ascii=False) writes for each character it escapes (backslash first:
# the later escapes add backslashes of their own)
_JSON_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
                 "\b": "\\b", "\f": "\\f"}
_JSON_ESCAPES |= {chr(c): f"\\u{c:04x}" for c in range(0x20) if chr(c) not in _JSON_ESCAPES}


def json_escaped(arr: Any) -> Any:
    """Each text as json.dumps(text, ensure_ascii=False) writes it between its quotes (Arrow)."""
    # which of the (ASCII) characters to escape occur: one count of the column's bytes, not a
    # search per character
    data = string_bytes(arr)
    counts = np.bincount(data, minlength=256) if len(data) else np.zeros(256, dtype=np.int64)
    for char, escaped in _JSON_ESCAPES.items():
        if counts[ord(char)]:
            arr = pc.replace_substring(arr, char, escaped)
    return arr


def json_strings(arr: Any) -> Any:
    """Each text as json.dumps(text, ensure_ascii=False) writes it, quotes included (Arrow)."""
    return pc.binary_join_element_wise('"', json_escaped(arr), '"', "")


def joined_strings(chunks: list[Any], large: bool = False) -> Any:
    """String chunks as one array, as `pa.chunked_array(chunks).combine_chunks()` gives it
    (large_string when `large`), each chunk let go once copied: `chunks` is emptied, so a
    column held only there never exists twice in full."""
    kind = pa.large_string() if large else pa.string()
    n = sum(len(c) for c in chunks)
    ends = [(np.frombuffer(c.buffers()[1], dtype=np.int64 if pa.types.is_large_string(c.type)
                           else np.int32)[c.offset:c.offset + len(c) + 1]) for c in chunks]
    offsets = np.zeros(n + 1, dtype=np.int64 if large else np.int32)
    data = np.empty(sum(int(e[-1] - e[0]) for e in ends), dtype=np.uint8)
    valid = np.ones(n, dtype=bool)
    row = at = 0
    while chunks:
        chunk, own = chunks.pop(0), ends.pop(0)
        k, size = len(chunk), int(own[-1] - own[0])
        if size:
            data[at:at + size] = np.frombuffer(chunk.buffers()[2], dtype=np.uint8)[own[0]:own[-1]]
        offsets[row + 1:row + k + 1] = own[1:] - own[0] + at
        if chunk.null_count:
            valid[row:row + k] = chunk.is_valid().to_numpy(zero_copy_only=False)
        row, at = row + k, at + size
        del chunk, own
    nulls = int(n - valid.sum())
    bitmap = pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None
    return pa.Array.from_buffers(kind, n, [bitmap, pa.py_buffer(offsets), pa.py_buffer(data)],
                                 null_count=nulls)


def equal_codes(arr: Any, rows: int = 65_536) -> np.ndarray:
    """A code per value of a string array, the same for equal values (and for nulls), by one
    sort and a comparison of neighbours `rows` at a time: no dictionary of the values (a
    million distinct texts factorized took 350 MB at once)."""
    order = pc.sort_indices(arr).to_numpy()
    same = np.zeros(len(order), dtype=bool)  # the value sorted i-th equals the one before it
    for first in range(0, len(order), rows):
        start = max(first - 1, 0)
        piece = arr.take(pa.array(order[start:first + rows]))
        before, after = piece.slice(0, len(piece) - 1), piece.slice(1)
        eq = pc.or_kleene(pc.fill_null(pc.equal(before, after), False),
                          pc.and_(pc.is_null(before), pc.is_null(after)))
        same[start + 1:start + len(piece)] = eq.to_numpy(zero_copy_only=False)
    codes = np.empty(len(order), dtype=np.int64)
    codes[order] = np.cumsum(~same) - 1
    return codes
