"""The rules a table must pass, as problems naming file, row and column: columns, then relations.

Column-level rules (required, unknown, vocabulary, pattern, unique) are generated from
`schema.py` (`column_rules`) and run as pandera checks (`pandera_schema`, `column_problems`);
rules that relate tables (dangling ids, quotes against sources, checksums) need all three tables
at once and are checked after pandera has passed each table (`check_relations`). `validation`
decides which rules run on which file.

A table that passes costs only its rules: `column_problems` first runs the same rules itself
(`passes`) and asks pandera, which is imported then, only for a table that fails, to name each
failing row and column; a million-row import passes nearly every batch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import types as arrow_types

from claimbook.claims import schema
from claimbook.claims.date_columns import parse_partial_dates
from claimbook.claims.dates import DateError, parse_partial_date
from claimbook.errors import Problem
from claimbook.store.csv_read import HEADER_ROW, shorten
from claimbook.store.typed import arrow_strings, holds_any, per_value, string_bytes

if TYPE_CHECKING:
    import pandera.pandas as pandera
    from pandera.errors import SchemaErrors


def spreadsheet_row(index: int) -> int:
    """The spreadsheet row of a text frame's index label (the header is row 1)."""
    return int(index) + HEADER_ROW + 1


def normalize_whitespace(text: str) -> str:
    """The quote rule: a run of whitespace (line breaks of hard-wrapped text) is one space."""
    return " ".join(text.split())


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --- columns (pandera) ---------------------------------------------------------------------------

_ALNUM = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_ID_CHARS = _ALNUM + b"_.:-"
_FIRST_OK = np.zeros(256, dtype=bool)
_FIRST_OK[list(_ALNUM)] = True
# a byte that is, or starts, a character URL_PATTERN calls whitespace
_URL_SPACE_LEADS = b" \t\n\r\f\v\xc2\xe1\xe2\xe3"


def _arrow_text(s: pd.Series) -> Any | None:
    """`s` as one Arrow string array, when pandas holds it so and no value is missing."""
    if not (isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow") or s.isna().any():
        return None
    return arrow_strings(s)


def ids_ok(s: pd.Series) -> pd.Series:
    """`s.str.fullmatch(ID_PATTERN)`, told from the column's bytes when every byte is one an id
    may hold (the usual column): then an id passes when it is not empty and starts with a
    letter or digit. Any other column: the pattern, value by value."""
    arr = _arrow_text(s)
    if arr is not None:
        data = string_bytes(arr)
        if not data.tobytes().translate(None, _ID_CHARS):
            offsets = np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset:
                                                                      arr.offset + len(arr) + 1]
            filled = np.diff(offsets) > 0
            if _FIRST_OK[data[(offsets[:-1] - offsets[0])[filled]]].all():
                return pd.Series(filled, index=s.index)
    return s.str.fullmatch(schema.ID_PATTERN)


def urls_ok(s: pd.Series) -> pd.Series:
    """`s.str.match(URL_PATTERN)`, by Arrow when no value holds a byte that may be whitespace
    (the usual column): then a URL passes when it starts with http:// or https:// (any case)
    and a character that is not /, ? or #. Any other column: the pattern, value by value."""
    arr = _arrow_text(s)
    if arr is None or holds_any(arr, _URL_SPACE_LEADS):
        return s.str.match(schema.URL_PATTERN)
    head = pc.ascii_lower(pc.utf8_slice_codeunits(arr, 0, 9))
    https = pc.starts_with(head, "https://")
    host = pc.if_else(https, pc.utf8_slice_codeunits(head, 8, 9),
                      pc.utf8_slice_codeunits(head, 7, 8))
    ok = pc.and_(pc.or_(https, pc.starts_with(head, "http://")),
                 pc.invert(pc.is_in(host, value_set=pa.array(["", "/", "?", "#"]))))
    return pd.Series(ok.to_numpy(zero_copy_only=False), index=s.index)


def _date_ok(s: pd.Series) -> pd.Series:
    """Each distinct date parsed once (a million claims hold a few thousand dates)."""
    return per_value(s, lambda distinct: parse_partial_dates(distinct)["ok"])


