"""The claimant profile (notebooks/claimant.ipynb) rendered for real by `claimbook render
--notebook claimant` and `batch --per claimant --notebook claimant`, then read back: its HTML
and PDF show exactly one claimant's claims, with the date rule of every report, the answers
others gave them and the answers they gave, and no claim unrelated to them; hostile text stays
text; a run that cannot make a profile is refused (exit 2) before any kernel starts.

Renders cost seconds each, so each data set is rendered once per session and shared.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from claimbook.publish.export import TEMPLATES
from conftest import DATA_DIR, pdf_pages, run_cli, run_cli_process
from hostile import HOSTILE, make_hostile_data
from multisource import accept, extract, register
from places import ROOT
from publish.test_render_security import PAGE_TAGS, SVG_TAGS, flat

pytestmark = pytest.mark.slow



@dataclass
class Done:
    code: int
    stdout: str
    stderr: str


def render(reports: Path, data: Path, *args: str, command: str = "render", process: bool = False
           ) -> Done:
    """`claimbook render --notebook claimant …` as an analyst types it, from the project: as a
    process of its own (`process`, the Zelenskyy profile) or in this one (the others: what they
    prove is the page, not the process)."""
    argv = (command, "--data", str(data), "--reports-dir", str(reports), "--notebook", "claimant",
            *args)
    if process:
        done = run_cli_process(*argv)
        return Done(done.returncode, done.stdout, done.stderr)
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        result = run_cli(*argv)
    finally:
        os.chdir(here)
    return Done(result.exit_code, result.stdout, result.stderr)


def rendered(reports: Path, data: Path, *args: str, process: bool = False) -> Path:
    done = render(reports, data, *args, process=process)
    assert done.code == 0, done.stdout + done.stderr
    folder = Path(next(ln for ln in done.stdout.splitlines() if ln.endswith("report.ipynb"))).parent
    return folder


def page(folder: Path) -> BeautifulSoup:
    return BeautifulSoup((folder / "report.html").read_text(encoding="utf-8"), "html.parser")


def pdf_text(folder: Path) -> str:
    return " ".join(pdf_pages(folder / "report.pdf"))


def counts(soup: BeautifulSoup) -> dict[str, int]:
    return {s["data-count"]: int(s.get_text().replace(",", ""))
            for s in soup.select("header [data-count]")}


def claim_ids(soup: BeautifulSoup) -> set[str]:
    """Every claim the page shows anywhere: table rows, exchanges and their answers."""
    ids = {t["data-claim-id"] for t in soup.select("[data-claim-id]")}
    return ids | {t["data-response"] for t in soup.select("[data-response]")}


def exchanges(soup: BeautifulSoup, group: str) -> dict[str, list[str]]:
    """answered claim -> the answers shown beside it, in one exchanges section."""
    return {div["data-claim-id"]: [a["data-response"] for a in div.select(".answer")]
            for div in soup.select(f'div.exchange[data-group="{group}"]')}


# --- the seed data: Zelenskyy's April 2025, answered by China ------------------------------------


@pytest.fixture(scope="module")
def seed_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("profiles") / "reports"


@pytest.fixture(scope="module")
def zelenskyy(seed_reports: Path) -> Path:
    """The profile of 'Zelensky' (an alias) for April 2025, HTML and PDF."""
    return rendered(seed_reports, DATA_DIR, "--claimant", "Zelensky", "--period", "2025-04",
                    "--format", "html,pdf", process=True)


def test_profile_counts_read_back_from_html_and_pdf(zelenskyy: Path) -> None:
    soup = page(zelenskyy)
    assert counts(soup) == {"in_range": 2, "imprecise": 0, "undated": 0, "mentions": 3,
                            "documents": 1, "received": 3, "given": 0}
    assert soup.find("h1").get_text() == "Claimant profile: April 2025 — Volodymyr Zelenskyy"
    meta = json.loads((zelenskyy / "meta.json").read_text(encoding="utf-8"))
    assert meta["title"] == soup.title.get_text() == soup.find("h1").get_text()
    assert meta["counts"]["in_range"] == 2
    text = flat(pdf_text(zelenskyy))
    for words in ("Claimant profile: April 2025", "2 claims in range, 0 imprecise and 0 undated",
                  "3 answers received", "0 answers given", "Who answered Volodymyr Zelenskyy"):
        assert flat(words) in text, words


def test_profile_shows_her_claims_and_who_answered_them_nothing_else(zelenskyy: Path) -> None:
    soup = page(zelenskyy)
    listed = {tr["data-claim-id"] for tr in soup.select("table.claims tr[data-claim-id]")}
    assert listed == {"C008", "C013"}  # Zelenskyy's two April allegations
    assert exchanges(soup, "received") == {"C008": ["C021", "C022"], "C013": ["C011"]}
    assert claim_ids(soup) == {"C008", "C013", "C011", "C021", "C022"}
    answerers = {tr["data-answerer"]: " ".join(tr.get_text(" ").split())  # nbsp too
                 for tr in soup.select("table.answers tr[data-answerer]")}
    assert list(answerers) == ["China Foreign Ministry", "Chinese government"]  # most first
    assert "denial × 1" in answerers["China Foreign Ministry"]
    assert "statement × 1" in answerers["China Foreign Ministry"]
    assert "denial × 1" in answerers["Chinese government"]
    assert soup.select_one('p.empty[data-group="given"]')
    svg_text = " ".join(t.get_text() for t in soup.select("figure.chart svg text"))
    assert "allegation" in svg_text and "denial" not in svg_text  # only her claims are charted
    pdf = flat(pdf_text(zelenskyy))
    assert flat("China has not sent its servicemen") in pdf  # C022, the denial answering C008
    assert flat("Beijing has deepened military cooperation") not in pdf  # C002: unrelated


def test_page_has_no_code_and_loads_nothing(zelenskyy: Path) -> None:
    html = (zelenskyy / "report.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert "Profile.build" not in html and "jp-InputArea" not in html and "In&nbsp;[" not in html
    assert not soup.select("[src]") and not soup.find_all("link")
    scripts = soup.find_all("script")
    assert [s.get_text().strip() for s in scripts] == [
        (TEMPLATES / "claimbook" / "report.js").read_text(encoding="utf-8").strip()]
    assert all(a["href"].startswith("https://") for a in soup.find_all("a", href=True)
               if not a["href"].startswith("selection.csv"))


def test_folder_and_index_keep_the_profile_apart_from_the_main_report(zelenskyy: Path,
                                                                       seed_reports: Path
                                                                       ) -> None:
    assert zelenskyy.name == "claimant_2025-04_claimant-volodymyr-zelenskyy"
    main = run_cli("render", "--data", str(DATA_DIR), "--reports-dir", str(seed_reports),
                   "--claimant", "Zelensky", "--period", "2025-04", "--format", "ipynb",
                   "--notebook", str(ROOT / "notebooks" / "claims_report.ipynb"))
    assert main.exit_code == 0, main.output
    index = BeautifulSoup((seed_reports / "index.html").read_text(encoding="utf-8"),
                          "html.parser")
    rows = {tr["data-folder"]: tr.find("strong").get_text()
            for tr in index.select("tr[data-folder]")}
    assert rows["claimant_2025-04_claimant-volodymyr-zelenskyy"] == (
        "Claimant profile: April 2025 — Volodymyr Zelenskyy")
    assert rows["2025-04_claimant-volodymyr-zelenskyy"] == (
        "Claims report: April 2025 — Volodymyr Zelenskyy")
    assert (zelenskyy / "report.html").is_file()  # the main report took a folder of its own


# --- whom a claimant answered, all dates and with a range (multi-source) --------------------------


def test_own_answers_of_all_dates_beside_the_claim_answered(tmp_path: Path) -> None:
    folder = rendered(tmp_path / "reports", DATA_DIR, "--claimant", "china foreign ministry",
                      "--format", "html")
    soup = page(folder)
    assert counts(soup)["given"] == 2 and counts(soup)["received"] == 0
    assert exchanges(soup, "given") == {"C008": ["C021", "C022"]}
    assert claim_ids(soup) == {"C021", "C022", "C008"}
    answered = soup.select_one('div.exchange[data-group="given"] .side .claim-card')
    assert "Volodymyr Zelenskyy" in answered.get_text()


@pytest.fixture(scope="module")
def multisource(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed data and the six documents of tests/fixtures/sources, registered, extracted
    and accepted through the CLI."""
    import shutil

    tmp = tmp_path_factory.mktemp("multisource")
    data = tmp / "data"
    shutil.copytree(DATA_DIR, data)
    for doc_id in register(data).values():
        extract(data, doc_id, tmp / f"review-{doc_id}.csv")
        accept(data, tmp / f"review-{doc_id}.csv")
    return data


