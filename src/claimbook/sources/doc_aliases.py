"""What a document itself says about the names of one body: "the Defence Intelligence
Directorate, known as HUR", "Ukraine's military intelligence agency (HUR)", "HUR, the military
intelligence agency". Each such pair links two names the document uses for one claimant, so a
name the alias table does not know resolves through the other one — in this document only. The
link is then proposed to the analyst (the review file's `proposed_alias` column) and never
written to the alias table by itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimbook.claims import aliases as alias_mod
from claimbook.claims.aliases import Claimant

_NAME = r"(?:the\s+)?(?:[A-Z][\w'’.-]*\s+|(?:of|for|and|on|the|de)\s+){0,7}[A-Z][\w'’.-]*"
_PHRASE = r"(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,7}?"
KNOWN_AS = re.compile(rf"(?P<long>{_PHRASE}),?\s+(?:known as|also known as|also called|called|"
                      rf"abbreviated as|or)\s+(?:the\s+)?(?P<short>{_NAME})")
ACRONYM = re.compile(rf"(?P<long>{_PHRASE})\s+\((?P<short>[A-Z][A-Za-z]{{1,7}})\)")


def _clean(name: str) -> str:
    name = " ".join(name.split()).strip(" ,.;:")
    return re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I)


BODY_NOUNS = re.compile(r"\b(?:agency|directorate|ministry|service|office|department|committee|"
                        r"council|forces?|army|party|organi[sz]ation|institute|bureau|command|"
                        r"intelligence|administration|authority|guard|court|commission)$", re.I)


def _tail_words(phrase: str, acronym: str) -> str:
    """The shortest tail of `phrase` whose initials spell the acronym; else the phrase when it
    names a body ("military intelligence agency (HUR)"); else "" ("HANOI, Vietnam (AP)")."""
    words = phrase.split()
    letters = acronym.upper()
    for k in range(len(words) - 1, -1, -1):
        tail = [w for w in words[k:] if w.lower() not in ("of", "for", "and", "the", "on", "de")]
        if "".join(w[0].upper() for w in tail) == letters:
            return " ".join(words[k:])
    return phrase if BODY_NOUNS.search(phrase) else ""


# Where each pattern can match: its joining words. A match spans at most 9 whitespace-separated
# chunks before them (`_PHRASE`) and 11 after (`_NAME`), so only the text around them is searched.
_ACRONYM_AT = re.compile(r"\s\([A-Z]")
_KNOWN_AS_AT = re.compile(r"\s(?:known as|also called|called|abbreviated as|or)\s")
_REACH = 14  # chunks searched on each side of a joining word (more than a match can span)


def _chunk_edge(text: str, i: int, step: int) -> int:
    """The position `_REACH` whitespace-separated chunks from `i` (step -1: before, 1: after)."""
    n = len(text)
    for _ in range(_REACH):
        while 0 < i < n and text[i if step > 0 else i - 1].isspace():
            i += step
        while 0 < i < n and not text[i if step > 0 else i - 1].isspace():
            i += step
    return max(0, min(n, i))


def _finditer_near(pattern: re.Pattern[str], at: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, searching only the stretches around `at`'s matches (merged
    when they overlap): the pattern has no anchors or look-arounds and cannot match outside them,
    so the matches are the same, found without trying every position of a long text."""
    regions: list[list[int]] = []
    for m in at.finditer(text):
        a, b = _chunk_edge(text, m.start(), -1), _chunk_edge(text, m.end(), 1)
        if regions and a <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], b)
        else:
            regions.append([a, b])
    for a, b in regions:
        yield from pattern.finditer(text, a, b)


def pairs(text: str) -> list[tuple[str, str]]:
    """(one name, another name) for each place the document equates two names."""
    out = []
    for m in _finditer_near(ACRONYM, _ACRONYM_AT, text):
        if long := _clean(_tail_words(m.group("long"), m.group("short"))):
            out.append((long, m.group("short")))
    for m in _finditer_near(KNOWN_AS, _KNOWN_AS_AT, text):
        short = _clean(m.group("short"))
        long = _clean(m.group("long"))
        if short and long and short.lower() != long.lower():
            out.append((long, short))
    return out


def links(text: str, table: dict[str, Claimant]) -> dict[str, Claimant]:
    """Names the alias table does not know (keyed as `aliases.key` keys them) -> the table's
    claimant the document says they are."""
    out: dict[str, Claimant] = {}
    for a, b in pairs(text):
        ca, cb = alias_mod.resolve(a, table), alias_mod.resolve(b, table)
        if ca.known and not cb.known:
            out[alias_mod.key(b)] = ca
        elif cb.known and not ca.known:
            out[alias_mod.key(a)] = cb
    return out


def through(raw: str, found: Claimant, links_: dict[str, Claimant]) -> tuple[Claimant, str]:
    """The claimant a name resolves to through the document's own links, and the alias row
    proposed for the analyst ("<name> -> <claimant>"), or (found, "") when none applies."""
    if found.known or not links_:
        return found, ""
    k = alias_mod.key(raw)
    for name, known in links_.items():
        if k == name or k.endswith(" " + name) or name.endswith(" " + k) or (
                len(name) > 3 and name in k.split(" ")):
            return known, f"{_clean(raw)} -> {known.name}"
    return found, ""
