"""Registering source documents: a byte-for-byte copy in data/sources/ and a row in documents.csv.

A source is immutable once registered — mentions point into it by character offset and its
sha256 is checked on every load — so registering copies the file exactly, refuses a file that is
already registered (same sha256), and never rewrites an existing source.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from claimbook import publish, schema, store
from claimbook.dates import DateError, parse_partial_date
from claimbook.errors import ClaimbookError, DataError, Problem
from claimbook.store.write import (
    Append,
    append_rows,
    backup_path,
    unchanged_on_failure,
    write_file,
    writing,
)

log = logging.getLogger("claimbook")

SOURCES_DIR = "sources"
_SEQ = re.compile(r"^(\d+)_")


class SourceError(ClaimbookError):
    """A source cannot be registered or found (exit code 2: the user can fix it)."""


@dataclass(frozen=True)
class Source:
    """A registered source document and its text (read as UTF-8, newlines untranslated)."""

    doc_id: str
    path: Path
    title: str
    publisher: str
    published: str
    text: str


def read_text(path: Path) -> str:
    """The text offsets count in: UTF-8, no newline translation (as `store` reads sources)."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def _documents(data_dir: Path) -> dict[int, dict[str, str]]:
    """documents.csv's text rows by spreadsheet row, refused if the table itself is broken (we
    append to it)."""
    path = data_dir / schema.DOCUMENTS.filename
    df, problems = store.read_table(path, schema.DOCUMENTS)
    if problems:
        raise DataError(problems)
    assert df is not None
    return {store.spreadsheet_row(i): d for i, d in df.to_dict("index").items()}


def checked_source(data_dir: Path, row: int, d: dict[str, str]) -> Path:
    """The file of documents.csv's row `row` (`store.source_file`), or a DataError naming
    the row when it is outside the data folder."""
    try:
        return store.source_file(data_dir, d["path"])
    except store.OutsideDataFolder as e:
        raise DataError([Problem(str(data_dir / schema.DOCUMENTS.filename), row, "path",
                                 str(e))]) from None


def new_doc_id(sha256: str, existing: list[str]) -> str:
    """`<sequence>_<first 16 hex of sha256>`: sortable by registration, stable, unique."""
    seqs = [int(m.group(1)) for d in existing if (m := _SEQ.match(d))]
    seq = max(seqs, default=-1) + 1
    return f"{seq:03d}_{sha256[:16]}"


def add_source(data_dir: str | Path, file: str | Path, title: str, publisher: str = "",
               url: str = "", published: str = "", retrieved: date | None = None,
               wait: float = publish.WRITE_WAIT) -> Source:
    """Copy `file` into data/sources/ and append its row to documents.csv; return the source.

    Under the data folder's write lock (waiting up to `wait` seconds); should any step fail
    (the copy, a rename, reading documents.csv back) the folder is exactly as it was."""
    data_dir, file = Path(data_dir), Path(file)
    if not file.is_file():
        raise SourceError(f"{file}: no such file")
    title = " ".join(title.split())
    if not title:
        raise SourceError("--title is required and may not be blank")
    try:
        published = parse_partial_date(published).text
    except DateError as e:
        raise SourceError(f"--published: {e}") from None
    try:
        text = read_text(file)
    except UnicodeDecodeError as e:
        raise SourceError(f"{file} is not UTF-8 text (byte {e.start}); convert it to UTF-8 "
                          "before registering it: a registered source is never changed") from None
    if not text.strip():
        raise SourceError(f"{file} is empty")
    sha = store.sha256_file(file)
    with publish.data_lock(data_dir, wait):
        row, target = _register(data_dir, file, sha, title, publisher, url, published,
                                retrieved or date.today())
    log.info("registered %s as %s", file, row["doc_id"])
    return Source(row["doc_id"], target, title, row["publisher"], published, text)


def _register(data_dir: Path, file: Path, sha: str, title: str, publisher: str, url: str,
              published: str, retrieved: date) -> tuple[dict[str, str], Path]:
    """The copy and the documents.csv row, all or nothing (call under the data lock)."""
    docs = _documents(data_dir).values()
    for d in docs:
        if d["sha256"] == sha:
            raise SourceError(f"{file} is already registered as {d['doc_id']} ({d['path']}, "
                              f"{d['title']!r}); a source is registered once")
    doc_id = new_doc_id(sha, [d["doc_id"] for d in docs])
    rel = Path(SOURCES_DIR) / f"{doc_id}{file.suffix.lower() or '.txt'}"
    try:  # data/sources may be a symlink: never write through it out of the data folder
        target = store.source_file(data_dir, rel.as_posix())
    except store.OutsideDataFolder as e:
        raise SourceError(f"{data_dir / SOURCES_DIR}: {e}") from None
    if target.exists():
        raise SourceError(f"{target} exists already and is not in documents.csv; "
                          "move it away or register it (sources are never overwritten)")
    row = {"doc_id": doc_id, "path": rel.as_posix(), "title": title, "publisher": publisher.strip(),
           "url": url.strip(), "published": published, "retrieved": retrieved.isoformat(),
           "sha256": sha}
    documents = data_dir / schema.DOCUMENTS.filename

    def copy(tmp: Path) -> None:
        shutil.copyfile(file, tmp)
        if store.sha256_file(tmp) != sha:  # the copy must be the file, byte for byte
            raise SourceError(f"{file} changed while it was being copied; try again")

    folder = target.parent
    made = not folder.exists()
    try:
        with writing(data_dir), unchanged_on_failure([target, documents,
                                                      backup_path(documents)]):
            write_file(target, copy)
            append_rows([Append(documents, [row])])
            _documents(data_dir)  # documents.csv reads back valid, or nothing changes
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # a sources/ folder made for this copy goes too
        raise
    return row, data_dir / rel


def find_source(data_dir: str | Path, ref: str | Path) -> tuple[Source | None, str]:
    """A registered document by doc_id or by file (matched on sha256), else just the file's text.

    Returns (source or None, text): extraction works on an unregistered file too, but only a
    registered one gives mentions an offset base that `accept` can check.
    """
    data_dir = Path(data_dir)
    docs = _documents(data_dir) if (data_dir / schema.DOCUMENTS.filename).exists() else {}
    by_id = {d["doc_id"]: row for row, d in docs.items()}
    path = Path(ref)
    if str(ref) in by_id and not path.is_file():
        row = by_id[str(ref)]
    elif path.is_file():
        sha = store.sha256_file(path)
        row = next((r for r, x in docs.items() if x["sha256"] == sha), None)
        if row is None:
            try:
                return None, read_text(path)
            except UnicodeDecodeError as e:
                raise SourceError(f"{path} is not UTF-8 text (byte {e.start})") from None
    else:
        raise SourceError(f"{ref}: neither a file nor a doc_id in {data_dir / 'documents.csv'}")
    d = docs[row]
    src_path = checked_source(data_dir, row, d)
    if not src_path.is_file():
        raise SourceError(f"{d['doc_id']}: source file {src_path} not found")
    text = read_text(src_path)
    return Source(d["doc_id"], src_path, d["title"], d["publisher"], d["published"], text), text
