"""Transcript speaker labels read as claimants: "SPOKESPERSON HALYNA MOROZ", then "MOROZ".

A label names who speaks a turn (`segment` finds it); this turns it into the claimant the turn's
claims are credited to, the same person each time the label (or its surname alone) comes back.
Moderators and questioners are silent: they assert nothing of their own; nor does a voice the
transcript cannot name ("(UNKNOWN)", "UNIDENTIFIED MALE"). `SAYS_NOTHING`: what a
spokesperson says at a podium that asserts nothing either (a decline, a deferral to another party,
an answer that only agrees, the podium's housekeeping).
"""

from __future__ import annotations

import re

from claimbook.claims import aliases as alias_mod
from claimbook.claims.aliases import Claimant
from claimbook.sources import person_words

# A moderator or questioner asserts nothing of their own; what they relay keeps its source.
SILENT_SPEAKERS = re.compile(r"^(?:Q|MODERATOR|HOST|ANCHOR|INTERVIEWER|PRESENTER|CHAIR|QUESTION)$")
# A voice the transcript cannot name ("(UNKNOWN):", "UNIDENTIFIED MALE:", "AUDIENCE MEMBER:"): a
# turn, but no claimant; its words are credited to no one, least of all the speaker before.
UNNAMED_SPEAKERS = re.compile(r"^(?:UNKNOWN|UNIDENTIFIED|UNNAMED|AUDIENCE|CROWD)\b(?:\s+[A-Z'’-]+){0,3}$")
_I = r"(?:i|we)"
_WILL = r"(?:'ll|’ll|\s+will)"
_BE = r"(?:'m|’m|'re|’re|\s+am|\s+are)"
# "On the minister's comments: Again, …", "And as for your question, …" before the answer proper
_TOPIC = r"(?:(?:and\s+)?(?:on|as\s+for|as\s+to|regarding)\b[^:;.]{0,80}[:,]\s*)?(?:again,?\s*)?"
# Clauses of a speaker's answer that assert nothing (a real White House gaggle's "We're not going
# to speak to individual payload loadouts", "I'll leave it to the Israelis to describe …", "The IDF
# should speak to their conduct …", "Yes, I agree with that", "Secretary, the podium is yours"):
SAYS_NOTHING = re.compile(
    rf"^\W*{_TOPIC}(?:"
    # a decline: "I'm not going to talk about …", "we're in no position to confirm …" (not a
    # stance: "I am not going to talk about big ideas … and then not level with people")
    rf"(?![^.]*\band\s+then\b){_I}{_BE}\s+(?:not\s+(?:going\s+to|gonna)|in\s+no\s+position\s+to)\s+(?:\w+\s+){{0,2}}?"
    r"(?:talk|speak|get\s+into|go\s+into|confirm|comment|detail|discuss|negotiate|characterize|"
    r"speculate|preview|get\s+ahead)\b|"
    # a deferral: "we'll let Israeli officials speak for themselves", "I'll leave it to X to describe"
    rf"{_I}{_WILL}\s+(?:let|leave\s+it\s+to|refer\s+you\s+to)\s+(?:[\w.'’-]+\s+){{1,5}}?(?:to\s+)?"
    r"(?:speak|describe|detail|characterize|talk|comment|address|answer)\b|"
    r"(?:they|he|she|it|the\s+[\w.'’-]+(?:\s+[\w.'’-]+)?)\s+should\s+(?:speak\s+(?:to|for)|detail|"
    r"describe|characterize|talk\s+about)\b|"
    # an answer that only agrees, or says what was (not) said: "Yes, I agree with that", "That's
    # right", "That is what I said", "No, I'm not saying that at all" (and what I said: "…, and I
    # said so yesterday")
    r"(?:(?:yes|yeah|no|right|sure|absolutely|of\s+course)\W+)?(?:i\s+agree(?:\s+with\s+(?:that|you|it))?|"
    r"that(?:'s|’s|\s+is)\s+(?:right|correct|true|what\s+i\s+said)|"
    rf"{_I}{_BE}\s+[—–-]?\s*(?:{_I}{_BE}\s+)?not\s+saying\s+that(?:\s+at\s+all)?)"
    rf"(?:\s*[,;—–-]\s*(?:and\s+)?{_I}\b(?:\W+[\w'’-]+){{0,8}})?\W*$|"
    # a frame with nothing framed: "Since you brought up truth, Zeke, I would like to point out."
    rf"(?:[^.:;]{{0,80}},\s*)?{_I}\s+(?:would\s+like|want|wish)\s+to\s+(?:point\s+out|say|add|note|"
    r"stress|be\s+(?:very\s+)?clear|make\s+(?:it|that|this)\s+(?:very\s+)?clear)\W*$|"
    # the podium's housekeeping: introductions, hand-overs, "a few responses"
    r"(?:[\w.'’-]+,\s+)?the\s+(?:podium|floor|mic|microphone)\s+is\s+yours\b|"
    r"(?:with\s+that,?\s+)?(?:i'd|i’d|i\s+would|let\s+me)\s+(?:like\s+to\s+)?(?:introduce|turn\s+it\s+over)\b|"
    rf"with\s+that,?\s+{_I}(?:{_WILL}|\s+can)?\s+(?:take|turn)\b|"
    rf"(?:(?:and\s+)?then\s+)?i{_WILL}\s+come\s+(?:back\s+)?to\s+you\b|go\s+ahead\b|"
    r"(?:so,?\s+)?(?:a\s+few|a\s+couple(?:\s+of)?|two|three)\b[^.]{0,20}\b(?:responses|points)\W*$"
    r")", re.I)
