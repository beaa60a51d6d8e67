"""`checks.passes` (the column rules run without pandera) agrees with pandera on every table.

`column_problems` trusts `passes` and asks pandera only when it is False, so a table that
`passes` wrongly accepted would be stored with a bad cell. Each frame below (written for these
tests) breaks one rule, or none; for each, `passes` must be True exactly when pandera finds
nothing, and `column_problems` must report what pandera reports.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pandera.errors import SchemaErrors

from claimbook.claims import schema
from claimbook.store import checks


def valid() -> pd.DataFrame:
    return pd.DataFrame({
        "claim_id": ["C1", "C2", "C3"],
        "claim": ["Troops crossed the border.", "No troops were sent.", "Said so, twice."],
        "claimant": ["Ministry", "Embassy", "Officials"],
        "claimant_type": ["government", "government", "unknown"],
        "claim_type": ["allegation", "denial", "statement"],
        "date": ["2025-07-14", "2025-Q3", ""],
        "responds_to": ["", "C1", ""],
        "url": ["https://example.org/1", "", "http://example.org/3"],
        "attributes": ['{"rating": "3"}', "", "{}"],
    }, dtype="str")


def with_cell(column: str, value: object, dtype: str | None = "str") -> pd.DataFrame:
    df = valid()
    values = df[column].astype(object).tolist()
    values[1] = value
    df[column] = pd.Series(values, dtype=dtype)
    return df


BROKEN = {
    "valid": valid,
    "empty required cell": lambda: with_cell("claimant", "  "),
    "bad id": lambda: with_cell("claim_id", "C 2"),
    "duplicate id": lambda: with_cell("claim_id", "C1"),
    "bad responds_to": lambda: with_cell("responds_to", "no such/id"),
    "bad date": lambda: with_cell("date", "2025-13"),
    "bad url": lambda: with_cell("url", "ftp://example.org"),
    "bad vocabulary": lambda: with_cell("claim_type", "rumour"),
    "JSON that is no object": lambda: with_cell("attributes", "[1, 2]"),
    "missing value": lambda: with_cell("claim", None),
    "object column": lambda: valid().astype({"claim": object}),
    "Python-backed text column": lambda: valid().astype({"claim": "string[python]"}),
    "number in an object column": lambda: with_cell("claim", 3, dtype=None),
    "unknown column": lambda: valid().assign(verdict="true"),
    "missing required column": lambda: valid().drop(columns=["claimant"]),
    "no rows": lambda: valid().iloc[0:0],
}


def pandera_passes(df: pd.DataFrame, unique: bool) -> bool:
    try:
        checks.pandera_schema(schema.CLAIMS, unique=unique).validate(df, lazy=True)
    except SchemaErrors:
        return False
    return True


@pytest.mark.parametrize("unique", [True, False])
@pytest.mark.parametrize("case", list(BROKEN))
def test_passes_exactly_when_pandera_passes(case: str, unique: bool) -> None:
    df = BROKEN[case]()
    expected = pandera_passes(df, unique)
    if case == "valid" or case == "no rows" or (case == "duplicate id" and not unique):
        assert expected  # the frame breaks no rule pandera checks
    assert checks.passes(df, schema.CLAIMS, unique=unique) is (
        expected and case != "object column")  # pandera's call there: passes leaves it to it
    problems = checks.column_problems(df, "claims.csv", schema.CLAIMS, unique=unique)
    assert (problems == []) is expected


def test_a_failing_table_is_reported_row_by_row() -> None:
    problems = checks.column_problems(with_cell("date", "2025-13"), "claims.csv", schema.CLAIMS)
    assert [(p.file, p.row, p.column) for p in problems] == [("claims.csv", 3, "date")]


ID_LIKE = st.text(alphabet=st.sampled_from(list("aZ09_.:-") + [" ", "é", "\n", "/"]),
                  max_size=6)
URL_LIKE = st.lists(st.sampled_from(["http", "https", "HTTPS", "hTtP", "://", ":/", "/", "?",
                                     "#", "x", "é", " ", "\t", "\u00a0", "\u2009", "\u3000",
                                     "\x1c", ".org", ""]), max_size=6).map("".join)


@given(st.lists(ID_LIKE, max_size=8))
def test_ids_told_from_their_bytes_match_the_pattern(values: list[str]) -> None:
    s = pd.Series(values, dtype="str")
    assert checks.ids_ok(s).tolist() == s.str.fullmatch(schema.ID_PATTERN).tolist()


@given(st.lists(URL_LIKE, max_size=8))
def test_urls_told_by_arrow_match_the_pattern(values: list[str]) -> None:
    s = pd.Series(values, dtype="str")
    assert checks.urls_ok(s).tolist() == s.str.match(schema.URL_PATTERN).tolist()


def test_the_quick_looks_take_plain_columns() -> None:
    # the fast paths must actually decide these (else the test above compares the pattern
    # with itself)
    ids = pd.Series(["C1", "I0e85b8a7b907bb58", "x.y:z-1_2"], dtype="str")
    urls = pd.Series(["https://e.org/1", "HTTP://e.org", "http:///x", "ftp://e.org"], dtype="str")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pd.Series, "str", property(lambda self: pytest.fail("pattern used")))
        assert checks.ids_ok(ids).tolist() == [True, True, True]
        assert checks.urls_ok(urls).tolist() == [True, True, False, False]


def json_object_reference(v: str) -> bool:
    """The rule as json.loads states it: empty, or text that decodes to a dict."""
    if v == "":
        return True
    try:
        return isinstance(json.loads(v), dict)
    except ValueError:
        return False


JSON_PIECES = st.sampled_from(['{', '}', '"', '\\', ':', ',', ' ', '\n', '\t', '\x01', '\x1f', 'a',
                               'é', '😀', '\\u00e9', '\\uD800', '\\x', '\\n', '\\"', '1', '[',
                               ']', 'null', '{"k": "v"}', '"k": "v"', ', '])
JSON_LIKE = st.one_of(
    st.lists(JSON_PIECES, max_size=10).map("".join),
    st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=4).map(
        lambda d: json.dumps(d, ensure_ascii=False)),
    st.dictionaries(st.text(max_size=6), st.text(max_size=6), max_size=4).map(
        lambda d: json.dumps(d, separators=(",", ":"))),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=3).map(json.dumps))


@given(st.lists(JSON_LIKE, max_size=8))
def test_json_objects_told_by_the_pattern_are_what_json_loads_reads(values: list[str]) -> None:
    s = pd.Series(values, dtype="str")
    assert checks.json_objects_ok(s).tolist() == [json_object_reference(v) for v in values]
    flat = pd.Series(values, dtype="str").str.fullmatch(checks.FLAT_JSON_OBJECT.strip("^$"))
    for v, matched in zip(values, flat, strict=True):  # the pattern alone never says yes wrongly
        assert not matched or json_object_reference(v), v


def test_the_import_s_objects_are_told_by_the_pattern() -> None:
    objects = pd.Series([json.dumps({"verdict": "1", "id": str(i), "note": 'a "q" é\n'},
                                    ensure_ascii=False) for i in range(3)] + [""], dtype="str")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(json, "loads", lambda _: pytest.fail("decoded"))
        assert checks.json_objects_ok(objects).tolist() == [True] * 4
