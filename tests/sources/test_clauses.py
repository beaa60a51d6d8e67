"""Clauses cut by the word rules (issue 24): the antecedent of ", which accuses …" is the whole
noun phrase before the comma, even when one of its capitalized words is also a reporting verb's
form ("the United States"). Sentences invented for the test."""

from __future__ import annotations

from claimbook.sources import clauses as cl
from claimbook.sources import extract


def test_a_name_holding_a_reporting_form_is_the_antecedent_of_which() -> None:
    s = "The pilot faces extradition to the United States, which accuses him of smuggling parts."
    toks = cl.tokenize(s)
    rel = next(c for c in cl.split(s, toks) if c.kind == "relative")
    a, b = rel.antecedent
    assert s[toks[a].start:toks[b - 1].end] == "United States"
    (_, which) = extract.extract(s, "Test Wire", "2025-10-08")
    assert which.claimant.name in ("United States", "US")


def test_and_that_after_a_reporting_participle_is_its_second_complement() -> None:
    """'X issued an advisory saying that A and that B': 'that B' is a complement of 'saying' (the
    same speaker's), not a clause of the writer's own that starts with 'That'."""
    s = ("The agency issued an advisory on Monday saying that the grant round was cancelled and "
         "that it will close every open project.")
    toks = cl.tokenize(s)
    assert [c.kind for c in cl.split(s, toks)] == ["main", "complement"]
    cs = extract.extract(s, "Test Wire", "2025-10-08")
    assert [(c.claimant.name.lower(), c.claim) for c in cs] == [
        ("agency", "The grant round was cancelled."),
        ("agency", "It will close every open project.")]
