"""Whether a place of a text is inside a quotation has one answer, whichever step asks: “ opens, ”
or ’’ closes, a straight " turns it over (closing a curly quotation as well as a straight one);
a quotation left open at a paragraph's end holds the next paragraph only when that one opens
with a mark, and a paragraph that is one quotation and nothing else goes on with the voice of the
paragraph before when that one quoted someone. The parse's reporting verbs (`attribution`), the
sentences of a paragraph (`segment`) and the word rules' clauses (`clauses`, `clause_attribution`)
read it alike, and `own_voice` blanks the same quoted words.
Invented sentences, in the shapes pages print."""

from __future__ import annotations

import pytest

from claimbook.claims import aliases
from claimbook.sources import attribution, extract, nlp, quotation, segment


def inside(text: str, word: str) -> bool:
    """Is the first `word` of one paragraph `text` inside a quotation, by the offsets' reading?"""
    return quotation.open_at(text, 0, text.index(word))


@pytest.mark.parametrize("text", [
    "“We will stay,” the mayor said after the vote.",  # “…”
    "“We will stay,’’ the mayor said after the vote.",  # “…’’ (two apostrophes close)
    "“We will stay,\" the mayor said after the vote.",  # “…" (a straight mark closes)
    "\"We will stay,\" the mayor said after the vote.",  # "…"
    "\"We will stay,” the mayor said after the vote.",  # "…” (a curly mark closes)
])
def test_a_quotation_closed_by_any_closing_mark_ends_there(text: str) -> None:
    assert inside(text, "stay") and not inside(text, "mayor") and not inside(text, "vote")
    assert not quotation.left_open(text)


def test_a_straight_mark_inside_a_curly_quotation_closes_it() -> None:
    """Pages mix marks in one quotation: the straight mark is its close, and the next straight
    mark opens the quotation's second half."""
    text = "“When the evidence is heard,\" he said, \"you will see it.” The court rose."
    assert inside(text, "evidence") and not inside(text, "he said")
    assert inside(text, "you will") and not inside(text, "court")


def test_an_opening_mark_inside_a_quotation_keeps_it_open() -> None:
    text = "A song came in called “Home (“No Place Like It”). Buckley liked it."
    assert inside(text, "No Place") and not inside(text, "Buckley")


def test_a_quotation_left_open_at_a_paragraph_end_goes_on_only_where_a_mark_opens() -> None:
    text = ("The envoy said: “They are already there. They are there to stay.\n\n"
            "“If the situation gets worse, we will act. We are ready.\n\n"
            "The port reopened on Monday.\n")
    sg = segment.segment(text)
    assert quotation.left_open(sg.view[sg.paragraphs[0].body_start:sg.paragraphs[0].end])
    assert segment.quote_continues(sg.view, sg.paragraphs, 1)
    assert not segment.quote_continues(sg.view, sg.paragraphs, 2)
    quoted = {sg.view[s.start:s.end]: segment.in_quotation(sg.view, sg.paragraphs[s.paragraph], s.start)
              for s in sg.sentences}
    assert quoted == {"The envoy said: “They are already there.": False,  # the writer's, up to “
                      "They are there to stay.": True,
                      "“If the situation gets worse, we will act.": True,
                      "We are ready.": True,
                      "The port reopened on Monday.": False}


def test_a_paragraph_that_is_all_quotation_goes_on_with_the_quoted_voice_before_it() -> None:
    text = ("\"We were shocked to see the statements,\" Big Label Records said in a statement.\n\n"
            "\"In fact, we do not have the right to stop any show.\"\n\n"
            "The awards show airs on Sunday.\n\n"
            "\"Tickets are still available at the door.\"\n\n"
            "“It is over,” the coach told reporters.\n\n"
            "“We lost,” he said. “We will be back.”\n")
    sg = segment.segment(text)
    assert segment.quote_continues(sg.view, sg.paragraphs, 1)  # all quotation, after a quote
    assert not segment.quote_continues(sg.view, sg.paragraphs, 3)  # after the writer's line
    assert not segment.quote_continues(sg.view, sg.paragraphs, 5)  # words of its own outside
    by_claim = {c.claim: c.claimant.name for c in extract.extract(
        text, "Test Gazette", "2025-06-02", aliases.alias_table())}
    assert by_claim["We do not have the right to stop any show."] == "Big Label Records"
    assert by_claim["Tickets are still available at the door."] == "Test Gazette"


