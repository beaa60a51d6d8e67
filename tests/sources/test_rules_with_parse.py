"""The word rules' clauses read again with the parse (issue 24): a coordinated clause the rules
cut at "and" because a noun phrase is followed by a word they read as a past tense is more of the
clause before when the parse reads that word as a participle describing the noun and finds no
finite verb in the clause ("… proposed rules and one final rule promulgated since 2025": no
fragment 'One final rule promulgated since 2025.'); a real second clause stays cut. Sentences
invented for the test."""

from __future__ import annotations

from claimbook.sources import clauses as cl
from claimbook.sources import nlp, rules_with_parse


def clauses(s: str) -> list[str]:
    toks = cl.tokenize(s)
    spans = rules_with_parse.without_false_coordinations(toks, cl.split(s, toks), nlp.parse(s))
    return [s[toks[c.first].start:toks[c.last - 1].end] for c in spans]


def test_a_noun_and_its_participle_after_and_is_no_clause() -> None:
    s = "The regulator described five proposed rules and one final rule promulgated since 2025."
    assert cl.split(s, cl.tokenize(s))[-1].kind == "coord"  # the word rules cut it
    assert clauses(s) == [s]


def test_a_second_clause_with_its_own_finite_verb_stays_cut() -> None:
    s = "The regulator proposed five rules and the board adopted one final rule in 2025."
    assert len(clauses(s)) == 2
