"""One list of reporting verbs: the word rules read each verb's forms, derived from its lemma
(irregular pasts named), less the forms a reader leaves out; the parse reads the same lemmas."""

from __future__ import annotations

from claimbook.sources import reporting_verbs as rv


def test_forms_are_derived_from_the_lemma() -> None:
    assert rv.inflect("deny") == {"base": ("deny",), "s": ("denies",), "past": ("denied",)}
    assert rv.inflect("stress")["s"] == ("stresses",) and rv.inflect("say")["s"] == ("says",)
    assert rv.inflect("allege")["past"] == ("alleged",) and rv.inflect("say")["past"] == ("said",)
    assert rv.inflect("admit")["past"] == ("admitted",)


def test_the_word_rules_read_every_form_but_those_left_out() -> None:
    for form in ("say", "says", "said", "denies", "denied", "admitted", "wrote", "adds", "reads"):
        assert form in rv.REPORTING
    assert rv.REPORTING["denied"] == "deny" and rv.REPORTING["told"] == "tell"
    for form in ("add", "note", "estimate", "read", "explain", "tweeted", "called", "ruled"):
        assert form not in rv.REPORTING  # a noun as often, or the parse's alone
    assert {"called", "calls", "described", "describes", "branded",
                                       "brands", "labelled", "labeled", "termed"} == rv.CHARACTERIZING_VERBS


def test_the_parse_reads_the_same_lemmas() -> None:
    rules = set(rv.REPORTING.values())
    assert rules - set(rv.PARSED) == rv.PARSE_SKIPS
    assert rv.PARSED["call"] == "characterize" and rv.PARSED["rule"] == "deny"
    assert rules >= rv.DENIAL_VERBS
