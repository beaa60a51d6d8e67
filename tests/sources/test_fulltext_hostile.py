"""Hostile or odd source files get a plain answer and true metadata: a PDF that goes past
pypdf's safety limits (a decompression bomb) is a plain refusal, not a traceback; a page of
more than 10 MB on one line (an inline script before its `<article>`) is read, not "no main
text found"; a page's `published` never comes from a date in its text when its meta dates are
invalid; and its `<base href>` never becomes the document's URL. (Invented pages and PDFs,
built here.)"""

from __future__ import annotations

import zlib
from pathlib import Path

from claimbook.sources import fulltext
from conftest import pdf_document, run_cli

ARTICLE = ("<article><h1>Ministry statement</h1><p>The ministry said that forty drones were shot "
           "down over the region overnight, and that no airfield had been hit at all, according "
           "to officials.</p><p>A spokesman added that the air defence units had been "
           "reinforced over the past week.</p></article>")


def pdf_with_content(stream: bytes) -> bytes:
    """A one-page PDF whose page content is `stream`, Flate-compressed."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
            + b"\nendstream", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return pdf_document(objs)


def test_a_pdf_decompression_bomb_is_a_plain_refusal(data_copy: Path, tmp_path: Path) -> None:
    packer = zlib.compressobj(9)
    stream = packer.compress(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n")
    stream += packer.compress(b" " * 80_000_000) + packer.flush()  # 80 MB from 78 KB
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(pdf_with_content(stream))
    before = sorted(p.name for p in data_copy.rglob("*"))
    done = run_cli("add-source", str(bomb), "--title", "Bomb", "--data", str(data_copy))
    assert done.exit_code == 2, done.output
    assert "safety limits" in done.output and str(bomb) in done.output
    assert "Traceback" not in done.output
    assert sorted(p.name for p in data_copy.rglob("*")) == before


def page(head: str, body: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><title>Statement</title>{head}</head>"
            f"<body>{body}</body></html>").encode()


def test_a_page_of_12_mb_on_one_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_bytes(page("<script>var state='" + "a" * 12_000_000 + "';</script>", ARTICLE))
    got = fulltext.extract(path)
    assert "forty drones were shot down" in got.text
    assert "aaaa" not in got.text


def test_published_is_not_taken_from_the_text_when_meta_dates_are_invalid(tmp_path: Path) -> None:
    path = tmp_path / "dated.html"
    path.write_bytes(page('<meta property="article:published_time" content="2025-13-45">'
                          '<meta name="date" content="not a date">',
                          ARTICLE.replace("<p>The", "<p>Posted on 3 March 2024. The")))
    got = fulltext.extract(path)
    assert "Posted on 3 March 2024" in got.text
    assert got.published == ""


def test_base_href_never_becomes_the_url(tmp_path: Path) -> None:
    based = tmp_path / "based.html"
    based.write_bytes(page('<base href="https://cdn.example.net/assets/">', ARTICLE))
    assert fulltext.extract(based).url == ""
    canonical = tmp_path / "canonical.html"
    canonical.write_bytes(page('<base href="https://cdn.example.net/assets/">'
                               '<link rel="canonical" href="https://news.example.org/a/1">',
                               ARTICLE))
    assert fulltext.extract(canonical).url == "https://news.example.org/a/1"
