"""Validation of a data folder: which rules run on which file, the validation cache, warnings.

`validate` runs every rule (`checks`) on the folder's tables (a Parquet table column by column);
`ensure_valid` does so once per version of the folder's content (a stamp keyed by its sha256 in
`cache_dir()`), so reports read only the rows they need. `far_out_dates` finds valid dates that
are likely typos (`claimbook validate` warns of them).
"""

from __future__ import annotations

import hashlib
import logging
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from claimbook import schema
from claimbook.errors import DataError, Problem
from claimbook.store import checks, parquet
from claimbook.store.checks import HEADER_ROW, spreadsheet_row
from claimbook.store.csv_read import parse_csv_table, read_csv_table
from claimbook.store.layout import (
    OutsideDataFolder,
    TableFile,
    format_of,
    source_file,
    table_files,
    table_paths,
)

if TYPE_CHECKING:
    import pyarrow

log = logging.getLogger("claimbook")

# --- reading one table and checking it --------------------------------------------------------


def read_table(path: Path, table: schema.Table, *, derived: bool = True
               ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """`read_file` of the table at `path` (CSV or Parquet by its suffix)."""
    return read_file(TableFile(table, path, format_of(path)), derived=derived)


def read_file(tf: TableFile, *, derived: bool = True
              ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a table as text (no type guessing: 'NA' stays 'NA') and check it column by column.

    A Parquet claims table's derived dates must agree with its `date` column (`derived=False`
    skips that, for `convert`, which rewrites them).
    """
    file, table = str(tf.path), tf.table
    if not tf.path.exists():
        return None, [Problem(file, None, None, f"file not found (the {table.name} table)")]
    if tf.is_parquet:
        types, problems = parquet_schema_problems(tf, derived=derived)
        if types is None or problems:
            return None, problems
        try:
            df = parquet.read_text(tf.path, columns=list(types))
        except Exception as e:  # pyarrow raises several types for a file that is not Parquet
            return None, [Problem(file, None, None, f"not a readable Parquet table: {e}")]
        stored = df[[c for c in schema.DERIVED_DATE_COLUMNS if c in df]]
        df = df.drop(columns=list(stored.columns))
    else:
        stored = None
        df, problems = read_csv_table(tf.path, table)  # a broken file: where, and how to fix it
        if df is None:
            return None, problems
    problems = checks.column_problems(df, file, table)
    if problems:
        return df, problems
    if stored is not None and table.name == "claims" and derived:
        return df, checks.check_derived_dates(df, stored, file)
    return df, []


def check_table_text(text: str, file: str, table: schema.Table
                     ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """`read_table` on a CSV table's text that is not written anywhere (accept checks the
    tables it would write before it writes them)."""
    df, problems = parse_csv_table(text.encode("utf-8"), file, table)
    if df is None:
        return None, problems
    return df, checks.column_problems(df, file, table)


def parquet_schema_problems(tf: TableFile, *, derived: bool = True
                            ) -> tuple[dict[str, pyarrow.DataType] | None, list[Problem]]:
    """The stored columns' types (without the derived dates when not `derived`), and what in
    them no table can hold (`checks.parquet_column_problems`, binary cells that are not
    UTF-8): checked before any column is read as text, so no reader meets them."""
    file = str(tf.path)
    try:
        names = parquet.column_names(tf.path)
        types = parquet.column_types(tf.path)
    except Exception as e:  # pyarrow raises several types for a file that is not Parquet
        return None, [Problem(file, None, None, f"not a readable Parquet table: {e}")]
    if not derived:
        types = {n: t for n, t in types.items() if n not in schema.DERIVED_DATE_COLUMNS}
    problems = checks.parquet_column_problems(file, names, types)
    if problems:
        return types, problems
    import pyarrow as pa
    import pyarrow.compute as pc

    for name, t in types.items():
        if pa.types.is_dictionary(t):
            t = t.value_type
        if not (pa.types.is_binary(t) or pa.types.is_large_binary(t)):
            continue
        cells = parquet.read_arrow(tf.path, [name])[name]
        try:
            pc.cast(cells, pa.string())
        except pa.ArrowInvalid:
            bad = [i for i, v in enumerate(cells.to_pylist()) if v is not None
                   and not _utf8(v)]
            problems.append(Problem(file, spreadsheet_row(bad[0]) if bad else None, name,
                                    f"holds bytes that are not UTF-8 text ({len(bad)} cells): "
                                    "write the column as UTF-8 strings"))
    return types, problems


def _utf8(value: bytes) -> bool:
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


RELATION_COLUMNS = {"claims": ("claim_id", "responds_to", "url"),
                    "mentions": tuple(schema.MENTIONS.names),
                    "documents": tuple(schema.DOCUMENTS.names)}


def check_parquet_by_column(tf: TableFile, *, derived: bool = True
                            ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """`read_file`'s rules on a Parquet table, one column at a time: a million rows are
    checked holding one column in memory, not the whole table. Returns only the columns the
    rules between tables need (`RELATION_COLUMNS`)."""
    file, table, path = str(tf.path), tf.table, tf.path
    if not path.exists():
        return None, [Problem(file, None, None, f"file not found (the {table.name} table)")]
    found, problems = parquet_schema_problems(tf, derived=derived)
    if found is None or problems:
        return None, problems
    types = found
    names = list(types)
    extra = set(schema.DERIVED_DATE_COLUMNS) if table.name == "claims" else set()
    problems = [Problem(file, HEADER_ROW, c, f"unknown column; expected {', '.join(table.names)}")
                for c in names if c not in table.names and c not in extra]
    problems += [Problem(file, HEADER_ROW, c, "required column is missing")
                 for c in table.required if c not in names]
    full = checks.pandera_schema(table)
    for col in table.columns:
        if col.name not in names:
            continue
        df = parquet.read_text(path, columns=[col.name])
        one = pa.DataFrameSchema({col.name: full.columns[col.name]}, name=table.name)
        try:
            one.validate(df, lazy=True)
        except SchemaErrors as e:
            problems += checks.problems_from_pandera(e, df, file, table)
    keep = [c for c in RELATION_COLUMNS[table.name] if c in names]
    if problems:
        return None, sorted(problems, key=lambda p: (p.row or 0, p.column or ""))
    if table.name == "claims" and derived:
        cols = ["date", *[c for c in schema.DERIVED_DATE_COLUMNS if c in names]]
        dates = parquet.read_text(path, columns=cols)
        problems = checks.check_derived_dates(dates[["date"]],
                                              dates[[c for c in cols if c != "date"]], file)
    return parquet.read_text(path, columns=keep), problems


def read_publishers(data_dir: str | Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """publishers.csv as text, checked on its own; (None, []) when the folder has none."""
    path = Path(data_dir) / schema.PUBLISHERS.filename
    if not path.exists():
        return None, []
    return read_table(path, schema.PUBLISHERS)


def publisher_problems(data_dir: str | Path, docs: pd.DataFrame, documents_file: Path
                       ) -> list[Problem]:
    """publishers.csv's own problems, then every document's publisher it does not describe."""
    publishers, problems = read_publishers(data_dir)
    if publishers is None or problems:
        return problems
    return checks.check_publishers(docs, publishers, str(documents_file),
                                   str(Path(data_dir) / schema.PUBLISHERS.filename))


def read_raw(data_dir: str | Path, *, derived: bool = True
             ) -> tuple[dict[str, pd.DataFrame], dict[str, Path]]:
    """Read and check each table on its own; raise DataError with every problem found.
    Returns the text tables and the file of each, by table name."""
    files = table_files(data_dir)
    raw: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, tf in files.items():
        df, found = read_file(tf, derived=derived)
        if df is not None:
            raw[name] = df
        problems += found
    if not problems:
        problems += publisher_problems(data_dir, raw["documents"], files["documents"].path)
    if problems:  # relations are meaningless on tables that are themselves broken
        raise DataError(problems)
    return raw, {name: tf.path for name, tf in files.items()}


def validate(data_dir: str | Path) -> None:
    """Every rule of `load`, without building typed tables; Parquet tables column by column.
    Raise DataError with every problem found."""
    data_dir = Path(data_dir)
    files = table_files(data_dir)
    raw: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name, tf in files.items():
        df, found = check_parquet_by_column(tf) if tf.is_parquet else read_file(tf)
        if df is not None:
            raw[name] = df
        problems += found
    if not problems:
        problems += publisher_problems(data_dir, raw["documents"], files["documents"].path)
    if problems:
        raise DataError(problems)
    problems, _ = checks.check_relations(raw["documents"], raw["claims"], raw["mentions"],
                                         data_dir, {n: tf.path for n, tf in files.items()})
    if problems:
        raise DataError(problems)


# --- validated once per version: reports read only the rows they need ---------------------------

_PACKAGE = Path(__file__).parent
# the code whose rules decide a verdict: this package, the schema, the date parser
_RULES = (*sorted(_PACKAGE.glob("*.py")), Path(schema.__file__),
          _PACKAGE.parent / "dates.py", _PACKAGE.parent / "daterule.py",
          _PACKAGE.parent / "sourcetext.py")


def cache_dir() -> Path:
    """Where validation stamps are kept: $CLAIMBOOK_CACHE, else the user's cache folder."""
    if env := os.environ.get("CLAIMBOOK_CACHE"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "claimbook"


def validation_key(data_dir: str | Path) -> str:
    """sha256 of everything validation depends on: every table's bytes, every registered
    source's bytes (wherever documents.csv says it is) and the code of the rules. Equal keys
    give equal verdicts, so a stamp under this key stands for a full validation of exactly
    this content."""
    data_dir = Path(data_dir)
    paths = table_paths(data_dir)
    h = hashlib.sha256()
    for p in _RULES:
        h.update(p.read_bytes())
    for t in schema.TABLES:
        h.update(t.name.encode() + b"\0" + paths[t.name].suffix.encode() + b"\0")
        h.update(_hash_files([paths[t.name]]).encode() if paths[t.name].is_file() else b"-")
    publishers = data_dir / schema.PUBLISHERS.filename
    h.update(_hash_files([publishers]).encode() if publishers.is_file() else b"-")
    h.update(_registered_documents_key(data_dir, paths["documents"]).encode())
    return h.hexdigest()


def _registered_documents_key(data_dir: Path, documents: Path) -> str:
    """sha256 of where every path documents.csv names (`path`, `text_path`) leads (inside the
    data folder or not) and of that file's bytes: a registered source may be anywhere in the folder, or a
    symlink, and editing it or pointing the link elsewhere must change the key."""
    h = hashlib.sha256()
    docs, _ = read_csv_table(documents, schema.DOCUMENTS) if documents.is_file() else (None, [])
    if docs is None or "path" not in docs:
        return "-"  # the table is broken, so validation fails: no stamp is kept under this key
    root = data_dir.resolve()
    names = list(docs["path"])
    if "text_path" in docs:  # the extracted texts offsets count in, pinned like the files
        names += [n for n in docs["text_path"] if n]
    for name in names:
        h.update(name.encode() + b"\0")
        try:
            target = source_file(data_dir, name)
        except OutsideDataFolder:
            h.update(b"outside\0")
            continue
        h.update(str(target.relative_to(root)).encode() + b"\0")
        try:
            h.update(checks.sha256_file(target).encode() if target.is_file() else b"-")
        except OSError:  # unreadable: validation says so, and keeps no stamp
            h.update(b"unreadable")
    return h.hexdigest()


def ensure_valid(data_dir: str | Path) -> None:
    """Validate the folder in full unless this exact content was validated before (a stamp in
    `cache_dir()`); raise DataError with every problem as `load` does."""
    key = validation_key(data_dir)
    stamp = cache_dir() / "validated" / key
    if stamp.is_file():
        log.debug("%s: validated before (%s)", data_dir, key[:12])
        return
    validate(data_dir)
    mark_valid(data_dir, key)


def mark_valid(data_dir: str | Path, key: str | None = None) -> None:
    """Record that the folder's current content passed `load` (only call after it did)."""
    key = key or validation_key(data_dir)
    try:
        folder = cache_dir() / "validated"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / key).write_text(f"{Path(data_dir).resolve()}\n", encoding="utf-8")
    except OSError as e:  # a read-only home: validate again next time, that is all
        log.debug("cannot record validation of %s: %s", data_dir, e)


