"""Claims from another tool: a CSV, JSON lines or Parquet table mapped onto the claims table.

Fact-check databases and spreadsheets name their columns their own way, write dates their own
way and have columns claimbook has no place for. A `ColumnMap` says which foreign column fills
which claims column (`--map claim=statement`), which columns take a constant
(`--set claim_type=statement`), how vocabulary values translate (`[values.claimant_type]` in a
mapping file) and how dates are written (`--date-format %m/%d/%Y`: day-first and month-first are
never guessed). Columns that are not mapped are kept, as a JSON object in `attributes`.

Every converted row is checked with the store's own column rules (`store.checks`); rows
that fail go to a rejects file with their reasons. The claim id is a stable key (the foreign id
when one is mapped, else a hash of claimant, claim, date and url), so importing the same file
twice adds nothing the second time. The table is written atomically, the previous version kept
as `.bak`, and the folder is validated again before the import counts as done.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from claimbook import store
from claimbook.claims import names, schema
from claimbook.claims.dates import parse_partial_dates
from claimbook.errors import ConfigError, DataError, Problem
from claimbook.store import csv_read, csv_write, locks, parquet, tempfiles
from claimbook.store.typed import holds_any, json_strings, string_bytes
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
from claimbook.tables.read_ahead import worked_ahead

log = logging.getLogger("claimbook")

INPUT_FORMATS = ("csv", "jsonl", "parquet")
SUFFIX_FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".jsonl": "jsonl",
                  ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
# What a column the foreign table lacks becomes (README: "Importing and exporting claims").
DEFAULTS: dict[str, str] = {"claimant_type": "unknown", "date": ""}
TARGETS = tuple(c for c in schema.CLAIMS.names if c != "attributes")
NEEDED = ("claim", "claimant", "claim_type", "url")  # no default: mapped or set, or no import
KEY_PREFIX = "I"
BATCH = 32_768  # foreign rows converted and checked at a time (three in hand: `_check_batches`)
# the checked rows of an import, kept until the table is written: an uncompressed Arrow file,
# for they live only as long as one import and are read back once
SPOOL = "added.arrow"
LINES = "added.csv"  # the same rows as CSV lines in the claims table's column order
_ISO_DATETIME = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9]{2}:[0-9]{2}.*$")


@dataclass(frozen=True)
class ColumnMap:
    """How a foreign table becomes claims; built from a mapping file and command-line options."""

    columns: dict[str, str] = field(default_factory=dict)  # target -> foreign column
    constants: dict[str, str] = field(default_factory=dict)  # target -> value
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # target -> {foreign: ours}
    date_format: str | None = None
    ignore: tuple[str, ...] = ()

    def merged(self, other: ColumnMap) -> ColumnMap:
        """`other` (the command line) wins over self (the mapping file), target by target."""
        columns = {k: v for k, v in self.columns.items() if k not in other.constants}
        constants = {k: v for k, v in self.constants.items() if k not in other.columns}
        values = {k: {**self.values.get(k, {}), **other.values.get(k, {})}
                  for k in {*self.values, *other.values}}
        return ColumnMap({**columns, **other.columns}, {**constants, **other.constants}, values,
                         other.date_format or self.date_format, (*self.ignore, *other.ignore))


def _pairs(items: Sequence[str], option: str) -> dict[str, str]:
    out = {}
    for item in items:
        target, sep, value = item.partition("=")
        if not sep or not target.strip():
            raise ConfigError(f"{option} {item!r}: write TARGET=VALUE, e.g. {option} claim=statement")
        out[target.strip()] = value.strip()
    return out


def from_options(maps: Sequence[str] = (), sets: Sequence[str] = (), date_format: str | None = None,
                 ignore: Sequence[str] = ()) -> ColumnMap:
    return ColumnMap(_pairs(maps, "--map"), _pairs(sets, "--set"), {}, date_format or None,
                     tuple(ignore))


def read_mapping(path: str | Path) -> ColumnMap:
    """A mapping file (TOML): [columns] target = "foreign", [set] target = "value",
    [values.<target>] "foreign value" = "our value", date_format = "%m/%d/%Y", ignore = [...]."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: mapping file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not a TOML mapping file: {e}") from None
    known = {"columns", "set", "values", "date_format", "ignore"}
    if unknown := sorted(set(data) - known):
        raise ConfigError(f"{path}: unknown key {', '.join(unknown)}; "
                          f"expected {', '.join(sorted(known))}")

    def table(key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: [{key}] must be a table of name = \"value\"")
        return value

    values = {}
    for target, mapping in table("values").items():
        if not isinstance(mapping, dict):
            raise ConfigError(f"{path}: [values.{target}] must be a table of \"theirs\" = \"ours\"")
        values[target] = {str(k): str(v) for k, v in mapping.items()}
    ignore = data.get("ignore", [])
    if not isinstance(ignore, list):
        raise ConfigError(f"{path}: ignore must be a list of column names")
    return ColumnMap({k: str(v) for k, v in table("columns").items()},
                     {k: str(v) for k, v in table("set").items()}, values,
                     str(data["date_format"]) if data.get("date_format") else None,
                     tuple(str(x) for x in ignore))


