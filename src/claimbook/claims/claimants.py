"""Claimant names as a user types them -> the claimant of the data, or a refusal that helps.

A filter that matches nothing used to render empty reports with exit 0 (`--claimant Zelensky`,
the spelling the source itself uses, is the claimant 'Volodymyr Zelenskyy'). A name given to
`--claimant` (or the notebook's `claimants`) matches a claimant of the data case-insensitively
(`aliases.key`) or through the alias table (`aliases.alias_table`: one spelling per claimant);
a name that matches none is refused (ConfigError, exit 2) with the nearest names. The same
table serves `claimbook claimants`, which lists who is in the data.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimbook.claims import aliases
from claimbook.errors import ConfigError

if TYPE_CHECKING:
    import pandas as pd

    from claimbook.params import ReportParams

NEAREST = 3  # names suggested for a name that matches no claimant


@dataclass(frozen=True)
class Resolved:
    """A name as given and the claimant of the data it means."""

    given: str
    claimant: str


def data_claimants(data_dir: str | Path) -> list[str]:
    """Every claimant name of the claims table, in name order."""
    import pyarrow.compute as pc

    from claimbook import store

    keys = store.read_keys(data_dir)
    return sorted(str(x) for x in pc.unique(keys["claimant"]).to_pylist() if x is not None)


def _spellings(names: Sequence[str], table: dict[str, aliases.Claimant]
               ) -> dict[str, str]:
    """Lookup key -> claimant of the data, for each name and each alias of a name."""
    by_key = {aliases.key(n): n for n in names}
    spellings = dict(by_key)
    for alias, c in table.items():
        if aliases.key(c.name) in by_key:
            spellings.setdefault(alias, by_key[aliases.key(c.name)])
    return spellings


def resolve(data_dir: str | Path, given: Sequence[str], option: str = "--claimant"
            ) -> list[Resolved]:
    """Each name of `given` as the claimant of the data it means; a name that means none is
    refused with the nearest names."""
    if not given:
        return []
    names = data_claimants(data_dir)
    spellings = _spellings(names, aliases.alias_table(data_dir))
    out, problems = [], []
    for name in given:
        found = spellings.get(aliases.key(name))
        if found is not None:
            out.append(Resolved(name, found))
            continue
        near = difflib.get_close_matches(aliases.key(name), list(spellings), n=10, cutoff=0.5)
        # a first-name-less spelling ("zelenskiy") is near an alias: suggest its claimant
        suggestions = list(dict.fromkeys(spellings[k] for k in near))[:NEAREST]
        hint = ("did you mean " + " or ".join(f"'{s}'" for s in suggestions) + "?"
                if suggestions else f"`claimbook claimants --data {data_dir}` lists them")
        problems.append(f"{option}: no claimant {name!r} in {data_dir}; {hint}")
    if problems:
        raise ConfigError("; ".join(problems))
    return out


def check_source_filters(data_dir: str | Path, publishers: Sequence[str] = (),
                         docs: Sequence[str] = ()) -> None:
    """Refuse a `--publisher` or `--doc` that names nothing of the data (ConfigError, exit 2,
    with the nearest names): a filter that silently selects nothing reads as 'no claims'."""
    from claimbook import store

    if not publishers and not docs:
        return
    _, documents = store.read_mentions_documents(data_dir)
    for option, asked, known in (
            ("--publisher", publishers, documents["publisher"].dropna().astype(str)),
            ("--doc", docs, documents["doc_id"].astype(str))):
        names = sorted(set(known))
        for name in asked:
            if name not in names:
                near = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
                hint = (f"; did you mean {', '.join(repr(n) for n in near)}?" if near
                        else f"; known: {', '.join(names[:10]) or 'none'}")
                raise ConfigError(f"{option}: no source document of {name!r} in {data_dir}{hint}")


def resolved_names(data_dir: str | Path, given: Sequence[str], say=None  # noqa: ANN001
                   ) -> tuple[str, ...]:
    """`resolve`, as the names a filter uses; `say(line)` is told each name that was read as
    another spelling ('Zelensky' -> 'Volodymyr Zelenskyy')."""
    found = resolve(data_dir, given)
    if say is not None:
        for r in found:
            if r.given != r.claimant:
                say(f"--claimant {r.given!r}: the claimant {r.claimant!r}")
    return tuple(dict.fromkeys(r.claimant for r in found))


def resolve_params(params: ReportParams, say=None) -> ReportParams:  # noqa: ANN001
    """A selection's names as the command line reads them, for every caller (the CLI, the
    Python API): `--publisher`/`--doc` must name a source of the data, and the claimant names
    become the claimants of the data (`resolved_names`; `say` is told each respelling). Raises
    ConfigError with the nearest names."""
    if params.publishers or params.docs:
        check_source_filters(params.data_dir, params.publishers, params.docs)
    if not params.claimants:
        return params
    names = resolved_names(params.data_dir, params.claimants, say=say)
    return params.model_copy(update={"claimants": names})


@dataclass(frozen=True)
class Row:
    """One claimant of `claimbook claimants`."""

    claimant: str
    claimant_type: str
    country: str
    claims: int
    dated: int
    undated: int
    aliases: tuple[str, ...]


def listing(data_dir: str | Path, claims: pd.DataFrame | None = None) -> list[Row]:
    """Every claimant of the data with its type, country, claims (dated / undated) and the
    other spellings the alias table knows for it, most claims first. `claims`: the folder's
    typed claims when the caller has loaded them already (the Python API's workbook)."""
    from claimbook import store

    if claims is None:
        claims = store.load(data_dir).claims
    table = aliases.alias_table(data_dir)
    written = {aliases.key(x): x for x in reversed(_alias_spellings(data_dir))}
    rows = []
    for name, group in claims.groupby(claims["claimant"].astype(str), sort=True):
        known = sorted({a for a, c in table.items() if c.name == name} - {aliases.key(name)})
        spelled = [written.get(k, k) for k in known]
        dated = int(group["date_start"].notna().sum())
        rows.append(Row(name, str(group["claimant_type"].iloc[0]),
                        str(group["claimant_country"].fillna("").iloc[0]), len(group), dated,
                        len(group) - dated, tuple(spelled)))
    return sorted(rows, key=lambda r: (-r.claims, r.claimant))


def _alias_spellings(data_dir: str | Path) -> list[str]:
    """The aliases as the alias tables write them (the lookup table keeps only their keys)."""
    import csv
    from importlib import resources

    out = []
    shipped = resources.files("claimbook.claims").joinpath("aliases.csv")
    paths = [shipped, Path(data_dir) / aliases.DATA_ALIASES]
    for p in paths:
        try:
            with p.open(encoding="utf-8-sig", newline="") as f:
                out += [r.get("alias", "") or "" for r in csv.DictReader(f)]
        except OSError:
            continue
    return out
