"""Transcript speaker labels read as claimants: "SPOKESPERSON HALYNA MOROZ", then "MOROZ".

A label names who speaks a turn (`segment` finds it); this turns it into the claimant the turn's
claims are credited to, the same person each time the label (or its surname alone) comes back.
Moderators and questioners are silent: they assert nothing of their own.
"""

from __future__ import annotations

import re

from claimbook.claims import aliases as alias_mod
from claimbook.claims.aliases import Claimant

# A moderator or questioner asserts nothing of their own; what they relay keeps its source.
SILENT_SPEAKERS = re.compile(r"^(?:Q|MODERATOR|HOST|ANCHOR|INTERVIEWER|PRESENTER|CHAIR|QUESTION)$")
ROLE_WORDS = {"spokesperson", "spokesman", "spokeswoman", "minister", "colonel", "general",
              "president", "ambassador", "dr", "mr", "ms", "mrs", "governor", "deputy", "major",
              "captain", "lieutenant", "commander", "prime", "foreign", "defence", "defense",
              "secretary", "press", "officer", "director", "chief", "senator", "mayor"}


class Speakers:
    """Transcript speaker labels -> claimants: "SPOKESPERSON HALYNA MOROZ", then "MOROZ"."""

    def __init__(self, text: str, table: dict[str, Claimant], publisher: Claimant) -> None:
        self.text, self.table, self.publisher = text, table, publisher
        self.known: dict[str, Claimant] = {}

    def claimant(self, label: str) -> Claimant | None:
        if not label or label == "A" or SILENT_SPEAKERS.match(label.upper()):
            return None
        words = label.split()
        name_words = [w for w in words if w.lower().strip(".") not in ROLE_WORDS]
        if not name_words:
            return None
        surname = name_words[-1].title()
        name = " ".join(w.title() for w in name_words)
        # "DONALD TRUMP" after "MELANIA TRUMP" is another person; "TRUMP" alone, the first one
        key = name if len(name_words) > 1 else surname
        if key in self.known:
            return self.known[key]
        context = " ".join(words)
        if len(name_words) == 1 and (m := re.search(
                rf"\b((?:[A-Z][a-z'’-]+\s+){{1,2}}){re.escape(surname)}\b(?P<after>[^.\n]{{0,90}})",
                self.text)):
            name = m.group(1).split()[-1] + " " + surname
            context += " " + m.group(0)
        known = alias_mod.resolve(name, self.table)
        if known.known:
            c = known
        else:
            ctype = alias_mod.guess_type(context)
            if ctype == "unknown" and self.publisher.claimant_type == "document":
                ctype = alias_mod.guess_type(self.publisher.name)
            c = Claimant(name, "individual" if ctype == "unknown" else ctype,
                         alias_mod.country_of(context) or self.publisher.country, False)
        self.known[key] = c
        self.known.setdefault(surname, c)
        return c
