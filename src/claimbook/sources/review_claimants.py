"""The claimants of accepted review rows: one spelling per claimant, and no stale country.

An analyst who fixes a review row's claimant ("UK Met Office" -> "Oceanographers") easily
leaves the country and type extract proposed for the old name ("GB", "government"): written as
they are, the new claimant gets a country that was never its own, silently. `extract` writes
what it proposed in the column `extracted_claimant` ("UK Met Office; government; GB"); at
accept, a row whose claimant was changed but whose country or type is still the proposal's is
flagged, and so is a row that gives a claimant of the table another country or type than the
table does. A claimant the table has is written in the table's spelling (`names.Respeller`), and
an empty country or type of such a row is taken from the table.
"""

from __future__ import annotations

import pandas as pd

from claimbook.claims import names

PROPOSED = "extracted_claimant"  # the review column: "name; claimant_type; claimant_country"


def proposal(name: str, claimant_type: str, country: str) -> str:
    """The `extracted_claimant` cell of a candidate's rows."""
    return f"{name}; {claimant_type}; {country}"


def _parse(cell: str) -> tuple[str, str, str] | None:
    parts = cell.rsplit(";", 2)
    return (parts[0].strip(), parts[1].strip(), parts[2].strip()) if len(parts) == 3 else None


def _table_values(claims: pd.DataFrame) -> dict[str, tuple[str, str, str]]:
    """identity -> (the spelling shown, the country, the type most of its claims have)."""
    out: dict[str, tuple[str, str, str]] = {}
    if not len(claims):
        return out
    frame = pd.DataFrame({
        "who": claims["claimant"].astype("string").fillna("").map(names.identity),
        "name": claims["claimant"].astype(str),
        "country": claims["claimant_country"].astype("string").fillna(""),
        "type": claims["claimant_type"].astype("string").fillna("")})
    for who, g in frame.groupby("who", sort=False):
        out[str(who)] = (g["name"].iloc[0], g["country"].value_counts().index[0],
                         g["type"].value_counts().index[0])
    return out


def settle(claims: list[dict[str, str]], rows: list[dict[str, str]], origin: list[int],
           table: pd.DataFrame, spellings: names.Spellings, file: str) -> list[str]:
    """Respell the new `claims` (built from review rows `origin`, spreadsheet row numbers of
    `rows`) as the table spells their claimants, fill an empty country or type from the table,
    and return a warning for each stale or conflicting country or type, and each respelling."""
    respeller = names.Respeller(spellings)
    known = _table_values(table)
    warnings: list[str] = []
    for c, row in zip(claims, origin, strict=True):
        given = c.get("claimant", "")
        c["claimant"] = respeller.spell(given)
        where = f"{file} row {row}"
        mine = known.get(names.identity(given))
        if mine is not None:
            shown, country, ctype = mine
            for column, theirs in (("claimant_country", country), ("claimant_type", ctype)):
                if not c.get(column):
                    c[column] = theirs
                elif c[column] != theirs:
                    warnings.append(f"{where}: {column} {c[column]!r} differs from "
                                    f"{theirs or 'none'!r}, which the claims table gives "
                                    f"{shown!r}; `validate` will list its claims of each")
        parsed = _parse(rows[row - 2].get(PROPOSED, "") or "")
        if parsed is None or names.same(parsed[0], given):
            continue
        old, old_type, old_country = parsed
        for column, proposed in (("claimant_country", old_country), ("claimant_type", old_type)):
            theirs = mine[1] if mine and column == "claimant_country" else (
                mine[2] if mine else None)
            if proposed and proposed != "unknown" and c.get(column) == proposed \
                    and theirs != proposed:
                warnings.append(f"{where}: the claimant was changed from {old!r} to "
                                f"{c['claimant']!r} but {column} is still {proposed!r}, "
                                f"proposed for {old!r}: check it (and correct it in "
                                f"claims.csv if it is not {c['claimant']!r}'s)")
    return warnings + [f"{file}: {line}" for line in respeller.lines()]