# --- reading the foreign table ---------------------------------------------------------------------


def input_format(path: Path, fmt: str | None = None) -> str:
    if fmt:
        return fmt
    if found := SUFFIX_FORMATS.get(path.suffix.lower()):
        return found
    raise ConfigError(f"{path}: cannot tell the format from {path.suffix or 'no suffix'!r}; "
                      f"give --format {'|'.join(INPUT_FORMATS)}")


def foreign_batches(path: Path, fmt: str, rows: int = BATCH, *, arrow: bool = True
                    ) -> tuple[list[str], Iterator[pd.DataFrame], list[Problem]]:
    """The foreign table's columns and its rows in text frames of about `rows` rows (no type
    guessing), indexed so that `row_number` gives the row or line. CSV and Parquet are read a
    batch at a time; JSON lines (whose columns are the union of every line's keys) whole.

    A CSV file is parsed by pyarrow (`arrow`; `csv_read.ArrowCannotRead`, possibly after some
    batches, for a file it does not read as pandas would) or by pandas, which says what is
    wrong with a file it cannot read."""
    file = str(path)
    if not path.is_file():
        raise ConfigError(f"{path}: file not found")
    if fmt == "csv":
        _utf16_check(path)
        sep = "\t" if path.suffix.lower() == ".tsv" else ","
        if arrow:
            columns, arrow_batches = csv_read.arrow_csv_batches(path, sep, rows)
            return columns, arrow_batches, []
        options = {"dtype": str, "keep_default_na": False, "na_filter": False,
                   "encoding": "utf-8-sig", "sep": sep}
        try:
            columns = list(pd.read_csv(path, nrows=0, **options).columns)
            reader = pd.read_csv(path, chunksize=rows, **options)
        except UnicodeDecodeError as e:
            raise DataError([Problem(file, None, None,
                                     f"not UTF-8 text (byte {e.start}): save it as UTF-8")]) from None
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
            raise DataError([Problem(file, None, None, f"not a readable CSV table: {e}")]) from None

        def chunks() -> Iterator[pd.DataFrame]:
            with reader:
                try:
                    for chunk in reader:
                        yield _cells_within_header(chunk, file)
                except UnicodeDecodeError as e:
                    raise DataError([Problem(file, None, None, f"not UTF-8 text (byte "
                                             f"{e.start}): save it as UTF-8")]) from None
                except pd.errors.ParserError as e:
                    raise DataError([Problem(file, None, None,
                                             f"not a readable CSV table: {e}")]) from None

        return columns, chunks(), []
    if fmt == "parquet":
        try:
            pf = parquet.open_file(path)
            columns = list(pf.schema_arrow.names)
        except Exception as e:  # pyarrow's several error types for a file that is not Parquet
            raise DataError([Problem(file, None, None, f"not a readable Parquet table: {e}")]) from None
        return columns, parquet.text_batches(pf, rows=rows), []
    whole, problems = read_jsonl(path)
    return list(whole.columns), iter([whole[i:i + rows] for i in range(0, max(len(whole), 1),
                                                                        rows)]), problems


