"""A press briefing's transcript, as government press offices print it: each of a speaker's
sentences is theirs, in the paragraph their label opens and in every paragraph their answer
runs on into, not only the first sentence of each (a real White House gaggle had 44 of 132
attributed claims credited to the publisher's voice that way); "Thanks to X, …" is no thanks.

The briefing below is invented for these tests; its shape (labels with titles, answers over
several paragraphs of several sentences) is the real one's.
"""

from __future__ import annotations

import pytest

from claimbook.sources import extract, worthiness
from extracting import find

BRIEFING = (
    "Press Briefing by Press Secretary Ana Lind and Minister of Transport Tomas Berg\n"
    "March 4, 2025\n\n"
    "MS. LIND: Good afternoon, everybody. The ministry opened three new bridges in the north "
    "this winter. Each bridge carries four lanes of traffic across the river.\n\n"
    "The ministry has sent forty engineers to inspect the older crossings. Their report is due "
    "at the end of the month. The repairs will cost about 12 million euros. Thanks to the new "
    "bridges, the queue at the ferry has shrunk to ten minutes.\n\n"
    "Q\u00a0\u00a0\u00a0 Thank you, Ana. I have two questions for the minister today. The mayors "
    "of the river towns say that the ferry is unsafe in winter storms. Will it keep running?\n\n"
    "MINISTER BERG: The ferry will run until the last bridge opens. Passenger numbers have "
    "fallen by half since the first bridge opened. Steel girders have been scarce across Ukraine "
    "since 2022. Russia has shelled the rail bridge at Kherson every night since 2022.\n\n"
    "Q Thanks. One more on the fares for the minister, please.\n\n"
    "MINISTER BERG: Fares will stay at two euros this year.\n\n"
    "Q    The contractor says the new bridge is late. Minister, you said last week that the "
    "ferry would close in June. Do you agree?\n\n"
    "MINISTER BERG: Yes, I agree with that, and I said so last week. I'm not going to talk about "
    "the contract in any kind of detail. The contractor should speak to its own schedule. On the "
    "audit: Again, we'll let the auditors speak for themselves. The new bridge will open in May.\n"
)


@pytest.fixture(scope="module")
def briefing() -> list[extract.Candidate]:
    return extract.extract(BRIEFING, "Ministry of Transport", "2025-03-04")


def test_every_sentence_of_an_answer_run_on_is_the_speakers(briefing) -> None:
    for words in ("opened three new bridges", "carries four lanes", "sent forty engineers",
                  "report is due", "will cost about 12 million", "queue at the ferry has shrunk"):
        assert find(briefing, words).claimant.name == "Ana Lind", words
    for words in ("ferry will run", "Passenger numbers have fallen"):
        assert find(briefing, words).claimant.name == "Tomas Berg", words


def test_a_bare_q_opening_two_turns_is_the_questioner_whose_own_words_are_no_claim(
        briefing) -> None:
    """"Q" set off by spaces alone, as the White House prints it: "Q    Thank you. I have two
    questions …" was proposed as a claim of the publisher, "Q" and all."""
    quotes = [m.quote for c in briefing for m in c.mentions]
    assert not any("two questions" in q or "fares for the minister" in q or q.startswith("Q")
                   for q in quotes), quotes


def test_a_claim_a_question_relays_keeps_its_source_and_is_proposed(briefing) -> None:
    """What is left of a silent questioner's turn is someone else's claim: it is not scored down
    as the questioner's own line (it was keep = no)."""
    relayed = find(briefing, "the ferry is unsafe in winter")
    assert "mayors" in relayed.claimant.name.lower()
    assert worthiness.keep(relayed.confidence)


def test_an_answer_that_declines_defers_or_only_agrees_is_no_claim(briefing) -> None:
    """A spokesperson's "I'm not going to talk about …", "X should speak to …", "we'll let X
    speak for themselves", "Yes, I agree with that" assert nothing (they were proposed, keep =
    yes); the answer's claim beside them is kept."""
    last = [c.claim for c in briefing if c.first.start > BRIEFING.index("Yes, I agree")]
    assert last == ["The new bridge will open in May."], last


def test_you_in_a_question_is_the_speaker_it_is_put_to(briefing) -> None:
    """"Minister, you said last week that …" in a questioner's turn is the claim of the speaker
    who answered last (it was credited to a claimant named "You")."""
    assert find(briefing, "ferry would close in June").claimant.name == "Tomas Berg"


def test_a_speakers_words_naming_another_party_are_an_allegation_only_where_it_acts(
        briefing) -> None:
    """A country named in a speaker's sentence makes no allegation unless the (parsed) clause has
    it as the one acting: "Steel girders have been scarce across Ukraine" is a statement (it was an
    allegation), "Russia has shelled the rail bridge" stays one."""
    assert find(briefing, "Steel girders have been scarce").claim_type == "statement"
    assert find(briefing, "Russia has shelled").claim_type == "allegation"


def test_an_announcement_to_come_is_the_speakers_word_not_the_announcers() -> None:
    """"The President will announce today that …" tells what is planned: the speaker's claim (a
    real gaggle had three such sentences credited to the President or the First Lady); a
    reporting verb in the past is still the reported speaker's."""
    cs = extract.extract(
        "Press Gaggle by Press Secretary Ana Lind\nMarch 4, 2025\n\n"
        "MS. LIND: President Ilves will announce today that the state will cover the full cost "
        "of debris removal for thirty days. The minister is expected to announce that the ferry "
        "fares will be cut by half. Yesterday the minister said that the older crossings were "
        "safe for heavy trucks.\n", "Government Press Office", "2025-03-04")
    assert find(cs, "cover the full cost").claimant.name == "Ana Lind"
    assert find(cs, "fares will be cut").claimant.name == "Ana Lind"
    assert find(cs, "older crossings were safe").claimant.name != "Ana Lind"
