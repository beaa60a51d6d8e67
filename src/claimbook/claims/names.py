"""One claimant identity: the normal form every comparison of claimant names goes through.

Sources, spreadsheets and imports spell one claimant in ways a reader cannot tell apart:
"VOLODYMYR ZELENSKYY" and "Volodymyr Zelenskyy", "José Marti" composed (NFC) and decomposed
(NFD), a name with a zero-width space at its end. Every caller that compares, groups or looks
up claimant names (import, accept, `claimants`, `--claimant`, `batch --per claimant`, the
reports and their index, the Python API) does it through `identity` here: NFC, invisible
characters removed, whitespace runs one space, case folded. Two spellings with one identity are
one claimant; the data shows one of them (`Spellings.shown`: a clean spelling first, then the
one most claims use, then the first in the table).

A look-alike is another matter: "Vоlodymyr Zelenskyy" with a Cyrillic "о" is a different
identity that looks the same. `lookalikes` finds such pairs among the data's claimants (their
UTS #39 skeletons, from Unicode's confusables data, are equal): `validate` warns naming both.
`shown` marks a name with letters of another script that look like letters of its own, so
such a name never makes a title that reads like another claimant's without a mark.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources

from confusable_homoglyphs import categories

# Characters that are not seen, or not seen as themselves: format characters (category Cf:
# zero-width space and joiners, bidi marks, word joiner, BOM, soft hyphen) and, beside them,
# the other characters that render as nothing in a name.
_INVISIBLE_EXTRA = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180E,
                    0x180F, 0x3164, 0xFFA0, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}


def invisible(ch: str) -> bool:
    """A character that renders as nothing inside a name. (Control characters are not: every
    page and terminal shows them as a visible mark, `control_chars`.)"""
    return unicodedata.category(ch) == "Cf" or ord(ch) in _INVISIBLE_EXTRA


def clean(name: str) -> str:
    """The spelling a name is stored in: NFC, invisible characters removed, each run of
    whitespace one space, none at the ends. Case is kept."""
    s = str(name)
    if s.isascii():  # the common case, without normalizing
        return s if s.isprintable() and "  " not in s and s == s.strip() else " ".join(s.split())
    s = "".join(ch for ch in unicodedata.normalize("NFC", s) if not invisible(ch))
    return " ".join(s.split())


def _identity_of_clean(s: str) -> str:
    return s.lower() if s.isascii() else unicodedata.normalize("NFC", s.casefold())


def identity(name: str) -> str:
    """What two spellings of one claimant share: `clean`, case folded (and NFC again, which
    folding can undo). 'VOLODYMYR ZELENSKYY', 'Volodymyr  Zelenskyy\\u200b' -> one identity."""
    return _identity_of_clean(clean(name))


def same(a: str, b: str) -> bool:
    """Whether two spellings name one claimant."""
    return identity(a) == identity(b)


@dataclass(frozen=True)
class Spellings:
    """The claimant spellings of one claims table, grouped by identity.

    `shown[identity]` is the spelling the data shows for that claimant (the first of its
    spellings, as stored: the tables keep the exact text); `spelled[identity]` every spelling
    the table holds, a clean one first, then by claims, then in table order;
    `claims[spelling]` how many claims use it."""

    shown: dict[str, str]
    spelled: dict[str, tuple[str, ...]]
    claims: dict[str, int]

    @classmethod
    def of(cls, counted: Iterable[tuple[str, int]]) -> Spellings:
        """From (spelling, claims) in table order (the first row of each spelling first)."""
        order: dict[str, int] = {}
        claims: dict[str, int] = {}
        for spelling, n in counted:
            order.setdefault(spelling, len(order))
            claims[spelling] = claims.get(spelling, 0) + int(n)
        groups: dict[str, list[str]] = {}
        cleaned: dict[str, str] = {}
        for spelling in order:
            cleaned[spelling] = c = clean(spelling)
            groups.setdefault(_identity_of_clean(c), []).append(spelling)
        spelled = {k: tuple(v) if len(v) == 1 else tuple(sorted(
            v, key=lambda s: (cleaned[s] != s, -claims[s], order[s]))) for k, v in groups.items()}
        return cls({k: v[0] for k, v in spelled.items()}, spelled, claims)

    @classmethod
    def of_names(cls, names: Sequence[str]) -> Spellings:
        """From a column of names (one per claim), in table order."""
        counts: dict[str, int] = {}
        for n in names:
            counts[n] = counts.get(n, 0) + 1
        return cls.of(counts.items())

    def show(self, name: str) -> str:
        """The spelling the data shows for the claimant `name` spells (a name of no claimant of
        the data: itself)."""
        return self.shown.get(identity(name), name)

    @cached_property
    def _respelled(self) -> dict[str, str]:
        return {s: self.shown[k] for k, v in self.spelled.items() for s in v
                if s != self.shown[k]}

    def respelled(self) -> dict[str, str]:
        """Each spelling that is not the one shown -> the one shown (empty: one spelling each)."""
        return dict(self._respelled)

    def variants(self, names: Iterable[str]) -> list[str]:
        """Every spelling in the table of the claimants these names spell (for a filter on the
        stored text)."""
        out: list[str] = []
        for n in names:
            out += self.spelled.get(identity(n), ())
        return list(dict.fromkeys(out))

    def merged(self) -> list[tuple[str, ...]]:
        """The claimants the table spells more than one way, each as its spellings (the one
        shown first)."""
        return [v for v in self.spelled.values() if len(v) > 1]


class Respeller:
    """New claimant names -> the spelling the table keeps: a name of a claimant the table has
    (same identity) is written as the table shows it; a new claimant keeps its first spelling
    as given (the tables keep exact text), and later spellings of it follow. `changed` counts
    each rewritten spelling, for the command to report."""

    def __init__(self, spellings: Spellings | None = None) -> None:
        self.known: dict[str, str] = dict(spellings.shown) if spellings else {}
        self.changed: dict[tuple[str, str], int] = {}
        self._identities: dict[str, str] = {}  # each name's identity, found once

    def spell(self, name: str, count: int = 1) -> str:
        """The spelling to write for `name` (counted `count` times in `changed` if rewritten)."""
        return self.spell_all([name], [count])[0]

    def spell_all(self, spellings: Sequence[str], counts: Sequence[int]) -> list[str]:
        """`spell` of each name, counted as often as `counts` says (a batch's distinct names in
        one call: a million imported rows name tens of thousands of claimants)."""
        out = []
        identities, known, changed = self._identities, self.known, self.changed
        for name, count in zip(spellings, counts, strict=True):
            found = identities.get(name)
            if found is None:
                found = identities[name] = identity(name)
            kept = known.setdefault(found, name)
            if kept != name and name:
                changed[(name, kept)] = changed.get((name, kept), 0) + count
            out.append(kept)
        return out

    def lines(self) -> list[str]:
        """Each rewritten spelling in words: "'VOLODYMYR ZELENSKYY' (2 rows) written as
        'Volodymyr Zelenskyy'"."""
        return [f"claimant {spelled_out(given)} ({n} row{'s' if n != 1 else ''}) written as "
                f"{kept!r}, the spelling of the same claimant in the table"
                for (given, kept), n in self.changed.items()]


