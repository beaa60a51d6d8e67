"""The whole path for claims from elsewhere: import a fact-check table, list a year, render it;
and a large selection stays a small page that links every claim as a CSV beside it."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import Result

from claimbook.report import fragments
from claimbook.tables import exporter
from conftest import run_cli
from places import FIXTURES, NOTEBOOK, ROOT

FIXTURES = FIXTURES / "import"

pytestmark = pytest.mark.slow


def render(data: Path, reports: Path, *args: str) -> Result:
    return run_cli("render", "--data", str(data), "--reports-dir", str(reports),
                   "--notebook", str(NOTEBOOK), "--format", "html", *args)


def html_counts(soup: BeautifulSoup) -> dict[str, int]:
    return {s["data-count"]: int(s.get_text().replace(",", "")) for s in soup.select("[data-count]")}


def test_import_then_claims_for_a_year_then_render(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    done = run_cli("import", "--data", str(data), str(FIXTURES / "factchecks.csv"),
                   "--mapping", str(FIXTURES / "factchecks.toml"),
                   "--rejects", str(tmp_path / "rejects.csv"))
    assert done.exit_code == 1, done.stderr  # 9 imported, 3 rejected with reasons
    assert "imported 9 claims" in done.stdout

    listed = run_cli("claims", "--data", str(data), "--start", "2020", "--end", "2020",
                     "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    result = json.loads(listed.stdout)
    assert result["counts"] == {"in_range": 7, "imprecise": 0, "undated": 17}
    in_range = [c for c in result["claims"] if c["group"] == "in_range"]
    assert {c["claimant"] for c in in_range} == {"Jane Roe", "John Doe", "Viral image",
                                                  "Senator Smith", "Mayor Brown"}

    for fmt in ("csv", "parquet"):
        if fmt == "parquet":
            assert run_cli("convert", "--data", str(data), "--to", "parquet").exit_code == 0
        reports = tmp_path / f"reports-{fmt}"
        done = render(data, reports, "--start", "2020", "--end", "2020")
        assert done.exit_code == 0, done.output
        folder = reports / "2020"
        soup = BeautifulSoup((folder / "report.html").read_text(encoding="utf-8"), "html.parser")
        counts = html_counts(soup)
        assert {k: counts[k] for k in result["counts"]} == result["counts"]
        rows = soup.select('table[data-group="in_range"] tbody tr')
        assert len(rows) == 7
        roe = soup.select_one('tr[data-claim-id] td.claim p').get_text()
        assert roe == 'Said unemployment fell to "the lowest level in 50 years."'
        links = [a["href"] for a in soup.select("table.claims p.appeared a")]
        assert "https://factcheck.example.org/2020/03/roe-debt/" in links
        hostile = soup.find(string=lambda s: s and "HYPERLINK" in s)
        assert hostile is not None, "a formula in a claim is shown as text"
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        assert meta["files"]["csv"] == exporter.SELECTION_CSV
        selection = list(csv.DictReader(io.StringIO(
            (folder / exporter.SELECTION_CSV).read_text(encoding="utf-8").lstrip("\ufeff"))))
        assert len(selection) == 7 + 17
        formula = [r["claim"] for r in selection if "HYPERLINK" in r["claim"]]
        assert formula and formula[0].startswith("'="), "the CSV neutralizes formulas"


def test_a_large_selection_is_a_bounded_page_and_a_full_csv(tmp_path: Path) -> None:
    n = 3 * fragments.MAX_TABLE_ROWS
    src = tmp_path / "many.jsonl"
    src.write_text("".join(json.dumps({
        "text": f"Claim number {i} about the weather in July.", "who": f"Speaker {i % 37}",
        "when": f"2025-07-{1 + i % 31:02d}", "link": f"https://example.org/c/{i}"}) + "\n"
        for i in range(n)), encoding="utf-8")
    data = tmp_path / "data"
    done = run_cli("import", "--data", str(data), str(src), "--map", "claim=text",
                   "--map", "claimant=who", "--map", "date=when", "--map", "url=link",
                   "--set", "claim_type=statement")
    assert done.exit_code == 0, done.output
    assert run_cli("convert", "--data", str(data), "--to", "parquet").exit_code == 0
    done = render(data, tmp_path / "reports", "--period", "2025-07")
    assert done.exit_code == 0, done.output
    folder = tmp_path / "reports" / "2025-07"
    html = (folder / "report.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert html_counts(soup)["in_range"] == n
    assert len(soup.select('table[data-group="in_range"] tbody tr')) == fragments.MAX_TABLE_ROWS
    note = soup.select_one('p.more-rows[data-group="in_range"]')
    assert f"first {fragments.MAX_TABLE_ROWS} of {n:,} claims" in note.get_text()
    assert note.a["href"] == exporter.SELECTION_CSV
    assert (folder / note.a["href"]).is_file(), "the link resolves beside the report"
    lines = (folder / exporter.SELECTION_CSV).read_text(encoding="utf-8").splitlines()
    assert len(lines) == n + 1
    bars = [t for t in soup.select("figure.chart svg text") if "all other claimants" in t.text]
    assert bars, "37 claimants: the top ones and one bar for the others"
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert f"2025-07/{exporter.SELECTION_CSV}" in index
