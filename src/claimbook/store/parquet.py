"""Parquet tables: the one module that reads and writes them (pyarrow.parquet is imported here only).

A Parquet table holds the same text columns as its CSV (every schema column a string column, an
empty cell stored as null). A claims table also holds `date_start` and `date_end` (dates derived
from `date`) and is sorted by date precision, then date: each row group then covers a narrow
range of dates, and a report for one month reads only the row groups that can hold its claims
(pyarrow's row-group statistics, with the filter of `daterule.parquet_overlap`), not the whole
table. Writes go through `write.replace_files` (atomic, previous version kept as `.bak`).
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from claimbook.claims import schema
from claimbook.claims.date_columns import parse_partial_dates

ROW_GROUP = 32_768  # rows per Parquet row group: small enough that a month skips most of them
BATCH = 65_536  # rows a streaming reader or writer holds at a time
GROUPS_PER_READ = 1_024  # row groups per read: pyarrow's cost per group grows past a few 1,000


# --- reading ------------------------------------------------------------------------------------


@functools.cache  # once per process
def release_memory() -> None:
    """Give freed Arrow memory back to the system at once. Arrow's default allocator keeps
    freed pages for reuse, and glibc's keeps the decoding buffers of a Parquet read; jemalloc
    with no decay returns them, which measured about 200 MB less at the peak of a
    million-claim report's CSV (and its memory falls back after it). The system allocator is
    the fallback where pyarrow was built without jemalloc."""
    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(0)
    except (NotImplementedError, pa.ArrowNotImplementedError):
        pa.set_memory_pool(pa.system_memory_pool())


REUSE_MS = 250  # how long freed Arrow pages are kept for the next batch (`reuse_memory`)


def reuse_memory() -> None:
    """For work that allocates and frees about the same memory batch after batch (an import):
    Arrow's freed pages are kept `REUSE_MS` before they go back to the system, so the next
    batch reuses them instead of faulting in fresh pages (with no decay, a million-row import
    spent about a fifth of its CPU time in the kernel; kept pages cost ~50 MB at the peak)."""
    release_memory()
    with contextlib.suppress(NotImplementedError, pa.ArrowNotImplementedError):
        pa.jemalloc_set_decay_ms(REUSE_MS)


def open_file(path: Path) -> pq.ParquetFile:
    """The file with its footer parsed, once: a file of 100,000 row groups has a footer of
    tens of megabytes, so every read of one pass goes through this one object."""
    release_memory()
    return pq.ParquetFile(path)


def stored_types(pf: pq.ParquetFile) -> dict[str, pa.DataType]:
    """Each stored column's Arrow type, from an open file."""
    return {f.name: f.type for f in pf.schema_arrow}  # as `column_types`


def arrow_batches(pf: pq.ParquetFile, columns: Sequence[str] | None = None,
                  rows: int = BATCH) -> Iterator[pa.Table]:
    """The file's rows in tables of about `rows` rows, in stored order: small row groups are
    read together (at most `GROUPS_PER_READ` a read: a file of one-row groups is not read row
    by row) and joined, a large one is read in batches of `rows`."""
    cols = list(columns) if columns is not None else None
    meta = pf.metadata
    group: list[int] = []
    parts: list[pa.Table] = []
    held = 0

    def read() -> None:
        if group:
            parts.append(pf.read_row_groups(group, columns=cols, use_threads=False))
            group.clear()

    def joined() -> pa.Table:
        read()
        out = pa.concat_tables(parts) if len(parts) > 1 else parts[0]
        parts.clear()
        return out

    for g in range(meta.num_row_groups):
        n = meta.row_group(g).num_rows
        if n > rows:
            if group or parts:
                yield joined()
                held = 0
            for batch in pf.iter_batches(batch_size=rows, row_groups=[g], columns=cols,
                                         use_threads=False):
                yield pa.Table.from_batches([batch])
            continue
        group.append(g)
        held += n
        if len(group) >= GROUPS_PER_READ:
            read()
        if held >= rows:
            yield joined()
            held = 0
    if group or parts:
        yield joined()
    elif meta.num_rows == 0:
        yield pf.schema_arrow.empty_table().select(cols or pf.schema_arrow.names)


