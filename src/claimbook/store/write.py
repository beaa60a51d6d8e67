"""Writing tables safely: whole tables or appended rows, all files or none, never half written.

The tables are the analyst's record, edited by hand in spreadsheets, so an append keeps every
existing byte as it is (the new rows are added after them, in the table's own column order) and
the previous version of each changed table is kept beside it as `<table>.csv.bak`. Each new file
is written completely to a temporary file in the same folder and renamed over the old one
(`os.replace` is atomic on one file system), so a reader sees the old table or the new one.
Whole tables are written as CSV (`csv_write`) or Parquet (`parquet`) by their file's suffix.

A change of several files (`change`: accept, remove-source, convert, import, add-source) is all
or nothing even when the process is killed at any instant (SIGKILL, the OOM killer, a power
cut). Every new file and every `.bak` copy is written to a temporary file first, and each file
the change replaces or moves is kept as a hard link (`.NAME.<pid>-….keep`); then an intent
record, the journal `.claimbook-journal.json`, is written and renamed into the data folder:
that rename is the commit point. The renames it lists follow, then the keeps and the journal
go. Killed before the commit, nothing visible changed and the temporary files are leftovers;
killed after it, the next command that opens the folder (`settle`, under the data lock)
completes the renames. A failure the process sees itself (a rename refused, the new tables
failing their read-back) marks the journal `undo` and puts every kept file back, so the folder
is exactly as it was; killed during that, the next command completes the undo. Leftover
temporary and keep files of dead processes are removed by `settle` (`tempfiles.sweep`).
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimbook.claims import schema
from claimbook.errors import ConfigError, DataError, Problem
from claimbook.store import csv_write, identity, layout, parquet, tempfiles

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("claimbook")

BACKUP_SUFFIX = ".bak"
JOURNAL = layout.JOURNAL  # a change of several files under way (see the docstring)


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
    fd, tmp = tempfile.mkstemp(prefix=tempfiles.leftover_prefix(path.name), suffix=".tmp",
                               dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def text_writer(text: str) -> Callable[[Path], None]:
    """For `Change.write`: the file's text (UTF-8, line ends as they are)."""
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
    replace_files({path: text_writer(text) for path, text in new_texts.items()})


def replace_files(writers: Mapping[Path, Callable[[Path], None]]) -> None:
    """Write every file through its writer (text, or e.g. a Parquet writer), or none of them,
    each previous version kept as `.bak`: one `change` in the files' common folder."""
    root = Path(os.path.commonpath([os.path.realpath(p.parent) for p in writers]))
    with change(root, "write") as ch:
        for path, write in writers.items():
            ch.write(path, write)


def append_rows(appends: Sequence[Append], *, widen: bool = False) -> None:
    """Append rows to several tables at once, all or nothing (`widen`: see `appended_text`)."""
    replace_all({a.path: appended_text(a.path, a.rows, widen=widen) for a in appends})


