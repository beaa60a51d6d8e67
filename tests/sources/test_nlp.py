"""The English pipeline is installed with the project and reads a sentence's structure; a missing
model is a typed error naming the command that installs it (nothing is downloaded)."""

from __future__ import annotations

import pytest

from claimbook.errors import ModelError
from claimbook.sources import nlp


def test_the_installed_model_parses_subject_verb_and_complement() -> None:
    doc = nlp.parse("The ministry said on Tuesday that the bridge had been destroyed.")
    said = next(t for t in doc if t.lower_ == "said")
    assert said.dep_ == "ROOT" and said.pos_ == "VERB"
    assert [c.text for c in said.children if c.dep_ == "nsubj"] == ["ministry"]
    assert any(c.dep_ == "ccomp" and c.lemma_ == "destroy" for c in said.children)
    assert nlp.pipeline().meta["version"] == nlp.MODEL_VERSION


def test_named_entities_are_found() -> None:
    doc = nlp.parse("President Emmanuel Macron met officials of the United Nations in Paris on Monday.")
    ents = {(e.text, e.label_) for e in doc.ents}
    assert {("Emmanuel Macron", "PERSON"), ("the United Nations", "ORG"), ("Paris", "GPE"),
            ("Monday", "DATE")} <= ents


def test_parse_many_keeps_the_order_and_one_doc_per_text() -> None:
    texts = ["He said it rained.", "She denied it.", "Officials declined to comment."]
    assert [d.text for d in nlp.parse_many(texts)] == texts


def test_a_missing_model_is_a_model_error_naming_make_install(monkeypatch) -> None:
    nlp.pipeline.cache_clear()
    monkeypatch.setattr(nlp, "MODEL", "en_no_such_model_xyz")
    try:
        with pytest.raises(ModelError, match="make install"):
            nlp.pipeline()
    finally:
        nlp.pipeline.cache_clear()
