"""A sentence that sends the reader to another text, a bare citation, or the document saying what
it is, is no claim; a sentence that cites a source for what it says is one. Sentences invented in
the manner of research-service briefs."""

from __future__ import annotations

import pytest

from claimbook.sources import clauses as cl
from claimbook.sources import references


@pytest.mark.parametrize(("sentence", "is_reference"), [
    ("See CRS Report RL30240, Congressional Oversight Manual.", True),
    ("For more information on field hearings, see CRS Report R44243.", True),
    ("For background, see CRS In Focus IF12106.", True),
    ("Precedents (Wickham), ch. 1, §4, p. 38.", True),
    ("The agency said the program would end, according to its report (CRS, 2024).", False),
    ("Seeing the results, the agency ended the program.", False),
])
def test_a_reference_to_another_text_is_no_claim(sentence, is_reference) -> None:
    assert references.is_reference(sentence, cl.tokenize(sentence)) is is_reference


def test_the_document_saying_what_it_is_is_no_claim() -> None:
    assert references.ABOUT_ITSELF.match("This Insight provides a brief summary of the rule.")
    assert references.ABOUT_ITSELF.match("This report was originally written by a former analyst.")
    assert not references.ABOUT_ITSELF.match("This rule provides $2 billion for the program.")
