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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claimbook.claims import names, schema
from claimbook.claims.date_columns import parse_partial_dates
from claimbook.errors import DataError, Problem
from claimbook.store import checks, parquet, reading, relations, tablecache
from claimbook.store.checks import HEADER_ROW, spreadsheet_row
from claimbook.store.csv_read import (
    NeedsWholeFile,
    csv_batches,
    parse_csv_table,
    read_csv_table,
    read_table_bytes,
)
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
    import pyarrow.parquet as pq

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
        data, problems = read_table_bytes(tf.path, table)
        if data is None:
            return None, problems
        return tablecache.remembered(  # a broken file: where, and how to fix it
            "checked", file, table, data, lambda: check_csv_bytes(data, file, table))
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
    return check_csv_bytes(text.encode("utf-8"), file, table)


def check_csv_bytes(data: bytes, file: str, table: schema.Table
                    ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A CSV table's bytes parsed and checked column by column (`read_file`)."""
    df, problems = parse_csv_table(data, file, table)
    if df is None:
        return None, problems
    return df, checks.column_problems(df, file, table)


def parquet_schema_problems(tf: TableFile, *, derived: bool = True,
                            pf: pq.ParquetFile | None = None
                            ) -> tuple[dict[str, pyarrow.DataType] | None, list[Problem]]:
    """The stored columns' types (without the derived dates when not `derived`), and what in
    them no table can hold (`checks.parquet_column_problems`, binary cells that are not
    UTF-8): checked before any column is read as text, so no reader meets them. `pf`: the
    file already open (its footer is not parsed again)."""
    file = str(tf.path)
    try:
        if pf is not None:
            names, types = list(pf.schema_arrow.names), parquet.stored_types(pf)
        else:
            names = parquet.column_names(tf.path)
            types = parquet.column_types(tf.path)
    except Exception as e:  # pyarrow raises several types for a file that is not Parquet
        return None, [Problem(file, None, None, f"not a readable Parquet table: {e}")]
    if not derived:
        types = {n: t for n, t in types.items() if n not in schema.DERIVED_DATE_COLUMNS}
    problems = checks.parquet_column_problems(file, names, types)
    if problems:
        return types, problems

    for name, t in types.items():
        if pa.types.is_dictionary(t):
            t = t.value_type
        if not (pa.types.is_binary(t) or pa.types.is_large_binary(t)):
            continue
        cells = (pf.read(columns=[name]) if pf is not None
                 else parquet.read_arrow(tf.path, [name]))[name]
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


@dataclass
class Checked:
    """What is left of one table checked in batches: the columns the rules between tables
    need (`RELATION_COLUMNS`), and for claims what `validate`'s summary and far-out dates
    need (claim_id, date, date_start; how many distinct claimants)."""

    relations: pd.DataFrame
    dates: pd.DataFrame | None = None
    claimants: int = 0

    @property
    def rows(self) -> int:
        return len(self.relations)


def check_in_batches(tf: TableFile, *, derived: bool = True
                     ) -> tuple[Checked | None, list[Problem]]:
    """`read_file`'s rules on a table read in batches (`csv_read.csv_batches`,
    `parquet.text_batches`), so memory holds one batch and a few compact columns, not the
    table: a unique column is checked over the whole column at the end
    (`checks.duplicate_problems`). A Parquet file's footer is parsed once."""
    file, table, path = str(tf.path), tf.table, tf.path
    if not path.exists():
        return None, [Problem(file, None, None, f"file not found (the {table.name} table)")]
    if tf.is_parquet:
        try:
            pf = parquet.open_file(path)
        except Exception as e:  # pyarrow raises several types for a file that is not Parquet
            return None, [Problem(file, None, None, f"not a readable Parquet table: {e}")]
        types, problems = parquet_schema_problems(tf, derived=derived, pf=pf)
        if types is None or problems:
            return None, problems
        batches: Iterator[pd.DataFrame] = parquet.text_batches(pf, columns=list(types))
    elif path.is_file():
        batches = csv_batches(path, table)
    else:
        return read_file(tf, derived=derived)  # a folder, or another thing that is no file
    claims = table.name == "claims"
    check_dates = claims and derived and tf.is_parquet
    problems: list[Problem] = []
    column: list[Problem] = []
    header: set[tuple] = set()
    kept, dates, claimants = [], [], set()
    try:
        for df in batches:
            stored = df[[c for c in schema.DERIVED_DATE_COLUMNS if c in df]] if claims else None
            if stored is not None:
                df = df.drop(columns=list(stored.columns))
            for p in checks.column_problems(df, file, table, unique=False):
                if p.row == HEADER_ROW:  # the same for every batch: once
                    if (p.column, p.message) in header:
                        continue
                    header.add((p.column, p.message))
                column.append(p)
            if column:
                continue  # the rest is checked on tables that pass their column rules
            if check_dates and not problems:
                problems += checks.check_derived_dates(df, stored, file)
            kept.append(df[[c for c in RELATION_COLUMNS[table.name] if c in df]])
            if claims:
                dates.append(_dates(df, stored))
                claimants.update(df["claimant"].unique())
    except NeedsWholeFile:  # a broken CSV file: the whole-file reader says what is wrong
        whole, problems = read_file(tf, derived=derived)
        if whole is None or problems:
            return None, problems
        return Checked(whole[[c for c in RELATION_COLUMNS[table.name] if c in whole]],
                       _dates(whole, None) if claims else None,
                       len({names.identity(c) for c in whole["claimant"].unique()})
                       if claims else 0), []
    except (OSError, ValueError) as e:
        if not tf.is_parquet:
            raise
        return None, [Problem(file, None, None, f"not a readable Parquet table: {e}")]
    for c in table.columns:
        if c.unique and kept and c.name in kept[0]:
            column += checks.duplicate_problems(pd.concat([k[c.name] for k in kept]), c.name,
                                                file)
    if column:
        return None, sorted(column, key=lambda p: (p.row or 0, p.column or ""))
    result = Checked(pd.concat(kept), pd.concat(dates) if claims else None,
                     len({names.identity(c) for c in claimants}))  # one claimant, one identity
    return result, problems


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
    return relations.check_publishers(docs, publishers, str(documents_file),
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


def _dates(df: pd.DataFrame, stored: pd.DataFrame | None) -> pd.DataFrame:
    """claim_id, date and date_start of a claims batch (stored date_start when there is one:
    it was checked against date)."""
    start = (stored["date_start"] if stored is not None and "date_start" in stored
             else parse_partial_dates(df["date"])["start"])
    return pd.DataFrame({"claim_id": df["claim_id"], "date": df["date"],
                         "date_start": start.astype("datetime64[s]")})


def validate(data_dir: str | Path, *, derived: bool = True) -> dict[str, Checked]:
    """Every rule of `load`, without building typed tables, each table read in batches
    (`check_in_batches`; `derived`: see `read_file`). Raise DataError with every problem
    found; return what is left of each table (for `claimbook validate`'s summary)."""
    data_dir = Path(data_dir)
    parquet.release_memory()  # a million rows' batches: their Arrow memory freed as they go
    files = table_files(data_dir)
    checked: dict[str, Checked] = {}
    problems: list[Problem] = []
    for name, tf in files.items():
        found, more = check_in_batches(tf, derived=derived)
        if isinstance(found, Checked):
            checked[name] = found
        problems += more
    if not problems:
        problems += publisher_problems(data_dir, checked["documents"].relations,
                                       files["documents"].path)
    if problems:
        raise DataError(problems)
    problems, _ = relations.check_relations(
        checked["documents"].relations, checked["claims"].relations,
        checked["mentions"].relations, data_dir, {n: tf.path for n, tf in files.items()})
    if problems:
        raise DataError(problems)
    return checked


# --- validated once per version: reports read only the rows they need ---------------------------

_PACKAGE = Path(__file__).parent
# the code whose rules decide a verdict: this package, the schema, the date parser
_RULES = (*sorted(_PACKAGE.glob("*.py")), Path(schema.__file__),
          _PACKAGE.parent / "claims" / "dates.py", _PACKAGE.parent / "claims" / "daterule.py",
          _PACKAGE.parent / "sources" / "fulltext.py")


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
        path = paths[t.name]
        h.update(reading.file_sha256(path, data_dir, lambda p=path: _hash_files([p])).encode()
                 if path.is_file() else b"-")
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


def validated_before(data_dir: str | Path) -> bool:
    """Whether this exact content passed a full validation before (a stamp in `cache_dir()`)."""
    return (cache_dir() / "validated" / validation_key(data_dir)).is_file()


def ensure_valid(data_dir: str | Path) -> None:
    """Validate the folder in full unless this exact content was validated before (a stamp in
    `cache_dir()`); raise DataError with every problem as `load` does. Within a block of
    `reading.once` (one render's reads, checked against the tables' bytes after the run) the
    folder is looked up once."""
    if reading.validated(data_dir):
        return
    key = validation_key(data_dir)
    stamp = cache_dir() / "validated" / key
    if stamp.is_file():
        log.debug("%s: validated before (%s)", data_dir, key[:12])
        reading.mark_validated(data_dir)
        return
    if reading.active(data_dir):  # validate what is there now, and stamp it under its own key
        with reading.outside():
            ensure_valid(data_dir)
        reading.mark_validated(data_dir)
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
