"""Issue 24 item 7 on real PDFs: a source registered from a PDF keeps every line of content and
none of its running headers, footers and page numbers, even where a sentence crosses a page —
including a first page's footer block that the later pages' header names with a page number
added, a last page's report-number line under its header, and a web address heading each page
one line down under the title, while the first page's own title stays (also where it stands
where the others' running title does, set in another size); and a page's footnotes
(a small-type block at its foot) are kept on their page but never between the halves of a
sentence that crosses the page (two US Congressional Research Service Insights, an In Focus and
two Reports with footnotes, public domain, in benchmarks/data/govpdf with their gold, written by
reading the pages before the code ran; and invented PDFs built here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from claimbook.sources import fulltext, pdf_notes
from conftest import pdf_document

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "govpdf"
GOLD = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["IN12669v3.pdf", "IN12614v3.pdf", "IF12672v12.pdf",
                                  "98-317v22.pdf", "R44243.pdf"])
def test_a_real_pdf_loses_its_running_lines_and_keeps_every_content_line(name: str) -> None:
    gold = GOLD[name]
    stored = fulltext.extract(DATA / name).text
    flat = " ".join(stored.split())
    read = [pdf_notes.page_text(p) for p in PdfReader(DATA / name).pages]
    pages = [[" ".join(ln.split()) for ln in text.splitlines() if ln.strip()] for text, _ in read]
    removed = fulltext.running_lines(pages, [sizes for _, sizes in read])
    for p, page in enumerate(pages):
        running = gold["running"][str(p + 1)]
        assert sorted(page[i] for i in removed[p]) == sorted(running), f"page {p + 1}"
        for line in page:
            if line not in running:
                assert line in flat or line[:-1] in flat, line
    assert stored.count(fulltext.PAGE_BREAK) == gold["pages"] - 1
    assert "https://crsreports.congress.gov" not in stored and "VERSION" not in stored
    for sentence in gold["crossing"]:
        assert sentence in flat


def test_a_footer_block_goes_only_where_a_running_line_names_it() -> None:
    """Invented pages. The first page's footer ("Research Bureau", an address, a number under it)
    goes because the other pages' header is "Research Bureau <page>"; on a short page, a line
    named as running takes with it only the lines between it and its own (nearer) edge; a line
    that only looks like furniture (capitals, a number) stays when no running line names it."""
    first = ("Title of the paper\nThe minister said the talks\nwould resume in May, and the\n"
             "envoy agreed.\nResearch Bureau\nhttps://example.org\nRB1234\n")
    later = [f"Research Bureau {n}\nRB1234 · VERSION 2\nBody line one of page {n}.\n"
             f"Body line two of page {n}.\nBody line three of page {n}.\n" for n in (2, 3)]
    text = fulltext.pdf_text([first, *later])
    assert "Research Bureau" not in text and "example.org" not in text and "RB1234" not in text
    assert "would resume in May, and the envoy agreed." in " ".join(text.split())
    for n in (2, 3):
        assert f"Body line one of page {n}." in text
    short = ["Research Bureau\nINTRODUCTION 2025\nA short page.\n",
             "Research Bureau 2\nSECTION 7\nAnother page, also short.\n",
             "Research Bureau 3\nThird page.\n"]
    text = fulltext.pdf_text(short)
    assert "INTRODUCTION 2025" in text and "SECTION 7" in text and "A short page." in text


def test_a_line_of_the_same_text_at_the_edge_one_place_down_is_running_the_title_stays() -> None:
    """Invented pages. The address heads page 1 and stands under the title on the others; the
    title heading pages 2-3 goes, the same title under page 1's date stays (content); the last
    page's "address | ID · VERSION" line and the ID under it go; a line of content repeated on
    every page, not at the edge, stays."""
    def body(page: str) -> str:
        return "".join(f"The {word} line of the {page} page.\n" for word in ("first", "next"))

    pages = ["https://example.org\nUpdated May 1, 2026\nThe Report Title\n" + body("one") +
             "are repeated here.\n" + body("one") + "The minister said the talks\n",
             "The Report Title\nhttps://example.org\nwould resume in May.\n" + body("two") +
             "are repeated here.\n" + body("two") + "A second page of text.\n",
             "The Report Title\nhttps://example.org | RT1234 · VERSION 2\nRT1234\nThe last "
             "page.\n" + body("three") + "are repeated here.\n" + body("three") + "The end.\n"]
    text = fulltext.pdf_text(pages)
    assert "example.org" not in text and "RT1234" not in text
    assert text.count("The Report Title") == 1 and "Updated May 1, 2026" in text
    assert text.count("are repeated here.") == 3
    assert "The minister said the talks\fwould resume in May." in text


def test_a_compound_broken_at_a_line_end_keeps_its_hyphen_where_the_document_writes_it() -> None:
    """Invented page. "dual-" + "capable" is written "dual-capable" elsewhere in the document:
    joined with its hyphen; "inclu-" + "ding" is a word broken in two: joined without it."""
    text = fulltext.pdf_text(["Russia fields dual-capable systems of many kinds, including\n"
                              "missiles that are dual-\ncapable and others, inclu-\n"
                              "ding bombers and submarines of the fleet.\n"])
    assert "missiles that are dual-capable and others, including bombers" in text
    # and the real In Focus: "dual-" / "capable", "large-" / "scale" as its other lines write them
    flat = " ".join(fulltext.extract(DATA / "IF12672v12.pdf").text.split())
    assert "its dual-capable systems" in flat and "any large-scale activity" in flat


@pytest.mark.parametrize("name", ["98-317v22.pdf", "R44243.pdf"])
def test_a_real_pdfs_footnotes_stay_on_their_page_out_of_the_sentence_across_it(name: str) -> None:
    """The two CRS Reports: the sentence that crosses a page with the page's footnotes between
    its halves in the PDF reads whole; each footnote block (gold: its first and last line) is in
    the stored text of its own page."""
    gold = GOLD[name]
    stored = fulltext.extract(DATA / name).text
    pages = [" ".join(page.split()) for page in stored.split(fulltext.PAGE_BREAK)]
    for sentence in gold["crossing"]:
        assert sentence in " ".join(stored.split())
    for page, (first, last) in gold["footnotes"].items():
        assert first in pages[int(page) - 1] and last in pages[int(page) - 1], page


def pdf_of(pages: list[list[tuple[float, float, str]]]) -> bytes:
    """An invented PDF: each page a list of (font size, height on the page, text) lines."""
    n = len(pages)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                b" ".join(b"%d 0 R" % (4 + 2 * k) for k in range(n)), n),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for k, lines in enumerate(pages):
        stream = b"".join(b"BT /F1 %g Tf 72 %g Td (%s) Tj ET\n" % (size, y, text.encode("latin-1"))
                          for size, y, text in lines)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * k))
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    return pdf_document(objs)


def body(y: float, *lines: str) -> list[tuple[float, float, str]]:
    return [(11, y - 14 * k, line) for k, line in enumerate(lines)]


def test_a_pages_footnotes_stay_on_it_but_out_of_a_sentence_across_the_page(tmp_path: Path) -> None:
    """Invented PDF. Page one's last sentence runs on into page two, and page one's footnotes
    (8-point, at its foot, opening with their numbers) stand between its halves in the PDF: the
    sentence reads whole, each note is kept whole, as its own paragraph (a blank line around it),
    on page one, before the
    paragraph that runs on; page two's note, under a sentence that ends there, follows its text."""
    pdf = tmp_path / "invented.pdf"
    pdf.write_bytes(pdf_of([
        body(720, "The ministry said on Monday that the new rail line would open",
             "in the spring of next year.",
             "The minister added that the budget for the line, once put at",
             "two billion, had grown by a third since the plan was first") +
        [(8, 100, "1 Invented note: the budget figures are those of the ministry in its"),
         (8, 90, "statement of March 2026, https://example.org/budget."),
         (8, 78, "2 Invented note: the line runs from the port to the capital.")],
        body(720, "announced, and that the works would start in May.",
             "Officials declined to comment on the delay.") +
        [(8, 100, "3 Invented note: the delay was reported by two newspapers.")]]))
    text = fulltext.extract(pdf).text
    flat = " ".join(text.split())
    assert ("The minister added that the budget for the line, once put at two billion, had grown "
            "by a third since the plan was first announced, and that the works would start in "
            "May.") in flat
    notes = ["1 Invented note: the budget figures are those of the ministry in its statement of "
             "March 2026, https://example.org/budget.",
             "2 Invented note: the line runs from the port to the capital."]
    for note in notes:
        assert f"\n\n{note}\n\n" in text and fulltext.page_of(text, text.index(note)) == 1
    assert text.index(notes[1]) < text.index("The minister added")
    assert text.index("would open in the spring") < text.index(notes[0])
    assert text.endswith("on the delay.\n\n3 Invented note: the delay was reported by two "
                         "newspapers.\n")


