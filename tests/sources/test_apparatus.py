"""A document's apparatus is kept in its text but never read for claims: a table or figure from
its numbered caption through its cells to the source and notes lines that close it (also when the
table runs on over a page break), a caption alone when nothing closes it, and never the text's
own sentence about a table ("Table 1 presents …"). All text here is invented, in the shape of a
research service's brief."""

from __future__ import annotations

from claimbook.sources import apparatus, segment


def sentences(text: str) -> list[str]:
    seg = segment.segment(text)
    return [seg.sentence_text(s) for s in seg.sentences]


TABLE = ("Table 1 presents the three proposals the agency made in 2026.\n\n"
         "Table 1. Proposals Changing the Grant Rules\n\n"
         "Rule\nStatus\n"
         "Would simplify the formula for small grantees.\n"
         "Applies to grantees with less than $5 million in awards.\n"
         "Stress Review Proposal (11/25)\n"
         "Proposed changes would reduce the reporting burden.\f\n\n"
         "Would remove the second audit.\n"
         "Source: Invented Research Service.\n"
         "Notes: Late filers are not included. Shares are rounded to the nearest point.\n\n"
         "The agency said on Monday that it would decide by June.\n")


def test_a_table_from_its_caption_to_its_notes_is_no_claim() -> None:
    assert sentences(TABLE) == ["Table 1 presents the three proposals the agency made in 2026.",
                                "The agency said on Monday that it would decide by June."]


def test_the_exhibit_is_the_caption_the_cells_and_the_closing_lines() -> None:
    paras = segment.paragraphs(TABLE)
    shown = [TABLE[p.start:p.end].strip() for p in paras if p.exhibit]
    assert shown[0] == "Table 1. Proposals Changing the Grant Rules"
    assert shown[-1].startswith("Notes: Late filers")
    assert not paras[0].exhibit and not paras[-1].exhibit


def test_a_caption_that_nothing_closes_marks_itself_alone() -> None:
    text = ("Figure 2. Grants Awarded by Year, 2020-2026\n\n"
            "The ministry said the number of grants had doubled since 2020.\n")
    assert sentences(text) == ["The ministry said the number of grants had doubled since 2020."]


def test_a_table_is_closed_within_the_page_after_its_captions() -> None:
    """A 'Source:' two page breaks after the caption closes no table of it: the text between is
    the document's own."""
    text = ("Figure 3. Grants by State\n\f"
            "The agency said that awards fell in 2025.\n\f"
            "Officials said the fall would continue.\n"
            "Source: Invented Research Service.\n")
    spans = [(p.start, p.end, p.is_heading) for p in segment.paragraphs(text)]
    assert apparatus.exhibits(text, spans) == {0}
