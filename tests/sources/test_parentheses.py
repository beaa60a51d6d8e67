"""Sentences written in parentheses (issue 24, CRS briefs): a parenthesis closed by a sentence's
stop and followed by a capital ends a sentence, and the sentences inside it are cut as the
splitter cuts its content read alone (its abbreviations too); a parenthesis inside a sentence
("It rose (see Table 1).") cuts nothing new; a parenthetical reference ("(For background, see
…)") sends the reader elsewhere and is no claim, while the sentence after it is one. Text
invented for the test."""

from __future__ import annotations

from claimbook.sources import extract, parentheses, segment


def sentences(text: str) -> list[str]:
    seg = segment.segment(text)
    return [seg.sentence_text(s) for s in seg.sentences]


def test_parenthetical_sentences_and_the_one_after_them_are_cut() -> None:
    text = ("(This is less than the 2023 proposal, which applied to U.S. banks. The 2026 proposal "
            "is a re-proposal.) However, three other rules would more than offset it.\n")
    assert sentences(text) == [
        "(This is less than the 2023 proposal, which applied to U.S. banks.",
        "The 2026 proposal is a re-proposal.)",
        "However, three other rules would more than offset it."]


def test_a_parenthesis_inside_a_sentence_cuts_nothing() -> None:
    s = "Exports rose (by 3 percent, see Table 1) in May, the ministry said."
    assert parentheses.cuts(s, 0, len(s)) == []
    assert sentences("It rose (see Table 1). The bank said so.\n") == [
        "It rose (see Table 1).", "The bank said so."]


def test_a_parenthetical_reference_is_no_claim_the_sentence_after_it_is() -> None:
    text = ("(For background, see Invented Report R1, Bank Capital: A Primer.) Under new "
            "leadership, regulators have released several rules that would reduce capital.\n")
    cs = extract.extract(text, "Research Service", "2026-04-14")
    assert [c.claim for c in cs] == [
        "Under new leadership, regulators have released several rules that would reduce capital."]
