"""Claims from another tool: a CSV, JSON lines or Parquet table mapped onto the claims table.

Fact-check databases and spreadsheets name their columns their own way, write dates their own
way and have columns claimbook has no place for. The import reads the foreign table a batch at a
time (`foreign_read`), converts each batch as a `ColumnMap` says (`mapping`, `import_rows`,
`date_formats`: day-first and month-first are never guessed) and checks it with the store's own
column rules and against the table (`import_checks`); rows that fail go to a rejects file with
their reasons. The claim id is a stable key (the foreign id when one is mapped, else a hash of
claimant, claim, date and url), so importing the same file twice adds nothing the second time.
The table is written atomically, the previous version kept as `.bak`, and the folder is
validated again before the import counts as done.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from claimbook import store
from claimbook.claims import names, schema
from claimbook.errors import DataError, Problem
from claimbook.store import csv_read, csv_write, locks, parquet, tempfiles
from claimbook.store.write import (
    Change,
    append_lines,
    change,
    read_header,
    start_tables,
    table_writer,
    write_file,
    writing,
)
from claimbook.tables.date_formats import KnownDates
from claimbook.tables.foreign_read import foreign_batches, input_format
from claimbook.tables.import_checks import (
    Existing,
    Hashes,
    Seen,
    check_rows,
    rejects_rows,
    text_hashes,
    varying_columns,
)
from claimbook.tables.import_rows import convert
from claimbook.tables.mapping import ColumnMap, check_map, identity, may_fill
from claimbook.tables.read_ahead import worked_ahead

log = logging.getLogger("claimbook")

# the checked rows of an import, kept until the table is written: an uncompressed Arrow file,
# for they live only as long as one import and are read back once
SPOOL = "added.arrow"
LINES = "added.csv"  # the same rows as CSV lines in the claims table's column order


@dataclass
class ImportResult:
    added: int
    unchanged: int  # already in the table with the same values (a re-import)
    rejected: int
    rejects_file: Path | None
    claims_file: Path
    respelled: list[str] = field(default_factory=list)  # `names.Respeller.lines`



def import_claims(file: str | Path, data_dir: str | Path, cmap: ColumnMap, *,
                  fmt: str | None = None, strict: bool = False,
                  rejects: str | Path | None = None,
                  wait: float = locks.WRITE_WAIT) -> ImportResult:
    """Import a foreign table into the claims table; see the module's docstring. The data
    folder's write lock is held (waiting up to `wait` seconds) from before the tables are read.
    The file is read, checked and written a batch at a time (`foreign_batches`), so a million
    rows cost a batch of memory, plus a few hashes a row."""
    file, data_dir = Path(file), Path(data_dir)
    fmt = input_format(file, fmt)
    try:
        return _import(file, data_dir, cmap, fmt, strict, rejects, wait, arrow=True)
    except csv_read.ArrowCannotRead:  # nothing is written before every row is read
        return _import(file, data_dir, cmap, fmt, strict, rejects, wait, arrow=False)


def _import(file: Path, data_dir: Path, cmap: ColumnMap, fmt: str, strict: bool,
            rejects: str | Path | None, wait: float, *, arrow: bool) -> ImportResult:
    parquet.release_memory()
    columns, batches, unreadable = foreign_batches(file, fmt, arrow=arrow)
    if unreadable and strict:
        raise DataError(unreadable)
    rows = (sum(len(b) for b in foreign_batches(file, fmt, arrow=arrow)[1])
            if "claim_id" in cmap.constants else 0)
    check_map(cmap, columns, str(file), rows)
    with writing(data_dir):
        data_dir.mkdir(parents=True, exist_ok=True)
    with locks.data_lock(data_dir, wait):
        return _import_locked(file, data_dir, columns, batches, unreadable, cmap, fmt, strict,
                              rejects, arrow)


def _import_locked(file: Path, data_dir: Path, columns: list[str],
                   batches: Iterator[pd.DataFrame], unreadable: Sequence[Problem],
                   cmap: ColumnMap, fmt: str, strict: bool,
                   rejects: str | Path | None, arrow: bool) -> ImportResult:
    with writing(data_dir):
        start_tables(data_dir)
    checked = store.validate(data_dir)  # the tables must be valid before anything is added
    claims_path = store.table_path(data_dir, schema.CLAIMS)
    existing = Existing(claims_path, checked["claims"].relations["claim_id"])
    seen = Seen(columns=varying_columns(cmap, columns))
    spellings = store.table_spellings(store.table_file(data_dir, schema.CLAIMS))
    if "responds_to" in identity(cmap, columns) or cmap.constants.get("responds_to"):
        seen.targets = Hashes()  # an answer may name a claim later in the file
        ahead = names.Respeller(spellings)  # the same spellings as the import's own pass
        for batch in foreign_batches(file, fmt, arrow=arrow)[1]:
            seen.targets.add(text_hashes(convert(batch, cmap, ahead)[0]["claim_id"]))
    respeller = names.Respeller(spellings)
    parquet.reuse_memory()  # batch after batch of about the same size (after the reads above)
    rejects_path = Path(rejects) if rejects else Path(f"rejects-{file.stem}.csv")
    spool = tempfiles.private_dir("cb-import")
    try:
        header = read_header(claims_path) if store.format_of(claims_path) == "csv" else []
        added, used, n_rejected, unchanged = _check_batches(batches, cmap, fmt, columns,
                                                            existing, seen, spool, header,
                                                            respeller)
        n_rejected += len(unreadable)
        if n_rejected:
            with open(spool / "rejects.csv", "a", encoding="utf-8", newline="") as f:
                f.write(csv_write.rows_text([[p.row, p.message] for p in unreadable],
                                            neutralize=True))
            with writing(rejects_path.parent):
                write_file(rejects_path, lambda tmp: shutil.copyfile(spool / "rejects.csv", tmp))
        if strict and n_rejected:
            raise DataError([Problem(str(file), None, None,
                                     f"{n_rejected} row(s) rejected, nothing imported (--strict); "
                                     f"each row and its reason are in {rejects_path}")])
        if added:
            with writing(data_dir), change(data_dir, "import") as ch:
                if not _write(ch, claims_path, spool, used, header):
                    ch.commit()
                    store.validate(data_dir)  # a rewritten table is checked again in full
            store.mark_valid(data_dir)
    finally:
        tempfiles.remove(spool)
    log.info("imported %d claims from %s (%d unchanged, %d rejected)", added, file,
             unchanged, n_rejected)
    return ImportResult(added, unchanged, n_rejected, rejects_path if n_rejected else None,
                        claims_path, respeller.lines())


def _check_batches(batches: Iterator[pd.DataFrame], cmap: ColumnMap, fmt: str,
                   columns: list[str], existing: Existing, seen: Seen, spool: Path,
                   header: list[str], respeller: names.Respeller | None = None
                   ) -> tuple[int, set[str], int, int]:
    """Convert and check each batch; its rejects go to `spool`/rejects.csv, its rows to add
    as CSV lines in the order of the claims table's `header` (when it is a CSV table) to
    `spool`/added.csv (`LINES`) and, unless the header has every column they may fill, to
    `spool`/added.arrow (`SPOOL`). Returns how many rows are added, the columns they fill, how
    many are rejected and how many are there already.

    Three batches are in hand at a time: the next one converted on a thread, this one checked,
    the previous one's CSV lines built on another thread (`worked_ahead`)."""
    added = rejected = unchanged = 0
    used: set[str] = set()
    text = pa.schema([(c, pa.string()) for c in schema.CLAIMS.names])
    # the rows as Arrow too, unless the lines are sure to be appended (see `_write`)
    spool_rows = not header or not may_fill(cmap, columns) <= set(header)

    dates: KnownDates = {}

    def converted(batch: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
        return batch, *convert(batch.reindex(columns=columns, fill_value=""), cmap, respeller,
                               dates)

    def checked() -> Iterator[tuple[pd.DataFrame, pd.DataFrame, pd.Series, int]]:
        for batch, rows, reasons in worked_ahead(batches, converted):
            yield batch, *check_rows(rows, existing, reasons, seen)

    def with_lines(item: tuple[pd.DataFrame, pd.DataFrame, pd.Series, int]
                   ) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, int, bytes]:
        to_add = item[1]
        lines = (csv_write.csv_rows(to_add.reindex(columns=header, fill_value=""))
                 if header and len(to_add) else b"")
        return *item, lines

    with open(spool / "rejects.csv", "w", encoding="utf-8", newline="") as bad, \
            open(spool / LINES, "wb") as lines_file, \
            pa.ipc.new_file(str(spool / SPOOL), text) as good:
        bad.write(csv_write.rows_text([["row", "reason", *columns]], neutralize=True))
        for batch, to_add, reasons, same, lines in worked_ahead(checked(), with_lines):
            unchanged += same
            n_bad = int((reasons != "").sum())
            if n_bad:
                rejected += n_bad
                bad.write(csv_write.rows_text(rejects_rows(batch, reasons, fmt), neutralize=True))
            if len(to_add):
                added += len(to_add)
                used |= {c for c in to_add.columns if c not in used and (to_add[c] != "").any()}
                if spool_rows:
                    good.write_table(pa.Table.from_pandas(to_add[list(schema.CLAIMS.names)],
                                                          schema=text, preserve_index=False))
                lines_file.write(lines)
    return added, used | set(schema.CLAIMS.required), rejected, unchanged


