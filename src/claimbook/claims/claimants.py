"""Claimant names as a user types them -> the claimant of the data, or a refusal that helps.

A filter that matches nothing used to render empty reports with exit 0 (`--claimant Zelensky`,
the spelling the source itself uses, is the claimant 'Volodymyr Zelenskyy'). A name given to
`--claimant` (or the notebook's `claimants`) is found by `find`: by identity (`names.identity`:
case, Unicode normal form and invisible characters do not count), through the alias table
(`aliases.alias_table`: one spelling per claimant), or as a run of whole words of exactly one
claimant's name ('Netanyahu'); a name that matches none is refused (ConfigError, exit 2) with
the nearest names, one that is part of several names (AmbiguousName, exit 2) with them. The
same table serves `claimbook claimants`, which lists who is in the data, and `validate`'s
warnings about claimants (`identity_warnings`).
"""

from __future__ import annotations

import csv
import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow.compute as pc

from claimbook import store
from claimbook.claims import aliases, names, schema
from claimbook.errors import AmbiguousName, ConfigError
from claimbook.store.select import table_spellings
from claimbook.store.typed import claimant_spellings

if TYPE_CHECKING:
    from claimbook.params import ReportParams

NEAREST = 3  # names suggested for a name that matches no claimant
MAX_CANDIDATES = 10  # claimants listed for a name that is part of several


@dataclass(frozen=True)
class Resolved:
    """A name as given and the claimant of the data it means."""

    given: str
    claimant: str


def data_claimants(data_dir: str | Path) -> list[str]:
    """Every claimant of the claims table, one spelling each (the one the data shows), in name
    order."""
    keys = store.read_keys(data_dir)
    return sorted(str(x) for x in pc.unique(keys["claimant"]).to_pylist() if x is not None)


def _words(name: str) -> tuple[str, ...]:
    """A name's identity as words (`names.identity`, split at anything not a letter or digit)."""
    return tuple(re.findall(r"\w+", names.identity(name)))


def _part_of(words: tuple[str, ...], name: str) -> bool:
    """Whether `words` are a run of whole words of `name` ('Netanyahu' of 'Israeli Prime
    Minister Benjamin Netanyahu'; not 'Yahu', not 'Minister Netanyahu')."""
    whole = _words(name)
    n = len(words)
    return n > 0 and any(whole[i:i + n] == words for i in range(len(whole) - n + 1))


def find(name: str, claimants: Sequence[str], table: dict[str, aliases.Claimant],
         option: str = "--claimant") -> str | None:
    """The claimant of `claimants` (the data's, one spelling each) that `name` means: the one of
    its identity (case, normal form, invisible characters), else the one its alias-table form
    (`aliases.key`) or an alias names, else the one whose name holds it as a run of whole words.
    None: no claimant; AmbiguousName: several claimants hold it, or share its form."""
    by_identity = {names.identity(c): c for c in claimants}
    if (found := by_identity.get(names.identity(name))) is not None:
        return found
    k = aliases.key(name)
    keyed = sorted({c for c in claimants if aliases.key(c) == k})
    if not keyed and k in table:  # an alias of a claimant of the data
        keyed = sorted({c for c in claimants if aliases.key(c) == aliases.key(table[k].name)})
    if not keyed:
        words = _words(name)
        keyed = sorted(c for c in claimants if _part_of(words, c))
    if len(keyed) > 1:
        listed = ", ".join(repr(c) for c in keyed[:MAX_CANDIDATES])
        more = f" and {len(keyed) - MAX_CANDIDATES} more" if len(keyed) > MAX_CANDIDATES else ""
        raise AmbiguousName(f"{option}: {name!r} is part of the names of {len(keyed)} claimants: "
                            f"{listed}{more}; give the whole name of one", option, name, keyed)
    return keyed[0] if keyed else None


