"""Report sections are pure HTML builders; data text is always escaped, only http(s) links."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from bs4 import BeautifulSoup

from claimbook import store
from claimbook.claims import query, summary
from claimbook.params import ReportParams
from claimbook.report import fragments, sections
from claimbook.tables import exporter
from conftest import run_cli
from places import DATA


@pytest.fixture(scope="module")
def seed() -> store.ClaimData:
    return store.load(DATA)


def test_headline_counts_the_claims_in_range(seed: store.ClaimData) -> None:
    keys = summary.keys_of(seed.claims)
    start, end = datetime(2025, 4, 1).date(), datetime(2025, 8, 31).date()
    codes = summary.group_codes(keys, start, end)
    counts = summary.headline(keys, codes, seed.mentions, start=start, end=end)
    assert counts == {"in_range": 5, "imprecise": 0, "undated": 17, "counted": 5, "mentions": 7,
                      "claimants": 4, "documents": 1}


def test_claims_table_shows_date_precision_and_every_quote(seed: store.ClaimData) -> None:
    c8 = seed.claims[seed.claims["claim_id"] == "C008"]
    titles = dict(zip(seed.documents["doc_id"], seed.documents["title"], strict=True))
    soup = BeautifulSoup(fragments.claims_table_html(c8, seed.mentions, titles, "in_range", ""),
                         "html.parser")
    row = soup.select_one('tr[data-claim-id="C008"]')
    assert row.select_one("td.date").get_text(" ") == "2025-04 month"
    assert len(row.select("blockquote")) == 2
    assert "Volodymyr Zelenskyy" in row.select_one("td.claimant").get_text()


def test_contested_pairs_show_response_beside_claim(seed: store.ClaimData) -> None:
    titles = dict(zip(seed.documents["doc_id"], seed.documents["title"], strict=True))
    pairs, _ = summary.contested(store.read_responses(DATA), pa.array(seed.claims["claim_id"]))
    html = fragments.contested_html(pairs, seed.claims, seed.mentions, titles)
    soup = BeautifulSoup(html, "html.parser")
    pair = soup.select_one('[data-response="C022"]')
    claim_side, response_side = pair.select(".side")
    assert "Two Chinese nationals" in claim_side.get_text()
    assert "China Foreign Ministry" in response_side.get_text()
    assert len(soup.select(".contested-pair")) == int(seed.claims["responds_to"].notna().sum())


def test_header_states_parameters_in_words() -> None:
    params = ReportParams(start="2025-04-01", end="2025-08-31")
    counts = dict.fromkeys(["in_range", "imprecise", "undated", "mentions", "claimants",
                            "documents"], 0)
    soup = BeautifulSoup(fragments.header_html(params, counts, datetime(2026, 1, 2, 3, 4,
                                                                     tzinfo=UTC)),
                         "html.parser")
    assert soup.h1.get_text() == "Claims report: 1 April – 31 August 2025"
    assert soup.select_one(".params").get_text() == (
        "1 April – 31 August 2025, all claimants, all claim types")
    assert "02 January 2026, 03:04 UTC" in soup.select_one(".generated").get_text()


def test_claims_table_is_bounded_and_links_the_selection_csv(seed: store.ClaimData) -> None:
    titles = dict(zip(seed.documents["doc_id"], seed.documents["title"], strict=True))
    claims = seed.claims.sort_values("claim_id")
    html = fragments.claims_table_html(claims, seed.mentions, titles, "undated", "", max_rows=5)
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select("tbody tr")) == 5
    note = soup.select_one('p.more-rows[data-group="undated"]')
    assert "first 5 of 22 claims" in note.get_text()
    assert note.a["href"] == exporter.SELECTION_CSV
    whole = fragments.claims_table_html(claims, seed.mentions, titles, "undated", "")
    assert len(BeautifulSoup(whole, "html.parser").select("tbody tr")) == 22
    assert "more-rows" not in whole


def test_claims_table_size_does_not_grow_with_the_table(seed: store.ClaimData) -> None:
    many = pd.concat([seed.claims] * 100, ignore_index=True)
    many["claim_id"] = [f"X{i}" for i in range(len(many))]
    sizes = [len(fragments.claims_table_html(many.iloc[:n], seed.mentions, {}, "in_range", ""))
             for n in (fragments.MAX_TABLE_ROWS, len(many))]
    assert sizes[1] < sizes[0] * 1.05


def test_imported_claims_show_where_they_appeared(seed: store.ClaimData) -> None:
    c = seed.claims.iloc[[0]].copy()
    c["url"] = "https://factcheck.example.org/1"
    soup = BeautifulSoup(fragments.claims_table_html(c, seed.mentions.iloc[0:0], {}, "in_range", ""),
                         "html.parser")
    assert soup.select_one("p.appeared a")["href"] == "https://factcheck.example.org/1"


def test_contested_pairs_are_bounded(seed: store.ClaimData) -> None:
    titles = dict(zip(seed.documents["doc_id"], seed.documents["title"], strict=True))
    pairs, _ = summary.contested(store.read_responses(DATA), pa.array(seed.claims["claim_id"]))
    html = fragments.contested_html(pairs, seed.claims, seed.mentions, titles, max_pairs=1)
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.select(".contested-pair")) == 1
    assert "Showing 1 of" in soup.select_one("p.more-rows").get_text()


def test_parquet_report_says_the_same_as_csv(data_copy: Path) -> None:
    """A report reads key columns for every claim and the text of the rows it shows only; on
    a Parquet table (pushed-down reads) the sections must equal those of the CSV table."""
    def shown() -> list[str]:
        r = sections.Report.build(start="2025-04-01", end="2025-08-31", data_dir=str(data_copy))
        parts = [r.header().data, r.contested().data,
                 *(r.claims_table(g).data for g in query.GROUPS),
                 *(r.chart(c).data for c in ("by_claimant", "by_type", "timeline", "matrix"))]
        return [re.sub(r"Generated [^<]*", "", p) for p in parts]

    before = shown()
    assert run_cli("convert", "--data", str(data_copy), "--to", "parquet").exit_code == 0
    after = shown()
    assert after == before
    assert 'data-response="C022"' in after[1]
    assert 'data-count="in_range">5<' in after[0]


def test_report_holds_only_the_rows_its_page_shows(data_copy: Path) -> None:
    """A report keeps the ids of each table's first rows, not the group: here a bound of 3."""
    keys = store.read_keys(data_copy)
    found = summary.summarize(keys, None, None, store.read_responses(data_copy), limit=3)
    assert {g: len(ids) for g, ids in found.firsts.items()} == {
        "in_range": 3, "imprecise": 0, "undated": 3}
    r = sections.Report(ReportParams(data_dir=str(data_copy)), store.ClaimData(
        data_copy, store.read_claims_by_id(data_copy, found.shown_ids()),
        pd.DataFrame({"claim_id": [], "doc_id": [], "quote": [], "start": [], "end": []}),
        store.load(data_copy).documents), found)
    soup = BeautifulSoup(r.claims_table("undated").data, "html.parser")
    assert [tr["data-claim-id"] for tr in soup.select("tbody tr")] == ["C001", "C002", "C003"]
    assert "first 3 of 17 claims" in soup.select_one("p.more-rows").get_text()
    assert len(r.data.claims) == found.shown_ids().size < 22


