"""End to end: render real reports with the real notebook, then read the HTML and PDF back."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from claimbook.errors import ConfigError
from claimbook.params import RenderConfig, ReportParams
from claimbook.publish import naming, render
from conftest import pdf_text, previous_report, run_cli
from places import DATA, NOTEBOOK, ROOT

pytestmark = pytest.mark.slow


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_counts(soup: BeautifulSoup) -> dict[str, int]:
    return {s["data-count"]: int(s.get_text().replace(",", "")) for s in soup.select("[data-count]")}


@pytest.fixture(scope="module")
def reports(seed_reports: Path) -> Path:
    """The seed table's reports in one reports folder (conftest.SEED_RENDERS): a range, a
    filtered month, an empty month and all dates."""
    return seed_reports


RANGE = "2025-04-01_2025-08-31"
JULY = naming.slug(ReportParams(start="2025-07-01", end="2025-07-31",
                                claimants=("Ukraine HUR (Defence Intelligence)",)))
ALL = "all-dates"


@pytest.mark.parametrize(("folder", "selection"), [
    (RANGE, ["--start", "2025-04-01", "--end", "2025-08-31"]),
    (JULY, ["--start", "2025-07-01", "--end", "2025-07-31",
            "--claimant", "Ukraine HUR (Defence Intelligence)"]),
    (ALL, []),
])
def test_html_counts_equal_claims_command(reports: Path, folder: str, selection: list[str]) -> None:
    """The headline of the report and `claimbook claims` apply one rule and agree."""
    listed = run_cli("claims", "--data", str(DATA), "--format", "json", *selection)
    assert listed.exit_code == 0, listed.output
    expected = json.loads(listed.stdout)["counts"]
    counts = html_counts(soup_of(reports / folder / "report.html"))
    if folder == ALL:  # without a range nothing is imprecise, and no card says so
        assert "imprecise" not in counts and expected["imprecise"] == 0
        counts["imprecise"] = 0
    assert {k: counts[k] for k in expected} == expected
    rows = soup_of(reports / folder / "report.html").select("table.claims[data-group] tbody tr")
    assert len(rows) == sum(expected.values())


def test_seed_range_figures(reports: Path) -> None:
    counts = html_counts(soup_of(reports / RANGE / "report.html"))
    assert counts == {"in_range": 5, "imprecise": 0, "undated": 17, "mentions": 7,
                      "claimants": 4, "documents": 1}


def test_html_is_offline_and_shows_no_code(reports: Path) -> None:
    for folder in (RANGE, JULY, ALL):
        text = (reports / folder / "report.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe", "source", "style", "embed"]):
            for attr in ("src", "href"):
                value = tag.get(attr, "")
                assert not re.match(r"\s*(https?:)?//", value), f"{folder}: {tag.name} loads {value}"
        for style in soup.find_all("style"):
            assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//|@import", style.get_text())
        assert all(not s.get("src") for s in soup.find_all("script"))
        assert "require.js" not in text and "MathJax" not in text
        assert not re.search(r"In\s*\[\s*\d*\s*\]", soup.get_text())
        assert "Report.build" not in text and "report.section(" not in text
        assert not soup.select(".jp-InputArea, .input_area, .highlight")
        assert len(text) < 200_000, "a report page stays lean"


def test_html_shows_charts_and_sections(reports: Path) -> None:
    soup = soup_of(reports / RANGE / "report.html")
    svgs = soup.select("figure.chart svg")
    assert len(svgs) == 5
    titles = " ".join(s.get_text(" ") for s in svgs)
    for t in ("by claimant", "by claim type", "per month", "claimant × claim type", "by publisher"):
        assert t in titles
    assert soup.find("h1").get_text() == "Claims report: 1 April – 31 August 2025"
    assert "1 April – 31 August 2025, all claimants" in soup.select_one(".params").get_text()
    pairs = soup.select(".contested-pair")
    assert any(p["data-response"] == "C022" for p in pairs)
    assert "c6e221c6e2331604" in soup.select_one("footer.provenance").get_text()


def test_parameters_from_the_command_line_reach_the_notebook(reports: Path) -> None:
    nb = nbformat.read(reports / JULY / "report.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected, "papermill injected no parameters"
    assert 'start = "2025-07-01"' in injected[0].source
    assert "Ukraine HUR (Defence Intelligence)" in injected[0].source
    soup = soup_of(reports / JULY / "report.html")
    assert soup.select_one(".params").get_text().startswith(
        "1 – 31 July 2025, Ukraine HUR (Defence Intelligence)")
    ids = [tr["data-claim-id"] for tr in soup.select('table[data-group="in_range"] tbody tr')]
    assert ids == ["C004"]


def test_pdf_has_claimants_and_quotes(reports: Path) -> None:
    pdf = reports / RANGE / "report.pdf"
    reader = PdfReader(pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = pdf_text(pdf)
    for needle in ("Volodymyr Zelenskyy", "Ukraine HUR (Defence Intelligence)",
                   "reported the capture of two Chinese nationals fighting for Russia",
                   "Claims in range by claimant", f"page 1 of {len(reader.pages)}"):
        assert needle in text


def test_index_lists_every_report_with_links(reports: Path) -> None:
    index = reports / "index.html"
    soup = soup_of(index)
    hrefs = [a["href"] for a in soup.select("a")]
    for folder in (RANGE, JULY, ALL):
        assert f"{folder}/report.html" in hrefs
        assert (reports / folder / "report.html").exists()
    assert f"{RANGE}/report.pdf" in hrefs
    firsts = [row.get_text() for row in soup.select("tbody tr")]
    assert "all dates" in firsts[0], "newest first"


def test_empty_range_gives_a_clear_valid_report(reports: Path) -> None:
    folder = reports / "2025-01"  # nothing dated in it: the undated claims are counted elsewhere
    soup = soup_of(folder / "report.html")
    assert html_counts(soup)["in_range"] == 0
    assert not soup.select("figure.chart"), "no empty chart frames"
    assert "Nothing dated in this selection" in soup.get_text()
    assert "Nothing dated in this selection" in pdf_text(folder / "report.pdf")


def test_failing_cell_keeps_notebook_and_previous_report(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell('raise RuntimeError("deliberate failure")'))
    broken = tmp_path / "notebooks" / "claims_report.ipynb"
    broken.parent.mkdir()
    nbformat.write(nb, broken)
    reports = tmp_path / "reports"
    previous = previous_report(reports / "2025-07")

    # in-process: the exit code and message are the CLI's (a failing report's exit code as a
    # real process: publish/test_batch.py, test_render_failures.py)
    done = run_cli("render", "--data", str(DATA), "--reports-dir", str(reports), "--notebook",
                   str(broken), "--start", "2025-07", "--end", "2025-07")

    assert done.exit_code == 1, done.output
    assert "Traceback" not in done.output
    assert "cell" in done.stderr and "RuntimeError: deliberate failure" in done.stderr
    assert (previous / "report.html").read_text(encoding="utf-8") == "<p>the previous report</p>"
    assert sorted(p.name for p in previous.iterdir()) == ["meta.json", "report.html"]
    kept = list((reports / "_failed").glob("2025-07-*/report.ipynb"))
    assert len(kept) == 1 and str(kept[0].parent) in done.stderr
    executed = nbformat.read(kept[0], as_version=4)
    errors = [o for c in executed.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors and errors[0]["evalue"] == "deliberate failure"
    assert not [p for p in reports.iterdir() if p.name.startswith(".")], "no temporary folders left"


def test_missing_kernel_fails_before_running(tmp_path: Path) -> None:
    cfg = RenderConfig(params=ReportParams(data_dir=str(DATA)), kernel_name="no-such-kernel",
                       notebook=NOTEBOOK, reports_dir=tmp_path)
    with pytest.raises(ConfigError, match="no-such-kernel.*make install"):
        render.render(cfg)
    assert not any(tmp_path.iterdir())


def test_slug_is_safe_for_hostile_names() -> None:
    params = ReportParams(claimants=("../../x", "CON", "名字"), topics=("mercenaries",))
    name = naming.slug(params)
    assert re.fullmatch(r"[a-z0-9_-]+", name)
    assert ".." not in name and "/" not in name
    long = ReportParams(claimants=tuple(f"claimant number {i}" for i in range(20)))
    assert len(naming.slug(long)) <= naming.MAX_SLUG


def test_copy_of_shipped_notebook_is_clean(tmp_path: Path) -> None:
    """The render works from any folder: nothing depends on the working directory."""
    shutil.copy(NOTEBOOK, tmp_path / "nb.ipynb")
    assert nbformat.read(tmp_path / "nb.ipynb", as_version=4).cells


def test_published_reports_are_readable_by_a_web_server(reports: Path) -> None:
    """Reports are shared: folders and files get the umask's usual modes, not mkdtemp's 0700."""
    import os
    import stat

    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((reports / RANGE).stat().st_mode) == 0o777 & ~umask
    assert stat.S_IMODE((reports / "index.html").stat().st_mode) == 0o666 & ~umask
    assert stat.S_IMODE((reports / RANGE / "report.html").stat().st_mode) == 0o666 & ~umask


def test_rendering_does_not_load_matplotlib_in_the_parent_process(tmp_path: Path) -> None:
    """Charts are drawn in the kernel: the process that renders (and a batch's workers) never
    imports `claimbook.report.sections` or matplotlib, which cost it time and memory for nothing;
    nor the IRI grammars jsonschema would build under nbformat (a second of CPU per command)."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from claimbook.publish import render\n"
        "from claimbook.params import RenderConfig, ReportParams\n"
        f"cfg = RenderConfig(params=ReportParams.build(data_dir={str(DATA)!r}, start='2025-07',\n"
        f"    end='2025-07'), notebook=Path({str(NOTEBOOK)!r}),\n"
        f"    reports_dir=Path({str(tmp_path)!r}), formats=('html',))\n"
        "result = render.render_files(cfg)\n"
        "assert result.ok, result.message\n"
        "assert 'nbformat' in sys.modules and 'jsonschema' in sys.modules\n"
        "print(sorted(m for m in ('matplotlib', 'claimbook.report.sections', 'claimbook.report.charts',\n"
        "                         'rfc3987_syntax', 'lark') if sys.modules.get(m)))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
