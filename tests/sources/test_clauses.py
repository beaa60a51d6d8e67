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
