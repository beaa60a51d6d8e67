"""Parquet tables: the one module that reads and writes them (pyarrow.parquet is imported here only).

A Parquet table holds the same text columns as its CSV (every schema column a string column, an
empty cell stored as null). A claims table also holds `date_start` and `date_end` (dates derived
from `date`) and is sorted by date precision, then date: each row group then covers a narrow
range of dates, and a report for one month reads only the row groups that can hold its claims
(pyarrow's row-group statistics, with the filter of `daterule.parquet_overlap`), not the whole
table. Writes go through `write.replace_files` (atomic, previous version kept as `.bak`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from claimbook import schema

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

ROW_GROUP = 32_768  # rows per Parquet row group: small enough that a month skips most of them


# --- reading ------------------------------------------------------------------------------------


@functools.cache  # once per process
def release_memory() -> None:
    """Give freed Arrow memory back to the system at once. Arrow's default allocator keeps
    freed pages for reuse, and glibc's keeps the decoding buffers of a Parquet read; jemalloc
    with no decay returns them, which measured about 200 MB less at the peak of a
    million-claim report's CSV (and its memory falls back after it). The system allocator is
    the fallback where pyarrow was built without jemalloc."""
    import pyarrow as pa

    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
        pa.jemalloc_set_decay_ms(0)
    except (NotImplementedError, pa.ArrowNotImplementedError):
        pa.set_memory_pool(pa.system_memory_pool())


def column_names(path: Path) -> list[str]:
    """The columns stored in the file, in order, a name stored twice twice (its schema only is
    read). Raises pyarrow's errors for a file that is not Parquet."""
    import pyarrow.parquet as pq

    return list(pq.read_schema(path).names)


def column_types(path: Path) -> dict[str, pa.DataType]:
    """Each stored column's Arrow type (its schema only is read)."""
    import pyarrow.parquet as pq

    fields = pq.read_schema(path)
    return {f.name: f.type for f in fields}  # a name stored twice: `checks` refuses the file


def read_arrow(path: Path, columns: Sequence[str] | None = None,
               filter: pc.Expression | None = None) -> pa.Table:
    """The stored table (these columns, the rows matching `filter`) as Arrow, as stored."""
    import pyarrow.parquet as pq

    release_memory()
    return pq.read_table(path, columns=list(columns) if columns is not None else None,
                         filters=filter)


def read_text(path: Path, filter: pc.Expression | None = None,
              columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A Parquet table as text, like a CSV read with no type guessing: null becomes ''.

    Columns another tool wrote as numbers are read as their text; derived date columns keep
    their type. Raises pyarrow's errors for a file that is not Parquet.
    """
    return as_text(read_arrow(path, list(columns) if columns else None, filter))


def as_text(tbl: pa.Table) -> pd.DataFrame:
    """An Arrow table as a text frame ('' for null); derived dates as datetime64[s]."""
    import pyarrow as pa
    import pyarrow.compute as pc

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
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

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
    import pyarrow.compute as pc

    if "responds_to" not in column_names(path):
        return None
    return read_arrow(path, ["claim_id", "responds_to"], pc.field("responds_to").is_valid())


# --- writing ------------------------------------------------------------------------------------


def arrow_table(df: pd.DataFrame, table: schema.Table) -> pa.Table:
    """Text columns as strings (empty = null); claims get their derived dates and date order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    present = [c for c in df.columns if c in table.names]  # the table's own column order
    arrays = {}
    for name in present:
        arr = pa.array(df[name].astype("str").fillna("").to_numpy(dtype=object), type=pa.string())
        arrays[name] = pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)
    tbl = pa.table(arrays)
    if table.name == "claims":
        from claimbook.dates import parse_partial_dates

        parsed = parse_partial_dates(df["date"] if "date" in df else df["claim_id"].map(lambda _: ""))
        tbl = tbl.append_column("date_start", pa.array(parsed["start"].dt.date, type=pa.date32()))
        tbl = tbl.append_column("date_end", pa.array(parsed["end"].dt.date, type=pa.date32()))
        rank = pa.array(parsed["precision"].cat.codes.to_numpy(), type=pa.int8())
        order = pc.sort_indices(
            pa.table({"p": rank, "s": tbl["date_start"], "i": tbl["claim_id"]}),
            sort_keys=[("p", "ascending"), ("s", "ascending"), ("i", "ascending")])
        tbl = tbl.take(order)
    return tbl


def write_arrow(tbl: pa.Table, path: Path, row_group_size: int | None = ROW_GROUP) -> None:
    """Write an Arrow table as one zstd-compressed Parquet file (in place: callers write a
    temporary file, see `write`)."""
    import pyarrow.parquet as pq

    pq.write_table(tbl, path, row_group_size=row_group_size, compression="zstd")


def table_writer(df: pd.DataFrame, table: schema.Table) -> Callable[[Path], None]:
    """A writer of `df` as `table`'s Parquet file, for `write.replace_files`."""
    tbl = arrow_table(df, table)
    return lambda tmp: write_arrow(tbl, tmp)
