"""Load and validate the claim tables; every problem names file, row and column.

Column-level rules (required, unknown, vocabulary, pattern, unique) are pandera checks generated
from `schema.py`; rules that relate tables (dangling ids, quotes against sources, checksums) need
all three tables at once and are checked here after pandera has passed each table.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from claimbook import schema
from claimbook.csvtable import parse_csv_table, read_csv_table, shorten
from claimbook.dates import DateError, parse_partial_date
from claimbook.errors import DataError, Problem

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
    def ok(v: str) -> bool:
        try:
            parse_partial_date(v)
        except DateError:
            return False
        return True

    return s.map(ok).astype(bool)


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


def read_table(path: Path, table: schema.Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a table as text (no type guessing: 'NA' stays 'NA') and check it column by column."""
    file = str(path)
    if not path.exists():
        return None, [Problem(file, None, None, f"file not found (the {table.name} table)")]
    df, problems = read_csv_table(path, table)  # a broken file: where, and how to fix it
    if df is None:
        return None, problems
    return df, column_problems(df, file, table)


def check_table_text(text: str, file: str, table: schema.Table
                     ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """`read_table` on a table's text that is not written anywhere (accept checks the tables
    it would write before it writes them)."""
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


# --- typed tables -------------------------------------------------------------------------------


def _vocab(s: pd.Series, vocabulary: str) -> pd.Series:
    cats = pd.CategoricalDtype(list(schema.VOCABULARIES[vocabulary]))
    return s.replace("", pd.NA).astype(cats)


def typed_claims(raw: pd.DataFrame) -> pd.DataFrame:
    """Text table -> typed: categoricals for vocabularies, each date as start/end/precision."""
    df = raw.copy()
    for col in schema.CLAIMS.columns:
        if col.name not in df:
            df[col.name] = ""
    for col in schema.CLAIMS.columns:
        if col.kind == "vocab":
            df[col.name] = _vocab(df[col.name], col.vocabulary or "")
        elif col.nullable:
            df[col.name] = df[col.name].replace("", pd.NA)
    parsed = ([parse_partial_date(v) for v in raw["date"]] if "date" in raw
              else [parse_partial_date("")] * len(raw))
    df["date"] = df["date"].astype("string")
    df["date_start"] = pd.to_datetime(pd.Series([p.start for p in parsed], index=df.index,
                                                dtype=object))
    df["date_end"] = pd.to_datetime(pd.Series([p.end for p in parsed], index=df.index,
                                              dtype=object))
    df["date_precision"] = pd.Series([p.precision for p in parsed], index=df.index,
                                     dtype=pd.CategoricalDtype(list(schema.DATE_PRECISIONS)))
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


def _check_mentions(mentions: pd.DataFrame, claim_ids: set[str], doc_ids: set[str],
                    texts: dict[str, str], file: str) -> list[Problem]:
    problems: list[Problem] = []
    for i, m in mentions.iterrows():
        row = spreadsheet_row(i)
        if m["claim_id"] not in claim_ids:
            problems.append(Problem(file, row, "claim_id",
                                    f"{m['claim_id']!r} is not a claim_id in the claims table"))
        if m["doc_id"] not in doc_ids:
            problems.append(Problem(file, row, "doc_id",
                                    f"{m['doc_id']!r} is not a doc_id in the documents table"))
            continue
        text = texts.get(m["doc_id"])
        if text is None:
            continue  # the document's own problem is reported already
        start, end = int(m["start"]), int(m["end"])
        if not start < end <= len(text):
            col = "end" if start < end else "start"
            problems.append(Problem(file, row, col,
                                    f"offsets {start}..{end} are not inside {m['doc_id']} "
                                    f"({len(text)} characters)"))
            continue
        found = normalize_whitespace(text[start:end])
        if found != m["quote"]:
            problems.append(Problem(file, row, "quote",
                                    f"does not match {m['doc_id']} at {start}..{end}, "
                                    f"which reads {found[:80]!r}"))
    return problems


def _check_claims(claims: pd.DataFrame, mentioned: set[str], file: str,
                  mentions_file: str) -> list[Problem]:
    problems: list[Problem] = []
    ids = set(claims["claim_id"])
    has_responds = "responds_to" in claims
    for i, c in claims.iterrows():
        row = spreadsheet_row(i)
        if has_responds and c["responds_to"]:
            if c["responds_to"] not in ids:
                problems.append(Problem(file, row, "responds_to",
                                        f"{c['responds_to']!r} is not a claim_id in this table"))
            elif c["responds_to"] == c["claim_id"]:
                problems.append(Problem(file, row, "responds_to", "a claim cannot answer itself"))
        if c["claim_id"] not in mentioned:
            problems.append(Problem(file, row, "claim_id",
                                    f"claim {c['claim_id']} has no mention in {mentions_file}"))
    return problems


def check_relations(docs: pd.DataFrame, claims: pd.DataFrame, mentions: pd.DataFrame,
                    data_dir: Path, paths: dict[str, Path]) -> tuple[list[Problem], dict[str, str]]:
    """The rules between tables (ids, quotes against sources, checksums) on text tables that
    each passed their own checks; `paths` names the file each table's problems are reported in.
    Returns the problems and the source texts by doc_id."""
    texts: dict[str, str] = {}
    problems = _check_documents(docs, data_dir, str(paths["documents"]), texts)
    problems += _check_mentions(mentions, set(claims["claim_id"]), set(docs["doc_id"]), texts,
                                str(paths["mentions"]))
    problems += _check_claims(claims, set(mentions["claim_id"]), str(paths["claims"]),
                              str(paths["mentions"]))
    return problems, texts


# --- the whole data folder ----------------------------------------------------------------------


@dataclass
class ClaimData:
    """The three validated, typed tables of one data folder."""

    data_dir: Path
    claims: pd.DataFrame
    mentions: pd.DataFrame
    documents: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def fingerprint(self) -> str:
        """Changes when any table or source changes: what a report's provenance records."""
        h = hashlib.sha256()
        for t in schema.TABLES:
            h.update((self.data_dir / t.filename).read_bytes())
        return h.hexdigest()[:16]

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


def load(data_dir: str | Path = "data") -> ClaimData:
    """Load and validate a data folder; raise DataError with every problem found."""
    data_dir = Path(data_dir)
    paths = {t.name: data_dir / t.filename for t in schema.TABLES}
    raw: dict[str, pd.DataFrame | None] = {}
    problems: list[Problem] = []
    for t in schema.TABLES:
        df, found = read_table(paths[t.name], t)
        raw[t.name] = df
        problems += found
    if problems:  # relations are meaningless on tables that are themselves broken
        raise DataError(problems)
    docs, claims, mentions = raw["documents"], raw["claims"], raw["mentions"]
    assert docs is not None and claims is not None and mentions is not None
    problems, texts = check_relations(docs, claims, mentions, data_dir, paths)
    if problems:
        raise DataError(problems)
    log.debug("loaded %d claims from %s", len(claims), data_dir)
    return ClaimData(data_dir, typed_claims(claims), typed_mentions(mentions),
                     typed_documents(docs), texts)
