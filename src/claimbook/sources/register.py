"""Registering source documents: a byte-for-byte copy in data/sources/ and a row in documents.csv.

A source is immutable once registered — mentions point into it by character offset and its
sha256 is checked on every load — so registering copies the file exactly, refuses a file that is
already registered (same sha256), and never rewrites an existing source.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shlex
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from claimbook import store
from claimbook.claims import schema
from claimbook.claims.dates import DateError, parse_partial_date
from claimbook.errors import ConfigError, DataError, Problem
from claimbook.sources import fulltext
from claimbook.sources.fulltext import SourceError
from claimbook.store import csv_write, locks
from claimbook.store.write import appended_text, change, start_tables, text_writer, writing

log = logging.getLogger("claimbook")

SOURCES_DIR = "sources"
_SEQ = re.compile(r"^(\d+)_")


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


def checked_source(data_dir: Path, row: int, d: dict[str, str], column: str = "path") -> Path:
    """The file that documents.csv's row `row` names in `column` (`path`, or the extracted
    `text_path`; `store.source_file`), or a DataError naming the row when it is outside the
    data folder."""
    try:
        return store.source_file(data_dir, d[column])
    except store.OutsideDataFolder as e:
        raise DataError([Problem(str(data_dir / schema.DOCUMENTS.filename), row, column,
                                 str(e))]) from None


def new_doc_id(sha256: str, existing: list[str]) -> str:
    """`<sequence>_<first 16 hex of sha256>`: sortable by registration, stable, unique."""
    seqs = [int(m.group(1)) for d in existing if (m := _SEQ.match(d))]
    seq = max(seqs, default=-1) + 1
    return f"{seq:03d}_{sha256[:16]}"


def _metadata_date(value: str) -> str:
    """A page's own date as a reduced-precision date, or empty when it is not one."""
    try:
        return parse_partial_date(value[:10]).text
    except DateError:
        return ""


def add_source(data_dir: str | Path, file: str | Path, title: str = "", publisher: str = "",
               url: str = "", published: str = "", retrieved: date | None = None,
               encoding: str | None = None, notes: list[str] | None = None,
               wait: float = locks.WRITE_WAIT) -> Source:
    """Copy `file` into data/sources/ and append its row to documents.csv; return the source.

    A web page or PDF (by content) also gets its extracted text stored beside it, pinned by
    sha256; its own title, publisher, date and address fill what the options leave empty.
    `notes` collects what the user should be told (a conversion, metadata taken from the file).
    Under the data folder's write lock (waiting up to `wait` seconds); should any step fail
    (the copies, a rename, reading documents.csv back) the folder is exactly as it was."""
    data_dir, file = Path(data_dir), Path(file)
    notes = notes if notes is not None else []
    if not file.is_file():
        raise SourceError(f"{file}: no such file")
    try:
        published = parse_partial_date(published).text
    except DateError as e:
        raise SourceError(f"--published: {e}") from None
    got = fulltext.extract(file, encoding)
    if not got.text.strip():
        raise SourceError(f"{file} is empty")
    taken = []
    if not " ".join(title.split()) and got.title:
        title, _ = got.title, taken.append("title")
    if not publisher.strip() and got.publisher:
        publisher, _ = got.publisher, taken.append("publisher")
    if not published and (meta_date := _metadata_date(got.published)):
        published, _ = meta_date, taken.append("published")
    if not url.strip() and got.url.startswith(("http://", "https://")):
        url, _ = got.url, taken.append("url")
    title = " ".join(title.split())
    if not title:
        raise SourceError("--title is required and may not be blank"
                          + (" (the file's metadata has no title)" if got.format != "text" else ""))
    sha = store.sha256_file(file)
    data_dir.mkdir(parents=True, exist_ok=True)  # a new data folder: its tables are started
    with locks.data_lock(data_dir, wait):
        start_tables(data_dir)
        row, target = _register(data_dir, file, sha, got, title, publisher, url, published,
                                retrieved or date.today(), notes)
    if got.converted_from:
        notes.append(f"{file} was converted from {got.converted_from} to UTF-8; the original is "
                     f"kept as {row['path']}, offsets count in {row['text_path']}")
    elif row.get("text_path"):
        notes.append(f"the {got.format.upper()}'s text was extracted to {row['text_path']} "
                     f"({len(got.text):,} characters); offsets count in it")
    if taken:
        notes.append("from the file's metadata: " + ", ".join(f"{k} {row[k]!r}" for k in taken))
    log.info("registered %s as %s", file, row["doc_id"])
    return Source(row["doc_id"], target, title, row["publisher"], published, got.text)