# A JSON object whose values are all strings (what `claimbook import` writes), for RE2: every
# text it matches json.loads reads as a dict (JSON whitespace, the escapes Python's decoder
# knows, no raw control character), so only the others need the decoder.
_JSON_WS = "[ \\t\\n\\r]*"
_JSON_STRING = '"(?:[^"\\\\\\x00-\\x1f]|\\\\(?:["\\\\/bfnrt]|u[0-9a-fA-F]{4}))*"'
_JSON_PAIR = f"{_JSON_STRING}{_JSON_WS}:{_JSON_WS}{_JSON_STRING}"
FLAT_JSON_OBJECT = (f"^{_JSON_WS}\\{{{_JSON_WS}(?:{_JSON_PAIR}{_JSON_WS}"
                    f"(?:,{_JSON_WS}{_JSON_PAIR}{_JSON_WS})*)?\\}}{_JSON_WS}$")


def json_objects_ok(s: pd.Series) -> pd.Series:
    """Empty, or a JSON object (what `claimbook import` writes for columns it keeps). An
    object of string values is told by one regular expression over the column (Arrow);
    any other text is parsed, each distinct one once: a million imported claims hold a
    million distinct objects."""
    def ok(v: str) -> bool:
        if v == "":
            return True
        try:
            return isinstance(json.loads(v), dict)
        except ValueError:
            return False

    def parsed(values: pd.Series) -> pd.Series:
        return per_value(values, lambda distinct: pd.Series([ok(v) for v in distinct], dtype=bool))

    arr = _arrow_text(s)
    if arr is None:
        return parsed(s)
    flat = pc.match_substring_regex(arr, FLAT_JSON_OBJECT).to_numpy(zero_copy_only=False)
    if flat.all():
        return pd.Series(True, index=s.index)
    out = pd.Series(flat, index=s.index)
    out[~flat] = parsed(s[~flat]).to_numpy()
    return out


@dataclass(frozen=True)
class Rule:
    """One column rule: `test` marks each value that passes; `error` ("kind:message") is the
    pandera check's name, which `problems_from_pandera` turns into the message."""

    test: Callable[[pd.Series], pd.Series]
    error: str


def column_rules(col: schema.Column) -> list[Rule]:
    rules: list[Rule] = []
    filled: Callable[[pd.Series], pd.Series] = lambda s: s.str.strip() != ""  # noqa: E731
    if not col.nullable:
        rules.append(Rule(filled, "empty:is empty but is required"))

    def allow_empty(test: Callable[[pd.Series], pd.Series]) -> Callable[[pd.Series], pd.Series]:
        if col.nullable:
            return lambda s: (s == "") | test(s)
        # a blank required cell is reported once, as empty, not also as a bad value
        return lambda s: (s.str.strip() == "") | test(s)

    if col.kind == "id":
        rules.append(Rule(allow_empty(ids_ok), "id:is not a valid id (letters, digits, _ . : -)"))
    elif col.kind == "int":
        rules.append(Rule(allow_empty(lambda s: s.str.fullmatch(schema.INT_PATTERN)),
                          "int:is not a whole number ≥ 0"))
    elif col.kind == "sha256":
        rules.append(Rule(allow_empty(lambda s: s.str.fullmatch(schema.SHA256_PATTERN)),
                          "sha256:is not a sha256 (64 lowercase hex digits)"))
    elif col.kind == "date":
        rules.append(Rule(_date_ok, "date:"))
    elif col.kind == "url":
        rules.append(Rule(allow_empty(urls_ok), "url:is not an http(s) URL (http://… or https://…)"))
    elif col.kind == "json":
        rules.append(Rule(json_objects_ok, "json:is not a JSON object ({\"name\": …})"))
    elif col.kind == "vocab":
        assert col.vocabulary
        allowed = list(schema.VOCABULARIES[col.vocabulary])
        rules.append(Rule(allow_empty(lambda s: s.isin(allowed)),
                          f"vocab:is not a {col.vocabulary}; allowed: {', '.join(allowed)}"))
    return rules


