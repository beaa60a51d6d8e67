"""Writing tables safely: whole tables or appended rows, all files or none, never half written.

The tables are the analyst's record, edited by hand in spreadsheets, so an append keeps every
existing byte as it is (the new rows are added after them, in the table's own column order) and
the previous version of each changed table is kept beside it as `<table>.csv.bak`. Each new file
is written completely to a temporary file in the same folder and renamed over the old one
(`os.replace` is atomic on one file system), so a reader sees the old table or the new one.
Whole tables are written as CSV (`csv_write`) or Parquet (`parquet`) by their file's suffix.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import os
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimbook.claims import schema
from claimbook.errors import ConfigError
from claimbook.store import csv_write, identity, layout, parquet

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("claimbook")

BACKUP_SUFFIX = ".bak"


@dataclass(frozen=True)
class Append:
    """Rows to add at the end of one CSV table (values keyed by column name)."""

    path: Path
    rows: Sequence[Mapping[str, str]]


def read_header(path: Path) -> list[str]:
    """The table's columns in its own order (a byte-order mark is ignored)."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f), [])


def appended_text(path: Path, rows: Sequence[Mapping[str, str]], *, widen: bool = False) -> str:
    """The table's current text with `rows` added; columns a row does not name stay empty.

    A value for a column the table does not have is an error: it would be lost silently —
    unless `widen`, when the column is added (an optional column; older rows leave it empty).
    """
    with open(path, encoding="utf-8", newline="") as f:
        old = f.read()
    header = read_header(path)
    extra = list(dict.fromkeys(k for r in rows for k, v in r.items()
                               if k not in header and str(v or "").strip()))
    if extra and widen:
        old, header = _widened(old, header, extra)
    buf = io.StringIO()
    _write_rows(buf, path, header, rows)
    if old and not old.endswith(("\n", "\r")):
        old += "\n"
    return old + buf.getvalue()


def _write_rows(f: io.TextIOBase, path: Path, header: list[str],
                rows: Sequence[Mapping[str, str]]) -> None:
    """`rows` as CSV lines in the table's column order (see `appended_text`)."""
    for r in rows:
        extra = [k for k, v in r.items() if k not in header and str(v or "").strip()]
        if extra:
            raise ValueError(f"{path.name} has no column {', '.join(extra)}")
    writer = csv_write.DictWriter(f, fieldnames=header, extrasaction="ignore")  # "\r" quoted
    writer.writerows({c: ("" if r.get(c) is None else str(r.get(c))) for c in header} for r in rows)


def append_lines(path: Path, lines: Path) -> Callable[[Path], None]:
    """For `replace_files`: the table's bytes, then the CSV lines of file `lines` (rows in the
    table's column order, as `csv_write.csv_rows` writes them), both copied a block at a time
    (memory holds a block, not the table)."""
    def write(tmp: Path) -> None:
        with open(path, "rb") as old, open(tmp, "wb") as f:
            shutil.copyfileobj(old, f, 1 << 20)
            ends = f.tell() == 0 or (old.seek(-1, os.SEEK_END) >= 0 and old.read(1) in b"\r\n")
            if not ends:
                f.write(b"\n")
            with open(lines, "rb") as new:
                shutil.copyfileobj(new, f, 1 << 20)

    return write


def _widened(text: str, header: list[str], columns: list[str]) -> tuple[str, list[str]]:
    """`text` (a CSV table) with `columns` added at the end, empty in every existing row."""
    records = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    wide = header + [c for c in columns if c not in header]
    buf = io.StringIO()
    writer = csv_write.writer(buf)
    writer.writerow(wide)
    writer.writerows(r + [""] * (len(wide) - len(r)) for r in records[1:] if r)
    return buf.getvalue(), wide