def text_batches(pf: pq.ParquetFile, columns: Sequence[str] | None = None,
                 rows: int = BATCH) -> Iterator[pd.DataFrame]:
    """`arrow_batches` as text frames (`as_text`) indexed by position in the file, so that
    `checks.spreadsheet_row` names a row as in the whole table."""
    first = 0
    for tbl in arrow_batches(pf, columns, rows):
        df = as_text(tbl)
        df.index = pd.RangeIndex(first, first + len(df))
        first += len(df)
        yield df


def column_names(path: Path) -> list[str]:
    """The columns stored in the file, in order, a name stored twice twice (its schema only is
    read). Raises pyarrow's errors for a file that is not Parquet."""
    return list(pq.read_schema(path).names)


def column_types(path: Path) -> dict[str, pa.DataType]:
    """Each stored column's Arrow type (its schema only is read)."""
    fields = pq.read_schema(path)
    return {f.name: f.type for f in fields}  # a name stored twice: `checks` refuses the file


def read_arrow(path: Path, columns: Sequence[str] | None = None,
               filter: pc.Expression | None = None) -> pa.Table:
    """The stored table (these columns, the rows matching `filter`) as Arrow, as stored."""
    release_memory()
    return pq.read_table(path, columns=list(columns) if columns is not None else None,
                         filters=filter)


def value_counts(path: Path, column: str) -> list[tuple[str, int]]:
    """Each distinct text of a column (null as '') and how many rows hold it, read as a
    dictionary: a million rows of a few thousand names are counted without a string each."""
    col = pq.read_table(path, columns=[column], read_dictionary=[column])[column]
    if not pa.types.is_dictionary(col.type):  # stored as another type: read as text
        col = col.cast(pa.string())
    counts = pc.value_counts(col)
    values = counts.field("values")
    if pa.types.is_dictionary(values.type):
        values = values.cast(pa.string())
    out: dict[str, int] = {}
    for v, n in zip(values.to_pylist(), counts.field("counts").to_pylist(), strict=True):
        key = "" if v is None else str(v)
        out[key] = out.get(key, 0) + int(n)
    return list(out.items())


