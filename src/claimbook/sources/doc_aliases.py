"""What a document itself says about the names of one body: "the Defence Intelligence
Directorate, known as HUR", "Ukraine's military intelligence agency (HUR)", "HUR, the military
intelligence agency". Each such pair links two names the document uses for one claimant, so a
name the alias table does not know resolves through the other one — in this document only. The
link is then proposed to the analyst (the review file's `proposed_alias` column) and never
written to the alias table by itself.
"""

from __future__ import annotations

import re

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


def pairs(text: str) -> list[tuple[str, str]]:
    """(one name, another name) for each place the document equates two names."""
    out = []
    for m in ACRONYM.finditer(text):
        if long := _clean(_tail_words(m.group("long"), m.group("short"))):
            out.append((long, m.group("short")))
    for m in KNOWN_AS.finditer(text):
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