def test_a_quotation_going_on_reopens_with_its_paragraphs_own_straight_mark() -> None:
    """News style opens each paragraph of a quote that goes on with the mark again: that mark
    reopens the quotation, it does not turn it over."""
    text = "He said: \"We stay. We hold.\n\n\"We will not leave. Nobody leaves.\n"
    sg = segment.segment(text)
    para = sg.paragraphs[1]
    starts = [s.start for s in sg.sentences if s.paragraph == 1]
    assert segment.quote_continues(sg.view, sg.paragraphs, 1)
    assert all(segment.quote_open_at(sg.view, para, at) for at in starts)


def test_who_closes_a_quotation_is_read_after_two_apostrophes() -> None:
    text = "“It was an attempt to mislead voters,’’ Will Moy told the BBC."
    sg = segment.segment(text)
    (sent,) = sg.sentences
    assert segment.quote_closed_by(sg.view, sg.paragraphs[0], sent.start) == "Will Moy"


def test_the_offsets_reading_is_the_marks_read_one_by_one() -> None:
    """`open_at` (a bisect over the marks) says what reading the marks in order says."""
    texts = ["“A,\" b \"c” d “e ’’ f \"g\" h “i “j” k \"l",
             "\"a” b “c\" d ’’ e \"f",
             "no marks at all"]
    for text in texts:
        for a in range(len(text)):
            for b in range(a, len(text) + 1):
                for opened in (False, True):
                    want = opened
                    for m in quotation.MARKS.finditer(text, a):
                        if m.start() < b:  # a mark counts from where it starts
                            want = quotation.after(m.group(), want)
                    assert quotation.open_at(text, a, b, opened) == want, (text, a, b, opened)


SAME = [
    "“We will stay,’’ the mayor said, and the council agreed.",
    "“We will stay,\" the mayor said, and the council agreed.",
    "\"We will stay,” the mayor said, and the council agreed.",
    "\"We will stay,\" the mayor said, and the council agreed.",
    "“When the evidence is heard,\" he said, \"you will see it,” the lawyer added.",
    "The minister said that “the talks failed and the army said nothing",
]


@pytest.mark.parametrize("text", SAME)
def test_the_parse_the_paragraph_and_the_clauses_read_quotations_alike(text: str) -> None:
    """For every word: the parse's reading (a reporting verb inside a quotation is quoted
    words), the paragraph's (is a sentence starting there quoted) and the character mask the
    word rules' clauses cut with."""
    doc = nlp.parse(text)
    sg = segment.segment(text)
    (para,) = sg.paragraphs
    mask = quotation.mask(text)
    words = [t for t in doc if t.is_alpha]
    assert words
    for t in words:
        by_parse = attribution.inside_quotation(doc, t)
        by_paragraph = segment.in_quotation(sg.view, para, t.idx)
        assert by_parse == by_paragraph == mask[t.idx], (t.text, by_parse, by_paragraph, mask[t.idx])


def test_what_a_sentence_says_outside_its_quotations_keeps_its_offsets() -> None:
    """What `own_voice` reads for a document speaking to its reader: the quoted words blanked."""
    text = "“You will see,\" he said, \"your vote counts.” Read on if you can."
    out = quotation.unquoted(text)
    assert len(out) == len(text) and "You" not in out and "your" not in out
    assert "he said" in out and "if you can" in out