def _cells_within_header(df: pd.DataFrame, file: str) -> pd.DataFrame:
    """`df`, unless pandas made its first column the row labels, which it does when the first
    row has one cell more than the header names: every cell would be imported one column off."""
    if isinstance(df.index, pd.RangeIndex):
        return df
    raise DataError([Problem(file, 2, None, f"has one cell more than the header's "
                             f"{len(df.columns)} column names (a comma too many, or a column "
                             "with no name): fix the header or the row")])


def _utf16_check(path: Path) -> None:
    with open(path, "rb") as f:
        if utf16 := csv_read.utf16_problem(f.read(csv_read.SAMPLE), str(path)):
            raise DataError([utf16])  # else read as UTF-8 with a NUL in every other byte


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def read_jsonl(path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """A JSON lines file whole, as text; a line that is not a JSON object is a problem."""
    _utf16_check(path)
    records, index, problems = [], [], []
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                problems.append(Problem(str(path), n, None, f"not valid JSON: {e}"))
                continue
            if not isinstance(obj, dict):
                problems.append(Problem(str(path), n, None, "not a JSON object"))
                continue
            records.append({k: _text(v) for k, v in obj.items()})
            index.append(n - 1)  # row_number(index) gives the line
    df = pd.DataFrame.from_records(records, index=index).fillna("").astype(str)
    return df, problems


def row_number(fmt: str, index: int) -> int:
    """Where a record is in its file: a CSV's spreadsheet row (header = 1), a JSON line's line
    number, a Parquet record's position counted from 1."""
    return store.spreadsheet_row(index) if fmt == "csv" else int(index) + 1


# --- converting ------------------------------------------------------------------------------------


def check_map(cmap: ColumnMap, columns: Sequence[str], file: str, rows: int = 0) -> None:
    """Refuse a mapping that cannot work before converting any of the table's `rows`."""
    targets = set(TARGETS)
    for target in [*cmap.columns, *cmap.constants, *cmap.values]:
        if target not in targets:
            raise ConfigError(f"{target!r} is not a claims column; map onto {', '.join(TARGETS)}")
    both = set(cmap.columns) & set(cmap.constants)
    if both:
        raise ConfigError(f"{', '.join(sorted(both))}: given both --map and --set")
    missing = [s for s in cmap.columns.values() if s not in columns]
    if missing:
        raise ConfigError(f"{file} has no column {', '.join(repr(m) for m in missing)}; "
                          f"its columns are {', '.join(columns)}")
    if "claim_id" in cmap.constants and rows > 1:
        raise ConfigError(f"--set claim_id gives all {rows} rows of {file} the same id; map a "
                          "column of ids (--map claim_id=COLUMN), or leave claim_id out and "
                          "each claim gets a stable id of its own")
    if cmap.date_format:
        format_precision(cmap.date_format)  # refused here, before any row is read
    sources = identity(cmap, columns)
    unset = [t for t in NEEDED if t not in sources and t not in cmap.constants]
    if unset:
        hint = {"claim_type": "--set claim_type=statement",
                "url": "--map url=COLUMN (an imported claim's provenance is where it appeared)"}
        raise ConfigError("not mapped: " + "; ".join(
            f"{t} (give {hint.get(t, f'--map {t}=COLUMN')})" for t in unset))


def identity(cmap: ColumnMap, columns: Sequence[str]) -> dict[str, str]:
    """Mapped columns, plus foreign columns named like a target that nothing else fills."""
    out = dict(cmap.columns)
    for c in columns:
        if c in TARGETS and c not in out and c not in cmap.constants and c not in cmap.ignore:
            out[c] = c
    return out


def may_fill(cmap: ColumnMap, columns: Sequence[str]) -> set[str]:
    """The claims columns an imported row may fill: mapped, set, with a default, with a value
    map (which may turn an empty cell into a value), its id and its attributes."""
    return ({*identity(cmap, columns), *cmap.constants, *cmap.values, "claim_id", "attributes"}
            | {c for c, v in DEFAULTS.items() if v} | set(schema.CLAIMS.required))


def _vocabulary_value(values: pd.Series, target: str, value_map: Mapping[str, str]) -> pd.Series:
    """The mapping file's value map first; else 'Head of state' is read as head_of_state."""
    vocabulary = list(schema.VOCABULARIES[schema.CLAIMS.column(target).vocabulary or ""])

    def spell(distinct: pd.Series) -> pd.DataFrame:
        mapped = distinct.map(lambda v: value_map.get(v, v)) if value_map else distinct
        spelled = mapped.str.strip().str.lower().str.replace(r"[\s-]+", "_", regex=True)
        return mapped.where(~spelled.isin(vocabulary), spelled)

    return store.per_value(values, spell)


# strptime has no %D, %F, %T, %R, %h or %e (strftime's shorthands): they are spelled out first
_SHORTHANDS = {"D": "%m/%d/%y", "F": "%Y-%m-%d", "T": "%H:%M:%S", "R": "%H:%M", "h": "%b",
               "e": "%d"}
_PROBE = datetime(2001, 2, 3, 4, 5, 6)  # year, month and day all differ from strptime's defaults


def expand_format(fmt: str) -> str:
    """`fmt` with strftime's shorthands spelled out (%D is %m/%d/%y); %% stays %%."""
    return re.sub(r"%(.)", lambda m: _SHORTHANDS.get(m.group(1), m.group(0)), fmt)


def format_precision(fmt: str) -> str:
    """What a date format reads: a day, a month or a year; ConfigError if that cannot be told.

    Decided by what the format parses, not by its letters (which %x or %c hide): the probe date
    is written with the format and read back; a field that comes back is one the format holds.
    """
    expanded = expand_format(fmt)
    try:
        back = datetime.strptime(_PROBE.strftime(expanded), expanded)
    except ValueError as e:
        raise ConfigError(f"--date-format {fmt}: claimbook cannot read dates with this format "
                          f"({e}); write it with %Y, %m and %d, e.g. --date-format %m/%d/%Y"
                          ) from None
    year, month, day = (back.year == _PROBE.year, back.month == _PROBE.month,
                        back.day == _PROBE.day)
    if not year:
        raise ConfigError(f"--date-format {fmt}: the dates it reads have no year; give a format "
                          "with %Y (or %y), e.g. --date-format %m/%d/%Y")
    if day and not month:
        raise ConfigError(f"--date-format {fmt}: the dates it reads have a day but no month; "
                          "give a format with %m (or %b), e.g. --date-format %m/%d/%Y")
    return "day" if day else "month" if month else "year"


def convert_dates(values: pd.Series, date_format: str | None) -> tuple[pd.Series, pd.Series]:
    """Foreign dates -> ISO reduced precision, and a reason for each value that cannot be read
    (each distinct text is read once)."""
    if date_format:
        format_precision(date_format)  # refused before any value is read
    done = store.per_value(values.astype(str), lambda distinct: _dates(distinct, date_format))
    return done["date"], done["reason"]


def _dates(values: pd.Series, date_format: str | None) -> pd.DataFrame:
    text = values.str.strip()
    empty = text == ""
    reasons = pd.Series("", index=values.index)
    if date_format:
        width = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[format_precision(date_format)]
        try:
            parsed = pd.to_datetime(text.where(~empty), format=expand_format(date_format),
                                    errors="coerce")
        except ValueError as e:  # a format pandas' parser has no way to apply
            raise ConfigError(f"--date-format {date_format}: {e}") from None
        bad = ~empty & parsed.isna()
        out = parsed.dt.strftime(width).where(~bad & ~empty, "").fillna("")
        reasons[bad] = "date " + text[bad].map(repr) + f" does not match --date-format {date_format}"
        return pd.DataFrame({"date": out, "reason": reasons})
    out = text.str.replace(_ISO_DATETIME, r"\1", regex=True)  # a timestamp names its day
    ok = parse_partial_dates(out)["ok"]
    bad = ~ok
    reasons[bad] = ("date " + text[bad].map(repr) + " is not an ISO date (2020-03-04, 2020-03, "
                    "2020); give --date-format, e.g. %m/%d/%Y (month first) or %d/%m/%Y (day "
                    "first): claimbook never guesses which")
    return pd.DataFrame({"date": out.where(ok, ""), "reason": reasons})


KEY_COLUMNS = ("claimant", "claim", "date", "url")  # what the key of an imported claim hashes


def claim_key(claims: pd.DataFrame) -> pd.Series:
    """The stable id of an imported claim without one: who, what, when and where it appeared
    (sha256 of the four texts joined by a unit separator, by Arrow; one hash call a row)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    joined = pc.binary_join_element_wise(*(store.arrow_strings(claims[c]) for c in KEY_COLUMNS),
                                         "\x1f")
    sha = hashlib.sha256
    # the first 8 bytes of each digest, written as hex all at once (hexdigest()[:16] of each)
    digests = b"".join([sha(b).digest()[:8] for b in joined.cast(pa.binary()).to_pylist()])
    hexes = pa.array(np.frombuffer(digests.hex().encode(), dtype="S16"), type=pa.binary(16))
    keys = pc.binary_join_element_wise(KEY_PREFIX, hexes.cast(pa.binary()).cast(pa.string()), "")
    return pd.Series(keys.to_pandas().to_numpy(), index=claims.index, dtype=str)


# Every character Python's str.isspace() accepts (tests/test_importer.py checks the list), spelled
# for pyarrow's RE2, whose own \s is ASCII only: a no-break space is whitespace in a foreign cell.
SPACES = (0x9, 0xA, 0xB, 0xC, 0xD, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
          *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
_ANY_SPACE = "".join(f"\\x{{{c:x}}}" for c in SPACES)
_OTHER_SPACE = "".join(f"\\x{{{c:x}}}" for c in SPACES if c != 0x20)
# a run of whitespace that is not one plain space: what `_normal` rewrites
_RUN = f" [{_ANY_SPACE}]+|[{_OTHER_SPACE}][{_ANY_SPACE}]*"
_BLANK = f"^[{_ANY_SPACE}]*$"  # nothing but whitespace (or nothing)
# the first UTF-8 byte of every whitespace character but the space: text without any of them
# (and without two spaces in a row) holds no run to rewrite
_OTHER_SPACE_LEADS = bytes({chr(c).encode()[0] for c in SPACES if c != 0x20})


def _may_hold_run(arr: Any) -> bool:
    """A cheap look at a column's bytes before the regular expression: False when it holds no
    whitespace but single spaces (True may also mean two spaces across two cells)."""
    data = string_bytes(arr)
    return holds_any(arr, _OTHER_SPACE_LEADS) or bool(((data[1:] == 32) & (data[:-1] == 32)).any())


def _normal(s: pd.Series) -> pd.Series:
    """A run of whitespace is one space, none at the ends (computed by pyarrow; text whose
    runs are single spaces already is only trimmed)."""
    import pyarrow.compute as pc

    arr = store.arrow_strings(s)
    if _may_hold_run(arr) and pc.any(pc.match_substring_regex(arr, _RUN)).as_py():
        arr = pc.replace_substring_regex(arr, _RUN, " ")
    out = pc.utf8_trim(arr, " ").to_pandas().astype(str)
    out.index = s.index
    return out


def convert(foreign: pd.DataFrame, cmap: ColumnMap, respeller: names.Respeller | None = None
            ) -> tuple[pd.DataFrame, pd.Series]:
    """Foreign rows -> claims rows (text, same index) and a reason per row that cannot be read.
    `respeller`: each claimant written in the spelling the table keeps for it (before the key
    of the claim is hashed, so a re-import in another spelling is the same claim)."""
    sources = identity(cmap, list(foreign.columns))
    out = pd.DataFrame(index=foreign.index)
    for target in TARGETS:
        if target in sources:
            out[target] = _normal(foreign[sources[target]])
        elif target in cmap.constants:
            out[target] = cmap.constants[target]
        else:
            out[target] = DEFAULTS.get(target, "")
    for target, value_map in cmap.values.items():
        if schema.CLAIMS.column(target).kind != "vocab":
            out[target] = store.per_value(out[target], lambda d, m=value_map: d.map(
                lambda v: m.get(v, v)))
    for col in schema.CLAIMS.columns:
        if col.kind == "vocab":
            out[col.name] = _vocabulary_value(out[col.name], col.name, cmap.values.get(col.name, {}))
    out["date"], reasons = convert_dates(out["date"], cmap.date_format)
    if respeller is not None and len(out):
        out["claimant"] = _respelled(out["claimant"], respeller)
    if "claim_id" not in sources and "claim_id" not in cmap.constants:
        out["claim_id"] = claim_key(out)
    used = set(sources.values()) | set(cmap.ignore)
    extra = [c for c in foreign.columns if c not in used]
    out["attributes"] = _attributes(foreign[extra]) if extra else ""
    return out[list(schema.CLAIMS.names)], reasons


def _respelled(claimants: pd.Series, respeller: names.Respeller) -> pd.Series:
    """A batch's claimant column in the spellings the table keeps (each distinct name once,
    counted by its rows)."""
    codes, distinct = pd.factorize(claimants, use_na_sentinel=False)
    counts = np.bincount(codes, minlength=len(distinct))
    spelled = np.array([respeller.spell(str(d), int(n)) for d, n in zip(distinct, counts,
                                                                         strict=True)],
                       dtype=object)
    return pd.Series(spelled[codes], index=claimants.index, dtype=claimants.dtype)


def _attributes(frame: pd.DataFrame) -> pd.Series:
    """Unmapped columns as one JSON object per row; a foreign `attributes` object (a claimbook
    export's) is merged in, not nested."""
    names = list(frame.columns)

    def obj(values: tuple[str, ...]) -> str:
        out: dict[str, str] = {}
        for k, v in zip(names, values, strict=True):
            if not v.strip():
                continue
            if k == "attributes":
                try:
                    inner = json.loads(v)
                except ValueError:
                    inner = None
                if isinstance(inner, dict):
                    out.update({str(ik): _text(iv) for ik, iv in inner.items()})
                    continue
            out[k] = v
        return json.dumps(out, ensure_ascii=False) if out else ""

    if "attributes" not in names:
        return _attributes_joined(frame.astype(str))
    rows = frame.astype(str).itertuples(index=False, name=None)
    return pd.Series([obj(r) for r in rows], index=frame.index)


def _attributes_joined(frame: pd.DataFrame) -> pd.Series:
    """`_attributes` without a foreign attributes column, by Arrow a column at a time: each
    value written as json.dumps writes it (`json_strings`), the objects joined as json.dumps
    joins them (a million distinct ids were a million json.dumps calls)."""
    import pyarrow.compute as pc

    def member(name: str) -> Any:
        key = ", " + json.dumps(str(name), ensure_ascii=False) + ": "
        values = store.arrow_strings(frame[name])
        blank = pc.match_substring_regex(values, _BLANK)  # what str.strip() leaves empty
        return pc.if_else(blank, "", pc.binary_join_element_wise(key, json_strings(values), ""))

    # each member is ", name: value" or empty, never missing: pyarrow (26) drops a row whose
    # members are all null from binary_join_element_wise(null_handling="skip")
    members = [member(name) for name in frame.columns]
    joined = pc.utf8_slice_codeunits(pc.binary_join_element_wise(*members, ""), 2)  # first ", "
    wrapped = pc.if_else(pc.equal(joined, ""), "", pc.binary_join_element_wise("{", joined, "}",
                                                                                 ""))
    out = wrapped.to_pandas().astype(str)
    out.index = frame.index
    return out


# --- checking and writing --------------------------------------------------------------------------


@dataclass
class ImportResult:
    added: int
    unchanged: int  # already in the table with the same values (a re-import)
    rejected: int
    rejects_file: Path | None
    claims_file: Path
    respelled: list[str] = field(default_factory=list)  # `names.Respeller.lines`


class Existing:
    """The claims table before an import: its ids (one text column, from validation); its
    rows, read only when a batch holds ids already there (a re-import)."""

    def __init__(self, path: Path, ids: pd.Series) -> None:
        self.path, self.ids = path, ids.reset_index(drop=True)
        self._rows: pd.DataFrame | None = None

    def rows(self) -> pd.DataFrame:
        """The existing claims by claim_id, as text."""
        if self._rows is None:
            df, _ = store.read_table(self.path, schema.CLAIMS, derived=False)
            assert df is not None  # validated before the import
            self._rows = df.set_index("claim_id")
        return self._rows


class Hashes:
    """A growing set of 64-bit hashes, kept as one sorted array: a million ids cost 8 MB, and
    a batch is looked up and added by numpy, not one Python int at a time."""

    def __init__(self) -> None:
        self._sorted = np.zeros(0, dtype=np.int64)

    def add(self, hashes: np.ndarray) -> None:
        # two sorted runs: numpy's stable sort (a merge sort) merges them in one pass
        self._sorted = np.sort(np.concatenate([self._sorted, np.sort(hashes)]), kind="stable")

    def among(self, hashes: np.ndarray) -> np.ndarray:
        """Which of `hashes` are in the set."""
        if not len(self._sorted):
            return np.zeros(len(hashes), dtype=bool)
        order = np.argsort(hashes)  # looked up in order: each search starts near the last
        at = np.minimum(np.searchsorted(self._sorted, hashes[order]), len(self._sorted) - 1)
        out = np.empty(len(hashes), dtype=bool)
        out[order] = self._sorted[at] == hashes[order]
        return out


@dataclass
class Seen:
    """What an import remembers of its earlier batches: 64-bit hashes of their claim ids and
    of their whole rows (a few bytes a row, not the rows); `targets`: hashes of every id the
    import has, found before the first batch when responds_to is filled; `columns`: the columns
    a row's hash covers (`varying_columns`; all of them by default)."""

    ids: Hashes = field(default_factory=Hashes)
    rows: Hashes = field(default_factory=Hashes)
    targets: Hashes | None = None
    columns: list[str] = field(default_factory=lambda: list(schema.CLAIMS.names))


def varying_columns(cmap: ColumnMap, columns: Sequence[str]) -> list[str]:
    """The claims columns that tell two rows of one import apart: those filled from a foreign
    column, and attributes (the unmapped columns); a column set by `--set` or left to its
    default holds one value in every row. A claim_id made by `claim_key` stands for the
    claimant, claim, date and url it hashes (as the 64-bit row hash itself stands for the row):
    two rows equal in these columns are equal."""
    sources = identity(cmap, columns)
    out = [c for c in schema.CLAIMS.names if c in sources or c == "attributes"]
    if "claim_id" not in sources and "claim_id" not in cmap.constants:  # claim_key's ids
        out = ["claim_id", *(c for c in out if c not in KEY_COLUMNS)]
    return out


def _hashes(values: pd.Series) -> np.ndarray:
    """64-bit hashes of texts (Python's own string hash: the same within one import, five times
    faster than pandas')."""
    return np.fromiter(map(hash, values.astype(str).tolist()), dtype=np.int64, count=len(values))


def _distinct_hashes(distinct: pd.Series) -> pd.Series:
    return pd.Series(_hashes(distinct), dtype="int64")


def _row_hashes(rows: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """64-bit hashes of whole rows from their columns' hashes (`ids`: claim_id's), mixed as
    FNV-1a mixes bytes: rows equal in every column have equal hashes."""
    out = np.full(len(rows), 0xCBF29CE484222325, dtype=np.uint64)
    prime = np.uint64(0x100000001B3)
    for name in rows.columns:
        column = (ids if name == "claim_id"
                  else store.per_value(rows[name], _distinct_hashes).to_numpy())
        out = (out ^ column.view(np.uint64)) * prime
    return out.view(np.int64)


def check_rows(rows: pd.DataFrame, existing: Existing, reasons: pd.Series, seen: Seen
               ) -> tuple[pd.DataFrame, pd.Series, int]:
    """The rows of one batch to add, every row's reasons to reject it, and how many are there
    already; `seen` (updated) carries what the earlier batches held."""
    reasons = reasons.copy()

    def reject(mask: pd.Series, why: pd.Series | str) -> None:
        add = why if isinstance(why, str) else why[mask]
        reasons[mask] = reasons[mask].where(reasons[mask] == "", reasons[mask] + "; ") + add

    for p in store.column_problems(rows, "", schema.CLAIMS, unique=False):
        if p.row is None or p.row == store.HEADER_ROW:
            continue
        label = p.row - store.HEADER_ROW - 1  # the row's index label (see spreadsheet_row)
        before = reasons.at[label]
        reasons.at[label] = (f"{before}; " if before else "") + f"{p.column}: {p.message}"
    no_url = rows["url"] == ""
    reject(no_url, "url: is empty; an imported claim's provenance is the address where it "
                   "appeared")
    # one claim per key: the same row twice is one claim; two different rows with one key are not
    columns = list(schema.CLAIMS.names)
    ids = _hashes(rows["claim_id"])
    whole = _row_hashes(rows[seen.columns], ids)
    first = pd.Series(~pd.Series(ids).duplicated().to_numpy() & ~seen.ids.among(ids),
                      index=rows.index)
    same_again = pd.Series(pd.Series(whole).duplicated().to_numpy() | seen.rows.among(whole),
                           index=rows.index)
    seen.ids.add(ids)
    seen.rows.add(whole)
    clash = ~first & ~same_again
    reject(clash, "claim_id: " + rows["claim_id"] + " is given to an earlier row with other values")
    # against the table
    present = (store.isin(rows["claim_id"], existing.ids) if len(existing.ids)
               else pd.Series(False, index=rows.index))
    unchanged = pd.Series(False, index=rows.index)
    if present.any():
        theirs = existing.rows().reindex(rows.loc[present, "claim_id"])
        mine = rows.loc[present].set_index("claim_id")
        cols = [c for c in columns if c != "claim_id"]
        theirs = theirs.reindex(columns=cols, fill_value="").fillna("").astype(str)
        equal = (theirs.to_numpy() == mine[cols].astype(str).to_numpy()).all(axis=1)
        unchanged[present] = equal
        reject(present & ~unchanged, "claim_id: " + rows["claim_id"] + " is in the claims table "
               "already, with other values; not overwritten")
    answers = rows["responds_to"] != ""
    if answers.any():
        targets = seen.targets if seen.targets is not None else seen.ids
        known = (store.isin(rows["responds_to"], existing.ids) if len(existing.ids)
                 else pd.Series(False, index=rows.index))
        known |= pd.Series(targets.among(_hashes(rows["responds_to"])), index=rows.index)
        reject(answers & ~known, "responds_to: " + rows["responds_to"] + " is not a claim_id")
        reject(answers & (rows["responds_to"] == rows["claim_id"]),
               "responds_to: a claim cannot answer itself")
    good = (reasons == "") & first & ~unchanged & ~same_again
    n_unchanged = int(((unchanged | same_again) & (reasons == "")).sum())
    return rows[good], reasons, n_unchanged


def rejects_rows(foreign: pd.DataFrame, reasons: pd.Series, fmt: str) -> list[list[object]]:
    """One row per rejected input row: where it is, every reason, then the row as it was."""
    bad = reasons[reasons != ""]
    return [[row_number(fmt, int(idx)), why, *foreign.loc[idx].astype(str).tolist()]
            for idx, why in bad.items()]


def rejects_csv(foreign: pd.DataFrame, reasons: pd.Series, fmt: str,
                unreadable: Sequence[Problem] = ()) -> str:
    """The rejects file (`rejects_rows` after a header; JSON lines that are not an object last).

    The file is for people to open in a spreadsheet, and the rows are foreign text: a cell that
    would run as a formula gets a leading apostrophe (`store.csv_write`)."""
    rows: list[list[object]] = [["row", "reason", *foreign.columns]]
    rows += rejects_rows(foreign, reasons, fmt)
    rows += [[p.row, p.message] for p in unreadable]
    return csv_write.rows_text(rows, neutralize=True)


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
            seen.targets.add(_hashes(convert(batch, cmap, ahead)[0]["claim_id"]))
    respeller = names.Respeller(spellings)
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
    import pyarrow as pa

    added = rejected = unchanged = 0
    used: set[str] = set()
    text = pa.schema([(c, pa.string()) for c in schema.CLAIMS.names])
    # the rows as Arrow too, unless the lines are sure to be appended (see `_write`)
    spool_rows = not header or not may_fill(cmap, columns) <= set(header)

    def converted(batch: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series]:
        return batch, *convert(batch.reindex(columns=columns, fill_value=""), cmap, respeller)

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
                used |= {c for c in to_add.columns if (to_add[c] != "").any()}
                if spool_rows:
                    good.write_table(pa.Table.from_pandas(to_add[list(schema.CLAIMS.names)],
                                                          schema=text, preserve_index=False))
                lines_file.write(lines)
    return added, used | set(schema.CLAIMS.required), rejected, unchanged


def _spooled(path: Path) -> Iterator[pd.DataFrame]:
    """The batches `_check_batches` spooled, as text frames, one at a time."""
    import pyarrow as pa

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
