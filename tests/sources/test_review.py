"""The whole loop on the multi-source fixture, as an analyst runs it from a clean data folder:
add-source (web pages, a PDF, plain text) -> extract -> the review proposes existing claim ids ->
accept -> validate -> render; the HTML and PDF read back show the Sources section and every quote
cited with its publisher, date (or "date unknown"), page for the PDF and link."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import pdf_text, read_csv_rows, run_cli
from multisource import SOURCES, accept, extract, register

GRADES = {"Northwind Wire": ("wire", "B"), "Eastern Herald": ("state_media", "D"),
          "Eastgate Institute": ("think_tank", "C"), "Kyiv Daily Ledger": ("newspaper", "C")}


@pytest.mark.slow
def test_many_sources_from_registration_to_report(data_copy: Path, tmp_path: Path) -> None:
    ids = register(data_copy)
    assert len(ids) == len(SOURCES) == 6
    proposed: dict[str, set[str]] = {}
    for name, doc_id in ids.items():
        rows = extract(data_copy, doc_id, tmp_path / f"review-{doc_id}.csv")
        proposed[name] = {r["claim_id"] for r in rows if r["claim_id"]}
        accept(data_copy, tmp_path / f"review-{doc_id}.csv")
    assert not proposed["wire.html"]  # the first article: nothing to restate yet
    training = "C023"  # the wire's training claim, restated by four later documents
    for later in ("daily.txt", "radio.txt", "brief.pdf"):
        assert training in proposed[later], later
    claims = read_csv_rows(data_copy / "claims.csv")[1]
    denial = next(c["claim_id"] for c in claims  # the wire's report of the ministry's denial
                  if c["claim"].startswith("China's foreign ministry denied"))
    assert denial in proposed["statemedia.html"]  # the ministry's denial, carried again

    with open(data_copy / "publishers.csv", newline="", encoding="utf-8") as f:
        pubs = list(csv.DictReader(f))
    for p in pubs:
        p["kind"], p["reliability"] = GRADES.get(p["name"], ("", ""))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(pubs[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(pubs)
    (data_copy / "publishers.csv").write_text(buf.getvalue(), encoding="utf-8")
    valid = run_cli("validate", "--data", str(data_copy))
    assert valid.exit_code == 0, valid.output

    mentions = read_csv_rows(data_copy / "mentions.csv")[1]
    assert len({m["doc_id"] for m in mentions if m["claim_id"] == training}) == 4
    assert {m["page"] for m in mentions if m["doc_id"] == ids["brief.pdf"]} == {"1", "2"}

    out = tmp_path / "report"
    rendered = run_cli("render", "--data", str(data_copy), "--start", "2025-07", "--end",
                       "2025-07", "--out", str(out), "--reports-dir", str(tmp_path / "reports"))
    assert rendered.exit_code == 0, rendered.output
    page = BeautifulSoup((out / "report.html").read_text(encoding="utf-8"), "html.parser")
    heading = next(h for h in page.find_all("h2") if h.get_text(strip=True) == "Sources")
    assert heading is not None
    assert "Claims in range by publisher" in page.get_text()
    assert "counts once for each of them" in page.get_text()
    table = page.find("table", class_="sources")
    row = table.find("tr", attrs={"data-claim-id": training})
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    # id, claim, claimant, publishers, first seen, carried by (reliability)
    assert cells[3] == "4"  # Northwind Wire, Eastgate Institute, Kyiv Daily Ledger, Radio Meridian
    assert "2025-07-16" in cells[4] and "Northwind Wire" in cells[4]  # first seen
    assert "Northwind Wire (B)" in cells[5] and "Radio Meridian (not graded)" in cells[5]

    # the citation's parts are separate elements (print shows the title only): read as one line
    cites = [re.sub(r"\s+,", ",", c.get_text(" ", strip=True)) for c in page.find_all("cite")]
    assert any("Northwind Wire, 2025-07-16, https://northwind.example/world/2025/07/16/" in c
               for c in cites)
    assert any("Eastgate Institute, 2025-07-18, p. 1" in c for c in cites)
    assert any("date unknown" in c for c in cites)  # the seed document has no published date
    links = {a["href"] for c in page.find_all("cite") for a in c.find_all("a")}
    assert "https://northwind.example/world/2025/07/16/kyiv-chinese-officers" in links

    with open(out / "selection.csv", encoding="utf-8-sig", newline="") as f:
        selected = {r["claim_id"]: r for r in csv.DictReader(f)}
    assert selected[training]["publishers"].split("; ") == [
        "Northwind Wire", "Eastgate Institute", "Kyiv Daily Ledger", "Radio Meridian"]
    assert ids["brief.pdf"] in selected[training]["doc_ids"]

    pdf = pdf_text(out / "report.pdf")
    assert "Sources" in pdf and "Claims in range by publisher" in pdf
    # in print a quote cites its document's title; the documents are listed in full at the end
    assert "Northwind Wire" in pdf and "published: unknown" in pdf
    assert "Eastgate Institute" in pdf and "published: 2025-07-18" in pdf
