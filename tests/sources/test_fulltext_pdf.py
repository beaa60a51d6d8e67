"""Issue 24 item 7 on real PDFs: a source registered from a PDF keeps every line of content and
none of its running headers, footers and page numbers, even where a sentence crosses a page —
including a first page's footer block that the later pages' header names with a page number
added, and a last page's report-number line under its header (two US Congressional Research
Service Insights, public domain, in benchmarks/data/govpdf with their gold, written by reading
the pages before the code ran)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from claimbook.sources import fulltext

DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "govpdf"
GOLD = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["IN12669v3.pdf", "IN12614v3.pdf"])
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
    assert "https://crsreports.congress.gov" not in stored and "VERSION 3" not in stored
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
