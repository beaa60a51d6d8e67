"""Sources in the formats analysts have: a saved web page or a PDF registers with its main text
extracted once and pinned (boilerplate, running headers, footers and page numbers left out), text in
another encoding is converted with a message or refused with the command that converts it, and a
source registered by mistake can be removed (refused while mentions use it)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from claimbook import store
from claimbook.errors import DataError
from claimbook.sources import fulltext, register
from conftest import edit_csv, read_csv_rows, run_cli
from places import FIXTURES

FIXTURE = FIXTURES / "sources"
BOILERPLATE = ("Cookies help", "©", "Related stories", "dataLayer", "Subscribe", "Privacy policy",
               "</", "Markets rally")


def _added(data: Path, name: str, *args: str) -> dict[str, str]:
    result = run_cli("add-source", "--data", str(data), str(FIXTURE / name), *args)
    assert result.exit_code == 0, result.output
    return read_csv_rows(data / "documents.csv")[1][-1]


def test_web_page_registers_its_main_text_and_metadata(data_copy: Path) -> None:
    row = _added(data_copy, "wire.html")
    assert row["title"] == "Kyiv says Russia will train Chinese officers"
    assert row["publisher"] == "Northwind Wire" and row["published"] == "2025-07-16"
    assert row["url"].startswith("https://northwind.example/")
    assert (data_copy / row["path"]).read_bytes() == (FIXTURE / "wire.html").read_bytes()
    text = (data_copy / row["text_path"]).read_text(encoding="utf-8")
    assert store.sha256_file(data_copy / row["text_path"]) == row["text_sha256"]
    assert "China's foreign ministry denied that Chinese troops are fighting in Ukraine." in text
    for junk in BOILERPLATE:
        assert junk not in text
    data = store.load(data_copy)
    assert data.texts[row["doc_id"]] == text


def test_options_override_a_pages_metadata(data_copy: Path) -> None:
    row = _added(data_copy, "wire.html", "--title", "Mine", "--publisher", "Wire X",
                 "--published", "2025-07")
    assert (row["title"], row["publisher"], row["published"]) == ("Mine", "Wire X", "2025-07")


def test_pdf_text_has_no_running_header_footer_and_reads_across_the_page_break(
        data_copy: Path) -> None:
    row = _added(data_copy, "brief.pdf")
    assert row["path"].endswith(".pdf") and row["text_path"].endswith(".pdf.txt")
    text = (data_copy / row["text_path"]).read_text(encoding="utf-8")
    assert text.count("\f") == 1  # two pages
    flat = store.normalize_whitespace(text)
    assert "Eastgate Institute · Policy Brief" not in text and "page 1" not in text
    assert "the institute could not independently confirm" in flat  # across the page break
    assert "includ" not in flat.replace("including", "")  # line-end hyphens joined
    assert fulltext.page_of(text, text.index("Ukraine's defence")) == 1
    assert fulltext.page_of(text, text.index("rejected")) == 2


def test_a_pdf_is_recognised_by_content_not_suffix(data_copy: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "brief.txt"
    disguised.write_bytes((FIXTURE / "brief.pdf").read_bytes())
    src = register.add_source(data_copy, disguised)
    assert src.path.suffix == ".pdf" and "\f" in src.text


def _blank_pdf(path: Path) -> Path:
    w = pypdf.PdfWriter()
    w.add_blank_page(width=200, height=200)
    buf = io.BytesIO()
    w.write(buf)
    path.write_bytes(buf.getvalue())
    return path


def test_image_only_pdf_is_refused_with_the_reason(data_copy: Path, tmp_path: Path) -> None:
    before = (data_copy / "documents.csv").read_bytes()
    result = run_cli("add-source", "--data", str(data_copy), str(_blank_pdf(tmp_path / "s.pdf")),
                     "--title", "scan")
    assert result.exit_code == 2
    assert "no text layer" in result.output and "OCR" in result.output
    assert (data_copy / "documents.csv").read_bytes() == before


def test_utf16_text_is_converted_with_a_message(data_copy: Path, tmp_path: Path) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes("Der Minister sagte: „Nein.“\n".encode("utf-16"))
    result = run_cli("add-source", "--data", str(data_copy), str(f), "--title", "u16")
    assert result.exit_code == 0, result.output
    assert "converted from UTF-16 to UTF-8" in result.output
    row = read_csv_rows(data_copy / "documents.csv")[1][-1]
    assert (data_copy / row["path"]).read_bytes() == f.read_bytes()
    assert (data_copy / row["text_path"]).read_text(encoding="utf-8") == "Der Minister sagte: „Nein.“\n"
    store.validate(data_copy)


def test_latin1_text_is_refused_with_the_command_that_converts_it(data_copy: Path,
                                                                  tmp_path: Path) -> None:
    f = tmp_path / "l1.txt"
    f.write_bytes("Le ministre a déclaré.\n".encode("latin-1"))
    refused = run_cli("add-source", "--data", str(data_copy), str(f), "--title", "l1")
    assert refused.exit_code == 2
    assert "--encoding latin-1" in refused.output and "iconv" in refused.output
    ok = run_cli("add-source", "--data", str(data_copy), str(f), "--title", "l1",
                 "--encoding", "latin-1")
    assert ok.exit_code == 0 and "converted from latin-1" in ok.output
    store.validate(data_copy)


def test_an_edited_extracted_text_fails_validation(data_copy: Path) -> None:
    row = _added(data_copy, "wire.html")
    p = data_copy / row["text_path"]
    p.write_text(p.read_text(encoding="utf-8") + "more\n", encoding="utf-8")
    with pytest.raises(DataError, match="extracted text changed"):
        store.validate(data_copy)


def test_a_wrong_page_fails_validation(data_copy: Path) -> None:
    row = _added(data_copy, "brief.pdf")
    text = (data_copy / row["text_path"]).read_text(encoding="utf-8")
    start = text.index("Ukraine's defence")
    end = start + len("Ukraine's defence intelligence")
    with open(data_copy / "mentions.csv", "a", encoding="utf-8") as f:
        f.write(f"C001,{row['doc_id']},{start},{end},Ukraine's defence intelligence\n")
    store.validate(data_copy)  # no page column: fine
    text_m = (data_copy / "mentions.csv").read_text(encoding="utf-8").splitlines()
    text_m[0] += ",page"
    text_m = [text_m[0]] + [ln + "," for ln in text_m[1:-1]] + [text_m[-1] + ",2"]
    (data_copy / "mentions.csv").write_text("\n".join(text_m) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="on page 1"):
        store.validate(data_copy)


def test_remove_source_refuses_while_mentions_use_it_and_names_them(data_copy: Path) -> None:
    result = run_cli("remove-source", "--data", str(data_copy), "000_cd4c6eedc46ef4ad")
    assert result.exit_code == 2
    assert "C001" in result.output and "--with-mentions" in result.output
    store.validate(data_copy)


def test_remove_unused_source(data_copy: Path) -> None:
    before = (data_copy / "documents.csv").read_bytes()
    row = _added(data_copy, "brief.pdf")
    result = run_cli("remove-source", "--data", str(data_copy), row["doc_id"])
    assert result.exit_code == 0, result.output
    assert row["doc_id"] not in (data_copy / "documents.csv").read_text(encoding="utf-8")
    assert not (data_copy / row["path"]).exists() and not (data_copy / row["text_path"]).exists()
    assert (data_copy / (row["path"] + ".bak")).exists()
    assert (data_copy / "documents.csv").read_bytes().splitlines()[1].startswith(
        before.splitlines()[1])  # the seed's row is kept (with the new columns empty)
    store.validate(data_copy)


def test_remove_source_with_mentions_removes_claims_left_without_provenance(
        data_copy: Path) -> None:
    n_claims = len(read_csv_rows(data_copy / "claims.csv")[1])

    def with_url(fieldnames: list[str], rows: list[dict[str, str]]) -> tuple[list[str], list]:
        for r in rows:
            r["url"] = "https://example.org/c2" if r["claim_id"] == "C002" else ""
        return [*fieldnames, "url"], rows

    edit_csv(data_copy / "claims.csv", with_url)
    result = run_cli("remove-source", "--data", str(data_copy), "000_cd4c6eedc46ef4ad",
                     "--with-mentions")
    assert result.exit_code == 0, result.output
    claims = [r["claim_id"] for r in read_csv_rows(data_copy / "claims.csv")[1]]
    assert "C002" in claims and "C001" not in claims  # C002 keeps its url as provenance
    assert len(claims) < n_claims
    assert read_csv_rows(data_copy / "mentions.csv")[1] == []
    for t in ("claims.csv", "mentions.csv", "documents.csv"):
        assert (data_copy / (t + ".bak")).exists()
    store.validate(data_copy)


def test_running_lines_go_even_inside_a_sentence_and_content_lines_stay() -> None:
    """Issue 24: a line repeated at the same place of the pages is a running header or footer
    only when its text is the same, or what varies is the page number; a line of content that
    differs only in its figures is kept (pages invented for the test)."""
    pages = []
    for n in range(1, 4):
        pages.append(f"Research Service https://example.org/IN00001 IN00001\n"
                     f"Body text of page {n} where the minister\n"
                     f"said the talks would resume next month.\n"
                     f"On {n} May 2025 officials reported {20 + 7 * n} casualties near the border.\n"
                     f"Page {n} of 3\n")
    text = fulltext.pdf_text(pages)
    assert "Research Service" not in text and "Page 2 of 3" not in text
    for n in range(1, 4):
        assert f"On {n} May 2025 officials reported {20 + 7 * n} casualties" in text
    # a sentence across the page break reads whole once the header between its halves is gone
    two = ["Report header line\nThe minister said the talks\n",
           "Report header line\nwould resume in May.\n"]
    assert "The minister said the talks" in fulltext.pdf_text(two)
    assert "Report header line" not in fulltext.pdf_text(two)


def test_a_page_opening_with_a_heading_is_a_block_of_its_own_after_an_author_line() -> None:
    """A report's last page ends with its author line (no stop) and the next page opens with
    "Disclaimer": the heading stands apart, so the notice under it is read as back matter and
    not as more of the last paragraph; a sentence that runs on over the page still reads whole.
    Pages invented for the test."""
    pages = ["Members might limit private contributions, or both.\n"
             "Ada Brandt, Analyst in American National Government\n",
             "Disclaimer\nThis document was prepared by the research service.\n"]
    text = fulltext.pdf_text(pages)
    assert "Government\f\n\nDisclaimer\n" in text
    # a page that opens with a capitalized word of the sentence before runs on ("United States"
    # goes on in lower case; a one-line page start is no heading either)
    ran = fulltext.pdf_text(["They said the\n", "United States\nand its allies agreed.\n"])
    assert ran == "They said the\fUnited States and its allies agreed.\n"
