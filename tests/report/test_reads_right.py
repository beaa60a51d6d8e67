"""A report reads right on its own: the claims-by-source table names each claim's claimant; a
report with a range counts the contested pairs it leaves out and says why (the seed's C017
answers C016, both undated); the "what changed" box stays short (counts, the first ids, "…").
The PDF (read back with pypdf) carries the headline and the first chart on page 1, also under a
"what changed" box, and lists at least four claims a page at the seed's quote lengths. The seed
is real (see data/); the second edition's changed claim texts are invented."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from claimbook import store
from claimbook.claims import summary
from claimbook.report import fragments, sections
from conftest import edit_csv, pdf_pages, run_cli


def test_a_period_report_counts_the_pairs_it_leaves_out(shipped_data: Path) -> None:
    keys = store.read_keys(shipped_data, date(2025, 4, 1), date(2025, 8, 31))
    found = summary.summarize(keys, date(2025, 4, 1), date(2025, 8, 31),
                              store.read_responses(shipped_data))
    assert found.pairs_total == 3 and found.pairs_left_out == 1  # C017 -> C016
    everything = summary.summarize(store.read_keys(shipped_data, None, None), None, None,
                                   store.read_responses(shipped_data))
    assert everything.pairs_total == 4 and everything.pairs_left_out == 0
    note = BeautifulSoup(fragments.pairs_left_out_note(1), "html.parser").p
    assert note["data-left-out"] == "1"
    assert note.get_text().startswith("1 more contested pair of this selection is not shown: "
                                      "neither side is in the range or overlaps it")
    assert fragments.pairs_left_out_note(0) == ""


def test_a_period_report_says_so_under_its_contested_pairs(shipped_data: Path) -> None:
    report = sections.Report.build(start="2025-04-01", end="2025-08-31",
                                   data_dir=str(shipped_data))
    html = report.section("contested").data
    assert "1 more contested pair of this selection is not shown" in html
    everything = sections.Report.build(data_dir=str(shipped_data)).section("contested").data
    assert "not shown" not in everything


def test_the_sources_table_names_each_claims_claimant(shipped_data: Path) -> None:
    report = sections.Report.build(start="2025-04-01", end="2025-08-31",
                                   data_dir=str(shipped_data))
    table = BeautifulSoup(report.section("sources").data, "html.parser").find("table")
    heads = [th.get_text() for th in table.find_all("th")]
    assert heads[:3] == ["id", "claim", "claimant"]
    claims = store.load(shipped_data).claims.set_index("claim_id")["claimant"]
    rows = table.find("tbody").find_all("tr")
    assert rows
    for tr in rows:
        assert tr.find("td", class_="claimant").get_text() == claims[tr["data-claim-id"]]


def test_the_what_changed_box_is_short() -> None:
    ids = [f"C{i:03d}" for i in range(1, 61)]
    box = fragments.changes_html({"since": "2026-01-01T10:00:00", "added": 38, "changed": 22,
                                 "added_ids": ids[:38], "changed_ids": ids[38:]})
    text = BeautifulSoup(box, "html.parser").get_text()
    assert "38 claims added (C001, C002, C003, C004, C005, …)" in text
    assert "22 claims changed (C039, C040, C041, C042, C043, …)" in text
    assert "C006" not in text and len(text) < 200


def listing_pages(pages: list[str]) -> list[int]:
    """The pages the claims tables are on: each repeats the table's header."""
    return [i for i, t in enumerate(pages) if "CLAIM AND VERBATIM QUOTES" in t.upper()]


@pytest.mark.slow
def test_the_pdf_reads_right(seed_report: Path, data_copy: Path, tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The first edition is the shipped data's report over all dates, rendered once per test
    run (conftest `seed_report`, HTML and PDF); the second is rendered here from a copy of the
    same data folder (the same folder id: that report is its previous edition)."""
    first = pdf_pages(seed_report / "report.pdf")
    assert "22 claims: 5 dated, 17 undated." in first[0]
    assert "All claims by claimant, stacked by claim type" in first[0]  # the first chart
    listed = listing_pages(first)
    assert listed == list(range(listed[0], listed[-1] + 1))
    assert 22 / len(listed) >= 4, f"{len(listed)} pages for 22 claims"

    def edit(fieldnames: list[str], rows: list[dict[str, str]]) -> tuple:
        for r in rows[:12]:  # a second edition with twelve claims changed
            r["claim"] += " (reworded)"
        return fieldnames, rows

    reports = tmp_path / "reports"
    shutil.copytree(seed_report, reports / "all-dates")  # the first edition, published here
    edit_csv(data_copy / "claims.csv", edit)
    monkeypatch.chdir(data_copy.parent)  # the default notebook: the installed one
    done = run_cli("render", "--data", str(data_copy), "--reports-dir", str(reports),
                   "--format", "pdf")
    assert done.exit_code == 0, done.output
    second = pdf_pages(reports / "all-dates" / "report.pdf")
    assert "What changed since the previous edition" in second[0]
    assert "12 claims changed (C001, C002, C003, C004, C005, …)" in second[0].replace("\n", " ")
    assert "All claims by claimant, stacked by claim type" in second[0]
