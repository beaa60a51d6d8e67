"""A person named by surname ("Assange", "Ms Persson") and the full name the story introduced
them with ("Wikileaks co-founder Julian Assange", "… Prosecution Eva-Marie Persson").

News style names a person in full at the first mention and by surname (with or without an
honorific) afterwards; the claimant is the full name. Only the first mention of the surname is
read: a capitalized word right before it is the given name unless it is a function word, a
title, a month or a day ("Now Assange …", "President Trump", "On Tuesday Smith …"), a country
("… to Britain Liu Xiaming"), an acronym or a possessive.
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from claimbook.claims.aliases import COUNTRY_WORDS
from claimbook.sources import person_words

# "Ms " of "Ms Persson": an honorific written before a surname alone, with or without its full stop
HONORIFIC = re.compile(rf"^(?:{person_words.SURNAME_HONORIFIC})\.?\s+", re.I)
SURNAME = re.compile(r"[A-Z][\w'’]*(?:-[A-Z][\w'’]*)?")
GIVEN_BEFORE = re.compile(r"(?:^|(?<=[\s(“\"‘'—-]))(?P<given>[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?)"
                          r"\s+(?:[A-Z]\.\s+)?$")
CALENDAR_WORDS = {  # months and days
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
}
# capitalized words before a surname that are no given name: a title ("President Trump"), a date
NOT_GIVEN = person_words.TITLES | CALENDAR_WORDS


def bare_surname(raw: str) -> str:
    """The surname a claimant is written as, "" unless it is one ("Ms Persson" -> "Persson")."""
    name = HONORIFIC.sub("", raw.strip())
    return name if SURNAME.fullmatch(name) and name.lower() not in STOP_WORDS else ""


def introduced(text: str, surname: str) -> tuple[int, str]:
    """Where and as what full name `surname` is first written in `text`; (-1, "") if its first
    mention gives no given name."""
    m = re.search(rf"(?<![\w'’-]){re.escape(surname)}(?![\w'’-])", text)
    if m is None:
        return -1, ""
    g = GIVEN_BEFORE.search(text, max(0, m.start() - 60), m.start())
    if g is None:
        return -1, ""
    given = g.group("given")
    if given.lower() in STOP_WORDS or given.lower() in NOT_GIVEN or given == surname \
            or given.lower() in COUNTRY_WORDS:  # "ambassador to Britain Liu Xiaming"
        return -1, ""
    return g.start("given"), " ".join(text[g.start("given"):m.end()].split())


FEMALE = {"she", "her", "ms", "mrs", "miss", "madam", "dame", "lady", "woman", "women", "girl",
          "mother", "wife", "daughter", "sister", "queen", "princess", "grandmother", "widow"}
MALE = {"he", "him", "his", "mr", "sir", "lord", "man", "men", "boy", "father", "husband", "son",
        "brother", "king", "prince", "grandfather", "widower"}


def gender_of(raw: str) -> str:
    """What a claimant as written says of the person's gender: "f" ("Ms Persson", "she", "a
    woman"), "m" ("Mr Okafor", "he", "his father") or "" (most names say nothing)."""
    words = re.findall(r"[a-z]+", raw.lower())
    if not words:
        return ""
    for w in (words[0], words[-1]):  # an honorific or pronoun first, a head noun last
        if w in FEMALE:
            return "f"
        if w in MALE:
            return "m"
    return ""
