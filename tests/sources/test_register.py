"""Registering sources: an exact copy, one row appended atomically, duplicates refused."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claimbook import store
from claimbook.errors import DataError
from claimbook.sources import register
from claimbook.sources.register import SourceError
from claimbook.store.write import backup_path
from conftest import read_csv_rows, set_cell

ARTICLE = "Line one,\r\nwrapped.\n\nA “quoted” word — and a tab\there.\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "Article.TXT"
    path.write_bytes(ARTICLE.encode("utf-8"))
    return path


def test_add_source_copies_bytes_and_appends_a_row(data_copy: Path, article: Path) -> None:
    before = (data_copy / "documents.csv").read_bytes()
    src = register.add_source(data_copy, article, title="  An   article ", publisher="Wire",
                             url="https://example.org/a", published="2025-07-16",
                             retrieved=date(2026, 1, 2))
    sha = store.sha256_file(article)
    assert src.doc_id == f"001_{sha[:16]}"
    assert src.path == data_copy / "sources" / f"{src.doc_id}.txt"
    assert src.path.read_bytes() == article.read_bytes()  # \r\n kept: offsets count it
    assert src.text == ARTICLE
    after = (data_copy / "documents.csv").read_bytes()
    assert after.startswith(before), "existing rows must stay byte for byte"
    _, rows = read_csv_rows(data_copy / "documents.csv")
    assert rows[-1] == {"doc_id": src.doc_id, "path": f"sources/{src.doc_id}.txt",
                        "title": "An article", "publisher": "Wire", "url": "https://example.org/a",
                        "published": "2025-07-16", "retrieved": "2026-01-02", "sha256": sha}
    assert backup_path(data_copy / "documents.csv").read_bytes() == before
    data = store.load(data_copy)
    assert len(data.documents) == 2 and data.texts[src.doc_id] == ARTICLE


def test_retrieved_defaults_to_today(data_copy: Path, article: Path) -> None:
    register.add_source(data_copy, article, title="t")
    _, rows = read_csv_rows(data_copy / "documents.csv")
    assert rows[-1]["retrieved"] == date.today().isoformat()
    assert rows[-1]["published"] == ""


def test_sequence_numbers_grow(data_copy: Path, tmp_path: Path) -> None:
    ids = []
    for i in range(2):
        f = tmp_path / f"a{i}.md"
        f.write_text(f"text {i}\n", encoding="utf-8")
        ids.append(register.add_source(data_copy, f, title=f"t{i}").doc_id)
    assert [i[:4] for i in ids] == ["001_", "002_"]
    assert ids[1].startswith("002_") and (data_copy / "sources" / f"{ids[1]}.md").is_file()


def test_same_file_twice_is_refused(data_copy: Path, article: Path, tmp_path: Path) -> None:
    first = register.add_source(data_copy, article, title="t")
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(article.read_bytes())
    table = (data_copy / "documents.csv").read_bytes()
    with pytest.raises(SourceError, match=f"already registered as {first.doc_id}") as info:
        register.add_source(data_copy, copy, title="other title")
    assert info.value.exit_code == 2
    assert (data_copy / "documents.csv").read_bytes() == table


def test_the_seed_is_already_registered(data_copy: Path) -> None:
    seed = data_copy / "sources" / "000_cd4c6eedc46ef4ad.txt"
    with pytest.raises(SourceError, match="already registered as 000_cd4c6eedc46ef4ad"):
        register.add_source(data_copy, seed, title="again")


@pytest.mark.parametrize("published", ["July 2025", "2025-13", "2025-02-30", "16/07/2025"])
def test_bad_published_date_is_refused(data_copy: Path, article: Path, published: str) -> None:
    with pytest.raises(SourceError, match="--published"):
        register.add_source(data_copy, article, title="t", published=published)
    assert len(list((data_copy / "sources").iterdir())) == 1


def test_blank_title_missing_file_and_non_utf8(data_copy: Path, tmp_path: Path,
                                               article: Path) -> None:
    with pytest.raises(SourceError, match="title"):
        register.add_source(data_copy, article, title="  ")
    with pytest.raises(SourceError, match="no such file"):
        register.add_source(data_copy, tmp_path / "missing.txt", title="t")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("caf\xe9\n".encode("latin-1"))
    with pytest.raises(SourceError, match="not UTF-8"):
        register.add_source(data_copy, latin, title="t")


def test_broken_documents_table_is_not_appended_to(data_copy: Path, article: Path) -> None:
    set_cell(data_copy / "documents.csv", 2, "retrieved", "yesterday")
    with pytest.raises(DataError, match="documents.csv, row 2, column retrieved"):
        register.add_source(data_copy, article, title="t")
    assert len(list((data_copy / "sources").iterdir())) == 1


def test_find_source_by_id_and_by_file(data_copy: Path, article: Path, tmp_path: Path) -> None:
    src = register.add_source(data_copy, article, title="t", publisher="Wire", published="2025-07")
    by_id, text = register.find_source(data_copy, src.doc_id)
    assert by_id is not None and by_id.doc_id == src.doc_id and text == ARTICLE
    assert by_id.publisher == "Wire" and by_id.published == "2025-07"
    by_file, _ = register.find_source(data_copy, article)
    assert by_file is not None and by_file.doc_id == src.doc_id
    other = tmp_path / "unregistered.txt"
    other.write_text("Not registered.\n", encoding="utf-8")
    assert register.find_source(data_copy, other) == (None, "Not registered.\n")
    with pytest.raises(SourceError, match="neither a file nor a doc_id"):
        register.find_source(data_copy, "999_nothing")
