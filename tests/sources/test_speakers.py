"""A transcript's speaker labels are read as claimants, the same person at each turn; two
speakers of a transcript who share a surname are two claimants: "DONALD TRUMP" after
"MELANIA TRUMP" is not Melania Trump again (a real 2020 CheckThat! development transcript,
20170218_Trump_Florida, had 409 of Donald Trump's mentions credited to her); a label with the
surname alone still means the first of them.

The transcript below is invented for this test (its shape is the real one's).
"""

from __future__ import annotations

from claimbook.claims.aliases import Claimant
from claimbook.sources import extract
from claimbook.sources.speakers import Speakers

TEXT = ("MELANIA TRUMP: Thank you. It is my honour to introduce the President of the United States.\n\n"
        "DONALD TRUMP: Thank you. We have created 600,000 jobs since the election.\n\n"
        "MELANIA TRUMP: We opened 40 new schools this year.\n\n"
        "DONALD TRUMP: The wall will be built and Mexico will pay for it.\n")


def test_two_speakers_with_one_surname_are_two_claimants() -> None:
    who = {m.quote: m.claimant.name for c in extract.extract(TEXT, "Debate transcript")
           for m in c.mentions}
    jobs = next(q for q in who if "600,000 jobs" in q)
    wall = next(q for q in who if "wall will be built" in q)
    schools = next(q for q in who if "40 new schools" in q)
    assert who[jobs] == who[wall] == "Donald Trump"
    assert who[schools] == "Melania Trump"


def test_a_label_is_read_as_its_claimant_and_a_moderator_is_silent() -> None:
    text = "Spokesperson Halyna Moroz of the ministry spoke in Kyiv.\n\nMOROZ: The bridge is open."
    speakers = Speakers(text, {}, Claimant("Briefing", "document", "", True))
    first = speakers.claimant("SPOKESPERSON HALYNA MOROZ")
    assert first is not None and first.name == "Halyna Moroz"
    assert speakers.claimant("MOROZ") is first  # the surname alone: the same person
    assert speakers.claimant("MODERATOR") is None and speakers.claimant("Q") is None
    assert speakers.claimant("") is None