def _hash_files(paths: list[Path]) -> str:
    """sha256 of the files' bytes one after another, read in blocks (tables can be large)."""
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


def data_fingerprint(data_dir: str | Path) -> str:
    """Changes when any table changes: what a report's provenance records (16 hex digits)."""
    paths = table_paths(data_dir)
    return _hash_files([paths[t.name] for t in schema.TABLES])[:16]


# --- warnings: valid, but likely a typo ----------------------------------------------------------


# A date is far out when it is before EARLIEST_LIKELY, more than LATEST_YEARS_AHEAD years after
# today, or more than FROM_MEDIAN_YEARS years from the table's median date: `0205-04` among
# dates of 2025 is a valid date and most likely a typo for 2025-04. `validate` warns, the
# table stays valid, and a report's timeline names such claims instead of drawing their years.
EARLIEST_LIKELY = date(1900, 1, 1)
LATEST_YEARS_AHEAD = 10
FROM_MEDIAN_YEARS = 50


def far_out_dates(claims: pd.DataFrame, today: date | None = None,
                  file: str = schema.CLAIMS.filename, limit: int | None = None
                  ) -> tuple[int, list[str]]:
    """How many claims of a typed claims table have a far-out date (see above), and a line for
    each of the first `limit` in table order: 'claims.csv row 19: C017 dated 0205-04: before
    1900, 1,820 years from the median date 2025-06-14'."""
    import numpy as np

    start = claims["date_start"]
    dated = start.notna().to_numpy()
    if not dated.any():
        return 0, []
    today = today or date.today()
    years = start.dt.year.to_numpy(dtype="float", na_value=np.nan)
    centre = start[dated].sort_values().iloc[(int(dated.sum()) - 1) // 2]  # a median that is a date
    apart = np.abs(years - centre.year)
    latest = today.year + LATEST_YEARS_AHEAD
    early, late, off = (years < EARLIEST_LIKELY.year), years > latest, apart > FROM_MEDIAN_YEARS
    lines = []
    flagged = np.flatnonzero(dated & (early | late | off))
    for i in flagged[:limit]:
        reasons = ([f"before {EARLIEST_LIKELY.year}"] if early[i] else []) + (
            [f"after {latest} ({LATEST_YEARS_AHEAD} years from today)"] if late[i] else []) + (
            [f"{int(apart[i]):,} years from the median date {centre.date()}"] if off[i] else [])
        row = spreadsheet_row(claims.index[i]) if isinstance(claims.index[i], int | np.integer) \
            else "?"
        lines.append(f"{file} row {row}: {claims['claim_id'].iloc[i]} dated "
                     f"{claims['date'].iloc[i]}: {', '.join(reasons)}")
    return len(flagged), lines
