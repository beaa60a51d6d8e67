"""Issue 24 item 7 on real PDFs: a source registered from a PDF keeps every line of content and
none of its running headers, footers and page numbers, even where a sentence crosses a page —
including a first page's footer block that the later pages' header names with a page number
added, a last page's report-number line under its header, and a web address heading each page
one line down under the title, while the first page's own title stays (two US Congressional
Research Service Insights and an In Focus, public domain, in benchmarks/data/govpdf with their
gold, written by reading the pages before the code ran)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from claimbook.sources import fulltext

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "govpdf"
GOLD = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["IN12669v3.pdf", "IN12614v3.pdf", "IF12672v12.pdf"])
def test_a_real_pdf_loses_its_running_lines_and_keeps_every_content_line(name: str) -> None:
    gold = GOLD[name]
    stored = fulltext.extract(DATA / name).text
    flat = " ".join(stored.split())
    pages = [[" ".join(ln.split()) for ln in (p.extract_text() or "").splitlines() if ln.strip()]
             for p in PdfReader(DATA / name).pages]
    removed = fulltext.running_lines(pages)
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