def test_multisource_profile_follows_the_date_rule(multisource: Path, tmp_path: Path) -> None:
    """July 2025 of China's Foreign Ministry: its July statements counted (extraction dates a
    statement with no date of its own by its article's publication), its undated claims listed;
    its undated answers to Zelenskyy's April claim are left out (and said to be), as the main
    report leaves out a pair with no side in range."""
    with open(multisource / "claims.csv", encoding="utf-8", newline="") as f:
        claims = {r["claim_id"]: r for r in csv.DictReader(f)}
    mine = {i for i, r in claims.items() if r["claimant"] == "China Foreign Ministry"}
    july = {i for i in mine if claims[i]["date"].startswith("2025-07")}
    undated = {i for i in mine if not claims[i]["date"]}
    assert len(july) >= 2 and len(undated) >= 2
    folder = rendered(tmp_path / "reports", multisource, "--claimant", "China Foreign Ministry",
                      "--period", "2025-07", "--format", "html,pdf")
    soup = page(folder)
    found = counts(soup)
    assert (found["in_range"], found["imprecise"], found["undated"]) == (len(july), 0, len(undated))
    assert (found["received"], found["given"]) == (0, 0)
    assert {tr["data-claim-id"] for tr in soup.select('table.claims[data-group="in_range"] tr'
                                                      '[data-claim-id]')} == july
    assert {tr["data-claim-id"] for tr in soup.select('table.claims[data-group="undated"] tr'
                                                      '[data-claim-id]')} == undated
    assert claim_ids(soup) == july | undated  # no claim of anyone else
    assert "2 more exchanges of undated claims" in soup.select_one("p.left-out").get_text()
    cited = " ".join(c.get_text(" ", strip=True) for c in soup.select("blockquote cite"))
    assert "Northwind Wire" in cited  # quotes from several publishers' documents
    text = flat(pdf_text(folder))
    assert flat(f"{len(july)} claims in range, 0 imprecise and {len(undated)} undated") in text
    assert flat(claims["C008"]["claim"]) not in text


