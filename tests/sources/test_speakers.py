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
from claimbook.sources.speakers import SAYS_NOTHING, Speakers

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


def test_a_podium_answer_that_asserts_nothing_is_told_from_one_that_does() -> None:
    """Declines, deferrals, bare agreement and the podium's housekeeping (as a real White House
    gaggle has them) say nothing; a refusal of a course of action, an agreement with what follows
    and a claim after "That's right," are claims."""
    nothing = ["We’re not going to speak to individual payload loadouts on individual aircraft.",
               "I’m in no position to confirm the weapons loadout on Israeli aircraft.",
               "They should detail what they’re doing on the ground.",
               "The IDF should speak to their conduct of this particular operation.",
               "I’ll leave it to the Israelis to describe the manner of these strikes.",
               "On the minister’s comments about the war: Again, we’ll let officials speak for "
               "themselves.", "That is what I said.", "No, I’m — I’m not saying that at all.",
               "Yes, I agree with that, and I said so yesterday in the briefing.",
               "Secretary, the podium is yours.", "With that, we can take some questions.",
               "I’d like to introduce the Secretary of Homeland Security.", "A few — a few responses.",
               "Since you brought up truth, Zeke, I would like to point out.",
               "then I’ll come to you.", "Go ahead, Nancy, with your question."]
    claims = ["We are not going to stop the operations.", "Our borders are not open.",
              "I agree with that assessment of the danger in Rafah.",
              "That’s right, 40 people died.", "They should pay for the damage they caused.",
              "I am not going to talk about big ideas and then not level with people.",
              "I want to be very clear: Our borders are not open."]
    assert [t for t in nothing if not SAYS_NOTHING.match(t)] == []
    assert [t for t in claims if SAYS_NOTHING.match(t)] == []


def test_a_label_with_a_title_is_the_person_the_text_names_in_full() -> None:
    """"ADMIRAL KIRBY:", "SECRETARY BLINKEN:", "MR. KIRBY:" are the person the opening names in
    full ("… Coordinator for Strategic Communications John Kirby"); a title before the surname
    elsewhere ("Secretary Blinken and …") is not a first name."""
    text = ("Press Briefing by Coordinator for Strategic Communications John Kirby\n\n"
            "Secretary Blinken and Jake Sullivan met on Monday. Secretary Antony Blinken spoke.\n")
    speakers = Speakers(text, {}, Claimant("The White House", "document", "US", True))
    kirby = speakers.claimant("ADMIRAL KIRBY")
    assert kirby is not None and kirby.name == "John Kirby"
    assert speakers.claimant("MR. KIRBY") is kirby
    blinken = speakers.claimant("SECRETARY BLINKEN")
    assert blinken is not None and blinken.name == "Antony Blinken"


def test_a_title_alone_is_the_one_person_the_text_names_with_it() -> None:
    """"THE PRESIDENT:" (as the White House prints remarks) is the one person the text writes
    as "President …" (it was a claimant named "The"); a title the text gives two people, or none,
    names no one. "…, I promise" in a speaker's turn is the speaker's (it was a claimant "I")."""
    text = ("Remarks by President Biden and Prime Minister Lind\n\nTHE PRESIDENT: Thank you. We "
            "have sent 40 new trucks to the border this week.\n\nPRIME MINISTER LIND: The trucks "
            "arrived on Monday in Narva.\n\nTHE PRESIDENT: The bridge will reopen in June, I "
            "promise.\n")
    who = {c.claim: c.claimant.name for c in extract.extract(text, "The White House", "2024-05-01")}
    assert who["We have sent 40 new trucks to the border this week."] == "Biden"
    assert who["The bridge will reopen in June, I promise."] == "Biden"
    two = Speakers("President Biden met President Macron's envoy.", {},
                   Claimant("The White House", "document", "US", True))
    assert two.claimant("THE PRESIDENT") is None
