"""A footnote mark after a sentence's stop ("… on the floor.13", as reports print them) ends the
sentence and the line: the next sentence or paragraph is not read as more of it, and a number
after a stop that is not a footnote mark ("2.5", "U.S.2", "section 3.12") ends nothing."""

from __future__ import annotations

from claimbook.sources import segment


def sentences(text: str) -> list[str]:
    seg = segment.segment(text)
    return [seg.view[s.start:s.end] for s in seg.sentences]


def test_a_footnote_mark_after_a_stop_ends_the_sentence() -> None:
    # invented text, in the shape of a congressional report's body
    text = ("The Speaker is elected on the floor.13 Under the rules of the House the Clerk "
            "presides until a Speaker is elected. Turnout rose by 2.5 percent in section 3.12 of "
            "the U.S.2 report.\n")
    assert sentences(text) == [
        "The Speaker is elected on the floor.13",
        "Under the rules of the House the Clerk presides until a Speaker is elected.",
        "Turnout rose by 2.5 percent in section 3.12 of the U.S.2 report.",
    ]


def test_a_line_ending_in_a_footnote_mark_ends_its_paragraph() -> None:
    # invented: a long line ending "floor.13" was taken for a hard wrap into the next paragraph
    text = ("The Speaker is elected by a majority of the Members voting in the chamber, on the "
            "floor.13\nUnder the rules of the House the Clerk presides until a Speaker is elected "
            "by the Members.\n")
    paras = segment.paragraphs(text)
    assert [text[p.start:p.end].rstrip() for p in paras] == [
        text.splitlines()[0], text.splitlines()[1]]
    assert not any(p.is_heading for p in paras)


def test_a_quotation_closed_after_its_stop_takes_a_mark_too() -> None:
    text = 'He called it “a disgrace.”7 The committee met again in May.\n'
    assert sentences(text) == ['He called it “a disgrace.”7', "The committee met again in May."]