class Change:
    """The files of one all-or-nothing change of a data folder, prepared before its commit;
    made by `change` (see the module's docstring)."""

    def __init__(self, data_dir: Path, what: str) -> None:
        self.root = Path(os.path.realpath(data_dir))
        self.what = what
        self.renames: list[tuple[Path, Path]] = []
        self.keeps: dict[Path, Path | None] = {}  # a file -> its hard link, None: it is new
        self.temps: list[Path] = []
        self.record: dict | None = None  # the journal, once committed

    def write(self, path: Path, write: Callable[[Path], None], *, backup: bool = True) -> Path:
        """`path`'s new content, written now by `write(tmp)` to a temporary file beside it
        (returned, e.g. to hash it), renamed over `path` at the commit; the previous version
        becomes `<path>.bak` unless not `backup`."""
        path = self._inside(path)
        tmp = _write_temp(path, write)
        self.temps.append(tmp)
        if path.exists():
            shutil.copymode(path, tmp)  # the table keeps its permissions
            if backup:
                bak = backup_path(path)
                copy = _write_temp(bak, lambda t: shutil.copy2(path, t))  # a copy: a spreadsheet
                self.temps.append(copy)                                  # may edit in place
                self._move(copy, bak)
        else:
            _default_mode(tmp)
        self._move(tmp, path)
        return tmp

    def rename(self, src: Path, dst: Path) -> None:
        """Move the folder's file `src` to `dst` at the commit."""
        self._move(self._inside(src), self._inside(dst))

    def _move(self, src: Path, dst: Path) -> None:
        if any(dst in pair for pair in self.renames) or any(src == d for _, d in self.renames):
            raise ValueError(f"{dst} is changed twice in one change")
        for path in (src, dst):
            if path not in self.temps and path not in self.keeps:
                self.keeps[path] = _keep(path) if os.path.lexists(path) else None
        self.renames.append((src, dst))

    def _inside(self, path: Path) -> Path:
        real = Path(os.path.realpath(path.parent)) / path.name
        if not real.is_relative_to(self.root) or real == self.root:
            raise ValueError(f"{path} is not a file of {self.root}")
        return real

    def commit(self) -> None:
        """Write the journal (the commit point), then make the renames it lists."""
        rel = self._rel
        record = {"version": 1, "change": self.what, "pid": os.getpid(), "state": "forward",
                  "renames": [[rel(s), rel(d)] for s, d in self.renames],
                  "keeps": [[rel(p), None if k is None else rel(k)] for p, k in self.keeps.items()],
                  "temps": [rel(t) for t in self.temps]}
        _record(self.root, record)
        self.record = record
        _forward(self.root, record)

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def discard(self) -> None:
        """Before the commit: nothing visible changed; the temporary and keep files go."""
        for path in [*self.temps, *(k for k in self.keeps.values() if k is not None)]:
            path.unlink(missing_ok=True)


@contextlib.contextmanager
def change(data_dir: Path, what: str) -> Iterator[Change]:
    """One change of several files of `data_dir`, all or nothing (see the module's docstring):
    the block prepares it (`Change.write`, `Change.rename`) and may call `Change.commit`, then
    check what was written; an exception undoes it. Call under the data folder's lock."""
    ch = Change(Path(data_dir), what)
    try:
        yield ch
        if ch.record is None:
            ch.commit()
    except BaseException:
        if ch.record is None:
            ch.discard()
        else:
            _undo(ch.root, ch.record)
        raise
    _finish(ch.root, ch.record)
    log.debug("%s: %d files changed in %s", what, len(ch.renames), ch.root)


def _record(root: Path, record: dict) -> None:
    """Write the journal atomically (temporary file synced, renamed, folder synced)."""
    path = root / JOURNAL
    tmp = _write_temp(path, text_writer(json.dumps(record, indent=1) + "\n"))
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_folders([path])


def _forward(root: Path, record: dict) -> None:
    """Make the journal's renames; one already made (its source is gone) is skipped."""
    for src, dst in record["renames"]:
        if os.path.lexists(root / src):
            os.replace(root / src, root / dst)
    _sync_folders([root / d for _, d in record["renames"]])


def _undo(root: Path, record: dict) -> None:
    """Put every kept file back (a file that was new goes), then forget the change."""
    record = record | {"state": "undo"}
    _record(root, record)
    for path, keep in reversed(record["keeps"]):
        if keep is None:
            (root / path).unlink(missing_ok=True)
        elif os.path.lexists(root / keep):  # onto a link of the same file: nothing happens
            os.replace(root / keep, root / path)
    _finish(root, record)


def _finish(root: Path, record: dict) -> None:
    """The change is complete: its keep and temporary files go, then the journal."""
    for rel in [*(k for _, k in record["keeps"] if k is not None), *record["temps"]]:
        if os.path.lexists(root / rel):  # the temporary files were renamed, unless undone
            (root / rel).unlink()
    _sync_folders([root / rel for rel, _ in record["keeps"]])
    (root / JOURNAL).unlink()
    _sync_folders([root / JOURNAL])


def _sync_folders(paths: Iterable[Path]) -> None:
    """Sync the folders holding `paths`, so their renames survive a power cut too."""
    for folder in dict.fromkeys(p.parent for p in paths):
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(fd)
        except OSError:  # a file system that cannot sync a folder
            pass
        finally:
            os.close(fd)