# --- hostile text ----------------------------------------------------------------------------------


def test_hostile_text_in_a_profile_stays_text(tmp_path: Path) -> None:
    data = make_hostile_data(tmp_path)
    name = HOSTILE["script"]  # H00's claimant; H01 (another claimant) answers H00
    folder = rendered(tmp_path / "reports", data, "--claimant", name, "--period", "2025-07",
                      "--format", "html,pdf")
    soup = page(folder)
    outside_svg = {t.name for t in soup.find_all(True) if not t.find_parent("svg")
                   and t.name != "svg"}
    assert outside_svg <= PAGE_TAGS, outside_svg - PAGE_TAGS
    for svg in soup.find_all("svg"):
        assert {t.name for t in svg.find_all(True)} <= SVG_TAGS
    for t in soup.find_all(True):
        assert not [a for a in t.attrs if a.lower().startswith("on")], t.name
    assert len(soup.find_all("script")) == 1
    assert soup.find("h1").get_text() == f"Claimant profile: July 2025 — {name}"
    assert soup.select_one(".claimant-name").get_text() == name
    assert exchanges(soup, "received") == {"H00": ["H01"]}
    answer = soup.select_one('.answer[data-response="H01"] .claim-card')
    assert answer.find("p", class_="who").get_text().startswith(HOSTILE["script_pwned"])
    assert HOSTILE["script_pwned"] in [p.get_text() for p in answer.find_all("p")]
    assert claim_ids(soup) == {"H00", "H01"}  # U01 says the same words, as another claimant
    text = flat(pdf_text(folder))
    assert flat(HOSTILE["script_pwned"]) in text and flat(name) in text


# --- batch: one profile per claimant ---------------------------------------------------------------


def test_batch_renders_one_profile_per_claimant_and_skips_them_when_unchanged(tmp_path: Path
                                                                             ) -> None:
    reports = tmp_path / "reports"
    args = ("--period", "2025-04", "--per", "claimant", "--format", "html")
    first = render(reports, DATA_DIR, *args, command="batch")
    assert first.code == 0, first.stdout + first.stderr
    folders = sorted(p.name for p in reports.iterdir() if (p / "report.html").is_file())
    assert folders == ["claimant_2025-04_claimant-captured-chinese-nationals",
                       "claimant_2025-04_claimant-volodymyr-zelenskyy"]
    soup = page(reports / folders[1])
    assert exchanges(soup, "received") == {"C008": ["C021", "C022"], "C013": ["C011"]}
    again = render(reports, DATA_DIR, *args, command="batch")
    assert "0 rendered, 2 skipped" in again.stderr


# --- refused before any kernel starts ----------------------------------------------------------------


@pytest.mark.parametrize(("args", "words"), [
    (("render",), "--claimant: the notebook claimant.ipynb makes one report per claimant; give "
                  "exactly one --claimant NAME (given none)"),
    (("render", "--claimant", "Zelensky", "--claimant", "US officials"), "(given 2)"),
    (("batch", "--period", "2025-04"), "or --per claimant for one report each (given none)"),
    (("batch", "--period", "2025-04", "--per", "type"), "--claimant: the notebook"),
])
def test_a_profile_needs_exactly_one_claimant(tmp_path: Path, args: tuple[str, ...],
                                              words: str, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    monkeypatch.chdir(ROOT)
    reports = tmp_path / "reports"
    result = run_cli(args[0], "--data", str(DATA_DIR), "--reports-dir", str(reports),
                     "--notebook", "claimant", *args[1:])
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert not reports.exists()  # nothing ran, nothing was written


def test_an_unknown_notebook_name_lists_the_names_there_are(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.chdir(ROOT)
    for command in ("render", "batch"):
        result = run_cli(command, "--data", str(DATA_DIR), "--reports-dir", str(tmp_path),
                         "--period", "2025-04", "--notebook", "claimnat")
        assert result.exit_code == 2, result.output
        # the notebooks of the data folder's workbook, named as a path
        assert f"--notebook: no notebook named 'claimnat' in {ROOT / 'notebooks'}/; choose from " \
            in result.output
        choices = result.output.split("choose from ")[1].split(", or give")[0].split(", ")
        assert {"claimant", "claims_report"} <= set(choices)
