"""The speaker's noun phrase in the parse: a subject without its apposition, place or medium
names the speaker; a document that speaks ('the agency's testimony', 'the declaration of X')
names its author; an envoy's 'to <country>' is part of the title; a source the story does not
name keeps its description; a share of a people or place keeps its place ("Many in Hong Kong", in
a real editorial, was "Many"); a named body's leaning or base is not its name ("the
conservative-leaning Tax Foundation" was a bar of its own beside "Tax Foundation" in a report).
Sentences invented."""

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


def test_a_source_the_story_does_not_name_keeps_its_description() -> None:
    """'Two people' is no one an analyst can weigh; 'two people briefed on the talks' is. A named
    speaker or a participle telling how a source spoke keeps no such clause."""
    def speaker(sentence: str) -> str:
        return sp.text(sp.speaker_tokens(subject(sentence)))

    assert speaker("Two people briefed on the talks said the deal was close.") == \
        "Two people briefed on the talks"
    assert speaker("A second person briefed on the call said the deal was close.") == \
        "A second person briefed on the call"
    assert speaker("Officials involved in the case said the suspect had fled.") == \
        "Officials involved in the case"
    assert speaker("Anna Brekke, speaking in Tallinn, said the pier was shut.") == "Anna Brekke"


def test_a_share_of_a_place_keeps_the_place_that_says_who_they_are() -> None:
    many = subject("Many in Hong Kong fear that a pause would end the protests.")
    assert sp.text(sp.speaker_tokens(many)) == "Many in Hong Kong"
    some = subject("Some in Congress argue that the rules should change.")
    assert sp.text(sp.speaker_tokens(some)) == "Some in Congress"
    mayor = subject("The mayor in Tallinn said the port would reopen.")
    assert sp.text(sp.speaker_tokens(mayor)) == "The mayor"


def test_a_named_bodys_leaning_is_not_part_of_its_name() -> None:
    body = subject("The conservative-leaning Arden Foundation projected that the tariffs would cost "
                   "jobs.")
    assert sp.text(sp.speaker_tokens(body)) == "The Arden Foundation"
    paper = subject("A state-run newspaper said that the talks had failed.")
    assert sp.text(sp.speaker_tokens(paper)) == "A state-run newspaper"  # unnamed: who speaks