def pending(data_dir: str | Path) -> bool:
    """Whether a change of several files of `data_dir` is unfinished (or under way)."""
    return os.path.lexists(Path(data_dir) / JOURNAL)


def settle(data_dir: str | Path) -> None:
    """Finish the unfinished change of `data_dir`, if any, and remove the leftovers of killed
    writers: what every command does first (call under the data folder's lock)."""
    root = Path(os.path.realpath(data_dir))
    if not root.is_dir():
        return
    journal = root / JOURNAL
    try:
        if os.path.lexists(journal):
            record = _read_record(root)
            if record["state"] == "undo":
                _undo(root, record)
            else:
                _forward(root, record)
                _finish(root, record)
            log.warning("%s: finished a change interrupted before it was complete (%s %s, "
                        "pid %s)", root, record["change"],
                        "undone" if record["state"] == "undo" else "completed", record["pid"])
        tempfiles.sweep(root)
    except OSError as e:
        raise ConfigError(f"{root}: a change of its tables was interrupted and must be finished "
                          f"before the folder is used, but it cannot be written ({e.strerror or e}"
                          "); run any claimbook command with write access to the folder") from None


def _read_record(root: Path) -> dict:
    """The journal, checked: every path it names is a file inside the data folder."""
    path = root / JOURNAL

    def bad(why: str) -> DataError:
        return DataError([Problem(str(path), None, None, f"{why}: this file records a change "
                                  "of several tables; it is not claimbook's, or was edited")])

    try:
        if path.is_symlink():
            raise bad("a symbolic link")
        record = json.loads(path.read_text(encoding="utf-8"))
        pairs = [*record["renames"], *record["keeps"]]
        names = [x for pair in pairs for x in pair if x is not None] + list(record["temps"])
        if record["state"] not in ("forward", "undo") or not all(len(p) == 2 for p in pairs):
            raise bad("not a journal")
    except (ValueError, KeyError, TypeError) as e:
        raise bad(f"unreadable ({e})") from None
    for name in names:
        rel = Path(name) if isinstance(name, str) else None
        if rel is None or rel.is_absolute() or ".." in rel.parts or not rel.parts or \
                not Path(os.path.realpath(root / rel.parent)).is_relative_to(root):
            raise bad(f"names {name!r}, not a file inside the data folder")
    return record


def _keep(path: Path) -> Path:
    """A hard link to `path` (a copy where links fail), to put it back should the change be
    undone; files are replaced, never written in place, so the link keeps the old bytes."""
    while True:
        keep = path.with_name(f"{tempfiles.leftover_prefix(path.name)}{os.urandom(4).hex()}.keep")
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
    naming its folder, not a traceback; callers make sure nothing was changed by then. The
    folder named is that of the file being written inside `folder` (a failed copy names its
    source first, its target second), else `folder` itself, never the input's folder."""
    try:
        yield
    except OSError as e:
        inside = Path(os.path.realpath(folder))
        named = [Path(os.path.realpath(os.fsdecode(n))).parent
                 for n in (e.filename2, e.filename) if n is not None]
        where = next((n for n in named if n.is_relative_to(inside)), folder)
        raise ConfigError(f"{where}: cannot write there ({e.strerror or e}); nothing was "
                          "changed. Make the folder writable, or work on a copy of it") from None


def write_tables(frames: Mapping[Path, tuple[pd.DataFrame, schema.Table]]) -> None:
    """Write whole tables (CSV or Parquet by the path's suffix): all or none, previous kept .bak."""
    replace_files({p: table_writer(p, df, t) for p, (df, t) in frames.items()})


def table_writer(path: Path, df: pd.DataFrame, table: schema.Table) -> Callable[[Path], None]:
    """For `Change.write`: `df` as the whole `table`, CSV or Parquet by `path`'s suffix."""
    if layout.format_of(path) == "parquet":
        return parquet.table_writer(df, table)
    columns = [c for c in df.columns if c in table.names]
    return text_writer(csv_write.to_csv_text(df.reindex(columns=columns)))  # "\r" quoted


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