def _spooled(path: Path) -> Iterator[pd.DataFrame]:
    """The batches `_check_batches` spooled, as text frames, one at a time."""
    with pa.OSFile(str(path)) as f:
        reader = pa.ipc.open_file(f)
        for i in range(reader.num_record_batches):
            yield reader.get_batch(i).to_pandas()


def _write(ch: Change, path: Path, spool: Path, used: set[str], header: list[str]) -> bool:
    """Prepare, in `ch`, the claims table: appended to a CSV whose `header` has every column
    (its bytes kept, then the spooled CSV lines; True: the table is valid, for its old bytes
    were and each new row passed the store's rules in `check_rows`); else rewritten (False)."""
    if header and all(c in header for c in used):
        # a column not in `used` is empty in every spooled row: its lines leave it out
        ch.write(path, append_lines(path, spool / LINES))
        return True
    existing, _ = store.read_table(path, schema.CLAIMS, derived=False)
    assert existing is not None
    new = pd.concat(list(_spooled(spool / SPOOL)), ignore_index=True)
    columns = [c for c in existing.columns if c in schema.CLAIMS.names]
    columns += [c for c in schema.CLAIMS.names if c in used and c not in columns]
    table = pd.concat([existing.reindex(columns=columns), new.reindex(columns=columns)],
                      ignore_index=True).fillna("")
    ch.write(path, table_writer(path, table, schema.CLAIMS))
    return False
