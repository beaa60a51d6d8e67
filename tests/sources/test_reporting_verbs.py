"""One list of reporting verbs: the word rules read each verb's forms, derived from its lemma
(irregular pasts named), less the forms a reader leaves out; the parse reads the same lemmas;
what a denial denies is read after a form of the same denial and characterizing verbs; one list
of dismissive words serves both the characterization and the flat rejection."""

from __future__ import annotations

from claimbook.sources import clause_attribution, clauses
from claimbook.sources import reporting_verbs as rv
from claimbook.sources.speech_acts import FLAT_REJECTION


def test_forms_are_derived_from_the_lemma() -> None:
    assert rv.inflect("deny") == {"base": ("deny",), "s": ("denies",), "past": ("denied",),
                                  "ing": ("denying",)}
    assert rv.inflect("refute")["ing"] == ("refuting",) and rv.inflect("agree")["ing"] == (
        "agreeing",)
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


def test_a_denial_is_read_after_every_form_of_a_denial_verb() -> None:
    for lemma in rv.DENIAL_VERBS:
        assert set(sum(rv.inflect(lemma).values(), ())) <= rv.DENYING_FORMS
    assert {"rule out", "rules out", "ruled out", "ruling out"} <= rv.DENYING_FORMS
    assert "ruled" not in rv.DENYING_FORMS and rv.CHARACTERIZING_VERBS <= rv.DENYING_FORMS
    assert "said" not in rv.DENYING_FORMS


def _example(word: str) -> str:
    """A word of `DISMISSIVE_WORDS` as written ("fabricat\\w*" -> "fabricated")."""
    return word.replace(r"\w*", "ed") if word.startswith("fabricat") else word.replace(
        r"\w*", "ion" if word.startswith("invent") else "ous")


def test_one_list_of_dismissive_words_serves_the_characterization_and_the_flat_rejection() -> None:
    """Each dismissive word makes "X called the report <word>" a denial (the word rules) and
    "That is simply <word>." a flat rejection; a word that is not in the list does neither, and
    "true" is a flat rejection only ("That is not true")."""
    def characterized(word: str) -> str:
        s = f"The ministry called the report {word}."
        toks = clauses.tokenize(s)
        return clause_attribution.attribute(s, toks, clauses.split(s, toks)[0]).verb

    assert len(rv.DISMISSIVE_WORDS) == len(set(rv.DISMISSIVE_WORDS)) >= 18
    for word in map(_example, rv.DISMISSIVE_WORDS):
        assert characterized(word) == "deny", word
        assert FLAT_REJECTION.match(f"That is simply {word}."), word
    assert characterized("misleading") == "" and not FLAT_REJECTION.match("That is misleading.")
    assert characterized("true") == "" and FLAT_REJECTION.match("That is not true.")
