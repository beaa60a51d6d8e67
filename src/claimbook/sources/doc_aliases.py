"""What a document itself says about the names of one body: "the Defence Intelligence
Directorate, known as HUR", "Ukraine's military intelligence agency (HUR)", "HUR, the military
intelligence agency". Each such pair links two names the document uses for one claimant, so a
name the alias table does not know resolves through the other one — in this document only. The
link is then proposed to the analyst (the review file's `proposed_alias` column) and never
written to the alias table by itself.

`DocNames` adds what the speakers' own words say, read as extraction goes (one per document):
an apposition naming the same body ("the Defence Intelligence Directorate, Ukraine's military
intelligence agency, said": later the other name and "the directorate" are the same claimant),
and a person named with a title or a role ("Interior Minister Wolfgang Peschorn", "Eva-Marie
Persson, Sweden's deputy director of public prosecutions"; `attribution` reads the role-first
order the same way): later "the deputy director" (not "a deputy director") is that person, and
"the agency" of "head of … agency" is that agency, not the person. A titled name anywhere in the
text makes its office name that person even before it ("Austria's interior minister said …", then
"Interior Minister Wolfgang Peschorn"), unless two people hold the title in the document or the
document gives the office two countries ("Russia's interior minister" too). A surname resolves to the
full name the story introduced it with (`referents`); here it is proposed. A proposed alias
joins a name to a claimant of the alias table, two proper names of one body, or a surname to its
person; a role resolves but is never proposed (offices change hands).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from claimbook.claims import aliases as alias_mod
from claimbook.claims.aliases import Claimant
from claimbook.claims.names import clean as names_clean
from claimbook.sources import person_names, person_words

if TYPE_CHECKING:  # the parse's reading; this module does not load the English pipeline
    from claimbook.sources.attribution import Said

_NAME = r"(?:the\s+)?(?:[A-Z][\w'’.-]*\s+|(?:of|for|and|on|the|de)\s+){0,7}[A-Z][\w'’.-]*"
_PHRASE = r"(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+){0,7}?"
KNOWN_AS = re.compile(rf"(?P<long>{_PHRASE}),?\s+(?:known as|also known as|also called|called|"
                      rf"abbreviated as|or)\s+(?:the\s+)?(?P<short>{_NAME})")
ACRONYM = re.compile(rf"(?P<long>{_PHRASE})\s+\((?P<short>[A-Z][A-Za-z]{{1,7}})\)")


def _clean(name: str) -> str:
    name = " ".join(name.split()).strip(" ,.;:")
    return re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I)


# a phrase that ends in a body's head noun names a body ("military intelligence agency", "an
# independent research group"); and "intelligence" alone ends one ("Ukraine's defence
# intelligence")
_BODY_HEAD = re.compile(
    rf"\b(?:{'|'.join(sorted(person_words.BODY_HEADS | {'force', 'intelligence'}))})$", re.I)


def _tail_words(phrase: str, acronym: str) -> str:
    """The shortest tail of `phrase` whose initials spell the acronym; else the phrase when it
    names a body ("military intelligence agency (HUR)"); else "" ("HANOI, Vietnam (AP)")."""
    words = phrase.split()
    letters = acronym.upper()
    for k in range(len(words) - 1, -1, -1):
        tail = [w for w in words[k:] if w.lower() not in ("of", "for", "and", "the", "on", "de")]
        if "".join(w[0].upper() for w in tail) == letters:
            return " ".join(words[k:])
    return phrase if _BODY_HEAD.search(phrase) else ""


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


# --- what the speakers' own words say (appositions, titles) -----------------------------------

_QUALIFIER = re.compile(r"\s(?:of|for|at|in|within|under|based|from|with|on)\s", re.I)
_PERSONAL_NAME = re.compile(r"^(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+$")  # "Soelistyo", "Eva-Marie Persson"
_LEAD = re.compile(r"^(?:the|a|an)\s+", re.I)
_OF_BODY = re.compile(r"\b(?:of|for|at)\s+(?P<body>.+)$")  # the body a role is held in
# A title before a person's name, as the word rules give a speaker ("Interior Minister Wolfgang
# Peschorn"): the title ends in a word that names a role (`person_words.ROLE_TITLES`: no honorific
# or abbreviation), the name is two or three capitalized words.
_TITLE_WORDS = person_words.ROLE_TITLES
_TITLES = "|".join(sorted((w.capitalize() for w in _TITLE_WORDS), key=len, reverse=True))
_TITLE = rf"(?P<title>(?:[A-Z][\w.'’-]*\s+){{0,3}}?(?:{_TITLES})\.?)\s+"
_PERSON = r"(?P<name>[A-Z][a-z][\w'’-]*(?:\s+[A-Z][a-z][\w'’-]*){1,2})"
_TITLED = re.compile(rf"^(?:the\s+)?{_TITLE}{_PERSON}$")
_TITLED_IN_TEXT = re.compile(rf"(?<![\w'’.-]){_TITLE}{_PERSON}(?![\w'’-])")
_POSSESSOR = re.compile(r"^[\w.-]+(?:'s|’s)\s+")  # "Austria's interior minister"


def _head_word(phrase: str) -> str:
    """The head word of a name or description, as written: its last word before a qualifying
    phrase ("agency" of "Ukraine's military intelligence agency", "group" of "an independent
    research group in Riga", "head" of "head of … agency")."""
    words = _QUALIFIER.split(" " + phrase + " ", maxsplit=1)[0].split()
    return words[-1].strip(",.;:'’") if words else ""


def _head(phrase: str) -> str:
    return _head_word(phrase).lower()


def _person_type(title: str) -> str:
    """A person's claimant type as their title or role says ("Interior Minister" -> government),
    an individual where it names no kind of body."""
    ctype = alias_mod.guess_type(title)
    return "individual" if ctype in ("unknown", "organization") else ctype


def _proper(name: str) -> bool:
    """A proper name: every word longer than three letters capitalized ("Main Directorate of
    Intelligence"), not a description ("Ukraine's military intelligence agency")."""
    words = _LEAD.sub("", name).split()
    return bool(words) and all(w[:1].isupper() for w in words if len(w) > 3)


def _role(description: str) -> str:
    """The office a description names ("Sweden's deputy director of public prosecutions" ->
    "deputy director"; "Interior Minister" -> "interior minister"), lower case, or ""."""
    first = _QUALIFIER.split(" " + description + " ", maxsplit=1)[0]
    words = [w for w in _LEAD.sub("", first.strip()).split() if not w.endswith(("'s", "’s"))]
    return " ".join(words[-2:]).lower() if words else ""


class DocNames:
    """One document's names for its claimants: links read from its text (`links`) and from
    its speakers' appositions and titles, learned as extraction reads them."""

    def __init__(self, text: str, table: dict[str, Claimant],
                 links_: dict[str, Claimant] | None = None) -> None:
        self.table = table
        self.links = links(text, table) if links_ is None else links_
        self.bodies: dict[str, Claimant] = {}  # a name's key -> the body
        self.heads: dict[str, list[tuple[set[str], Claimant]]] = {}  # head word -> (words, body)
        self.roles: dict[str, list[Claimant]] = {}  # "deputy director" -> who holds it
        self.possessors: dict[str, set[str]] = {}  # role -> "austria" of "Austria's <role>" …
        self.text = text
        for m in _TITLED_IN_TEXT.finditer(text):  # "Interior Minister Wolfgang Peschorn" anywhere:
            if not _TITLE_WORDS & {w.lower() for w in m.group("name").split()}:  # the role
                self._role(m.group("title"), self._titled(m, Claimant("", "unknown", "", False)))

    def read(self, raw: str, claimant: Claimant, proposed: str, said: Said | None
             ) -> tuple[Claimant, str]:
        """The claimant of a mention whose speaker is written `raw` (already resolved to
        `claimant`, with `proposed` from the links), and the alias row proposed for it."""
        if said is not None and said.description:
            return self._apposition(raw, claimant, proposed, said)
        if claimant.known or not raw.strip():
            return claimant, proposed
        k = alias_mod.key(raw)
        if (body := self.bodies.get(k)) is not None:
            return body, self._proposal(raw, body)
        if m := _TITLED.match(names_clean(raw)):  # the person, typed and placed by the title
            person = self._titled(m, claimant)
            self._role(m.group("title"), person)
            return person, proposed
        if re.match(r"^(?:a|an)\s", raw.strip(), re.I):
            return claimant, proposed  # "a deputy director": someone else
        if (surname := person_names.bare_surname(raw)) and claimant.name.endswith(" " + surname):
            # the full name the story introduced the surname with (`referents`): proposed
            return claimant, f"{surname} -> {claimant.name}"
        if (person := self._holder(k)) is not None:
            return person, ""  # "the deputy director": in this document, its holder
        words = set(k.split())
        for named, body in reversed(self.heads.get(_head(k), [])):
            if words <= named:  # "the research group": words of a name it was given
                return body, ""
        return claimant, proposed

    def _apposition(self, raw: str, claimant: Claimant, proposed: str, said: Said
                    ) -> tuple[Claimant, str]:
        speaker, description = said.speaker, said.description
        body_described = bool(_BODY_HEAD.search(_head(description)))
        if body_described and said.entity != "PERSON":
            return self._body(raw, claimant, proposed, speaker, description)
        if said.entity == "PERSON" or (_PERSONAL_NAME.match(speaker) and not body_described
                                       and not _BODY_HEAD.search(speaker)
                                       and not _LEAD.match(speaker)):
            # a person with a title or a role: the surname and the role name them later
            if not claimant.known and claimant.claimant_type in ("unknown", "organization"):
                claimant = Claimant(claimant.name, _person_type(description), claimant.country,
                                    False)
            self._role(description, claimant)
            if (m := _OF_BODY.search(description)) and _BODY_HEAD.search(m.group("body")):
                # "head of Indonesia's search and rescue agency": "the agency" is that body
                self._name_body(m.group("body"), alias_mod.resolve(m.group("body"), self.table))
            return claimant, proposed
        return claimant, proposed  # "a unit of …", "a town near …": another entity

    def _body(self, raw: str, claimant: Claimant, proposed: str, speaker: str,
              description: str) -> tuple[Claimant, str]:
        """One body, two names: the one the alias table knows, else the name written first."""
        by_desc = alias_mod.resolve(description, self.table)
        body = claimant if claimant.known else (by_desc if by_desc.known else claimant)
        for name in (speaker, raw, description):
            self._name_body(name, body)
        if body.known:
            return body, proposed or self._proposal(speaker, body)
        return body, f"{_clean(description)} -> {body.name}" if _proper(description) and \
            _proper(speaker) else proposed

    def _name_body(self, name: str, body: Claimant) -> None:
        """`name` names `body` in this document, and so do its head word and its words
        ("the directorate", "the research group")."""
        k = alias_mod.key(name)
        self.bodies[k] = body
        if head := _head(k):
            self.heads.setdefault(head, []).append((set(k.split()), body))

    def _role(self, description: str, person: Claimant) -> None:
        """A role names its holder later in this document, as written in full ("Sweden's deputy
        director of public prosecutions") or as the office alone ("the deputy director"); not
        another country's ("Russia's deputy director")."""
        for k in (alias_mod.key(description), _role(description)):
            held = self.roles.setdefault(k, []) if k else []
            if k and all(p.name != person.name for p in held):
                held.append(person)

    def _holder(self, k: str) -> Claimant | None:
        """The one person who holds the role `k` names in this document ("the deputy director";
        "Austria's interior minister" before "Interior Minister Wolfgang Peschorn" is named),
        None when no one or several do ("President Putin" and "President Trump"), or when the
        country the role is written with is not the holder's."""
        if (held := self.roles.get(k, [])) and len(held) == 1:
            return held[0]
        if not _POSSESSOR.match(k) or len(held := self.roles.get(role := _role(k), [])) != 1:
            return None
        # "Austria's interior minister": only where the document gives the office one country
        # ("Russia's interior minister" too: neither is resolved) that is not another's
        if role not in self.possessors:
            self.possessors[role] = {alias_mod.key(m.group(1)) for m in re.finditer(
                rf"([\w.-]+)(?:'s|’s)\s+{re.escape(role)}\b", self.text, re.I)}
        country = alias_mod.country_of(k)
        if len(self.possessors[role]) != 1 or (country and held[0].country not in ("", country)):
            return None
        return held[0]

    def _titled(self, m: re.Match[str], claimant: Claimant) -> Claimant:
        """The person a title names, typed and placed by the title ("Interior Minister Wolfgang
        Peschorn" -> Wolfgang Peschorn, government), or the alias table's claimant for them."""
        known = alias_mod.resolve(m.group("name"), self.table)
        if known.known:
            return known
        return Claimant(m.group("name"), _person_type(m.group("title")),
                        alias_mod.country_of(m.group("title")) or claimant.country, False)

    def _proposal(self, written: str, body: Claimant) -> str:
        """"<name> -> <claimant>" when a proper name the table does not know names a claimant
        it knows, or another body's proper name."""
        name = _clean(written)
        if alias_mod.resolve(name, self.table).known or not _proper(name) or \
                alias_mod.key(name) == alias_mod.key(body.name):
            return ""
        return f"{name} -> {body.name}"
