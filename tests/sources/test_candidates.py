"""Mentions that state different figures are two claims, however alike their words ("We have
admitted approximately 740 people through that CBP One app per day" and "We are expanding that
CBP One app to reach as many as a thousand people a day" were one candidate in a real White House
briefing); the same figure restated, or figures only outside the claim ("a post shared 40,000
times claims …"), still merge; nor are a statement and its negation one claim ("In 1984 the agency
issued licences", "The agency has not issued licences since 1984", in a real CRS brief). A claim
the text credits with a reporting verb to someone it names is proposed with keep = yes however low
its claim-worthiness (an opinion quoted is what an analyst records); the document's own line and a
transcript speaker's line below the threshold are not, and a claim a model doubts never is.

The mentions and texts below are invented for these tests.
"""

from __future__ import annotations

import dataclasses

from claimbook.claims import aliases
from claimbook.claims.aliases import Claimant
from claimbook.sources import candidates, extract, worthiness
from claimbook.sources.candidates import Candidate, Mention, content_tokens

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


def test_a_statement_and_its_negation_are_two_claims() -> None:
    ms = [mention("In 1984, the agency issued exploration licences for four sites.", 0),
          mention("The agency has not issued exploration licences since 1984.", 1),
          mention("In 1984 the agency issued exploration licences for four sites, he said.", 2)]
    groups = [[m.sentence for m in c.mentions] for c in candidates.merge(ms, threshold=0.3)]
    assert groups == [[0, 2], [1]]


def test_figures_are_read_as_written() -> None:
    assert candidates.numbers("about 1,000 people, 2.5 percent, thousands of troops") == {
        "1000", "2.5", "thousand"}
    assert candidates.numbers("no figure at all") == frozenset()


def test_a_named_sources_claim_is_kept_whatever_its_worthiness_and_other_voices_are_not() -> None:
    low = worthiness.KEEP_THRESHOLD / 2
    def kept(attribution: str, doubt: str = "") -> bool:
        m = dataclasses.replace(mention("I love the way you keep taking it all in.", 0),
                                attribution=attribution, confidence=low)
        return Candidate("K001", [m], doubt=doubt).kept
    assert [kept(a) for a in ("lead", "tail", "according", "relative", "inherited")] == [True] * 5
    assert [kept(a) for a in ("speaker", "document", "passive")] == [False] * 3
    assert not kept("tail", doubt="the learned model doubts it")


def test_a_quoted_opinion_of_a_named_speaker_is_proposed_with_keep_yes() -> None:
    text = "\u201cI love the way you keep taking all the new things in,\u201d Tomas Berg told the crowd."
    [c] = extract.extract(text, "Test Gazette", "2025-06-02", aliases.alias_table())
    assert c.claimant.name == "Tomas Berg" and c.first.attribution == "tail"
    assert c.confidence < worthiness.KEEP_THRESHOLD  # the score alone would have said keep = no
    assert c.kept
