"""Foreign rows become claims rows: a stable key (the same id for a row as when the import was
written), every kind of whitespace normalized, unmapped columns as the JSON object json.dumps
writes, and a batch converted exactly as its rows would be one at a time."""

from __future__ import annotations

import hashlib
import json
import sys

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimbook import store
from claimbook.tables import foreign_read, import_rows, mapping
from places import FIXTURES

FACTCHECKS = FIXTURES / "import" / "factchecks.csv"
MAPPING = FIXTURES / "import" / "factchecks.toml"


# The ids the fixture's rows were given when the import was first written (a sha256 of claimant,
# claim, date and url): claims imported since are stored under them, and a re-import finds them
# only if the same row still gets the same id.
FIXTURE_IDS = ["I9d8b077c8edcc5ac", "If1c411348dcc7530", "I5d91223b55f6f6bb", "I6915c68f5c05f905",
               "I18bae52fa1df1e3b", "Id8eb566e15d01fca", "I6a5a7f2a2e7bcc62", "Icf325e36a8a029cf",
               "I8f2f27662dd5d79b", "I1c4473adb22abe3e", "I396dcea1ea21096a", "I037323a8a720b617",
               "I9d8b077c8edcc5ac"]


def test_stored_claim_ids_stay_what_they_were() -> None:
    df = pd.concat(list(foreign_read.foreign_batches(FACTCHECKS, "csv")[1]))
    rows, _ = import_rows.convert(df, mapping.read_mapping(MAPPING))
    assert list(rows["claim_id"]) == FIXTURE_IDS


# foreign cells as they come: any text (no lone surrogates: files are UTF-8), whitespace of
# every kind, the key's own separator, formula starts, vocabulary spellings, dates of each form
SPACES = [" ", "\t", "\n", "\r", "\r\n", "\xa0", "\u3000", "\x1c", "\x85", "\u2009", "  "]
CELL = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=10),
    st.lists(st.sampled_from([*SPACES, "a", "B", "\x1f", "=1", "日本", '"', ","]), max_size=5)
    .map("".join),
    st.sampled_from(["Head of state", "head-of-state", " GOVERNMENT ", "Gov", "media", "x",
                     "Troop deployment", "3/4/2020", "13/1/2020", "2/30/2020", " 7/15/2015 ",
                     "2020-03-04", "", "https://example.org/a b", "https://example.org/1"]))


@given(st.lists(st.tuples(CELL, CELL, CELL, CELL), min_size=1, max_size=12))
def test_claim_key_is_a_sha256_of_the_four_texts(rows: list[tuple[str, ...]]) -> None:
    frame = pd.DataFrame(rows, columns=list(import_rows.KEY_COLUMNS), dtype=str)
    expected = [import_rows.KEY_PREFIX + hashlib.sha256("\x1f".join(r).encode()).hexdigest()[:16]
                for r in rows]
    assert list(import_rows.claim_key(frame)) == expected


def test_spaces_are_every_character_python_calls_whitespace() -> None:
    assert list(import_rows.SPACES) == [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]


@pytest.mark.parametrize("space", [chr(c) for c in import_rows.SPACES])
def test_every_whitespace_character_alone_in_a_column_is_normalized(space: str) -> None:
    # text is looked at cheaply first (its bytes, two spaces in a row): no space may slip by
    column = pd.Series(["plain text", f"two{space}words", f"{space}edge{space}",
                        f"a{space}{space}run"], dtype=str)
    assert list(import_rows.convert(pd.DataFrame({"c": column, "u": "https://e.org/"}),
                                 mapping.ColumnMap({"claim": "c", "url": "u"}))[0]["claim"]) \
        == ["plain text", "two words", "edge", "a run"]


FOREIGN = ["stmt", "who", "who_type", "topic", "when", "link", "verdict", "source"]
CONVERSION = mapping.ColumnMap(
    {"claim": "stmt", "claimant": "who", "claimant_type": "who_type", "topic": "topic",
     "date": "when", "url": "link"}, {"claim_type": "Statement"},
    {"claimant_type": {"Gov": "government"}, "claimant": {"x": "Someone"}}, "%m/%d/%Y")


@given(st.lists(st.tuples(*[CELL] * len(FOREIGN)), min_size=1, max_size=8))
def test_a_batch_converts_as_its_rows_one_at_a_time(rows: list[tuple[str, ...]]) -> None:
    """Spellings, dates and attributes are worked out once per distinct value of a batch: each
    row still gets what it would get alone, and whitespace follows the quote rule."""
    foreign = pd.DataFrame(rows, columns=FOREIGN, dtype=str)
    batch, reasons = import_rows.convert(foreign, CONVERSION)
    for i in range(len(foreign)):
        alone, why = import_rows.convert(foreign.iloc[[i]], CONVERSION)
        assert batch.iloc[i].tolist() == alone.iloc[0].tolist()
        assert reasons.iloc[i] == why.iloc[0]
    assert list(batch["claim"]) == [store.normalize_whitespace(v) for v in foreign["stmt"]]


ATTRIBUTE_CELL = st.text(alphabet=st.sampled_from(
    ["a", "é", "😀", '"', "\\", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "\u2028", "\u00a0",
     "\u3000", " ", "\x1c", "{", "/"]), max_size=6)


@given(st.lists(st.tuples(ATTRIBUTE_CELL, ATTRIBUTE_CELL), min_size=1, max_size=6))
def test_unmapped_columns_become_the_json_object_json_dumps_writes(
        rows: list[tuple[str, str]]) -> None:
    """Attributes are built by Arrow: each row's object is what json.dumps writes for its
    unmapped cells that are not blank (str.strip), in column order; none when all are blank."""
    foreign = pd.DataFrame({"c": "a claim", "u": "https://e.org/",
                            "x": [r[0] for r in rows], 'odd "é"': [r[1] for r in rows]}, dtype=str)
    got = import_rows.convert(foreign, mapping.ColumnMap({"claim": "c", "url": "u"}))[0]
    for (x, odd), attributes in zip(rows, got["attributes"], strict=True):
        members = {k: v for k, v in (("x", x), ('odd "é"', odd)) if v.strip()}
        assert attributes == (json.dumps(members, ensure_ascii=False) if members else "")
