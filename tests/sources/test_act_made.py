"""A reporting verb's act is made unless negated, to come, the claiming of a due, the adding of a
thing or evidence no one is named with: "did not reveal", "will announce", "is expected to
announce", "will try to argue", "taxpayers claimed the credit", "the stock added 2%" and "Blood
tests revealed that …" make no claim; "has tried to suggest", "claimed credit for", "claimed
victory", "added that …" and "The coroner's autopsy revealed" do.

Sentences invented for the test."""

from __future__ import annotations

import pytest

from claimbook.sources import act_made, nlp


def verb(sentence: str, word: str):
    return next(t for t in nlp.parse(sentence) if t.text == word)


@pytest.mark.parametrize(("sentence", "word", "made"), [
    ("The ministry did not reveal the location.", "reveal", False),
    ("The president will announce the plan today.", "announce", False),
    ("The governor is expected to announce a ban.", "announce", False),
    ("Lawyers will try to argue that the law is void.", "argue", False),
    ("Trump has tried to suggest that he was a stranger.", "suggest", True),
    ("The ministry said the strike hit a depot.", "said", True),
])
def test_an_act_negated_or_to_come_is_not_made(sentence: str, word: str, made: bool) -> None:
    assert act_made.unrealized(verb(sentence, word)) is not made


@pytest.mark.parametrize(("sentence", "due"), [
    ("About 2.2 million taxpayers claimed the credit in 2023.", True),
    ("The storm claimed the lives of 12 people.", True),
    ("Taxpayers could claim a credit of up to 2,000 dollars.", True),
    ("The mayor claimed credit for the drop in crime.", False),
    ("The general claimed victory in the battle.", False),
    ("The group claimed that the vote was rigged.", False),
])
def test_a_thing_claimed_as_a_due_is_no_claim(sentence: str, due: bool) -> None:
    assert act_made.claims_a_due(verb(sentence, "claimed" if "claimed" in sentence else "claim")) is due


@pytest.mark.parametrize(("sentence", "word", "evidence"), [
    ("Blood tests revealed that the man was ill.", "revealed", True),
    ("The scan showed severe inflammation.", "showed", True),
    ("Tests by the state laboratory revealed that the water was safe.", "revealed", False),
    ("The coroner's autopsy revealed that he had drowned.", "revealed", False),
    ("The ministry revealed that the strike hit a depot.", "revealed", False),
])
def test_evidence_no_one_is_named_with_reads_nothing(sentence: str, word: str,
                                                      evidence: bool) -> None:
    assert act_made.evidence_without_maker(verb(sentence, word)) is evidence


@pytest.mark.parametrize(("sentence", "a_thing"), [
    ("The stock added more than 2% to begin the week.", True),
    ("Coty shares added more than 2% on Monday.", True),
    ("The economy has added 12 million jobs.", True),
    ("The agency added two smaller landers to the contract.", True),
    ("The ministry added that the strike hit a depot.", False),
    ("“We will rebuild,” the mayor added.", False),
])
def test_adding_a_thing_is_no_reporting_act(sentence: str, a_thing: bool) -> None:
    """'The stock added 2%', 'the economy added 12 million jobs': a gain, not more words; 'added
    that …' and '…, X added' are speech."""
    assert act_made.adds_a_thing(verb(sentence, "added")) is a_thing