# --- look-alikes ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _prototypes() -> dict[str, str]:
    """Each character of Unicode's confusables data -> one prototype of its class (the classes
    joined across every listed homoglyph, the smallest code point chosen)."""
    data = json.loads(resources.files("confusable_homoglyphs").joinpath("confusables.json")
                      .read_text(encoding="utf-8"))
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.setdefault(c, c) != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for ch, homoglyphs in data.items():  # a character -> [{"c": its look-alike, "n": name}]
        for h in homoglyphs:
            other = h.get("c", "")
            if len(ch) == 1 and len(other) == 1:
                a, b = find(ch), find(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {c: find(c) for c in list(parent)}


def skeleton(name: str) -> str:
    """A name's identity with each character replaced by the prototype of its look-alikes
    (UTS #39's skeleton, decomposed): two names with one skeleton look alike."""
    s = unicodedata.normalize("NFD", identity(name))
    protos = _prototypes()
    return unicodedata.normalize("NFD", "".join(protos.get(c, c) for c in s))


def lookalikes(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of names of different claimants (identities) that look alike, in name order."""
    by_skeleton: dict[str, dict[str, str]] = {}
    for n in names:
        by_skeleton.setdefault(skeleton(n), {}).setdefault(identity(n), n)
    pairs = []
    for group in by_skeleton.values():
        spellings = sorted(group.values())
        pairs += [(a, b) for i, a in enumerate(spellings) for b in spellings[i + 1:]]
    return sorted(pairs)


def _script(ch: str) -> str:
    return categories.alias(ch)


def foreign_letters(name: str) -> list[str]:
    """The letters of `name` from another script than most of its letters, that look like a
    letter of that script ('Vоlodymyr' with a Cyrillic о -> ['о']); for a name all of whose
    letters are of one script other than Latin and each look like a Latin one, every letter
    of it. ASCII names have none."""
    s = clean(name)
    if s.isascii():
        return []
    letters = [c for c in s if c.isalpha()]
    scripts = [_script(c) for c in letters]
    counts: dict[str, int] = {}
    for sc in scripts:
        counts[sc] = counts.get(sc, 0) + 1
    if not counts:
        return []
    main = max(counts, key=lambda sc: (counts[sc], sc == "LATIN"))
    protos = _prototypes()
    if len(counts) == 1:
        if main == "LATIN":
            return []
        # a whole name of look-alikes: every letter has a Latin twin
        latin = _prototypes_of_script("LATIN")
        if all(protos.get(c, c) in latin for c in letters):
            return list(dict.fromkeys(letters))
        return []
    twins = _prototypes_of_script(main)
    return list(dict.fromkeys(c for c, sc in zip(letters, scripts, strict=True)
                              if sc != main and protos.get(c, c) in twins))


@lru_cache(maxsize=8)
def _prototypes_of_script(script: str) -> frozenset[str]:
    """The prototypes of the look-alike classes that hold a letter of `script`."""
    return frozenset(p for c, p in _prototypes().items() if c.isalpha() and _script(c) == script)


def shown(name: str) -> str:
    """A name as a title or a listing shows it: itself, marked when it holds letters of another
    script that look like letters of its own ('Vоlodymyr Zelenskyy [look-alike letters:
    о U+043E CYRILLIC]'), so it never reads as another claimant's name."""
    odd = foreign_letters(name)
    if not odd:
        return name
    spelled = ", ".join(f"{c} U+{ord(c):04X} {_script(c)}" for c in odd)
    return f"{name} [look-alike letters: {spelled}]"


def spelled_out(name: str) -> str:
    """A spelling as a message quotes it, so that two spellings that look the same read apart:
    repr-quoted, each invisible character as its code point, '(decomposed)' when not NFC."""
    shown_chars = "".join(f"<U+{ord(c):04X}>" if invisible(c) else c for c in name)
    nfc = "" if unicodedata.is_normalized("NFC", name) else " (decomposed, not NFC)"
    return f"{shown_chars!r}{nfc}"
