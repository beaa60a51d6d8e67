"""Where a PDF page's footnotes go in its stored text (invented text), each set off by a blank
line: after the page's text when it ends a sentence; before the paragraph that runs on into the
next page; when the page is one paragraph begun on the page before, before its last sentence; a
note's line opening with a number that is not the next note's (a year) stays in its note; the end
of a note run on from the page before, set as the notes are, above the page's first numbered
note, belongs to its block."""

from __future__ import annotations

from claimbook.sources import pdf_notes

NOTES = "1 Invented note one.\n2 Invented note two."
APART = "1 Invented note one.\n\n2 Invented note two."


def test_notes_follow_a_page_that_ends_a_sentence() -> None:
    text = "First paragraph.\nSecond one ends here.13"
    assert pdf_notes.with_notes(text, NOTES, runs_on=False, ran_on=False) == text + "\n\n" + APART


def test_notes_go_before_the_paragraph_that_runs_on() -> None:
    text = "First paragraph.\nThe minister said that the talks"
    assert pdf_notes.with_notes(text, NOTES, runs_on=True, ran_on=False) == (
        "First paragraph.\n\n" + APART + "\n\nThe minister said that the talks")


def test_notes_go_before_the_last_sentence_of_a_page_that_is_one_paragraph_on_from_before() -> None:
    text = "would resume in May. Officials agreed. The minister said that the talks"
    assert pdf_notes.with_notes(text, NOTES, runs_on=True, ran_on=True) == (
        "would resume in May. Officials agreed.\n\n" + APART + "\n\nThe minister said that the talks")


def test_a_line_opening_with_a_number_not_the_next_notes_stays_in_its_note() -> None:
    lines = ["1 Invented note, see the report of", "2024 by the ministry.", "2 Second note."]
    assert pdf_notes.split_notes(lines) == [lines[:2], lines[2:]]


def test_the_end_of_a_note_run_on_from_the_page_before_is_in_the_block() -> None:
    pages = [["The minister said that the talks would", "1 Invented note that runs on"],
             ["resume in May, and then they did.", "onto the next page of the report.",
              "2 Invented second note."]]
    sizes = [[11.0, 8.0], [11.0, 8.0, 8.0]]
    found = pdf_notes.footnotes(pages, sizes, [set(), set()])
    assert found == [{1}, {1, 2}]
    assert pdf_notes.footnotes(pages, [sizes[0], [11.0, 9.5, 8.0]], [set(), set()])[1] == {2}


def test_numbered_notes_are_a_run_of_numbers_one_after_another() -> None:
    """A paragraph opening with a number is a note when the number before or after it opens
    another; a lone '20 States …' is not. Invented text."""
    text = "3 Precedents, ch. 1.\n4 The House takes no action.\n20 States filed a suit.\n"
    spans = [(0, 20), (21, 49), (50, 73)]
    assert pdf_notes.numbered(text, spans) == {0: (3, 2), 1: (4, 23)}
    assert pdf_notes.numbered(text, [None, (21, 49), (50, 73)]) == {}
