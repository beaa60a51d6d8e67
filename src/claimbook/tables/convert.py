"""`claimbook convert`: switch a data folder's claim tables between CSV and Parquet.

CSV is what an analyst edits in a spreadsheet; Parquet is what a million-row table is read
from quickly (see `store.parquet`). The folder is validated first (all of it, unless this exact
content was validated in full before: a broken table is not
converted), the new files are written beside the old ones and renamed into place, and each old
file is kept as `<name>.bak`. Should any step fail (a write, a rename, the new files' validation)
the folder is left exactly as it was. A Parquet table converted again to Parquet is rewritten, which
recomputes its derived dates (the fix when another tool edited it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from claimbook import store
from claimbook.claims import schema
from claimbook.errors import ConfigError
from claimbook.store import csv_read, locks, parquet
from claimbook.store.csv_write import csv_rows, rows_text
from claimbook.store.select import one_chunk_each
from claimbook.store.write import backup_path, change, writing

log = logging.getLogger("claimbook")


@dataclass(frozen=True)
class Converted:
    tables: dict[str, tuple[Path, Path]]  # table name -> (old file, new file)


def convert_folder(data_dir: str | Path, to: str,
                   wait: float = locks.WRITE_WAIT) -> Converted:
    """Rewrite the claims and mentions tables of `data_dir` in format `to` (csv or parquet),
    under the data folder's write lock (waiting up to `wait` seconds).

    Each table is read a batch at a time into one Arrow copy of its text (compact: no pandas
    rows), sorted, and written a row group or a slice at a time."""
    if to not in store.STORAGE_FORMATS:
        raise ConfigError(f"--to {to!r}: choose {' or '.join(store.STORAGE_FORMATS)}")
    data_dir = Path(data_dir)
    with locks.data_lock(data_dir, wait):
        return _convert_locked(data_dir, to)


def _convert_locked(data_dir: Path, to: str) -> Converted:
    parquet.release_memory()  # the column copies joined and dropped go back to the system
    if not store.validated_before(data_dir):  # this exact content passed in full before
        store.validate(data_dir, derived=False)  # derived dates are rewritten, not checked
    files = store.table_files(data_dir)
    tables = [t for t in schema.TABLES if t.name in store.PARQUET_TABLES]
    plan = {t.name: (files[t.name].path, store.path_for(data_dir, t, to)) for t in tables}
    writers = {}
    for t in tables:
        old, new = plan[t.name]
        if old == new and to == "csv":
            continue  # a CSV stays byte for byte as the analyst saved it
        writers[new] = _writer(files[t.name], to)
    if writers:  # else CSV stays CSV: nothing is written (a read-only folder is fine)
        with writing(data_dir), change(data_dir, "convert") as ch:
            for new, write in writers.items():
                ch.write(new, write)
            for old, new in plan.values():
                if old != new:
                    ch.rename(old, backup_path(old))
            ch.commit()
            store.validate(data_dir)  # what was written reads back valid, or nothing changes
    store.mark_valid(data_dir)
    for name, (old, new) in plan.items():
        log.info("%s: %s -> %s", name, old.name, new.name)
    return Converted(plan)


def _text_table(tf: store.TableFile) -> pa.Table:
    """A validated table's text as one Arrow table (empty = null), read a batch at a time."""
    # no name holds the chunked table, so one_chunk_each frees each column once joined: the
    # chunked and the joined copy of the table never both exist in full
    return one_chunk_each(pa.concat_tables(_text_parts(tf)))


def _text_parts(tf: store.TableFile) -> list[pa.Table]:
    """The table's text a batch at a time, as Arrow. (pyarrow's CSV reader, which an import
    uses, is faster here too, but held a third more memory: a million claims went over 1 GiB.)"""
    if tf.is_parquet:
        return [parquet.text_arrow(b, tf.table)
                for b in parquet.text_batches(parquet.open_file(tf.path))]
    return [parquet.text_arrow(b, tf.table) for b in csv_read.csv_batches(tf.path, tf.table)]


def _writer(tf: store.TableFile, to: str) -> Callable[[Path], None]:
    """Write `tf`'s table in format `to`: Parquet in date order (`parquet.with_derived_dates`),
    a CSV claims table in claim_id order, a slice at a time."""
    def write(tmp: Path) -> None:
        tbl = _text_table(tf)
        if to == "parquet":
            order = pa.chunked_array([pa.array(range(tbl.num_rows), pa.int64())])
            if tf.table.name == "claims":
                tbl, order = parquet.with_derived_dates(tbl)
            parquet.write_in_order(tbl, order, tmp)
            return
        order = (pc.sort_indices(tbl, sort_keys=[("claim_id", "ascending")])
                 if tf.table.name == "claims" else pa.array(range(tbl.num_rows), pa.int64()))
        with open(tmp, "wb") as f:
            f.write(rows_text([tbl.column_names]).encode("utf-8"))
            for first in range(0, tbl.num_rows, parquet.BATCH):
                f.write(csv_rows(parquet.as_text(tbl.take(order.slice(first, parquet.BATCH)))))

    return write