def test_large_counts_are_written_with_thousands_separators() -> None:
    counts = {"in_range": 949_887, "imprecise": 0, "undated": 50_113, "mentions": 0,
              "claimants": 5_000, "documents": 0}
    params = ReportParams(start="2025-01-01", end="2025-12-31")
    soup = BeautifulSoup(fragments.header_html(params, counts, datetime(2026, 1, 2, tzinfo=UTC)),
                         "html.parser")
    assert soup.select_one('[data-count="in_range"]').get_text() == "949,887"
    assert soup.select_one(".headline").get_text() == (
        "949,887 claims in range, 0 imprecise and 50,113 undated.")


def test_the_sources_chart_of_a_report_without_a_range_counts_the_undated_claims_too() -> None:
    """With no range every claim is in scope, so the Sources chart counts the seed's 17
    undated claims beside its 5 dated ones (hatched), as the other charts without a time axis
    do; a report with a range counts only the claims in range there."""
    everything = sections.Report.build(data_dir=str(DATA))
    tally = everything.publisher_tally
    assert tally["claims"].sum() == 22
    assert tally.loc[~tally["dated"], "claims"].sum() == 17
    july = sections.Report.build(data_dir=str(DATA), start="2025-07", end="2025-07")
    assert july.publisher_tally["claims"].sum() == july.counts()["in_range"]
    assert july.publisher_tally["dated"].all()
