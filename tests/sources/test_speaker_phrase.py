"""The speaker's noun phrase in the parse: a subject without its apposition, place or medium
names the speaker; a document that speaks ('the agency's testimony', 'the declaration of X')
names its author; an envoy's 'to <country>' is part of the title. Sentences invented."""

from __future__ import annotations

from claimbook.sources import nlp
from claimbook.sources import speaker_phrase as sp


def subject(sentence: str):
    return next(t for t in nlp.parse(sentence) if t.dep_ == "nsubj")


def test_the_subjects_words_that_name_the_speaker() -> None:
    s = subject("Anna Brekke, a spokeswoman for the port, said in Tallinn that the pier was shut.")
    assert sp.text(sp.speaker_tokens(s)) == "Anna Brekke"
    assert sp.description(s) == "a spokeswoman for the port"
    envoy = subject("Japan's ambassador to Canada said the talks had stalled.")
    assert sp.text(sp.speaker_tokens(envoy)) == "Japan's ambassador to Canada"


def test_a_document_that_speaks_names_its_author() -> None:
    testimony = subject("The agency's testimony before the committee stated that funds had moved.")
    assert sp.text(sp.speaker_tokens(sp.author(testimony))) == "The agency"
    declaration = subject("The declaration of Daniel Ortmann stated that the program had not ended.")
    assert sp.author(declaration).text == "Ortmann"
    assert sp.author(subject("The pier was shut, officials said.")) is None
