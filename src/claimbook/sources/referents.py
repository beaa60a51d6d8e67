"""Who a claimant as written refers to, from what the document said before: "he"/"she" the
nearest person named, "it" the nearest body, a surname the full name the story introduced
("Assange" -> "Julian Assange"), "a spokesman for the service" that service, "the ministry" the
last claimant that fits, else the alias table.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from claimbook.claims import aliases as alias_mod
from claimbook.claims.aliases import Claimant
from claimbook.sources import clauses as cl
from claimbook.sources import person_names, person_words

# the words for a spokesperson, from the one vocabulary of person words
SPOKESPERSON = "|".join(sorted(person_words.SPOKESPEOPLE))
# (the bodies' head nouns, "ministry", "agency", "court" …, from the one vocabulary)
GENERIC_HEADS = re.compile(rf"^(?:the\s+)?({SPOKESPERSON}|official|officials|government|"
                           r"president|military|statement|kremlin|source|sources|report|leader|"
                           r"minister|post|caption|video|governor|"
                           rf"{'|'.join(sorted(person_words.BODY_HEADS))})$", re.I)
# "a spokesman for the service", "an official at the ministry": that body speaks.
SPOKESPERSON_FOR = re.compile(rf"^(?:an?\s+|the\s+)?(?:senior\s+)?(?:{SPOKESPERSON}|"
                              r"official|representative|source)\s+(?:for|of|at|from)\s+(?P<org>.+)$",
                              re.I)
COORDINATED = re.compile(r"\s(?:and|or|&)\s", re.I)  # a claimant written as several
# a sentence that opens with a person's name as its subject: "Morrison was the third witness …",
# "Kurt Volker, the former special envoy, …", "Mr. Brandt also …" (an honorific of
# `person_words.SURNAME_HONORIFICS` before it)
SUBJECT_NAME = re.compile(rf"^\W*((?:(?i:{person_words.SURNAME_HONORIFIC})\.?\s+)?[A-Z][\w'’-]+"
                          r"(?:\s+[A-Z][\w'’-]+){0,2})"
                          r"(?=\s*,|\s+[a-z])")
RECENT = 50  # claimants remembered for pronouns and "the ministry": a bounded look back
# the titles "the <title> said" can name the person the text wrote with that title before ("the
# president" after "President Trump"): the generic heads above that are titles
TITLES = {w for w in person_words.TITLES if GENERIC_HEADS.match(w)}
PLURAL_NOUNS = {"people", "police", "staff", "personnel", "they", "we"}
# a person written as an age: "the 56-year-old"
AGED = re.compile(r"(?:the\s+)?\d{1,3}[-‐]year[-‐]old")
# "the company said" is never a government, a head of state or an army quoted before it
COMMERCIAL_HEADS = {"company", "firm", "label", "studio", "bank", "network", "broadcaster"}
STATE_TYPES = {"government", "head_of_state", "military_intelligence"}
# "the ministry said" is a state's body quoted before it, never a company, an outlet, a survey or
# a body of no known kind (then it stays "the ministry", for the analyst to name)
STATE_HEADS = {"ministry", "department", "embassy", "command", "army", "forces", "directorate"}
# a claimant that counts or picks people ("Roughly 3% of tax filers", "Several states and
# importers", "Some Members"): people, never the body a head noun refers back to
COUNTED = re.compile(r"^(?:the\s+)?(?:\d|(?:some|several|many|most|roughly|approximately|about|"
                     r"nearly|almost|more|fewer|few|all|both|other|others)\b)", re.I)


def _may_be_called(head: str, known: Claimant) -> bool:
    """May a claimant quoted before be called "the <head>" ("the company", "the ministry")?"""
    if COUNTED.match(known.name):
        return False
    if head in COMMERCIAL_HEADS:
        return known.claimant_type not in STATE_TYPES
    if head in STATE_HEADS:
        return known.claimant_type in STATE_TYPES
    return True


# a title written before one capitalised name: "Prince Andrew", "President Trump", "Gov. Noem"
# (the title capitalised as a title is, an abbreviation's stop after it; never a sentence's end)
TITLED_NAME = re.compile(r"\b((?:" + "|".join(
    t.capitalize() + (r"\." if len(t) <= 3 and t not in ("sir", "lady", "pope") else "")
    for t in sorted(person_words.TITLES, key=len, reverse=True)) + r"))\s+([A-Z][a-z][\w'’-]*)\b(?!\s+[A-Z])")
# a role that names one person ("the Israeli national security advisor"): not "they"
PERSON_HEADS = person_words.PERSON_HEADS


def plural(written: str) -> bool:
    """Is a claimant as written plural ("states", "officials", "the mayors and judges")? Not a
    name ending in s ("Reuters", "Andreas")."""
    words = re.findall(r"[\w'’-]+", written)
    if not words:
        return False
    last = words[-1]
    return last.lower() in PLURAL_NOUNS or bool(COORDINATED.search(written)) or (
        last.islower() and len(last) > 3 and last.endswith("s")
        and not last.endswith(("ss", "us", "is", "'s", "’s")))


@dataclass
class Context:
    """What earlier clauses tell later ones: the last claimants, for pronouns and 'the ministry'."""

    recent: list[tuple[str, Claimant]] = field(default_factory=list)
    persons: set[str] = field(default_factory=set)  # claimants named as people (he/she fit them)
    text: str = ""  # the document, for the full name a surname was introduced with
    upto: int = 0  # where the sentence being read starts
    introduced: dict[str, tuple[int, str]] = field(default_factory=dict)  # surname -> (at, name)
    genders: dict[str, str] = field(default_factory=dict)  # person -> "f"/"m" the text showed
    topic: Claimant | None = None  # the person the previous sentence opened with as its subject
    # the persons by their last word, kept by `remember` (looked up, not searched: the persons of
    # a long text are many, and each sentence asked)
    by_surname: dict[str, set[str]] = field(default_factory=dict, repr=False)
    titles: dict[str, list[tuple[int, str]]] = field(default_factory=dict, repr=False)
    # one-word names the text wrote after a title ("Prince Andrew", "President Trump"): the name
    # -> where and as what first, read once for the whole text
    with_title: dict[str, tuple[int, str]] | None = field(default=None, repr=False)

    def full_name(self, surname: str) -> str:
        """The full name the story introduced `surname` with before this sentence ("Julian
        Assange" for "Assange", "Eva-Marie Persson" for "Ms Persson"), or ""."""
        at, name = self._first_written(surname)
        return name if 0 <= at < self.upto else ""

    def _first_written(self, surname: str) -> tuple[int, str]:
        """`person_names.introduced` for this text, read once per surname (it searches the text
        from its start)."""
        if surname not in self.introduced:
            self.introduced[surname] = person_names.introduced(self.text, surname)
        return self.introduced[surname]

    def resolve(self, raw: str, table: dict[str, Claimant]) -> tuple[Claimant, float]:
        low = raw.lower().strip()
        aged = AGED.fullmatch(low) is not None
        if aged:
            low = "he"  # "the 56-year-old said": a person named before, as "he"/"she" would be,
            # of either gender
        if low in cl.PRONOUNS:
            # "he"/"she" is the person the sentence before is about, else the nearest person
            # named before; "it" the nearest body
            person = {"he": True, "she": True, "it": False}.get(low)
            gender = "" if aged else person_names.gender_of(low)
            if person and self.topic is not None \
                    and self.genders.get(self.topic.name, gender) == gender:
                return self.topic, 0.6
            for written, c in reversed(self.recent[-RECENT:]):
                if (person is None or (c.name in self.persons) == person) \
                        and self.genders.get(c.name, gender) == gender \
                        and self._agrees(low, written, c):  # not "he" for "Ms X" or "states"
                    return c, 0.6
            for written, c in reversed(self.recent):
                if self._agrees(low, written, c):
                    return c, 0.5
                break
            return Claimant(raw, "unknown", "", False), 0.3
        if re.fullmatch(r"[A-Z][\w'’-]+", raw.strip()):  # "Kiper" after "Governor Oleh Kiper"
            for written, known in reversed(self.recent[-RECENT:]):
                if COORDINATED.search(written):
                    continue  # "Vindman and Williams" name two: "Williams" is not both
                if raw.strip() in (written.split()[-1:] + known.name.split()[-1:]) \
                        and raw.strip() not in (written.strip(), known.name):
                    return known, 0.8
        if (surname := person_names.bare_surname(raw)) and (full := self.full_name(surname)):
            c = alias_mod.resolve(full, table)  # "Ms Persson" -> "Eva-Marie Persson"
            if not c.known:
                c = Claimant(full, "individual", c.country, False)
            return c, 0.8
        if m := SPOKESPERSON_FOR.match(raw.strip()):
            org, conf = self.resolve(m.group("org"), table)
            if org.known or org.name.lower() != m.group("org").lower().removeprefix("the "):
                return org, conf
        c = alias_mod.resolve(raw, table)
        if c.known:
            return c, 0.9
        if m := GENERIC_HEADS.match(low):
            head = m.group(1)
            for written, known in reversed(self.recent[-RECENT:]):
                if head in written.lower() or head in known.name.lower():
                    return known, 0.7
            if head in person_words.BODY_HEADS:
                # "the company said" after "Big Machine says": the last body quoted, never a
                # person (its chief executive quoted in between is not the company)
                body = next((known for _, known in reversed(self.recent[-RECENT:])
                             if known.name not in self.persons
                             and known.claimant_type != "individual"
                             and _may_be_called(head, known)), None)
                return (body, 0.6) if body is not None else (c, 0.7)
            if head in TITLES and (named := self.titled(head)):
                # "the president said …" after "President Trump": the person the title was written
                # with last before this sentence
                c = alias_mod.resolve(named, table)
                return (c if c.known else Claimant(named, "individual", c.country, False)), 0.7
            if self.recent and head not in ("source", "sources") and (
                    low.startswith("the ") or head != "officials") \
                    and not self._one_person(*self.recent[-1]):
                # "the agency said" right after a named source: that source; a bare plural
                # ("officials said") names no one said before, nor does "the source" (an
                # unnamed informant is never the body or person quoted before), nor is "the
                # minister" a person quoted before who was not written as one (an expert)
                return self.recent[-1][1], 0.6
        return c, 0.7

    def titled(self, title: str) -> str:
        """The one person the text wrote after `title` before this sentence ("President Trump",
        "Minister Ana Lind": "Ana Lind"; a surname alone, the full name the text gave it), or ""
        (none, or two people of that title)."""
        if title not in self.titles:  # each title's places read once: the cost stays linear
            self.titles[title] = [(m.end(), re.sub(r"['’]s$", "", m.group(1))) for m in re.finditer(
                rf"\b{title.title()}\s+((?:[A-Z][\w'’-]+\s+)?[A-Z][\w'’-]+)\b", self.text)]
        found = self.titles[title]
        names = {(self.full_name(n) or n) if " " not in n else n
                 for _, n in found[:bisect.bisect_right(found, (self.upto, ""))]}
        # two people of that title ("President Putin", "President Trump"): the title names no one
        return next(iter(names)) if len(names) == 1 else ""

    def _titled_name(self, name: str) -> tuple[int, str]:
        """Where and as what the text first wrote `name` after a person's title ("Prince
        Andrew"), or (-1, "")."""
        if self.with_title is None:
            self.with_title = {}
            for m in TITLED_NAME.finditer(self.text):
                self.with_title.setdefault(m.group(2), (m.start(), f"{m.group(1)} {m.group(2)}"))
        return self.with_title.get(name, (-1, ""))

    def _agrees(self, pronoun: str, written: str, c: Claimant) -> bool:
        """Does the pronoun agree in number with the claimant as written? "he"/"she"/"it" is not
        "states" or "officials"; "they" is not one person ("the Israeli national security
        advisor" named before "they've already said publicly …")."""
        if pronoun == "they":
            return not self._one_person(written, c) or plural(written)
        return pronoun not in ("he", "she", "it") or not plural(written)

    def _one_person(self, written: str, c: Claimant) -> bool:
        """Is the claimant, as written, one person (a name, or a person's role: "the minister")?"""
        head = (re.findall(r"[\w'’-]+", written) or [""])[-1].lower()
        return c.name in self.persons or c.claimant_type == "individual" or head in PERSON_HEADS

    def about(self, sentence: str, table: dict[str, Claimant]) -> None:
        """Read whom `sentence` (starting at `upto`) is about, for 'he'/'she' in the next one:
        the person its subject names ("Morrison was the third witness …"), a name the story
        introduced in full or a person already quoted; else no one."""
        self.topic = None
        m = SUBJECT_NAME.match(sentence)
        if m is None:
            return
        written = m.group(1)
        bare = person_names.bare_surname(written)
        surname = bare or written.split()[-1]
        at, full = self._first_written(surname)
        if bare:
            full = full if 0 <= at < self.upto else ""
        elif not (0 <= at <= self.upto and full == written):
            full = ""  # "Kurt Volker, …" introducing him here; not "The Kremlin", "In May"
        if not full:
            same = self.by_surname.get(surname, ())
            # one person of that surname is the one; of several, the first the set gives (as when
            # it was searched)
            full = "" if not same else next(iter(same)) if len(same) == 1 else next(
                (p for p in self.persons if p in same), "")
        if not full and " " not in written:
            # "Andrew doesn't remember …" after "the real Prince Andrew": the titled name
            at, titled = self._titled_name(written)
            full = titled if 0 <= at < self.upto else ""
        if full:
            c = alias_mod.resolve(full, table)
            self.topic = c if c.known else Claimant(full, "individual", c.country, False)
            if gender := person_names.gender_of(written):
                self.genders.setdefault(self.topic.name, gender)

    def remember(self, raw: str, c: Claimant, person: bool = False) -> None:
        if person:
            self.persons.add(c.name)
            self.by_surname.setdefault((c.name.split() or [""])[-1], set()).add(c.name)
            if gender := person_names.gender_of(raw):
                self.genders.setdefault(c.name, gender)
        if c.claimant_type != "document":
            self.recent.append((raw, c))
            if len(self.recent) > 2 * RECENT:
                del self.recent[:RECENT]
