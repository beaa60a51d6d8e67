"""Where each table lives and in which format, decided once per read: a `TableFile`.

`claims` and `mentions` may be stored as `claims.parquet` / `mentions.parquet` instead of CSV
(`claimbook convert` switches a folder); `documents.csv` is the register of source files and
stays CSV. A Parquet table holds the same text columns as its CSV (see `parquet`), so converting
back and forth loses nothing. Both files of one table at once is an error (which one would be
the record?), never a silent choice. Where a registered source document is: `source_file`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from claimbook.claims import schema
from claimbook.errors import DataError, Problem

Format = Literal["csv", "parquet"]
STORAGE_FORMATS: tuple[str, ...] = ("csv", "parquet")
PARQUET_TABLES: tuple[str, ...] = ("claims", "mentions")


@dataclass(frozen=True)
class TableFile:
    """One table's file and its format, found once and passed on (nothing asks again)."""

    table: schema.Table
    path: Path
    format: Format

    @property
    def is_parquet(self) -> bool:
        return self.format == "parquet"


def path_for(data_dir: Path, table: schema.Table, fmt: str) -> Path:
    """Where `table` is in `data_dir` when stored as `fmt` (whether or not it is there)."""
    return (data_dir / table.filename).with_suffix("." + fmt)


def format_of(path: Path) -> Format:
    """The format of a table file, by its suffix (for a path named by the user)."""
    return "parquet" if path.suffix == ".parquet" else "csv"


def table_file(data_dir: str | Path, table: schema.Table) -> TableFile:
    """The file that holds `table` in `data_dir`: its Parquet file if there is one, else its CSV;
    both at once raise DataError."""
    data_dir = Path(data_dir)
    csv_path = data_dir / table.filename
    if table.name not in PARQUET_TABLES:
        return TableFile(table, csv_path, "csv")
    parquet = path_for(data_dir, table, "parquet")
    if parquet.exists():
        if csv_path.exists():
            raise DataError([Problem(str(csv_path), None, None,
                                     f"{csv_path.name} and {parquet.name} both exist; keep one "
                                     "(claimbook convert switches a data folder between them)")])
        return TableFile(table, parquet, "parquet")
    return TableFile(table, csv_path, "csv")


def table_files(data_dir: str | Path) -> dict[str, TableFile]:
    """`table_file` of every table, by table name."""
    return {t.name: table_file(data_dir, t) for t in schema.TABLES}


def table_path(data_dir: str | Path, table: schema.Table) -> Path:
    return table_file(data_dir, table).path


def table_paths(data_dir: str | Path) -> dict[str, Path]:
    return {name: f.path for name, f in table_files(data_dir).items()}


def uses_parquet(data_dir: str | Path) -> bool:
    """Whether any table of the folder is stored as Parquet (CSV-only commands refuse it)."""
    return any(path_for(Path(data_dir), t, "parquet").exists() for t in schema.TABLES
               if t.name in PARQUET_TABLES)


class OutsideDataFolder(ValueError):
    """A documents.csv path that names no source file inside the data folder (a file outside
    it, or one of the folder's own tables)."""


JOURNAL = ".claimbook-journal.json"  # a change of several tables under way (`write.change`)


def own_files(data_dir: Path) -> set[Path]:
    """The names of the data folder's own files, never a source: every table in either format,
    its `.bak` and the journal of a change."""
    names = {t.filename for t in (*schema.TABLES, schema.PUBLISHERS)}
    names |= {f"{t.name}.{fmt}" for t in schema.TABLES if t.name in PARQUET_TABLES
              for fmt in STORAGE_FORMATS}
    return {data_dir / n for n in names} | {data_dir / (n + ".bak") for n in names} | \
        {data_dir / JOURNAL}


def source_file(data_dir: str | Path, path: str) -> Path:
    """The file a documents.csv `path` names, every symlink followed: the one way validation,
    its cache key, extract and add-source find a source, so what was checked is what is read.

    Raises OutsideDataFolder when that file is not inside the data folder (itself resolved):
    by '..', an absolute path, or a symlink pointing out (a source is part of the folder's
    record, and a report quotes it); or when it is one of the folder's tables (`own_files`:
    `remove-source` would move it away).
    """
    root = Path(data_dir).resolve()
    try:
        target = (root / path).resolve()
    except (OSError, RuntimeError, ValueError) as e:  # a loop of symlinks, a NUL character
        raise OutsideDataFolder(f"{path!r} is not a path to a file in the data folder ({e})"
                                ) from None
    if target == root or not target.is_relative_to(root):
        named = Path(os.path.normpath(root / path))
        via = f" (a symlink to {target})" if named.is_relative_to(root) else ""
        raise OutsideDataFolder(f"{path!r} is outside the data folder{via}: a source must be a "
                                "file in the data folder (claimbook add-source copies it there)")
    if target in own_files(root):
        raise OutsideDataFolder(f"{path!r} is the data folder's own {target.name}, not a source "
                                "document: a source is a file of its own (claimbook add-source "
                                "copies it into sources/)")
    return target
