"""How a foreign table becomes claims: which foreign column fills which claims column.

A `ColumnMap` says which foreign column fills which claims column (`--map claim=statement`),
which columns take a constant (`--set claim_type=statement`), how vocabulary values translate
(`[values.claimant_type]` in a mapping file), how dates are written (`--date-format`) and which
columns to leave out. It is built from a mapping file (TOML) and the command line, and refused
(`check_map`) before any row is converted.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from claimbook.claims import schema
from claimbook.errors import ConfigError
from claimbook.tables.date_formats import format_precision

# What a column the foreign table lacks becomes (README: "Importing and exporting claims").
DEFAULTS: dict[str, str] = {"claimant_type": "unknown", "date": ""}
TARGETS = tuple(c for c in schema.CLAIMS.names if c != "attributes")
NEEDED = ("claim", "claimant", "claim_type", "url")  # no default: mapped or set, or no import


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
