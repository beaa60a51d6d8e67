"""A mention's evidence reads as written: how its claimant was found, the name as written and the
reporting verb where there is one — a transcript's speaker label has none, and its evidence is
"speaker: 'Mr. Lane'; date: 'Monday'" without a space before the ";"; the review file shows the same.

The mentions and the transcript below are invented for these tests.
"""

from __future__ import annotations

from claimbook.claims.aliases import Claimant
from claimbook.sources import extract, review
from claimbook.sources.candidates import Mention, content_tokens

LANE = Claimant("Tomas Lane", "individual", "", False)


def mention(attribution: str, verb: str, date_expression: str = "") -> Mention:
    claim = "The ferry admits 740 people a day."
    return Mention(start=0, end=len(claim), quote=claim, sentence=0, claimant=LANE,
                   raw_claimant="Lane", attribution=attribution, verb=verb, claim=claim,
                   claim_type="statement", date="2025-06-02", date_expression=date_expression,
                   confidence=0.5, tokens=content_tokens(claim))


def test_a_speaker_label_has_no_verb_and_no_stray_space() -> None:
    assert mention("speaker", "", "on Monday").evidence() == "speaker: 'Lane'; date: 'on Monday'"
    assert mention("speaker", "").evidence() == "speaker: 'Lane'"
    assert mention("lead", "said", "on Monday").evidence() == "lead: 'Lane' said; date: 'on Monday'"


def test_the_review_files_evidence_of_a_transcript_turn() -> None:
    text = ("MR. LANE: The ministry sent two hundred tonnes of flour to the port of Odesa on Monday.\n\n"
            "Q: Is there a deadline?\n")
    rows = review.review_rows(extract.extract(text, "Example Ministry", "2025-03-01"), "doc")
    (row,) = [r for r in rows if r["claim"].startswith("The ministry sent")]
    assert row["evidence"] == "speaker: 'Mr. Lane'; date: 'Monday'"