def test_small_type_with_text_after_it_is_not_a_footnote_block(tmp_path: Path) -> None:
    """Invented PDF. A small-type line opening with a number in the middle of a page (a table's
    row) with text at the page's size below it stays where it stands, a block of its own (set in
    another size: a blank line around it)."""
    pdf = tmp_path / "invented.pdf"
    pdf.write_bytes(pdf_of([
        body(720, "The table below gives the figures for the year.") +
        [(8, 690, "2024 Exports rose by four percent")] +
        body(670, "The minister said the figures were") +
        [(8, 100, "1 Invented note: the figures are from the ministry.")],
        body(720, "better than expected.")]))
    text = fulltext.extract(pdf).text
    flat = " ".join(text.split())
    assert "for the year.\n\n2024 Exports rose by four percent\n\n" in text
    assert "The minister said the figures were better than expected." in flat
    assert fulltext.page_of(text, text.index("1 Invented note")) == 1


def test_the_first_pages_title_set_larger_than_the_running_title_stays(tmp_path: Path) -> None:
    """Invented PDF. "The Report Title" heads every page, at 20 points on the first (its title)
    and at 8 points on the others (their running title): the first stays, the others go."""
    pdf = tmp_path / "invented.pdf"
    pdf.write_bytes(pdf_of([[(20, 740, "The Report Title")] + body(700, "The first page.")] + [
        [(8, 760, "The Report Title")] + body(700, f"Page {word} of the report.")
        for word in ("two", "three")]))
    text = fulltext.extract(pdf).text
    assert text.count("The Report Title") == 1 and text.startswith("The Report Title")