def resolve(data_dir: str | Path, given: Sequence[str], option: str = "--claimant"
            ) -> list[Resolved]:
    """Each name of `given` as the claimant of the data it means (`find`); a name that means
    none is refused with the nearest names, one that is part of several names with them."""
    if not given:
        return []
    claimants = data_claimants(data_dir)
    table = aliases.alias_table(data_dir)
    out, problems = [], []
    for name in given:
        found = find(name, claimants, table, option)
        if found is not None:
            out.append(Resolved(name, found))
            continue
        spellings = {aliases.key(c): c for c in claimants}
        spellings.update({a: spellings[aliases.key(c.name)] for a, c in table.items()
                          if aliases.key(c.name) in spellings and a not in spellings})
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
    another spelling ('Zelensky' -> 'Volodymyr Zelenskyy', 'Netanyahu' -> 'Israeli Prime
    Minister Benjamin Netanyahu')."""
    found = resolve(data_dir, given)
    if say is not None:
        for r in found:
            if names.clean(r.given) != r.claimant:
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
    other spellings a filter accepts for it (the alias table's, and the table's own spellings
    of it that differ only in case or normal form), most claims first. `claims`: the folder's
    typed claims when the caller has loaded them already (the Python API's workbook); the
    claimants are those the data shows (`store.load`: one spelling each)."""
    if claims is None:
        claims = store.load(data_dir).claims
    table = aliases.alias_table(data_dir)
    written = {aliases.key(x): x for x in reversed(_alias_spellings(data_dir))}
    stored = _stored_spellings(data_dir)
    rows = []
    for name, group in claims.groupby(claims["claimant"].astype(str), sort=True):
        known = sorted({a for a, c in table.items() if names.same(c.name, name)}
                       - {aliases.key(name)})
        spelled = [written.get(k, k) for k in known]
        spelled += [names.spelled_out(s) for s in stored.spelled.get(names.identity(name), ())
                    if s != name]
        dated = int(group["date_start"].notna().sum())
        rows.append(Row(name, str(group["claimant_type"].iloc[0]),
                        str(group["claimant_country"].fillna("").iloc[0]), len(group), dated,
                        len(group) - dated, tuple(spelled)))
    return sorted(rows, key=lambda r: (-r.claims, r.claimant))


def _stored_spellings(data_dir: str | Path) -> names.Spellings:
    """The claimant spellings the claims table holds (`store.select.table_spellings`)."""
    return table_spellings(store.table_file(data_dir, schema.CLAIMS))


def _claims(n: int) -> str:
    return f"{n} claim{'' if n == 1 else 's'}"


def identity_warnings(claims: pd.DataFrame, file: str = "claims.csv", limit: int = 20
                      ) -> list[str]:
    """What `validate` warns about the claimants of a claims table (text columns claim_id,
    claimant, claimant_type, claimant_country): one claimant spelled several ways (which
    spelling the data shows), two claimants whose names look alike (naming both), and one
    claimant given two countries or two types (with the claims of each)."""
    spellings = claimant_spellings(claims["claimant"])
    out = []
    for spelled in spellings.merged():
        shown = spellings.shown[names.identity(spelled[0])]
        each = ", ".join(f"{names.spelled_out(s)} ({_claims(spellings.claims[s])})"
                         for s in spelled)
        out.append(f"{file}: one claimant spelled {len(spelled)} ways, {each}: they are one "
                   f"claimant (case, Unicode normal form and invisible characters do not count), "
                   f"shown as {shown!r}; make them equal to silence this")
    for a, b in names.lookalikes(spellings.shown.values()):
        out.append(f"{file}: claimants {names.spelled_out(a)} and {names.spelled_out(b)} look "
                   f"alike but are two claimants ({names.shown(a)!r} / {names.shown(b)!r}): "
                   "correct the one that is mistyped, or keep both if they are two")
    ident = claims["claimant"].astype("string").fillna("").map(names.identity)
    for column, what in (("claimant_country", "countries"), ("claimant_type", "types")):
        if column not in claims:
            continue
        values = claims[column].astype("string").fillna("")
        per = pd.DataFrame({"who": ident, "value": values, "id": claims["claim_id"].astype(str)})
        for who, group in per.groupby("who", sort=True):
            distinct = list(dict.fromkeys(group["value"]))
            if len(distinct) < 2:
                continue
            parts = []
            for v in distinct:
                ids = group.loc[group["value"] == v, "id"].tolist()
                more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
                parts.append(f"{v or 'none'} ({', '.join(ids[:3])}{more})")
            out.append(f"{file}: claimant {spellings.shown[str(who)]!r} has {len(distinct)} "
                       f"{what}: {'; '.join(parts)}; give each of its claims the same {column}")
    return out[:limit] if limit else out


def _alias_spellings(data_dir: str | Path) -> list[str]:
    """The aliases as the alias tables write them (the lookup table keeps only their keys)."""
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