# The words of a label that are no part of the speaker's name: a title and what qualifies it
# ("PRESS SECRETARY", "THE VICE PRESIDENT", "LT. COL. VINDMAN"). Not a sovereign's or saint's
# title: every word of a label is read, its surname too, and "King", "Pope" or "Prince" is a
# surname in a label as often ("SENATOR KING" is Senator King, not a title alone)
ROLE_WORDS = (person_words.TITLES - person_words.SOVEREIGNS) | person_words.TITLE_QUALIFIERS


class Speakers:
    """Transcript speaker labels -> claimants: "SPOKESPERSON HALYNA MOROZ", then "MOROZ"."""

    def __init__(self, text: str, table: dict[str, Claimant], publisher: Claimant) -> None:
        self.text, self.table, self.publisher = text, table, publisher
        self.known: dict[str, Claimant] = {}

    def claimant(self, label: str) -> Claimant | None:
        if not label or label == "A" or SILENT_SPEAKERS.match(label.upper()) \
                or UNNAMED_SPEAKERS.match(label.upper()):
            return None
        words = label.split()
        if words[0].lower() == "the" and len(words) > 1:
            words = words[1:]  # "THE PRESIDENT:", as the White House prints its remarks
        name_words = [w for w in words if w.lower().strip(".") not in ROLE_WORDS]
        if not name_words:
            return self._titled(words)
        surname = name_words[-1].title()
        name = " ".join(w.title() for w in name_words)
        # "DONALD TRUMP" after "MELANIA TRUMP" is another person; "TRUMP" alone, the first one
        key = name if len(name_words) > 1 else surname
        if key in self.known:
            return self.known[key]
        context = " ".join(words)
        # the name the text gives in full ("… Advisor John Kirby", "Mr. John Kirby"), not a title
        # before the surname ("Secretary Blinken and …" is no first name)
        if len(name_words) == 1 and (m := next((
                m for m in re.finditer(
                    rf"\b((?:[A-Z][a-z'’-]+\s+){{1,2}}){re.escape(surname)}\b(?P<after>[^.\n]{{0,90}})",
                    self.text) if m.group(1).split()[-1].lower() not in ROLE_WORDS), None)):
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

    def _titled(self, words: list[str]) -> Claimant | None:
        """A label of a title alone ("THE PRESIDENT") is the one person the text names with it
        ("Remarks by President Biden …"); none named, or a title the text does not write before a
        name: no claimant (as before)."""
        title = " ".join(w.title() for w in words)
        if title in self.known:
            return self.known[title]
        names = {re.sub(r"['’]s$", "", m.group(1)) for m in re.finditer(
            rf"\b{re.escape(title)}\s+((?:[A-Z][a-z'’-]+\s+)?[A-Z][a-z'’-]+)\b", self.text)}
        if len(names) != 1:
            return None
        c = self.claimant(names.pop().upper())
        if c is not None:
            self.known[title] = c
        return c
