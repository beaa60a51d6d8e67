"""Clauses cut by the word rules (issue 24): the antecedent of ", which accuses …" is the whole
noun phrase before the comma, even when one of its capitalized words is also a reporting verb's
form ("the United States"); a subject pronoun before "and" begins a joined subject, not a new
clause. Sentences invented for the test."""

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


def test_a_subject_pronoun_before_and_begins_a_joined_subject() -> None:
    """'… as she and her mother were walking …' is one clause: a subject pronoun ends no clause,
    so no claim is cut to '… as she.' and 'Her mother were walking …'; after an object the cut
    stays ('… met him and his aide said …')."""
    s = ("The man grabbed the girl as she and her mother were walking down the avenue at dusk on "
         "the day of the fair.")
    toks = cl.tokenize(s)
    assert [c.kind for c in cl.split(s, toks)] == ["main"]
    (one,) = extract.extract(s, "Test Wire", "2025-10-08")
    assert one.claim == s
    s2 = "The envoy met him on Monday and his aide said the talks would resume."
    assert [c.kind for c in cl.split(s2, cl.tokenize(s2))] == ["main", "coord"]
