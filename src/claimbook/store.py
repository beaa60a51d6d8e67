"""Load and validate the claim tables; every problem names file, row and column.

Column-level rules (required, unknown, vocabulary, pattern, unique) are pandera checks generated
from `schema.py`; rules that relate tables (dangling ids, quotes against sources, checksums) need
all three tables at once and are checked here after pandera has passed each table.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from claimbook import schema, storage
from claimbook.csvtable import parse_csv_table, read_csv_table, shorten
from claimbook.dates import DateError, parse_partial_date, parse_partial_dates
from claimbook.errors import DataError, Problem

if TYPE_CHECKING:
    import pyarrow

log = logging.getLogger("claimbook")

HEADER_ROW = 1  # spreadsheet row of the header; the first record is row 2


def spreadsheet_row(index: int) -> int:
    return int(index) + HEADER_ROW + 1


def normalize_whitespace(text: str) -> str:
    """The quote rule: a run of whitespace (line breaks of hard-wrapped text) is one space."""
    return " ".join(text.split())


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --- per-table validation (pandera) -------------------------------------------------------------


def _date_ok(s: pd.Series) -> pd.Series:
    return parse_partial_dates(s)["ok"]


def _json_object_ok(s: pd.Series) -> pd.Series:
    """Empty, or a JSON object (what `claimbook import` writes for columns it keeps)."""
    def ok(v: str) -> bool:
        try:
            return isinstance(json.loads(v), dict)
        except ValueError:
            return False

    filled = s != ""
    result = pd.Series(True, index=s.index)
    if filled.any():  # parse each distinct text once
        values = s[filled]
        verdict = {v: ok(v) for v in values.unique()}
        result[filled] = values.map(verdict).astype(bool)
    return result


def _column_checks(col: schema.Column) -> list[pa.Check]:
    checks: list[pa.Check] = []
    filled: Callable[[pd.Series], pd.Series] = lambda s: s.str.strip() != ""  # noqa: E731
    if not col.nullable:
        checks.append(pa.Check(filled, error="empty:is empty but is required"))

    def allow_empty(test: Callable[[pd.Series], pd.Series]) -> Callable[[pd.Series], pd.Series]:
        if col.nullable:
            return lambda s: (s == "") | test(s)
        # a blank required cell is reported once, as empty, not also as a bad value
        return lambda s: (s.str.strip() == "") | test(s)

    if col.kind == "id":
        checks.append(pa.Check(allow_empty(lambda s: s.str.fullmatch(schema.ID_PATTERN)),
                               error="id:is not a valid id (letters, digits, _ . : -)"))
    elif col.kind == "int":
        checks.append(pa.Check(allow_empty(lambda s: s.str.fullmatch(schema.INT_PATTERN)),
                               error="int:is not a whole number ≥ 0"))
    elif col.kind == "sha256":
        checks.append(pa.Check(allow_empty(lambda s: s.str.fullmatch(schema.SHA256_PATTERN)),
                               error="sha256:is not a sha256 (64 lowercase hex digits)"))
    elif col.kind == "date":
        checks.append(pa.Check(_date_ok, error="date:"))
    elif col.kind == "url":
        checks.append(pa.Check(allow_empty(lambda s: s.str.match(schema.URL_PATTERN)),
                               error="url:is not an http(s) URL (http://… or https://…)"))
    elif col.kind == "json":
        checks.append(pa.Check(_json_object_ok, error="json:is not a JSON object ({\"name\": …})"))
    elif col.kind == "vocab":
        assert col.vocabulary
        allowed = list(schema.VOCABULARIES[col.vocabulary])
        checks.append(pa.Check(allow_empty(lambda s: s.isin(allowed)),
                               error=f"vocab:is not a {col.vocabulary}; allowed: {', '.join(allowed)}"))
    return checks


def pandera_schema(table: schema.Table) -> pa.DataFrameSchema:
    columns = {
        c.name: pa.Column(str, checks=_column_checks(c), required=c.required, unique=c.unique)
        for c in table.columns
    }
    return pa.DataFrameSchema(columns, strict=True, ordered=False, name=table.name)


def _problems_from_pandera(err: SchemaErrors, df: pd.DataFrame, file: str,
                           table: schema.Table) -> list[Problem]:
    problems: list[Problem] = []
    seen_dupes: set[tuple[str, str]] = set()
    for fc in err.failure_cases.to_dict("records"):
        check, value, column, index = fc["check"], fc["failure_case"], fc["column"], fc["index"]
        if check == "column_in_dataframe":
            problems.append(Problem(file, HEADER_ROW, value, "required column is missing"))
        elif check == "column_in_schema":
            problems.append(Problem(file, HEADER_ROW, value,
                                    f"unknown column; expected {', '.join(table.names)}"))
        elif check == "field_uniqueness":
            if (column, value) in seen_dupes:
                continue
            seen_dupes.add((column, value))
            rows = [spreadsheet_row(i) for i in df.index[df[column] == value]]
            for r in rows[1:]:
                problems.append(Problem(file, r, column, f"duplicate {column} {shorten(value)} "
                                        f"(first in row {rows[0]})"))
        elif isinstance(check, str) and ":" in check and index is not None:
            kind, _, text = check.partition(":")
            if kind == "date" and len(value) > 40:
                msg = (f"{shorten(value)} is not an ISO 8601 date; write 2025, 2025-Q3, 2025-07 "
                       "or 2025-07-14")
            elif kind == "date":
                try:
                    parse_partial_date(value)
                    text = "is not a valid date"
                except DateError as e:
                    text = str(e)
                msg = text
            elif kind == "empty":
                msg = text
            else:
                msg = f"{shorten(value)} {text}"
            problems.append(Problem(file, spreadsheet_row(index), column, msg))
        else:  # a check pandera added that we did not anticipate: still say where
            row = spreadsheet_row(index) if index is not None else None
            problems.append(Problem(file, row, column, f"{shorten(str(value))} fails {check}"))
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def read_table(path: Path, table: schema.Table, *, derived: bool = True
               ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a table as text (no type guessing: 'NA' stays 'NA') and check it column by column.

    A CSV or a Parquet table (by its suffix); a Parquet claims table's derived dates must agree
    with its `date` column (`derived=False` skips that, for `convert`, which rewrites them).
    """
    file = str(path)
    if not path.exists():
        return None, [Problem(file, None, None, f"file not found (the {table.name} table)")]
    if storage.format_of(path) == "parquet":
        try:
            df = storage.read_parquet_text(path)
        except Exception as e:  # pyarrow raises several types for a file that is not Parquet
            return None, [Problem(file, None, None, f"not a readable Parquet table: {e}")]
        stored = df[[c for c in schema.DERIVED_DATE_COLUMNS if c in df]]
        df = df.drop(columns=list(stored.columns))
    else:
        stored = None
        df, problems = read_csv_table(path, table)  # a broken file: where, and how to fix it
        if df is None:
            return None, problems
    problems = column_problems(df, file, table)
    if problems:
        return df, problems
    if stored is not None and table.name == "claims" and derived:
        return df, _derived_date_types(path) or _check_derived_dates(df, stored, file)
    return df, []