def _write_temp(path: Path, write: Callable[[Path], None]) -> Path:
    """`write(tmp)` fills a new temporary file beside `path`, which is then synced to disk."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _text_writer(text: str) -> Callable[[Path], None]:
    return lambda tmp: tmp.write_text(text, encoding="utf-8", newline="")


def write_file(path: Path, write: Callable[[Path], None]) -> None:
    """Write one output file (an export, a rejects file) atomically; no backup is kept."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(path, write)
    try:
        _default_mode(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def usual_mode(full: int = 0o666) -> int:
    """The mode a plain mkdir/open would give under the current umask (mkstemp/mkdtemp give
    0600/0700, which hide files from colleagues and web servers)."""
    umask = os.umask(0)
    os.umask(umask)
    return full & ~umask


def _default_mode(tmp: Path) -> None:
    os.chmod(tmp, usual_mode())


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def replace_all(new_texts: Mapping[Path, str]) -> None:
    """Write every table's new text, or none of them (see `replace_files`)."""
    replace_files({path: _text_writer(text) for path, text in new_texts.items()})


def replace_files(writers: Mapping[Path, Callable[[Path], None]]) -> None:
    """Write every file through its writer (text, or e.g. a Parquet writer), or none of them.

    All temporary files are written first (a full disk fails here, before anything changed);
    then each file is backed up and replaced. Should a rename fail half way, the files
    already replaced are restored from their backups.
    """
    temps: dict[Path, Path] = {}
    try:
        for path, write in writers.items():
            temps[path] = _write_temp(path, write)
        done: list[tuple[Path, bool]] = []
        try:
            for path, tmp in temps.items():
                existed = path.exists()
                if existed:
                    _copy_atomically(path, backup_path(path))
                    shutil.copymode(path, tmp)  # the table keeps its permissions
                else:
                    _default_mode(tmp)
                os.replace(tmp, path)
                done.append((path, existed))
        except BaseException:
            for path, existed in done:  # a file that is new goes; an old .bak is not restored
                if existed:
                    os.replace(backup_path(path), path)
                else:
                    path.unlink(missing_ok=True)
            raise
    finally:
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
    for path in writers:
        log.debug("wrote %s (previous version in %s)", path, backup_path(path).name)


def append_rows(appends: Sequence[Append], *, widen: bool = False) -> None:
    """Append rows to several tables at once, all or nothing (`widen`: see `appended_text`)."""
    replace_all({a.path: appended_text(a.path, a.rows, widen=widen) for a in appends})


def _copy_atomically(source: Path, target: Path) -> None:
    """`source` copied to `target` through a temporary file: `target` is never half written, and
    a hard link to the old `target` (see `unchanged_on_failure`) keeps the old bytes."""
    tmp = _write_temp(target, lambda t: shutil.copy2(source, t))
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def unchanged_on_failure(paths: Iterable[Path]) -> Iterator[None]:
    """A change of several files in steps (write, rename, validate) that is all or nothing:
    should any step fail, each of `paths` is put back as it was (same bytes; a file that did
    not exist is removed), so the folder is exactly as before. Files are replaced, never
    written in place, so keeping each as a hard link (a copy where links fail) costs nothing."""
    kept: dict[Path, Path | None] = {}
    try:
        for path in dict.fromkeys(paths):
            kept[path] = _keep(path) if path.exists() else None
        yield
    except BaseException:
        for path, copy in kept.items():
            if copy is None:
                path.unlink(missing_ok=True)
            else:  # a rename onto a link of the same file does nothing: `finally` removes it
                os.replace(copy, path)
        raise
    finally:
        for copy in kept.values():
            if copy is not None:
                copy.unlink(missing_ok=True)


def _keep(path: Path) -> Path:
    while True:
        keep = path.with_name(f".{path.name}.{secrets.token_hex(4)}.keep")
        try:
            os.link(path, keep)
        except FileExistsError:
            continue
        except OSError:  # no hard links on this file system
            shutil.copy2(path, keep)
        return keep


@contextlib.contextmanager
def writing(folder: Path) -> Iterator[None]:
    """A file that cannot be written (a read-only folder, a full disk) is a plain message
    naming its folder, not a traceback; callers make sure nothing was changed by then."""
    try:
        yield
    except OSError as e:
        where = Path(os.fsdecode(e.filename)).parent if e.filename is not None else folder
        raise ConfigError(f"{where}: cannot write there ({e.strerror or e}); nothing was "
                          "changed. Make the folder writable, or work on a copy of it") from None


def write_tables(frames: Mapping[Path, tuple[pd.DataFrame, schema.Table]]) -> None:
    """Write whole tables (CSV or Parquet by the path's suffix): all or none, previous kept .bak."""

    def writer(df: pd.DataFrame, table: schema.Table, path: Path) -> Callable[[Path], None]:
        if layout.format_of(path) == "parquet":
            return parquet.table_writer(df, table)
        columns = [c for c in df.columns if c in table.names]
        return _text_writer(csv_write.to_csv_text(df.reindex(columns=columns)))  # "\r" quoted

    replace_files({p: writer(df, t, p) for p, (df, t) in frames.items()})


def start_tables(data_dir: str | Path) -> list[Path]:
    """A new data folder's tables: when none of documents, claims and mentions is there (a
    folder that is new, empty or holds only `sources/`), each is written as its header (a valid,
    empty table) and the folder made if missing; returns the files written. A folder that holds
    any of them is left as it is (a missing one among the others is validation's to report)."""
    data_dir = Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    files = [layout.table_file(data_dir, t) for t in schema.TABLES]
    if any(f.path.exists() or layout.path_for(data_dir, f.table, "parquet").exists()
           for f in files):
        return []
    replace_all({f.path: csv_write.rows_text([f.table.names]) for f in files})
    identity.folder_id(data_dir)  # a new data folder's id, for its reports' editions
    return [f.path for f in files]
