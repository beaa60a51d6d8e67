"""Claimant names as sources write them -> one spelling per claimant, with type and country.

Sources write "Zelensky", "Zelenskyy" and "Ukrainian President Volodymyr Zelenskyy" for one
person, "Beijing" and "China" for one government. The alias table ships with the package
(`aliases.csv`: alias, claimant, claimant_type, claimant_country) and grows with the project: an
analyst adds rows to `<data>/aliases.csv` in the same format, and those rows win. A name no alias
covers keeps its own spelling, and its type and country are guessed from its words (marked, so the
extractor can lower its confidence).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycountry

from claimbook.claims import names, schema
from claimbook.errors import DataError, Problem

ALIAS_COLUMNS = ("alias", "claimant", "claimant_type", "claimant_country")
DATA_ALIASES = "aliases.csv"  # an analyst's additions, in the data folder

# Country words (names, adjectives, capitals used as metonyms) -> ISO 3166-1 alpha-2.
COUNTRY_WORDS: dict[str, str] = {
    "china": "CN", "chinese": "CN", "beijing": "CN", "prc": "CN",
    "russia": "RU", "russian": "RU", "moscow": "RU", "kremlin": "RU",
    "ukraine": "UA", "ukrainian": "UA", "kyiv": "UA", "kiev": "UA",
    "us": "US", "usa": "US", "american": "US", "washington": "US", "united states": "US",
    "uk": "GB", "british": "GB", "britain": "GB", "london": "GB", "united kingdom": "GB",
    "france": "FR", "french": "FR", "paris": "FR", "germany": "DE", "german": "DE",
    "berlin": "DE", "poland": "PL", "polish": "PL", "warsaw": "PL",
    "belarus": "BY", "belarusian": "BY", "minsk": "BY", "iran": "IR", "iranian": "IR",
    "tehran": "IR", "north korea": "KP", "north korean": "KP", "pyongyang": "KP",
    "south korea": "KR", "south korean": "KR", "seoul": "KR", "japan": "JP", "japanese": "JP",
    "tokyo": "JP", "india": "IN", "indian": "IN", "turkey": "TR", "turkish": "TR",
    "ankara": "TR", "israel": "IL", "israeli": "IL", "taiwan": "TW", "taiwanese": "TW",
    "taipei": "TW", "kazakhstan": "KZ", "georgia": "GE", "georgian": "GE",
}

# Display names for the "<country> Foreign Ministry" pattern (the alias table's convention).
COUNTRY_NAMES: dict[str, str] = {
    "CN": "China", "RU": "Russia", "UA": "Ukraine", "US": "US", "GB": "UK", "FR": "France",
    "DE": "Germany", "PL": "Poland", "BY": "Belarus", "IR": "Iran", "KP": "North Korea",
    "KR": "South Korea", "JP": "Japan", "IN": "India", "TR": "Turkey", "IL": "Israel",
    "TW": "Taiwan", "KZ": "Kazakhstan", "GE": "Georgia",
}
# Names of the ISO 3166 territories that are as often something else ("New Jersey", "Chad").
_NOT_COUNTRY_WORDS = {"jersey", "guernsey", "chad", "man"}


def _every_country() -> None:
    """Every other country of ISO 3166-1 (pycountry's data, kept current by its package): its
    short, common and official names ("sweden", "syria", "syrian arab republic"), the adjective
    of a name in -a ("syrian", "kenyan"; a wrong form is a word no text holds), and its display
    name. The hand-written words above stay as they are (metonyms: "kremlin", "beijing")."""
    for c in pycountry.countries:
        written = [getattr(c, a, "") for a in ("common_name", "name", "official_name")]
        plain = [w for w in written if w and "," not in w and "(" not in w]
        if not plain:
            continue
        COUNTRY_NAMES.setdefault(c.alpha_2, plain[0])
        for w in plain:
            low = w.lower()
            if low in _NOT_COUNTRY_WORDS:
                continue
            COUNTRY_WORDS.setdefault(low, c.alpha_2)
            if low.endswith("a") and " " not in low:
                COUNTRY_WORDS.setdefault(low + "n", c.alpha_2)


_every_country()
_MINISTRY = re.compile(r"^(?P<country>[a-z' ]+?)(?:'s)?\s+(?P<kind>foreign|defen[cs]e)\s+ministry"
                       r"(?:\s+spokes(?:man|woman|person)(?:\s+[\w' -]+)?)?$")
_MINISTRY_OF = re.compile(r"^ministry of (?P<kind>foreign affairs|defen[cs]e) of (?P<country>[a-z' ]+)$")

_TYPE_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("head_of_state", re.compile(r"\b(president|prime minister|premier|chancellor|king)\b", re.I)),
    ("military_intelligence", re.compile(
        r"\b(intelligence|military|army|armed forces|general staff|navy|fleet|air force|commander|"
        r"defen[cs]e forces|spy|security service)\b", re.I)),
    ("government", re.compile(
        r"\b(government|ministry|minister|secretary|ombudsman|office|officials?|spokes(man|woman|person)|embassy|consulate|"
        r"ambassador|authorities|administration|kremlin|department|diplomats?|foreign office)\b",
        re.I)),
    ("media", re.compile(r"\b(news|newspaper|agency|media|times|post|journal|reporters?|"
                         r"correspondents?|broadcaster|tv|television|magazine)\b", re.I)),
    ("organization", re.compile(r"\b(institute|organi[sz]ation|council|group|union|committee|"
                                r"company|association|nato|nations|foundation|think tank)\b", re.I)),
    ("individual", re.compile(r"\b(residents?|witness(es)?|nationals|citizens|soldiers?|"
                              r"fighters?|volunteers?|prisoners?|detainees?|captives?|analysts?|"
                              r"experts?|observers?|man|men|woman|women|people)\b",
                              re.I)),
]


@dataclass(frozen=True)
class Claimant:
    name: str
    claimant_type: str
    country: str
    known: bool  # found in the alias table (not guessed)


def key(name: str) -> str:
    """The lookup form of a name: its identity (`names.identity`: case, normal form, invisible
    characters), and apostrophes, 'U.S.' and a leading 'the' do not matter."""
    s = names.clean(name).replace("’", "'").replace("‘", "'")
    s = re.sub(r"\bU\.\s?S\.(?=\s|$|')", "US", s)
    s = re.sub(r"\bU\.\s?K\.(?=\s|$|')", "UK", s)
    s = " ".join(s.split()).strip(" ,.;:")
    s = re.sub(r"^(?:the|a|an)\s+", "", s, flags=re.I)
    return names.identity(s)


def _read(path: Path, rows: dict[str, Claimant]) -> list[Problem]:
    problems: list[Problem] = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in ALIAS_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            return [Problem(str(path), 1, c, "required column is missing") for c in missing]
        for i, r in enumerate(reader, start=2):
            alias, name = (r["alias"] or "").strip(), (r["claimant"] or "").strip()
            ctype, country = (r["claimant_type"] or "").strip(), (r["claimant_country"] or "").strip()
            if not alias or not name:
                problems.append(Problem(str(path), i, "alias" if not alias else "claimant",
                                        "is empty but is required"))
                continue
            if ctype not in schema.CLAIMANT_TYPES:
                problems.append(Problem(str(path), i, "claimant_type",
                                        f"{ctype!r} is not a claimant_type; allowed: "
                                        f"{', '.join(schema.CLAIMANT_TYPES)}"))
                continue
            rows[key(alias)] = Claimant(name, ctype, country, True)
    return problems


@lru_cache(maxsize=8)
def _table(extra: str | None, mtime: float | None) -> dict[str, Claimant]:
    rows: dict[str, Claimant] = {}
    shipped = resources.files("claimbook.claims").joinpath("aliases.csv")
    with resources.as_file(shipped) as path:
        problems = _read(path, rows)
    if extra:
        problems += _read(Path(extra), rows)
    if problems:
        raise DataError(problems)
    # Every canonical name is an alias of itself.
    for c in list(rows.values()):
        rows.setdefault(key(c.name), c)
    return rows


def alias_table(data_dir: str | Path | None = None) -> dict[str, Claimant]:
    """The shipped aliases, plus (overriding them) `<data_dir>/aliases.csv` when it exists."""
    extra = Path(data_dir) / DATA_ALIASES if data_dir is not None else None
    if extra is not None and extra.is_file():
        return _table(str(extra), extra.stat().st_mtime)
    return _table(None, None)


_COUNTRY_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(
    COUNTRY_WORDS, key=len, reverse=True)) + r")\b")
# "diplomats in Vienna", "the consulate in Geneva": a place that qualifies a source, not the source.
_PLACE_TAIL = re.compile(r"\s+(?:in|at|based in)\s+(?:the\s+)?[\w' -]+$")


def country_of(name: str) -> str:
    """The country a name's words point to ('Chinese nationals' -> CN), or ''."""
    found = [m.group(1) for m in _COUNTRY_RE.finditer(key(name))]
    return COUNTRY_WORDS[max(found, key=len)] if found else ""


def _longest_alias_inside(k: str, table: dict[str, Claimant]) -> str | None:
    """The longest alias that is a run of whole words of `k` (word n-grams looked up, not a scan)."""
    words = k.split()
    best = None
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            if best is not None and j - i <= len(best.split()):
                break
            gram = " ".join(words[i:j])
            for cand in (gram, gram.strip(",.;:()")):
                if len(cand) > 2 and cand in table and (best is None or len(cand) > len(best)):
                    best = cand
    return best


def guess_type(name: str) -> str:
    for ctype, pattern in _TYPE_WORDS:
        if pattern.search(name):
            return ctype
    return "unknown"


def resolve(name: str, table: dict[str, Claimant]) -> Claimant:
    """Normalize a claimant name: exact alias, else the longest alias inside it, else a guess.

    'Chinese foreign ministry spokesman Lin Jian' contains the alias 'Chinese foreign ministry
    spokesman' and resolves to 'China Foreign Ministry'.
    """
    k = key(name)
    if k in table:
        return table[k]
    k = re.sub(r"\s+(?:reports?|sources?|statements?|documents?)$", "", k)
    if k in table:
        return table[k]
    if m := _MINISTRY.match(k) or _MINISTRY_OF.match(k):
        code = COUNTRY_WORDS.get(m.group("country").strip())
        if code in COUNTRY_NAMES:
            kind = "Foreign" if m.group("kind").startswith("foreign") else "Defence"
            return Claimant(f"{COUNTRY_NAMES[code]} {kind} Ministry", "government", code, True)
    head = _PLACE_TAIL.sub("", k)
    best = _longest_alias_inside(head, table)
    if best is not None and len(best) >= 4:
        return table[best]
    clean = names.clean(name).strip(" ,.;:")
    if head != k:  # typed and placed by the source's own words, not by the place's
        clean = re.sub(r"^(?:the|a|an)\s+", "", clean, flags=re.I)
        clean = clean[:1].upper() + clean[1:]
        return Claimant(clean, guess_type(head), country_of(head), False)
    clean = re.sub(r"^(?:the|a|an)\s+", "", clean, flags=re.I)
    clean = clean[:1].upper() + clean[1:]
    return Claimant(clean, guess_type(clean), country_of(clean), False)
