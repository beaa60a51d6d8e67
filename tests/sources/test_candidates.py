"""Mentions that state different figures are two claims, however alike their words ("We have
admitted approximately 740 people through that CBP One app per day" and "We are expanding that
CBP One app to reach as many as a thousand people a day" were one candidate in a real White House
briefing); the same figure restated, or figures only outside the claim ("a post shared 40,000
times claims …"), still merge.

The mentions below are invented for these tests.
"""

from __future__ import annotations

from claimbook.claims.aliases import Claimant
from claimbook.sources import candidates
from claimbook.sources.candidates import Mention, content_tokens

BERG = Claimant("Tomas Berg", "individual", "", False)


def mention(claim: str, sentence: int, quote: str = "") -> Mention:
    return Mention(start=sentence * 100, end=sentence * 100 + len(claim), quote=quote or claim,
                   sentence=sentence, claimant=BERG, raw_claimant="Berg", attribution="speaker",
                   verb="", claim=claim, claim_type="statement", date="2025-06-02",
                   date_expression="", confidence=0.5, tokens=content_tokens(claim),
                   paragraph=sentence)


def test_different_figures_are_two_claims_and_the_same_figure_restated_is_one() -> None:
    ms = [mention("The ferry app admits 740 people a day.", 0),
          mention("The ferry app will admit 1,000 people a day.", 1),
          mention("The ferry app admits 740 people a day, he said.", 2),
          mention("The ferry app admits many people a day.", 3,
                  "A post shared 40,000 times says the ferry app admits many people a day.")]
    groups = [[m.sentence for m in c.mentions] for c in candidates.merge(ms, threshold=0.3)]
    assert groups == [[0, 2, 3], [1]]


def test_figures_are_read_as_written() -> None:
    assert candidates.numbers("about 1,000 people, 2.5 percent, thousands of troops") == {
        "1000", "2.5", "thousand"}
    assert candidates.numbers("no figure at all") == frozenset()
