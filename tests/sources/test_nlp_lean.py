"""Extraction parses less without reading anything different (issue 24, cost): the attribute
ruler's looked-up matches are spaCy's matcher's own, a sentence skipped as unable to report
holds no reporting verb the full parse would find, and `extract` on real and fixture texts gives
exactly what it gives when every sentence is parsed with every component. The lemmas keep the
rule order extraction was measured with whichever spaCy 3.8 build runs, and the installed spaCy
is one of the builds the pin allows (the faster ones: benchmarks/README.md)."""

from __future__ import annotations

import dataclasses
import tomllib
from importlib.metadata import version

import pytest
from packaging.requirements import Requirement
from spacy.pipeline import AttributeRuler, Lemmatizer

from claimbook.claims import aliases
from claimbook.sources import attribution, extract, nlp, segment
from places import ROOT

TEXTS = sorted((ROOT / "tests" / "fixtures").glob("*/*.txt"))
# a real debate transcript, its first 600 lines (CheckThat! 2019 development part, README beside it)
DEBATE = ROOT / "benchmarks" / "data" / "checkthat2019" / "training" / "20160926_1pres.tsv"


def _debate() -> str:
    lines = [r.split("\t") for r in DEBATE.read_text(encoding="utf-8").splitlines()[:600]]
    return "\n\n".join(f"{r[1]}: {r[2]}" for r in lines if len(r) >= 3)


def _sentences() -> list[str]:
    out = []
    for text in [p.read_text(encoding="utf-8") for p in TEXTS] + [_debate()]:
        sg = segment.segment(text)
        out += [sg.view[s.start:s.end] for s in sg.sentences]
    return out


def test_the_looked_up_ruler_matches_are_the_matchers_on_real_sentences() -> None:
    pipe = nlp.pipeline()
    ruler = pipe.get_pipe("attribute_ruler")
    assert isinstance(ruler.match, nlp.RulerMatches)  # the lookup is in place
    with pipe.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(pipe.pipe(_sentences()[:3000]))
    assert len(docs) > 500
    for doc in docs:
        assert ruler.match(doc) == AttributeRuler.match(ruler, doc), doc.text


def test_a_sentence_that_cannot_report_has_no_reporting_act_in_its_full_parse() -> None:
    sentences = _sentences()
    skipped = [s for s in sentences if not attribution.may_report(s)]
    assert len(skipped) > len(sentences) // 4  # the skip saves real work
    for doc in nlp.pipeline().pipe(skipped):
        assert attribution.attributions(doc) == [], doc.text


@pytest.mark.parametrize("word", ["said", "says", "denied", "denies", "told", "wrote", "admitted",
                                  "according", "citing", "Alleges", "dismissing", "ruled"])
def test_a_form_of_a_reporting_verb_makes_a_sentence_worth_parsing(word: str) -> None:
    assert attribution.may_report(f"The officials {word} it.")
    assert not attribution.may_report("The bridge was destroyed overnight near the border.")


def test_a_verb_that_reports_only_beside_a_word_of_its_own_needs_that_word_too() -> None:
    """"see"/"view"/"regard" report only with "as", "express"/"voice" only with a view as their
    object: without that word the sentence is not parsed for them ("we'll see", common in
    speech, sent a tenth more debate lines to the parser)."""
    assert attribution.may_report("Apple views privacy as a fundamental human right.")
    assert attribution.may_report("Residents have voiced concerns about the water.")
    assert not attribution.may_report("We'll see what happens at the border next week.")
    assert not attribution.may_report("The company expressed its goods to the port.")


def _rows(cands: list[extract.Candidate]) -> list[list[tuple]]:
    return [[dataclasses.astuple(m) for m in c.mentions] for c in cands]


def test_extract_is_the_same_as_with_every_sentence_fully_parsed(monkeypatch) -> None:
    table = aliases.alias_table()
    texts = [(p.read_text(encoding="utf-8"), "Test Wire", "2025-06-20") for p in TEXTS]
    texts.append((_debate(), "Debate transcript", "2016-09-26"))
    lean = [_rows(extract.extract(t, pub, day, table)) for t, pub, day in texts]
    monkeypatch.setattr(attribution, "may_report", lambda sentence: True)
    monkeypatch.setattr(attribution, "needs_entities", lambda doc: True)
    full = [_rows(extract.extract(t, pub, day, table)) for t, pub, day in texts]
    assert sum(len(x) for x in lean) > 500
    assert lean == full


def test_where_two_suffix_rules_give_known_words_the_last_rules_is_the_lemma() -> None:
    # "hoping": "hope" (ing -> e) and "hop" (ing -> ""); spaCy up to 3.8.7 takes the first, the
    # builds extraction was measured with the last: the pipeline gives the same on both
    doc = nlp.parse("She was hoping that they hoped it and noted that it is what it is.")
    assert isinstance(nlp.pipeline().get_pipe("lemmatizer").lemmatize, nlp.RuleLemmas)
    assert [t.lemma_ for t in doc if t.text in ("hoping", "hoped", "noted", "is")] == [
        "hop", "hop", "note", "be", "be"]


def test_the_rule_lemmas_are_spacys_wherever_its_builds_agree() -> None:
    pipe = nlp.pipeline()
    lemmatizer = pipe.get_pipe("lemmatizer")
    ours = nlp.RuleLemmas(lemmatizer)
    index = lemmatizer.lookups.get_table("lemma_index", {})
    rules = lemmatizer.lookups.get_table("lemma_rules", {})

    def known_forms(t) -> int:  # how many suffix rules give a known word
        low, pos = t.text.lower(), t.pos_.lower()
        return sum(low.endswith(old) and low[:len(low) - len(old)] + new in index.get(pos, {})
                   for old, new in rules.get(pos, []))

    compared = 0
    with pipe.select_pipes(disable=["ner"]):
        for doc in pipe.pipe(_sentences()[:2000]):
            for t in doc:
                if known_forms(t) < 2:
                    assert ours(t) == Lemmatizer.rule_lemmatize(lemmatizer, t), t.text
                    compared += 1
    assert compared > 8000


def test_the_installed_spacy_is_a_build_the_pin_allows() -> None:
    """A working copy installed before the pin changed runs the slower builds: `make install`."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pin = next(Requirement(r) for r in project["project"]["dependencies"]
               if Requirement(r).name == "spacy")
    assert pin.specifier.contains(version("spacy")), (
        f"spaCy {version('spacy')} is installed, the project pins {pin}: run `make install`")