def _register(data_dir: Path, file: Path, sha: str, got: fulltext.Extracted, title: str,
              publisher: str, url: str, published: str, retrieved: date, notes: list[str]
              ) -> tuple[dict[str, str], Path]:
    """The copy, the extracted text, the documents.csv row and any new publishers, all or
    nothing (call under the data lock)."""
    docs = list(_documents(data_dir).values())
    for d in docs:
        if d["sha256"] == sha:
            raise SourceError(f"{file} is already registered as {d['doc_id']} ({d['path']}, "
                              f"{d['title']!r}); a source is registered once")
    doc_id = new_doc_id(sha, [d["doc_id"] for d in docs])
    suffix = {"pdf": ".pdf", "html": ".html"}.get(got.format) or file.suffix.lower() or ".txt"
    rel = Path(SOURCES_DIR) / f"{doc_id}{suffix}"
    own_text = got.format == "text" and not got.converted_from
    text_rel = None if own_text else rel.with_name(rel.name + ".txt")
    try:  # data/sources may be a symlink: never write through it out of the data folder
        target = store.source_file(data_dir, rel.as_posix())
        text_target = store.source_file(data_dir, text_rel.as_posix()) if text_rel else None
    except store.OutsideDataFolder as e:
        raise SourceError(f"{data_dir / SOURCES_DIR}: {e}") from None
    for t in (target, text_target):
        if t is not None and t.exists():
            raise SourceError(f"{t} exists already and is not in documents.csv; "
                              "move it away or register it (sources are never overwritten)")
    row = {"doc_id": doc_id, "path": rel.as_posix(), "title": title, "publisher": publisher.strip(),
           "url": url.strip(), "published": published, "retrieved": retrieved.isoformat(),
           "sha256": sha}
    documents = data_dir / schema.DOCUMENTS.filename
    publishers = data_dir / schema.PUBLISHERS.filename

    def copy(tmp: Path) -> None:
        shutil.copyfile(file, tmp)
        if store.sha256_file(tmp) != sha:  # the copy must be the file, byte for byte
            raise SourceError(f"{file} changed while it was being copied; try again")

    def write_text(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(got.text)

    folder = target.parent
    made = not folder.exists()
    try:
        with writing(data_dir), change(data_dir, "add-source") as ch:
            folder.mkdir(parents=True, exist_ok=True)
            ch.write(target, copy, backup=False)
            if text_target is not None and text_rel is not None:
                text_tmp = ch.write(text_target, write_text, backup=False)
                row |= {"text_path": text_rel.as_posix(),
                        "text_sha256": store.sha256_file(text_tmp)}
            texts = {documents: appended_text(documents, [row], widen=True)}
            described = _undescribed_publishers(data_dir, [*[d["publisher"] for d in docs],
                                                           row["publisher"]])
            if described:
                added, texts[publishers] = described
                notes.append(f"added {', '.join(repr(a) for a in added)} to publishers.csv, not "
                             "graded: claimbook publishers --grade "
                             f"{shlex.quote(added[0] + '=B')} grades one (A to F)")
            for path, text in texts.items():
                ch.write(path, text_writer(text))
            ch.commit()
            _documents(data_dir)  # documents.csv reads back valid, or nothing changes
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # a sources/ folder made for this copy goes too
        raise
    return row, data_dir / rel




def _undescribed_publishers(data_dir: Path, names: list[str]) -> tuple[list[str], str] | None:
    """Publishers named by documents but not in publishers.csv, and the table's new text with
    them added (kind and reliability empty); None when every one is described. A folder without
    publishers.csv gets one when its first new publisher arrives, holding all of them."""
    path = data_dir / schema.PUBLISHERS.filename
    publishers, problems = store.read_publishers(data_dir)
    if problems:
        raise DataError(problems)
    described = set(publishers["name"]) if publishers is not None else set()
    added = list(dict.fromkeys(n for n in names if n and n not in described))
    if not added:
        return None
    rows = [{c: (n if c == "name" else "") for c in schema.PUBLISHERS.names} for n in added]
    if publishers is None:
        frame = pd.DataFrame(rows, columns=schema.PUBLISHERS.names)
        return added, csv_write.to_csv_text(frame)
    return added, appended_text(path, rows)


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
            return None, fulltext.extract(path).text
    else:
        raise SourceError(f"{ref}: neither a file nor a doc_id in {data_dir / 'documents.csv'}")
    d = docs[row]
    src_path = checked_source(data_dir, row, d, "text_path" if d.get("text_path") else "path")
    if not src_path.is_file():
        raise SourceError(f"{d['doc_id']}: source file {src_path} not found")
    text = read_text(src_path)
    return Source(d["doc_id"], src_path, d["title"], d["publisher"], d["published"], text), text


@dataclass(frozen=True)
class Removed:
    doc_id: str
    mentions: int
    claims: list[str]  # claims removed with it: they had no other provenance
    publisher: str = ""  # its publisher, removed from publishers.csv: no other document is its


def remove_source(data_dir: str | Path, doc_id: str, *, with_mentions: bool = False,
                  wait: float = locks.WRITE_WAIT) -> Removed:
    """Unregister a source. Refused while mentions use it (naming their claims) unless
    `with_mentions`: then its row, its mentions and the claims left without provenance (no other
    mention, no url) go in one all-or-nothing write under the data folder's write lock, the
    previous tables kept as `.bak`; the source's files are renamed to `<name>.bak` beside them."""
    data_dir = Path(data_dir)
    with locks.data_lock(data_dir, wait):
        return _remove(data_dir, doc_id, with_mentions)


def _remove(data_dir: Path, doc_id: str, with_mentions: bool) -> Removed:
    tables = (schema.DOCUMENTS, schema.CLAIMS, schema.MENTIONS)
    if any(store.table_file(data_dir, t).is_parquet for t in tables):
        raise ConfigError(f"{data_dir} keeps its tables as Parquet; remove-source rewrites CSV "
                          "tables: run `claimbook convert --to csv` first (and --to parquet after)")
    store.load(data_dir)  # the tables must be valid before anything is removed
    raw, paths = store.read_raw(data_dir, derived=False)
    docs, claims, mentions = raw["documents"], raw["claims"], raw["mentions"]
    if doc_id not in set(docs["doc_id"]):
        raise SourceError(f"{doc_id!r} is not a doc_id in {paths['documents']} "
                          f"(registered: {', '.join(docs['doc_id'][:10])})")
    used = mentions["doc_id"] == doc_id
    by_claim = sorted(set(mentions.loc[used, "claim_id"]))
    if used.any() and not with_mentions:
        raise SourceError(f"{doc_id} is used by {int(used.sum())} mentions of "
                          f"{len(by_claim)} claims ({', '.join(by_claim[:20])}"
                          f"{', …' if len(by_claim) > 20 else ''}); pass --with-mentions to remove "
                          "them too, and the claims left without provenance")
    kept_mentions = mentions[~used]
    has_url = claims["url"] != "" if "url" in claims else False
    orphan = claims["claim_id"].isin(by_claim) & ~claims["claim_id"].isin(
        set(kept_mentions["claim_id"])) & ~has_url
    gone = list(claims.loc[orphan, "claim_id"])
    kept_claims = claims[~orphan]
    if "responds_to" in kept_claims:
        answering = kept_claims[kept_claims["responds_to"].isin(gone)]
        if len(answering):
            pairs = ", ".join(f"{a} answers {b}" for a, b in
                              zip(answering["claim_id"], answering["responds_to"], strict=True))
            raise SourceError(f"removing {doc_id} would remove claims that others answer ({pairs}): "
                              "clear their responds_to first")
    doc = docs[docs["doc_id"] == doc_id].iloc[0].to_dict()
    kept_docs = docs[docs["doc_id"] != doc_id]
    texts = {paths["documents"]: csv_write.to_csv_text(kept_docs)}
    publisher, publishers = str(doc.get("publisher") or ""), None
    if publisher and publisher not in set(kept_docs["publisher"]):
        publishers, problems = store.read_publishers(data_dir)
        if problems:
            raise DataError(problems)
    if publishers is not None and (publishers["name"] == publisher).any():
        texts[data_dir / schema.PUBLISHERS.filename] = csv_write.to_csv_text(
            publishers[publishers["name"] != publisher])
    else:
        publisher = ""
    if used.any():
        texts |= {paths["mentions"]: csv_write.to_csv_text(kept_mentions),
                  paths["claims"]: csv_write.to_csv_text(kept_claims)}
    files = [store.source_file(data_dir, rel)  # inside: the folder just validated
             for rel in dict.fromkeys([doc["path"], doc.get("text_path")]) if rel]
    with writing(data_dir), change(data_dir, "remove-source") as ch:
        for path, text in texts.items():
            ch.write(path, text_writer(text))
        for f in files:
            if f.is_file():
                ch.rename(f, f.with_name(f.name + ".bak"))
        ch.commit()
        store.load(data_dir)  # the folder is valid after, or nothing changed
    log.info("removed %s with %d mentions and %d claims", doc_id, int(used.sum()), len(gone))
    return Removed(doc_id, int(used.sum()), gone, publisher)