def check_table_text(text: str, file: str, table: schema.Table
                     ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """`read_table` on a CSV table's text that is not written anywhere (accept checks the
    tables it would write before it writes them)."""
    df, problems = parse_csv_table(text.encode("utf-8"), file, table)
    if df is None:
        return None, problems
    return df, column_problems(df, file, table)


def column_problems(df: pd.DataFrame, file: str, table: schema.Table) -> list[Problem]:
    """The pandera column rules of `table` on a text frame."""
    try:
        pandera_schema(table).validate(df, lazy=True)
    except SchemaErrors as e:
        return _problems_from_pandera(e, df, file, table)
    return []


RELATION_COLUMNS = {"claims": ("claim_id", "responds_to", "url"),
                    "mentions": tuple(schema.MENTIONS.names),
                    "documents": tuple(schema.DOCUMENTS.names)}


def check_parquet_by_column(path: Path, table: schema.Table, *, derived: bool = True
                            ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """`read_table`'s rules on a Parquet table, one column at a time: a million rows are
    checked holding one column in memory, not the whole table. Returns only the columns the
    rules between tables need (`RELATION_COLUMNS`)."""
    import pyarrow.parquet as pq

    file = str(path)
    if not path.exists():
        return None, [Problem(file, None, None, f"file not found (the {table.name} table)")]
    try:
        names = pq.read_schema(path).names
    except Exception as e:  # pyarrow raises several types for a file that is not Parquet
        return None, [Problem(file, None, None, f"not a readable Parquet table: {e}")]
    extra = set(schema.DERIVED_DATE_COLUMNS) if table.name == "claims" else set()
    problems = [Problem(file, HEADER_ROW, c, f"unknown column; expected {', '.join(table.names)}")
                for c in names if c not in table.names and c not in extra]
    problems += [Problem(file, HEADER_ROW, c, "required column is missing")
                 for c in table.required if c not in names]
    full = pandera_schema(table)
    for col in table.columns:
        if col.name not in names:
            continue
        df = storage.read_parquet_text(path, columns=[col.name])
        one = pa.DataFrameSchema({col.name: full.columns[col.name]}, name=table.name)
        try:
            one.validate(df, lazy=True)
        except SchemaErrors as e:
            problems += _problems_from_pandera(e, df, file, table)
    keep = [c for c in RELATION_COLUMNS[table.name] if c in names]
    if problems:
        return None, sorted(problems, key=lambda p: (p.row or 0, p.column or ""))
    if table.name == "claims" and derived:
        problems = _derived_date_types(path)
        if problems:
            return None, problems
        cols = ["date", *[c for c in schema.DERIVED_DATE_COLUMNS if c in names]]
        dates = storage.read_parquet_text(path, columns=cols)
        problems = _check_derived_dates(dates[["date"]],
                                        dates[[c for c in cols if c != "date"]], file)
    return storage.read_parquet_text(path, columns=keep), problems


def _derived_date_types(path: Path) -> list[Problem]:
    """Reports compare date_start/date_end with dates: stored as text (by another tool) they
    would fail every dated selection, so they must be dates or timestamps."""
    import pyarrow.parquet as pq
    from pyarrow import types as arrow_types

    fields = pq.read_schema(path)
    return [Problem(str(path), HEADER_ROW, c, f"stored as {fields.field(c).type}, not as a "
                    "date: rewrite the table with `claimbook convert --to parquet`")
            for c in schema.DERIVED_DATE_COLUMNS if c in fields.names
            and not (arrow_types.is_date(fields.field(c).type)
                     or arrow_types.is_timestamp(fields.field(c).type))]


def _check_derived_dates(df: pd.DataFrame, stored: pd.DataFrame, file: str) -> list[Problem]:
    """A Parquet claims table is read by its stored date_start/date_end: they must be right."""
    if list(stored.columns) != list(schema.DERIVED_DATE_COLUMNS):
        return [Problem(file, HEADER_ROW, "date_start",
                        "date_start and date_end are missing: rewrite the table with "
                        "`claimbook convert --to parquet`")]
    parsed = parse_partial_dates(df["date"])
    bad = pd.Series(False, index=df.index)
    for col, derived in (("date_start", "start"), ("date_end", "end")):
        a, b = stored[col], parsed[derived]
        bad |= ~((a == b) | (a.isna() & b.isna()))
    return [Problem(file, spreadsheet_row(i), "date_start",
                    f"date_start/date_end do not match date {df.at[i, 'date']!r} (was the file "
                    "written by another tool?): rewrite it with `claimbook convert --to parquet`")
            for i in df.index[bad.to_numpy()]]


# --- typed tables -------------------------------------------------------------------------------


def _vocab(s: pd.Series, vocabulary: str) -> pd.Series:
    """A categorical of the vocabulary's values in its order ('' and unknown values: missing);
    codes found by pyarrow, which is many times faster than astype for a million rows."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = list(schema.VOCABULARIES[vocabulary])
    codes = pc.index_in(_arrow_strings(s), value_set=pa.array(values, type=pa.string()))
    codes = pc.fill_null(codes, -1).to_numpy(zero_copy_only=False)
    return pd.Series(pd.Categorical.from_codes(codes, categories=values), index=s.index)


def typed_claims(raw: pd.DataFrame) -> pd.DataFrame:
    """Text table -> typed: categoricals for vocabularies, each date as start/end/precision."""
    import numpy as np

    df = raw.drop(columns=[c for c in schema.DERIVED_DATE_COLUMNS if c in raw])
    n = len(df)
    for col in schema.CLAIMS.columns:
        missing = col.name not in df  # an optional column, or one a reader left out
        if col.kind == "vocab":
            df[col.name] = (pd.Categorical.from_codes(np.full(n, -1, dtype="int8"),
                                                      categories=list(schema.VOCABULARIES[
                                                          col.vocabulary or ""]))
                            if missing else _vocab(df[col.name], col.vocabulary or ""))
        elif missing:
            df[col.name] = (pd.Series(np.full(n, None, dtype=object), index=df.index)
                            .astype("string") if col.nullable else "")
        elif col.nullable:
            df[col.name] = df[col.name].replace("", pd.NA)
    parsed = parse_partial_dates(df["date"].fillna("") if "date" in raw else
                                 pd.Series("", index=df.index))
    df["date"] = df["date"].astype("string")
    df["date_start"] = parsed["start"]
    df["date_end"] = parsed["end"]
    df["date_precision"] = parsed["precision"].astype(
        pd.CategoricalDtype(list(schema.DATE_PRECISIONS)))
    return df


def typed_mentions(raw: pd.DataFrame) -> pd.DataFrame:
    df = raw.copy()
    df["start"] = df["start"].astype("int64")
    df["end"] = df["end"].astype("int64")
    return df


def typed_documents(raw: pd.DataFrame) -> pd.DataFrame:
    df = raw.copy()
    for c in ("publisher", "url", "published"):
        df[c] = df[c].replace("", pd.NA)
    return df


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


# --- relations between tables -------------------------------------------------------------------


def _check_documents(docs: pd.DataFrame, data_dir: Path, file: str,
                     texts: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    root = Path(os.path.normpath(data_dir.absolute()))
    for i, d in docs.iterrows():
        row = spreadsheet_row(i)
        # normpath, not resolve: a data folder may be (or hold) a symlink; '..' may not escape it
        path = Path(os.path.normpath(data_dir.absolute() / d["path"]))
        if not path.is_relative_to(root):
            problems.append(Problem(file, row, "path", f"{d['path']!r} is outside the data folder"))
            continue
        if not path.is_file():
            problems.append(Problem(file, row, "path", f"source file {d['path']!r} not found"))
            continue
        actual = sha256_file(path)
        if actual != d["sha256"]:
            problems.append(Problem(
                file, row, "sha256",
                f"{d['path']} has sha256 {actual[:12]}…, the table records {d['sha256'][:12]}…: "
                "the source changed after it was registered (sources are immutable)"))
        try:
            with open(path, encoding="utf-8", newline="") as f:
                texts[d["doc_id"]] = f.read()
        except UnicodeDecodeError as e:
            problems.append(Problem(file, row, "path", f"{d['path']} is not UTF-8 text: {e}"))
    return problems


def isin(values: pd.Series, among: pd.Series | set[str] | list[str]) -> pd.Series:
    """`values.isin(among)` for text columns, computed by pyarrow: pandas' own isin on Arrow
    strings walks `among` in Python, which takes seconds for a million ids."""
    import pyarrow.compute as pc

    pool = _arrow_strings(among if isinstance(among, pd.Series) else pd.Series(list(among),
                                                                               dtype="str"))
    found = pc.is_in(_arrow_strings(values), value_set=pool)
    return pd.Series(found.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


def _arrow_strings(values: pd.Series) -> object:
    """A text column as one Arrow string array (no copy when pandas holds it in Arrow)."""
    import pyarrow as pa

    arr = pa.array(values.astype("str"), type=pa.string(), from_pandas=True)
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    return arr.fill_null("")


def _check_mentions(mentions: pd.DataFrame, claim_ids: set[str] | pd.Series,
                    doc_ids: set[str], texts: dict[str, str], file: str) -> list[Problem]:
    """Ids by vectorized lookups; quotes (one per mention, of registered sources) one by one."""
    problems: list[Problem] = []
    bad_claim = ~isin(mentions["claim_id"], claim_ids)
    bad_doc = ~isin(mentions["doc_id"], doc_ids)
    for i in mentions.index[bad_claim.to_numpy()]:
        problems.append(Problem(file, spreadsheet_row(i), "claim_id",
                                f"{mentions.at[i, 'claim_id']!r} is not a claim_id in the claims "
                                "table"))
    for i in mentions.index[bad_doc.to_numpy()]:
        problems.append(Problem(file, spreadsheet_row(i), "doc_id",
                                f"{mentions.at[i, 'doc_id']!r} is not a doc_id in the documents "
                                "table"))
    # the document's own problem is reported already when it has no text
    to_check = mentions[~bad_doc & isin(mentions["doc_id"], set(texts))]
    for i, doc, s, e, quote in zip(to_check.index, to_check["doc_id"], to_check["start"],
                                   to_check["end"], to_check["quote"], strict=True):
        text = texts[doc]
        start, end = int(s), int(e)
        if not start < end <= len(text):
            col = "end" if start < end else "start"
            problems.append(Problem(file, spreadsheet_row(i), col,
                                    f"offsets {start}..{end} are not inside {doc} "
                                    f"({len(text)} characters)"))
            continue
        found = normalize_whitespace(text[start:end])
        if found != quote:
            problems.append(Problem(file, spreadsheet_row(i), "quote",
                                    f"does not match {doc} at {start}..{end}, "
                                    f"which reads {found[:80]!r}"))
    return sorted(problems, key=lambda p: p.row or 0)


def _check_claims(claims: pd.DataFrame, mentioned: set[str] | pd.Series, file: str,
                  mentions_file: str) -> list[Problem]:
    """responds_to must name another claim; every claim needs a mention or a URL (vectorized)."""
    problems: list[Problem] = []
    ids = claims["claim_id"]
    if "responds_to" in claims:
        target = claims["responds_to"]
        answering = target != ""
        dangling = answering & ~isin(target, ids)
        itself = answering & ~dangling & (target == ids)
        for i in claims.index[dangling.to_numpy()]:
            problems.append(Problem(file, spreadsheet_row(i), "responds_to",
                                    f"{target.at[i]!r} is not a claim_id in this table"))
        for i in claims.index[itself.to_numpy()]:
            problems.append(Problem(file, spreadsheet_row(i), "responds_to",
                                    "a claim cannot answer itself"))
    has_url = claims["url"] != "" if "url" in claims else pd.Series(False, index=claims.index)
    orphan = ~isin(ids, mentioned) & ~has_url
    for i in claims.index[orphan.to_numpy()]:
        problems.append(Problem(file, spreadsheet_row(i), "claim_id",
                                f"claim {ids.at[i]} has no mention in {mentions_file} and no url "
                                "(a claim's provenance is a quote in a registered source or the "
                                "address where it appeared)"))
    return sorted(problems, key=lambda p: (p.row or 0, p.column != "responds_to"))


def check_relations(docs: pd.DataFrame, claims: pd.DataFrame, mentions: pd.DataFrame,
                    data_dir: Path, paths: dict[str, Path]) -> tuple[list[Problem], dict[str, str]]:
    """The rules between tables (ids, quotes against sources, checksums) on text tables that
    each passed their own checks; `paths` names the file each table's problems are reported in.
    Returns the problems and the source texts by doc_id."""
    texts: dict[str, str] = {}
    problems = _check_documents(docs, data_dir, str(paths["documents"]), texts)
    problems += _check_mentions(mentions, claims["claim_id"], set(docs["doc_id"]), texts,
                                str(paths["mentions"]))
    problems += _check_claims(claims, mentions["claim_id"], str(paths["claims"]),
                              str(paths["mentions"]))
    return problems, texts


# --- the whole data folder ----------------------------------------------------------------------


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
    paths = storage.table_paths(data_dir)
    return _hash_files([paths[t.name] for t in schema.TABLES])[:16]


@dataclass
class ClaimData:
    """The three validated, typed tables of one data folder.

    `complete` is False when `claims` holds only the rows one selection needs (read by
    `load_selection`): enough for that report, not for anything else.
    """

    data_dir: Path
    claims: pd.DataFrame
    mentions: pd.DataFrame
    documents: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    complete: bool = True
    _fingerprint: str | None = field(default=None, repr=False)

    @property
    def fingerprint(self) -> str:
        """Changes when any table changes: what a report's provenance records."""
        if self._fingerprint is None:
            self._fingerprint = data_fingerprint(self.data_dir)
        return self._fingerprint

    @property
    def table_files(self) -> list[str]:
        paths = storage.table_paths(self.data_dir)
        return [paths[t.name].name for t in schema.TABLES]

    def summary(self) -> dict[str, int]:
        dated = int(self.claims["date_start"].notna().sum())
        return {
            "claims": len(self.claims),
            "mentions": len(self.mentions),
            "claimants": int(self.claims["claimant"].nunique()),
            "documents": len(self.documents),
            "dated": dated,
            "undated": len(self.claims) - dated,
        }


def read_raw(data_dir: str | Path, *, derived: bool = True
             ) -> tuple[dict[str, pd.DataFrame], dict[str, Path]]:
    """Read and check each table on its own; raise DataError with every problem found."""
    paths = storage.table_paths(data_dir)
    raw: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for t in schema.TABLES:
        df, found = read_table(paths[t.name], t, derived=derived)
        if df is not None:
            raw[t.name] = df
        problems += found
    if problems:  # relations are meaningless on tables that are themselves broken
        raise DataError(problems)
    return raw, paths


def validate(data_dir: str | Path) -> None:
    """Every rule of `load`, without building typed tables; Parquet tables column by column.
    Raise DataError with every problem found."""
    data_dir = Path(data_dir)
    paths = storage.table_paths(data_dir)
    raw: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for t in schema.TABLES:
        if storage.format_of(paths[t.name]) == "parquet":
            df, found = check_parquet_by_column(paths[t.name], t)
        else:
            df, found = read_table(paths[t.name], t)
        if df is not None:
            raw[t.name] = df
        problems += found
    if problems:
        raise DataError(problems)
    problems, _ = check_relations(raw["documents"], raw["claims"], raw["mentions"], data_dir,
                                  paths)
    if problems:
        raise DataError(problems)


def load(data_dir: str | Path = "data", *, derived: bool = True) -> ClaimData:
    """Load and validate a data folder; raise DataError with every problem found."""
    data_dir = Path(data_dir)
    raw, paths = read_raw(data_dir, derived=derived)
    docs, claims, mentions = raw["documents"], raw["claims"], raw["mentions"]
    problems, texts = check_relations(docs, claims, mentions, data_dir, paths)
    if problems:
        raise DataError(problems)
    log.debug("loaded %d claims from %s", len(claims), data_dir)
    return ClaimData(data_dir, typed_claims(claims), typed_mentions(mentions),
                     typed_documents(docs), texts)


# --- validated once per version: reports read only the rows they need ---------------------------

_RULES = (Path(__file__), Path(schema.__file__), Path(__file__).with_name("dates.py"),
          Path(__file__).with_name("storage.py"))


def cache_dir() -> Path:
    """Where validation stamps are kept: $CLAIMBOOK_CACHE, else the user's cache folder."""
    if env := os.environ.get("CLAIMBOOK_CACHE"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "claimbook"


def validation_key(data_dir: str | Path) -> str:
    """sha256 of everything validation depends on: every table's and source's bytes and the
    code of the rules. Equal keys give equal verdicts, so a stamp under this key stands for a
    full validation of exactly this content."""
    data_dir = Path(data_dir)
    paths = storage.table_paths(data_dir)
    h = hashlib.sha256()
    for p in _RULES:
        h.update(p.read_bytes())
    for t in schema.TABLES:
        h.update(t.name.encode() + b"\0" + paths[t.name].suffix.encode() + b"\0")
        h.update(_hash_files([paths[t.name]]).encode() if paths[t.name].is_file() else b"-")
    sources = data_dir / "sources"
    for p in sorted(sources.rglob("*")) if sources.is_dir() else []:
        if p.is_file():
            h.update(str(p.relative_to(data_dir)).encode() + b"\0" + sha256_file(p).encode())
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


def _read_claims(path: Path, filter: object | None, columns: Sequence[str] | None = None
                 ) -> pd.DataFrame:
    """A claims table that `ensure_valid` has passed: read, not checked again."""
    if storage.format_of(path) == "parquet":
        if columns is not None:
            import pyarrow.parquet as pq

            names = pq.read_schema(path).names
            columns = [c for c in names if c in columns or c in schema.DERIVED_DATE_COLUMNS]
        return storage.read_parquet_text(path, filter=filter, columns=columns)  # type: ignore[arg-type]
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False,
                       encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL,
                       usecols=(lambda c: c in columns) if columns is not None else None)


def load_selection(data_dir: str | Path, start: date | None = None, end: date | None = None,
                   claimants: Sequence[str] = (), claim_types: Sequence[str] = (),
                   topics: Sequence[str] = (), *, related: bool = True) -> ClaimData:
    """The validated folder with only the claims of this selection, typed, for `claims` and
    `export` (reports read key columns instead: `read_keys`).

    The folder is validated in full (once per version, see `ensure_valid`); then a Parquet
    claims table is read with the selection pushed down, so a month of a million-row table
    reads its month and the undated claims, not every row. With `related`, the other side
    of each contested pair (a response and the claim it answers) is read too, when either side
    is selected. A CSV table is read whole and filtered in memory.
    """
    data_dir = Path(data_dir)
    ensure_valid(data_dir)
    path = storage.table_path(data_dir, schema.CLAIMS)
    expr = storage.selection_filter(start, end, claimants, claim_types, topics, path)
    if storage.format_of(path) == "parquet":
        selected = _read_claims(path, expr)
        claims = selected
        if related and expr is not None:  # with no filter at all, every side is selected
            others = _other_sides(path, selected["claim_id"])
            if others:
                claims = pd.concat([selected, _read_ids(path, others)], ignore_index=True)
    else:
        from claimbook.query import filter_claims

        raw = _read_claims(path, None)
        typed = typed_claims(raw)
        keep = typed.index.isin(filter_claims(typed, claimants, claim_types, topics).index)
        keep &= _overlaps(typed, start, end).to_numpy()
        if related:
            pairs = typed[typed["responds_to"].notna()]
            ids = set(typed.loc[keep, "claim_id"])
            pairs = pairs[isin(pairs["claim_id"], ids) | isin(pairs["responds_to"], ids)]
            sides = set(pairs["claim_id"]) | set(pairs["responds_to"])
            keep |= isin(typed["claim_id"], sides).to_numpy()
        claims = raw[keep].reset_index(drop=True)
    mentions, docs = read_mentions_documents(data_dir)
    if len(mentions):
        mentions = mentions[isin(mentions["claim_id"], claims["claim_id"])]
    log.debug("read %d claims of %s for the selection", len(claims), data_dir)
    return ClaimData(data_dir, typed_claims(claims), mentions, docs, complete=False)


def read_claims_by_id(data_dir: str | Path, ids: pd.Series, columns: Sequence[str] | None = None
                      ) -> pd.DataFrame:
    """Typed claims with these ids (of a folder `ensure_valid` passed), in no particular order;
    a Parquet table decodes only the row groups that hold them."""
    path = storage.table_path(data_dir, schema.CLAIMS)
    wanted = [str(i) for i in pd.unique(ids)]
    if not wanted:
        raw = pd.DataFrame({c: pd.Series([], dtype="str") for c in (columns or schema.CLAIMS.names)})
    elif storage.format_of(path) == "parquet":
        raw = _read_ids(path, wanted, columns)
    else:
        raw = _read_claims(path, None, columns)
        raw = raw[isin(raw["claim_id"], wanted)]
    return typed_claims(raw.reset_index(drop=True))


def read_keys(data_dir: str | Path, start: date | None = None, end: date | None = None,
              claimants: Sequence[str] = (), claim_types: Sequence[str] = (),
              topics: Sequence[str] = ()) -> pyarrow.Table:
    """`summary.KEY_COLUMNS` of the claims a report on this selection lists, as Arrow (text and
    date32), in table order.

    The folder is validated in full once per version (`ensure_valid`). A Parquet table is read
    with the selection pushed down and only these five columns decoded: a million claims are
    about 50 MB here, not the gigabyte of a pandas frame of every column. A CSV table is read
    and filtered in memory.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from claimbook.summary import KEY_COLUMNS, keys_of

    data_dir = Path(data_dir)
    ensure_valid(data_dir)
    path = storage.table_path(data_dir, schema.CLAIMS)
    if storage.format_of(path) == "parquet":
        storage.release_memory()
        expr = storage.selection_filter(start, end, claimants, claim_types, topics, path)
        tbl = pq.read_table(path, columns=list(KEY_COLUMNS), filters=expr)
    else:
        from claimbook.query import filter_claims

        typed = typed_claims(_read_claims(path, None, ("claim_id", "claimant", "claim_type",
                                                       "topic", "date")))
        typed = filter_claims(typed, claimants, claim_types, topics)
        typed = typed[_overlaps(typed, start, end)]
        return keys_of(typed)
    return pa.table({c: tbl[c].cast(pa.date32() if c in schema.DERIVED_DATE_COLUMNS
                                    else pa.string()) for c in KEY_COLUMNS})


def read_responses(data_dir: str | Path) -> pyarrow.Table:
    """claim_id and responds_to of every claim that answers another, in table order (a Parquet
    table decodes two columns and skips row groups without any)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    path = storage.table_path(data_dir, schema.CLAIMS)
    if storage.format_of(path) == "parquet":
        if not _has_column(path, "responds_to"):
            return pa.table({"claim_id": pa.array([], pa.string()),
                             "responds_to": pa.array([], pa.string())})
        tbl = pq.read_table(path, columns=["claim_id", "responds_to"],
                            filters=pc.field("responds_to").is_valid())
    else:
        raw = _read_claims(path, None, ("claim_id", "responds_to"))
        if "responds_to" not in raw:
            raw["responds_to"] = ""
        tbl = pa.Table.from_pandas(raw[["claim_id", "responds_to"]], preserve_index=False)
    tbl = pa.table({c: tbl[c].cast(pa.string()) for c in ("claim_id", "responds_to")})
    answering = pc.and_(pc.is_valid(tbl["responds_to"]), pc.not_equal(tbl["responds_to"], ""))
    return tbl.filter(pc.fill_null(answering, False))


def read_mentions_documents(data_dir: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The typed mentions and documents tables (of a folder `ensure_valid` passed)."""
    paths = storage.table_paths(data_dir)
    mentions, _ = read_table(paths["mentions"], schema.MENTIONS)
    docs, _ = read_table(paths["documents"], schema.DOCUMENTS)
    assert mentions is not None and docs is not None
    return typed_mentions(mentions), typed_documents(docs)


def _other_sides(path: Path, selected_ids: pd.Series) -> list[str]:
    """Ids of claims outside the selection that answer, or are answered by, a selected claim.

    Reads two columns of the rows that answer another claim (row groups without any are
    skipped by their statistics), not the whole table.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    pairs = pq.read_table(path, columns=["claim_id", "responds_to"],
                          filters=pc.field("responds_to").is_valid()) if _has_column(
        path, "responds_to") else None
    if pairs is None or pairs.num_rows == 0:
        return []
    chosen = pa.array(selected_ids.astype(str).to_numpy(dtype=object), type=pa.string())
    touching = pc.or_(pc.is_in(pairs["claim_id"], value_set=chosen),
                      pc.is_in(pairs["responds_to"], value_set=chosen))
    pairs = pairs.filter(touching)
    sides = pa.chunked_array([*pairs["claim_id"].chunks, *pairs["responds_to"].chunks],
                             type=pa.string())
    outside = pc.invert(pc.is_in(sides, value_set=chosen))
    return sorted(set(sides.filter(outside).to_pylist()))


def _read_ids(path: Path, ids: list[str], columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The rows with these claim ids, decoding only the row groups that hold them (a response
    usually answers a claim of about its own time, so they sit in few, nearby row groups)."""
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
    return storage.as_text(tbl)


def _has_column(path: Path, name: str) -> bool:
    import pyarrow.parquet as pq

    return name in pq.read_schema(path).names


def _overlaps(typed: pd.DataFrame, start: date | None, end: date | None) -> pd.Series:
    keep = pd.Series(True, index=typed.index)
    if start:
        keep &= typed["date_start"].isna() | (typed["date_end"] >= pd.Timestamp(start))
    if end:
        keep &= typed["date_start"].isna() | (typed["date_start"] <= pd.Timestamp(end))
    return keep