def test_a_heading_set_larger_is_a_block_of_its_own_even_after_a_full_line(tmp_path: Path) -> None:
    """Invented PDF. A section heading at 18 points under a paragraph whose last line is full
    (ending in a stop): it stands apart from the paragraph before and the one after it (a blank
    line around it), so no sentence reads "Overview of the Programme Funding is …"."""
    pdf = tmp_path / "invented.pdf"
    pdf.write_bytes(pdf_of([
        body(720, "The agency said that it would end the programme, which had made grants",
             "of four billion dollars available to reduce the damage of future floods.") +
        [(18, 680, "Overview of the Programme")] +
        body(650, "Funding for the programme is authorized by the act of 2018, which set",
             "aside six percent of the disaster fund for it each year.")]))
    text = fulltext.extract(pdf).text
    assert "future floods.\n\nOverview of the Programme\n\nFunding for" in text


def test_a_line_left_open_on_a_comma_runs_on_into_a_block_in_another_size() -> None:
    """Invented lines. '… the report stated,' and a block quotation set at 10 points: no blank
    line between them (the sentence introducing the quotation goes on)."""
    text = fulltext.pdf_text(
        ["The committee's report on the bill of 2017 stated, in its section on research costs,\n"
         "the report stated,\n"
         "The methodology has been in place since 1965, and rates have remained stable.\n"],
        [[11.0, 11.0, 10.0]])
    assert "\n\n" not in text


def test_a_page_after_a_finished_sentence_opens_a_block_of_its_own() -> None:
    """Invented lines. A page that ends its sentence, then a page opening with a table's caption
    set in the same size: the caption starts a paragraph of its own after the page break (a
    blank line), never glued to the sentence before it; a sentence across the break still reads
    whole."""
    text = fulltext.pdf_text(
        ["The agency said the money would be returned to the Treasury.\n",
         "Table 1. Grants Awarded as of March 2026\nThe minister said the talks\n",
         "would resume in May.\n"], [[11.0], [11.0, 11.0], [11.0]])
    assert "the Treasury.\f\n\nTable 1. Grants" in text
    assert "The minister said the talks\fwould resume in May." in text
