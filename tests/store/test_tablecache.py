"""A table is parsed and checked once per version of its file, and the cache never shows a
stale or altered table: a file replaced by a new one, or rewritten in place with the same size
and time, is read anew; a caller changing a returned frame does not change the next read; a
broken table is refused with the same messages on every read and passes once fixed; large
tables are not kept."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimbook import store
from claimbook.claims import schema
from claimbook.store import tablecache, validation
from claimbook.store.csv_read import read_csv_table
from conftest import get_cell, set_cell


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    tablecache.clear()
    yield
    tablecache.clear()


def claims_file(data: Path) -> Path:
    return data / schema.CLAIMS.filename


def test_a_second_read_of_the_same_file_is_not_parsed_again(data_copy: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    calls = []
    check = validation.check_csv_bytes

    def counted(*args: object) -> object:
        calls.append(args[1])
        return check(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(validation, "check_csv_bytes", counted)
    first, _ = store.read_table(claims_file(data_copy), schema.CLAIMS)
    second, _ = store.read_table(claims_file(data_copy), schema.CLAIMS)
    assert len(calls) == 1
    assert first is not None and second is not None and first.equals(second)


def test_a_table_replaced_by_a_new_file_is_read_anew(data_copy: Path) -> None:
    path = claims_file(data_copy)
    before, _ = store.read_table(path, schema.CLAIMS)
    assert before is not None
    set_cell(path, 2, "claimant", "Written for the tests")  # a new file, same path
    after, problems = store.read_table(path, schema.CLAIMS)
    assert not problems and after is not None
    assert after["claimant"].iloc[0] == "Written for the tests"
    assert before["claimant"].iloc[0] != "Written for the tests"


def test_a_table_rewritten_in_place_with_the_same_size_and_time_is_read_anew(data_copy: Path
                                                                            ) -> None:
    path = claims_file(data_copy)
    old = get_cell(path, 2, "claimant")
    parsed, _ = read_csv_table(path, schema.CLAIMS)
    checked, _ = store.read_table(path, schema.CLAIMS)
    st = os.stat(path)
    data = path.read_bytes()
    new = "Q" + old[1:] if old[0] != "Q" else "R" + old[1:]  # same length: same size
    with open(path, "r+b") as f:  # the same inode, rewritten
        f.write(data.replace(old.encode(), new.encode(), 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    same = os.stat(path)
    assert (same.st_ino, same.st_size, same.st_mtime_ns) == (st.st_ino, st.st_size, st.st_mtime_ns)
    parsed_again, _ = read_csv_table(path, schema.CLAIMS)
    checked_again, _ = store.read_table(path, schema.CLAIMS)
    assert parsed is not None and checked is not None
    assert parsed_again is not None and checked_again is not None
    assert (parsed["claimant"].iloc[0], checked["claimant"].iloc[0]) == (old, old)
    assert (parsed_again["claimant"].iloc[0], checked_again["claimant"].iloc[0]) == (new, new)


def test_changing_a_returned_frame_does_not_change_the_next_read(data_copy: Path) -> None:
    path = claims_file(data_copy)
    for read in (lambda: store.read_table(path, schema.CLAIMS),
                 lambda: read_csv_table(path, schema.CLAIMS)):
        first, _ = read()
        assert first is not None
        expected = first.copy(deep=True)
        first.loc[first.index[0], "claim_id"] = "CHANGED"
        first["claimant"] = "CHANGED"
        del first["date"]
        second, _ = read()
        assert second is not None and second.equals(expected)


def test_typed_tables_a_caller_changes_are_read_unchanged(data_copy: Path) -> None:
    mentions, documents = store.read_mentions_documents(data_copy)
    n_docs, first_doc = len(documents), documents["doc_id"].iloc[0]
    mentions["claim_id"] = "CHANGED"
    documents.loc[documents.index[0], "doc_id"] = "CHANGED"
    mentions, documents = store.read_mentions_documents(data_copy)
    assert "CHANGED" not in set(mentions["claim_id"])
    assert (len(documents), documents["doc_id"].iloc[0]) == (n_docs, first_doc)


def test_a_broken_table_is_refused_alike_on_every_read_and_passes_once_fixed(data_copy: Path
                                                                            ) -> None:
    path = claims_file(data_copy)
    good = get_cell(path, 2, "date")
    set_cell(path, 2, "date", "2025-13-45")
    first = store.read_table(path, schema.CLAIMS)[1]
    second = store.read_table(path, schema.CLAIMS)[1]
    assert first and first == second
    expected = list(first)
    assert any(p.row == 2 and p.column == "date" for p in first)
    second.clear()  # the caller's own list
    assert store.read_table(path, schema.CLAIMS)[1] == expected
    set_cell(path, 2, "date", good)
    df, problems = store.read_table(path, schema.CLAIMS)
    assert df is not None and problems == []


def test_a_file_that_is_no_table_is_refused_alike_on_every_read(data_copy: Path) -> None:
    path = claims_file(data_copy)
    path.write_text('claim_id,claimant\n"C1,never closed\n', encoding="utf-8")
    first = read_csv_table(path, schema.CLAIMS)
    second = read_csv_table(path, schema.CLAIMS)
    assert first[0] is None and second[0] is None
    assert first[1] and first[1] == second[1]


def test_a_large_table_is_not_kept(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tablecache, "MAX_BYTES", 100)
    df, problems = store.read_table(claims_file(data_copy), schema.CLAIMS)
    assert df is not None and not problems
    assert tablecache.size() == 0


def test_at_most_a_few_results_are_kept(data_copy: Path, tmp_path: Path) -> None:
    text = claims_file(data_copy).read_text(encoding="utf-8")
    for i in range(tablecache.MAX_ENTRIES + 3):
        copy = tmp_path / f"claims-{i}.csv"
        copy.write_text(text, encoding="utf-8")
        store.read_table(copy, schema.CLAIMS)
    assert tablecache.size() == tablecache.MAX_ENTRIES


def test_one_version_of_a_file_is_kept(data_copy: Path) -> None:
    path = claims_file(data_copy)
    for n in range(4):
        set_cell(path, 2, "claimant", f"Written for the tests {n}")
        store.read_table(path, schema.CLAIMS)
    assert tablecache.size() == 1


def test_the_keys_of_a_replaced_claims_table_are_read_anew(data_copy: Path) -> None:
    written = ["Written for the tests"]
    assert store.read_keys(data_copy, claimants=written).num_rows == 0
    set_cell(claims_file(data_copy), 2, "claimant", written[0])
    keys = store.read_keys(data_copy, claimants=written)
    assert keys.num_rows == 1
    assert keys["claim_id"][0].as_py() == get_cell(claims_file(data_copy), 2, "claim_id")