def pandera_schema(table: schema.Table, *, unique: bool = True) -> pandera.DataFrameSchema:
    """The column rules; `unique=False` leaves uniqueness out, for a table checked in batches
    (`duplicate_problems` then checks it over the whole column)."""
    import pandera.pandas as pandera  # lazy: pandera runs only for a table that fails its rules

    columns = {
        c.name: pandera.Column(str, checks=[pandera.Check(r.test, error=r.error)
                                            for r in column_rules(c)],
                               required=c.required, unique=c.unique and unique)
        for c in table.columns
    }
    return pandera.DataFrameSchema(columns, strict=True, ordered=False, name=table.name)


def passes(df: pd.DataFrame, table: schema.Table, *, unique: bool = True) -> bool:
    """True when `pandera_schema(table)` would pass `df`, found by running its rules directly;
    False when it fails or when this cannot tell (a column that is not of pandas' Arrow-backed
    text dtype, a missing value), so that pandera decides."""
    names = list(df.columns)
    if len(set(names)) != len(names) or not set(names) <= set(table.names):
        return False
    if not set(table.required) <= set(names):
        return False
    for col in table.columns:
        if col.name not in df:
            continue
        s = df[col.name]
        # pandera takes Arrow-backed text (and Python str objects, which are left to it)
        if not (isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow"):
            return False
        if s.isna().any():
            return False
        if col.unique and unique and s.duplicated().any():
            return False
        for rule in column_rules(col):
            ok = rule.test(s)
            if not pd.api.types.is_bool_dtype(ok.dtype) or not ok.all():
                return False
    return True


def problems_from_pandera(err: SchemaErrors, df: pd.DataFrame, file: str,
                           table: schema.Table) -> list[Problem]:
    problems: list[Problem] = []
    seen_dupes: set[tuple[str, str]] = set()
    for fc in err.failure_cases.to_dict("records"):
        check, value, column, index = fc["check"], fc["failure_case"], fc["column"], fc["index"]
        if check == "column_in_dataframe":
            problems.append(Problem(file, HEADER_ROW, value, "required column is missing"))
        elif check == "column_in_schema":
            problems.append(Problem(file, HEADER_ROW, value,
                                    f"unknown column; expected {', '.join(table.names)}"))
        elif check == "field_uniqueness":
            if (column, value) in seen_dupes:
                continue
            seen_dupes.add((column, value))
            problems += _duplicates(file, column, value, df.index[df[column] == value])
        elif isinstance(check, str) and ":" in check and index is not None:
            kind, _, text = check.partition(":")
            if kind == "date" and len(value) > 40:
                msg = (f"{shorten(value)} is not an ISO 8601 date; write 2025, 2025-Q3, 2025-07 "
                       "or 2025-07-14")
            elif kind == "date":
                try:
                    parse_partial_date(value)
                    text = "is not a valid date"
                except DateError as e:
                    text = str(e)
                msg = text
            elif kind == "empty":
                msg = text
            else:
                msg = f"{shorten(value)} {text}"
            problems.append(Problem(file, spreadsheet_row(index), column, msg))
        else:  # a check pandera added that we did not anticipate: still say where
            row = spreadsheet_row(index) if index is not None else None
            problems.append(Problem(file, row, column, f"{shorten(str(value))} fails {check}"))
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def _duplicates(file: str, column: str, value: str, labels: pd.Index) -> list[Problem]:
    """Every row after the first that repeats `value` of a unique column."""
    rows = [spreadsheet_row(i) for i in labels]
    return [Problem(file, r, column, f"duplicate {column} {shorten(value)} (first in row "
                    f"{rows[0]})") for r in rows[1:]]


def duplicate_problems(values: pd.Series, column: str, file: str) -> list[Problem]:
    """The uniqueness rule over a whole column (index: the frame's labels), for tables checked
    in batches: found with Arrow, so a million ids cost a few tens of megabytes."""
    arr = pa.chunked_array([pa.array(values.array if len(values) else [], type=pa.string())])
    counts = pc.value_counts(arr)
    repeated = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
    if not len(repeated):
        return []
    where = pc.is_in(arr, value_set=repeated).to_numpy(zero_copy_only=False)
    dupes = values[where]
    problems: list[Problem] = []
    for value, group in dupes.groupby(dupes, sort=False).groups.items():
        problems += _duplicates(file, column, str(value), pd.Index(group))
    return problems


def column_problems(df: pd.DataFrame, file: str, table: schema.Table, *,
                    unique: bool = True) -> list[Problem]:
    """The pandera column rules of `table` on a text frame (`unique`: see `pandera_schema`);
    pandera runs only when `passes` finds a rule failing."""
    if passes(df, table, unique=unique):
        return []
    from pandera.errors import SchemaErrors  # lazy: see pandera_schema

    try:
        pandera_schema(table, unique=unique).validate(df, lazy=True)
    except SchemaErrors as e:
        return problems_from_pandera(e, df, file, table)
    return []


def text_type(t: pa.DataType) -> bool:
    """Whether a Parquet column of this type reads as text (`parquet.as_text`): strings, and
    the numbers, booleans and dates another tool may have written; binary too, when its bytes
    are UTF-8 (`validation` checks them). Lists, structs and maps have no text form."""
    if arrow_types.is_dictionary(t):
        return text_type(t.value_type)
    return any(f(t) for f in (
        arrow_types.is_string, arrow_types.is_large_string, arrow_types.is_binary,
        arrow_types.is_large_binary, arrow_types.is_integer, arrow_types.is_floating,
        arrow_types.is_boolean, arrow_types.is_decimal, arrow_types.is_date,
        arrow_types.is_timestamp, arrow_types.is_null))


def parquet_column_problems(file: str, names: list[str], types: dict[str, pa.DataType]
                            ) -> list[Problem]:
    """What in a Parquet file's schema (written by another tool) no claimbook table can hold:
    a column name stored twice (which one is the record?), a column that has no text form,
    derived dates that are not dates (`names`: every stored column, in order)."""
    problems = []
    seen: dict[str, int] = {}
    for i, name in enumerate(names, start=1):
        if name in seen:
            problems.append(Problem(file, HEADER_ROW, name, f"appears twice (columns {seen[name]} "
                                    f"and {i}): keep one"))
        seen.setdefault(name, i)
    for name, t in types.items():
        if name not in schema.DERIVED_DATE_COLUMNS and not text_type(t):
            problems.append(Problem(file, HEADER_ROW, name, f"stored as {t}, not as text: each "
                                    "cell must be one text value (a list, struct or map has "
                                    "none); write the column as strings"))
    return problems + derived_date_types(file, types)


def derived_date_types(file: str, types: dict[str, pa.DataType]) -> list[Problem]:
    """Reports compare date_start/date_end with dates: stored as text (by another tool) they
    would fail every dated selection, so they must be dates or timestamps (`types`: the
    Parquet file's column types)."""
    return [Problem(file, HEADER_ROW, c, f"stored as {types[c]}, not as a "
                    "date: rewrite the table with `claimbook convert --to parquet`")
            for c in schema.DERIVED_DATE_COLUMNS if c in types
            and not (arrow_types.is_date(types[c]) or (arrow_types.is_timestamp(types[c])
                                                       and types[c].tz is None))]


def check_derived_dates(df: pd.DataFrame, stored: pd.DataFrame, file: str) -> list[Problem]:
    """A Parquet claims table is read by its stored date_start/date_end: they must be right."""
    if list(stored.columns) != list(schema.DERIVED_DATE_COLUMNS):
        return [Problem(file, HEADER_ROW, "date_start",
                        "date_start and date_end are missing: rewrite the table with "
                        "`claimbook convert --to parquet`")]
    parsed = parse_partial_dates(df["date"])
    bad = pd.Series(False, index=df.index)
    for col, derived in (("date_start", "start"), ("date_end", "end")):
        a, b = stored[col], parsed[derived]
        bad |= ~((a == b) | (a.isna() & b.isna()))
    return [Problem(file, spreadsheet_row(i), "date_start",
                    f"date_start/date_end do not match date {df.at[i, 'date']!r} (was the file "
                    "written by another tool?): rewrite it with `claimbook convert --to parquet`")
            for i in df.index[bad.to_numpy()]]
