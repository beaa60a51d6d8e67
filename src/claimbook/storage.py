"""Where a table lives and in which format: CSV for tables edited by hand, Parquet for large ones.

`claims` and `mentions` may be stored as `claims.parquet` / `mentions.parquet` instead of CSV
(`claimbook convert` switches a folder); `documents.csv` is the register of source files and
stays CSV. A Parquet table holds the same text columns as its CSV (every schema column a string
column, an empty cell stored as null), so converting back and forth loses nothing. A claims table
also holds `date_start` and `date_end` (dates derived from `date`) and is sorted by date
precision, then date: each row group then covers a narrow range of dates, and a report for one
month reads only the row groups that can hold its claims (pyarrow's row-group statistics), not
the whole table. Writes are atomic and keep the previous version as `.bak` (`tablewrite`).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from claimbook import csvsafe, schema
from claimbook.errors import DataError, Problem
from claimbook.tablewrite import replace_files

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

log = logging.getLogger("claimbook")

Format = Literal["csv", "parquet"]
STORAGE_FORMATS: tuple[str, ...] = ("csv", "parquet")
PARQUET_TABLES: tuple[str, ...] = ("claims", "mentions")
ROW_GROUP = 32_768  # rows per Parquet row group: small enough that a month skips most of them


def path_for(data_dir: Path, table: schema.Table, fmt: str) -> Path:
    return (data_dir / table.filename).with_suffix("." + fmt)


def table_path(data_dir: str | Path, table: schema.Table) -> Path:
    """The file that holds `table` in `data_dir`: its Parquet file if there is one, else its CSV.

    Both at once is an error (which one would be the record?), never a silent choice.
    """
    data_dir = Path(data_dir)
    csv_path = data_dir / table.filename
    if table.name not in PARQUET_TABLES:
        return csv_path
    parquet = path_for(data_dir, table, "parquet")
    if parquet.exists():
        if csv_path.exists():
            raise DataError([Problem(str(csv_path), None, None,
                                     f"{csv_path.name} and {parquet.name} both exist; keep one "
                                     "(claimbook convert switches a data folder between them)")])
        return parquet
    return csv_path


def table_paths(data_dir: str | Path) -> dict[str, Path]:
    return {t.name: table_path(data_dir, t) for t in schema.TABLES}


def format_of(path: Path) -> Format:
    return "parquet" if path.suffix == ".parquet" else "csv"


# --- reading ------------------------------------------------------------------------------------


def read_parquet_text(path: Path, filter: pc.Expression | None = None,
                      columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A Parquet table as text, like a CSV read with no type guessing: null becomes ''.

    Columns another tool wrote as numbers are read as their text; derived date columns keep
    their type. Raises pyarrow's errors for a file that is not Parquet.
    """
    import pyarrow.parquet as pq

    release_memory()
    tbl = pq.read_table(path, filters=filter, columns=list(columns) if columns else None)
    return as_text(tbl)


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


def as_text(tbl: pa.Table) -> pd.DataFrame:
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


def write_tables(frames: Mapping[Path, tuple[pd.DataFrame, schema.Table]]) -> None:
    """Write whole tables (CSV or Parquet by the path's suffix): all or none, previous kept .bak."""
    import pyarrow.parquet as pq

    def writer(df: pd.DataFrame, table: schema.Table, path: Path):  # noqa: ANN202
        if format_of(path) == "parquet":
            tbl = arrow_table(df, table)
            return lambda tmp: pq.write_table(tbl, tmp, row_group_size=ROW_GROUP,
                                              compression="zstd")
        columns = [c for c in df.columns if c in table.names]
        text = csvsafe.to_csv_text(df.reindex(columns=columns))  # a "\r" in a cell is quoted
        return lambda tmp: tmp.write_text(text, encoding="utf-8", newline="")

    replace_files({p: writer(df, t, p) for p, (df, t) in frames.items()})


# --- pushdown -----------------------------------------------------------------------------------


def selection_filter(start: date | None, end: date | None, claimants: Sequence[str] = (),
                     claim_types: Sequence[str] = (), topics: Sequence[str] = (),
                     path: Path | None = None) -> pc.Expression | None:
    """The rows a report can need: dates overlapping [start, end] or undated, and the filters.

    The same rule as `query.select` (which still sorts them into in range / imprecise /
    undated); as a pyarrow expression it skips row groups by their statistics. Given the
    claims table's `path`, a filter on an optional column a Parquet file lacks matches nothing,
    as on a CSV table, where such a column reads as empty.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    present = (set(pq.read_schema(path).names)
               if path is not None and format_of(path) == "parquet" else None)

    conds = []
    overlap = None
    if start:
        overlap = pc.field("date_end") >= pa.scalar(start, pa.date32())
    if end:
        before = pc.field("date_start") <= pa.scalar(end, pa.date32())
        overlap = before if overlap is None else overlap & before
    if overlap is not None:
        conds.append(overlap | pc.field("date_start").is_null())
    for column, values in (("claimant", claimants), ("claim_type", claim_types), ("topic", topics)):
        if values and present is not None and column not in present:
            conds.append(pc.scalar(False))
        elif values:
            conds.append(pc.field(column).isin(list(values)))
    if not conds:
        return None
    expr = conds[0]
    for c in conds[1:]:
        expr = expr & c
    return expr