def read_text(path: Path, filter: pc.Expression | None = None,
              columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A Parquet table as text, like a CSV read with no type guessing: null becomes ''.

    Columns another tool wrote as numbers are read as their text; derived date columns keep
    their type. Raises pyarrow's errors for a file that is not Parquet.
    """
    return as_text(read_arrow(path, list(columns) if columns else None, filter))


def as_text(tbl: pa.Table) -> pd.DataFrame:
    """An Arrow table as a text frame ('' for null); derived dates as datetime64[s]."""
    cols = {}
    for name in tbl.column_names:
        col = tbl[name]
        if name in schema.DERIVED_DATE_COLUMNS:
            cols[name] = col
            continue
        if not pa.types.is_string(col.type) and not pa.types.is_large_string(col.type):
            col = pc.cast(col, pa.string())
        cols[name] = pc.fill_null(col, "")
    df = pa.table(cols).to_pandas()
    for name in schema.DERIVED_DATE_COLUMNS:
        if name in df:
            df[name] = df[name].astype("datetime64[s]")
    return df


def read_ids(path: Path, ids: list[str], columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The rows with these claim ids as text, decoding only the row groups that hold them (a
    response usually answers a claim of about its own time, so they sit in few, nearby row
    groups)."""
    pf = pq.ParquetFile(path)
    wanted = pa.array(ids, type=pa.string())
    where = np.flatnonzero(pc.is_in(pf.read(columns=["claim_id"])["claim_id"],
                                    value_set=wanted).to_numpy(zero_copy_only=False))
    ends = np.cumsum([pf.metadata.row_group(i).num_rows for i in range(pf.num_row_groups)])
    groups = sorted(set(np.searchsorted(ends, where, side="right").tolist()))
    if columns is not None:
        columns = [c for c in pf.schema_arrow.names
                   if c in columns or c in schema.DERIVED_DATE_COLUMNS or c == "claim_id"]
    parts = []
    for g in groups:  # one row group at a time: the first rows by date may be in all of them
        tbl = pf.read_row_group(g, columns=columns)
        parts.append(tbl.filter(pc.is_in(tbl["claim_id"], value_set=wanted)))
    tbl = (pa.concat_tables(parts) if parts
           else pf.schema_arrow.empty_table().select(columns or pf.schema_arrow.names))
    return as_text(tbl)


def read_responses(path: Path) -> pa.Table | None:
    """claim_id and responds_to of the rows whose responds_to is set (row groups without any
    are skipped by their statistics); None when the file has no responds_to column."""
    if "responds_to" not in column_names(path):
        return None
    return read_arrow(path, ["claim_id", "responds_to"], pc.field("responds_to").is_valid())


# --- writing ------------------------------------------------------------------------------------


def arrow_table(df: pd.DataFrame, table: schema.Table) -> pa.Table:
    """Text columns as strings (empty = null); claims get their derived dates and date order."""
    tbl = text_arrow(df, table)
    if table.name != "claims":
        return tbl
    tbl, order = with_derived_dates(tbl)
    return tbl.take(order)


def text_arrow(df: pd.DataFrame, table: schema.Table) -> pa.Table:
    """The table's columns of a text frame as strings, empty = null."""
    present = [c for c in df.columns if c in table.names]  # the frame's own column order
    arrays = {}
    for name in present:
        arr = pa.array(df[name].astype("str").fillna("").to_numpy(dtype=object), type=pa.string())
        arrays[name] = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    return pa.table(arrays) if arrays else pa.table({"claim_id": pa.array([], pa.string())})


def with_derived_dates(tbl: pa.Table) -> tuple[pa.Table, pa.Array]:
    """A claims table with date_start and date_end appended, and the row order it is stored
    in (date precision, then date, then id)."""
    def day(stamps: pd.Series) -> pa.Array:  # datetime64 -> date32, NaT -> null
        return pa.array(stamps.to_numpy().astype("datetime64[D]"), type=pa.date32(),
                        from_pandas=True)

    starts, ends, ranks = [], [], []
    for first in range(0, max(tbl.num_rows, 1), BATCH):  # a slice at a time: small temporaries
        n = min(BATCH, tbl.num_rows - first)
        dates = (tbl["date"].slice(first, n).to_pandas().fillna("")
                 if "date" in tbl.column_names else pd.Series([""] * n))
        parsed = parse_partial_dates(dates)
        starts.append(day(parsed["start"]))
        ends.append(day(parsed["end"]))
        ranks.append(pa.array(parsed["precision"].cat.codes.to_numpy(), type=pa.int8()))
    tbl = tbl.append_column("date_start", pa.chunked_array(starts, type=pa.date32()))
    tbl = tbl.append_column("date_end", pa.chunked_array(ends, type=pa.date32()))
    rank = pa.chunked_array(ranks, type=pa.int8())
    order = pc.sort_indices(
        pa.table({"p": rank, "s": tbl["date_start"], "i": tbl["claim_id"]}),
        sort_keys=[("p", "ascending"), ("s", "ascending"), ("i", "ascending")])
    return tbl, order


def write_in_order(tbl: pa.Table, order: pa.Array, path: Path) -> None:
    """`write_arrow` of `tbl.take(order)`, a row group at a time: the table is not copied
    whole a second time."""
    if not tbl.num_rows:
        write_arrow(tbl, path)
        return
    with arrow_writer(path, tbl.schema) as writer:
        for first in range(0, tbl.num_rows, ROW_GROUP):
            writer.write_table(tbl.take(order.slice(first, ROW_GROUP)), row_group_size=ROW_GROUP)


def write_arrow(tbl: pa.Table, path: Path, row_group_size: int | None = ROW_GROUP) -> None:
    """Write an Arrow table as one zstd-compressed Parquet file (in place: callers write a
    temporary file, see `write`)."""
    pq.write_table(tbl, path, row_group_size=row_group_size, compression="zstd")


def table_writer(df: pd.DataFrame, table: schema.Table) -> Callable[[Path], None]:
    """A writer of `df` as `table`'s Parquet file, for `write.replace_files`."""
    tbl = arrow_table(df, table)
    return lambda tmp: write_arrow(tbl, tmp)


def arrow_writer(path: Path, schema_: pa.Schema) -> pq.ParquetWriter:
    """A Parquet file written a table at a time (zstd, as `write_arrow`); a context manager."""
    return pq.ParquetWriter(path, schema_, compression="zstd")
