"""The Python API reads a selection as the command line does and shows it safely in a notebook.

`wb.select(...)` gives the groups `claimbook claims` prints for the same strings (the CLI run
in-process, its JSON parsed back), names resolve as `--claimant` resolves them with the
same refusals, every chart of the report displays itself (SVG and PNG, no pyplot) titled with
what was selected, tables show text from tests/hostile.py as inert escaped text, and
`report()` renders the report of exactly the selection through the command line's render path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import Result
from IPython.core.formatters import DisplayFormatter

import claimbook
from claimbook import workbook
from claimbook.claims.control_chars import visible
from claimbook.errors import ConfigError
from conftest import run_cli
from hostile import HOSTILE, make_hostile_data
from places import DATA, ROOT

BLOG = "Norb Leahy, Dunwoody GA Tea Party Leader (blog)"
SEED_DOC = "000_cd4c6eedc46ef4ad"


@pytest.fixture(scope="module")
def wb() -> workbook.Workbook:
    return claimbook.open(DATA)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> workbook.Workbook:
    return claimbook.open(make_hostile_data(tmp_path_factory.mktemp("hostile")))


def cli(*args: str) -> Result:
    return run_cli("claims", "--data", str(DATA), "--format", "json", *args)


# (keyword arguments of wb.select, the same selection as `claimbook claims` options)
SAME_SELECTIONS = [
    ({}, []),
    ({"start": "2025-04", "end": "2025-07"}, ["--start", "2025-04", "--end", "2025-07"]),
    ({"end": "2025-04"}, ["--end", "2025-04"]),
    ({"start": "2025-07-01"}, ["--start", "2025-07-01"]),
    ({"period": "2025-Q3"}, ["--period", "2025-Q3"]),
    ({"period": "last-month", "as_of": "2025-08-15"}, ["--period", "last-month", "--as-of",
                                                       "2025-08-15"]),
    ({"period": "2025", "claimants": "zelensky"}, ["--period", "2025", "--claimant", "zelensky"]),
    ({"claim_types": ["denial", "allegation"]}, ["--type", "denial", "--type", "allegation"]),
    ({"start": "2025-04", "topics": "mercenaries"}, ["--start", "2025-04", "--topic",
                                                     "mercenaries"]),
    ({"period": "2025-07", "publishers": BLOG}, ["--period", "2025-07", "--publisher", BLOG]),
    ({"period": "2025", "docs": [SEED_DOC]}, ["--period", "2025", "--doc", SEED_DOC]),
]


@pytest.mark.parametrize(("kwargs", "options"), SAME_SELECTIONS,
                         ids=[" ".join(o) or "all" for _, o in SAME_SELECTIONS])
def test_a_selection_counts_what_claimbook_claims_prints(wb: workbook.Workbook, kwargs: dict,
                                                        options: list[str]) -> None:
    done = cli(*options)
    assert done.exit_code == 0, done.stderr
    printed = json.loads(done.stdout)
    sel = wb.select(**kwargs)
    assert sel.counts == printed["counts"]
    listed = sel.all()
    assert list(zip(listed["group"], listed["claim_id"], strict=True)) == \
        [(c["group"], c["claim_id"]) for c in printed["claims"]]


def test_the_end_of_a_month_is_its_last_day(wb: workbook.Workbook) -> None:
    """The defect of query.select with text: '2025-07' as an end was 1 July (3 in range)."""
    sel = wb.select(start="2025-04", end="2025-07")
    assert sel.counts["in_range"] == 4
    assert "C004" in set(sel.in_range["claim_id"])  # dated 2025-07


@pytest.mark.parametrize(("kwargs", "options"), [
    ({"claimants": "Zelenskiyy"}, ["--claimant", "Zelenskiyy"]),
    ({"publishers": "Nortwind Wire"}, ["--publisher", "Nortwind Wire"]),
    ({"period": "2025-13"}, ["--period", "2025-13"]),
    ({"start": "2025-08", "end": "2025-07"}, ["--start", "2025-08", "--end", "2025-07"]),
    ({"claim_types": "rumour"}, ["--type", "rumour"]),
    ({"period": "2025-07", "start": "2025-01"}, ["--period", "2025-07", "--start", "2025-01"]),
])
def test_a_bad_value_is_refused_with_the_command_lines_message(wb: workbook.Workbook,
                                                               kwargs: dict,
                                                               options: list[str]) -> None:
    done = cli(*options)
    assert done.exit_code == 2
    message = done.stderr.strip().removeprefix("claimbook: ")
    with pytest.raises(ConfigError) as refused:
        wb.select(**kwargs)
    assert str(refused.value).replace(str(DATA), "DATA") == message.replace(str(DATA), "DATA")


def test_claimants_are_listed_as_the_claimants_command_lists_them(wb: workbook.Workbook) -> None:
    rows = wb.claimants.set_index("claimant")
    assert len(rows) == 8
    assert rows.loc["Volodymyr Zelenskyy", ["type", "country", "claims", "dated", "undated"]
                    ].tolist() == ["head_of_state", "UA", 2, 2, 0]
    assert "Zelensky" in rows.loc["Volodymyr Zelenskyy", "aliases"].split("; ")


def test_the_tables_are_the_validated_typed_tables(wb: workbook.Workbook) -> None:
    assert (len(wb.claims), len(wb.mentions), len(wb.documents)) == (22, 28, 1)
    assert {"date_start", "date_end", "date_precision"} <= set(wb.claims.columns)
    assert str(wb.claims["date_start"].dtype).startswith("datetime64")


def test_open_finds_the_data_folder_from_a_notebooks_folder(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    project = tmp_path / "project"
    (project / "notebooks").mkdir(parents=True)
    (project / "data").symlink_to(DATA)
    monkeypatch.chdir(project / "notebooks")
    assert workbook.find_data() == Path("../data")
    assert len(claimbook.open().claims) == 22
    monkeypatch.chdir(project)
    assert workbook.find_data() == Path("data")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="no data folder"):
        claimbook.open()


def display(obj: object) -> dict:
    """What IPython sends to the notebook for `obj` (no pyplot, no %matplotlib inline)."""
    data, _ = DisplayFormatter().format(obj)
    return data


@pytest.mark.parametrize("name", workbook.CHART_NAMES)
def test_every_chart_displays_itself(wb: workbook.Workbook, name: str) -> None:
    data = display(wb.select(period="2025-04").chart(name))
    root = ET.fromstring(data["image/svg+xml"])
    assert root.tag.endswith("svg")
    assert data["image/png"].startswith(b"\x89PNG\r\n\x1a\n")


def test_chart_titles_say_what_was_selected(wb: workbook.Workbook) -> None:
    july = wb.select(period="2025-07", claim_types="intelligence_report")
    title = july.chart("by_claimant").axes[0].get_title("left")
    assert title.startswith("Claims in July 2025 (intelligence report) by claimant")
    assert july.chart("timeline").axes[0].get_title("left").startswith(
        "Dated claims in July 2025 (intelligence report) per month")
    everything = wb.select().chart("by_type").axes[0].get_title("left")
    assert everything == "All claims by claim type"
    zel = wb.select(claimants="Zelensky").chart("matrix").axes[0].get_title("left")
    assert zel == "All claims (Volodymyr Zelenskyy): claimant × claim type"


def test_an_unknown_chart_lists_the_charts(wb: workbook.Workbook) -> None:
    with pytest.raises(ConfigError) as refused:
        wb.select().chart("pie")
    assert str(refused.value) == ("no chart 'pie'; choose from by_claimant, by_type, timeline, "
                                  "matrix, sources")


def test_the_charts_count_what_the_selection_counts(wb: workbook.Workbook) -> None:
    """The tally behind the charts counts the claims in range (with a range) or every claim."""
    april = wb.select(period="2025-04")
    assert april._summary.tally["claims"].sum() == april.counts["in_range"] == 3
    assert wb.select()._summary.tally["claims"].sum() == 22


FOREIGN = ["script", "img", "iframe", "svg", "style", "link", "meta", "base", "form", "button"]


def assert_inert(html: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all(FOREIGN) == [], "an element from the data was created"
    assert not [a for tag in soup.find_all(True) for a in tag.attrs if a.startswith("on")]
    assert "tex2jax_ignore" in html  # JupyterLab's MathJax leaves "$x$" from the data alone
    return soup


def test_tables_show_hostile_text_as_text(hostile: workbook.Workbook) -> None:
    sel = hostile.select(period="2025-07")
    html = display(sel.table(max_rows=1000))["text/html"]
    soup = assert_inert(html)
    cells = {td.get_text() for td in soup.find_all("td")}
    for name, value in HOSTILE.items():
        assert visible(value) in cells, name
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "&#36;x^2&#36;" in html  # dollars escaped: never typeset


def test_contested_pairs_selection_and_claim_views_are_inert(hostile: workbook.Workbook) -> None:
    sel = hostile.select(period="2025-07")
    pairs = sel.contested()
    assert pairs.frame[["claim_id", "response_id"]].values.tolist() == [["H00", "H01"]]
    for view in (pairs, sel, hostile.claim("H01"), hostile.claim("H00")):
        assert_inert(display(view)["text/html"])
    trail = BeautifulSoup(display(hostile.claim("H00"))["text/html"], "html.parser").get_text()
    assert f"answered byH01 ({HOSTILE['script_pwned']}" in trail  # the card's row: label, claim


def test_hostile_names_in_chart_titles_stay_text(hostile: workbook.Workbook) -> None:
    sel = hostile.select(period="2025-07", claimants=HOSTILE["script"])
    svg = display(sel.chart("by_claimant"))["image/svg+xml"]
    root = ET.fromstring(svg)  # well-formed: nothing from the data broke out of a <text>
    assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("script", "foreignObject")]
    assert "&lt;script&gt;" in svg


def test_following_a_claim(wb: workbook.Workbook) -> None:
    trail = wb.claim("C008")
    assert list(trail.responses["claim_id"]) == ["C021", "C022"]
    assert trail.answers.empty and len(trail.mentions) == 2
    assert set(trail.mentions["doc_id"]) == {SEED_DOC}
    assert trail.carried["n_publishers"] == 1
    assert list(wb.claim("C022").answers["claim_id"]) == ["C008"]
    with pytest.raises(ConfigError, match="no claim 'C08' in .*did you mean"):
        wb.claim("C08")


def test_a_table_shows_its_first_rows_and_says_so(wb: workbook.Workbook) -> None:
    table = wb.select().table(max_rows=5)
    soup = BeautifulSoup(table._repr_html_(), "html.parser")
    assert len(soup.find_all("tr")) == 1 + 5 and len(table.frame) == 22
    assert "Showing the first 5 of 22 rows" in soup.get_text()
    with pytest.raises(ConfigError, match="choose from in_range, imprecise, undated"):
        wb.select().table("dated")


def test_import_claimbook_stays_cheap() -> None:
    """The command line imports the package first: the API (pandas, matplotlib) only on use."""
    code = ("import sys, claimbook, claimbook.cli; "
            "print(sorted(m for m in ('pandas', 'matplotlib', 'claimbook.workbook') "
            "if m in sys.modules)); claimbook.open; print('claimbook.workbook' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60, check=True)
    assert done.stdout.split("\n")[:2] == ["[]", "True"]


@pytest.mark.slow
def test_report_renders_exactly_the_selection(data_copy: Path) -> None:
    wb = claimbook.open(data_copy)
    sel = wb.select(start="2025-04", end="2025-07", claimants="Zelensky")
    files = sel.report(formats="html", notebook=ROOT / "notebooks" / "claims_report.ipynb")
    slug = "2025-04-01_2025-07-31_claimant-volodymyr-zelenskyy"  # reports/ beside the data
    assert files["html"].parent == data_copy.parent / "reports" / slug
    soup = BeautifulSoup(files["html"].read_text(encoding="utf-8"), "html.parser")
    shown = {s["data-count"]: int(s.get_text().replace(",", ""))
             for s in soup.select("[data-count]")}
    assert {g: shown[g] for g in sel.counts} == sel.counts == {"in_range": 2, "imprecise": 0,
                                                               "undated": 0}
    rows = soup.select("table.claims[data-group=in_range] tr[data-claim-id]")
    listed = [tr["data-claim-id"] for tr in rows]
    assert listed == list(sel.in_range["claim_id"])
    meta = json.loads((files["html"].parent / "meta.json").read_text(encoding="utf-8"))
    assert meta["parameters"]["claimants"] == ["Volodymyr Zelenskyy"]
    assert meta["parameters"]["end"] == "2025-07-31"


def test_the_readme_example_runs_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cells of README's JupyterLab section run in order (the report cell aside: it is
    test_report_renders_exactly_the_selection), and the counts its comment shows are true."""
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Analysis in JupyterLab", 1)[1].split("\n## ", 1)[0]
    cells = [c for c in re.findall(r"```python\n(.*?)```", section, re.S) if ".report(" not in c]
    assert len(cells) >= 3
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    for cell in cells:
        exec(cell, namespace)  # the project's own documentation, not data
    shown = re.search(r"spring\.counts\s+# (\{.*\})", section).group(1)
    assert namespace["spring"].counts == eval(shown)  # a dict literal of the README


def test_every_part_of_the_api_has_the_help_jupyterlab_shows() -> None:
    """JupyterLab's contextual help (Shift+Tab) shows these docstrings: none may be missing."""
    import inspect

    assert inspect.getdoc(claimbook) and inspect.getdoc(workbook)
    assert claimbook.open is workbook.open and inspect.getdoc(claimbook.open)
    for cls in (workbook.Workbook, workbook.Selection, workbook.Table, workbook.ClaimTrail):
        assert inspect.getdoc(cls), cls
        for name, member in vars(cls).items():
            if not name.startswith("_") and callable(getattr(member, "__get__", None)):
                assert inspect.getdoc(member), f"{cls.__name__}.{name}"


@pytest.mark.parametrize("kwargs", [{}, {"period": "2025-04"}, {"start": "2025-04",
                                                                "claimants": "Zelensky"},
                                    {"claim_types": ["denial", "statement"]}])
def test_charts_and_pairs_are_drawn_from_what_the_report_draws(wb: workbook.Workbook,
                                                               kwargs: dict) -> None:
    """The tally behind every chart, the publisher tally and the contested pairs are the
    report's (report.Report, as the report notebook builds it) for the same selection."""
    import pandas as pd

    from claimbook.report.sections import Report

    sel = wb.select(**kwargs)
    report = Report.build(**sel.params.notebook_parameters())
    pd.testing.assert_frame_equal(sel._summary.tally, report.summary.tally)
    pd.testing.assert_frame_equal(
        sel.publisher_tally().sort_values(["publisher", "claim_type", "dated"],
                                          ignore_index=True),
        report.publisher_tally.sort_values(["publisher", "claim_type", "dated"],
                                           ignore_index=True))
    assert sel.contested().frame[["claim_id", "response_id"]].values.tolist() == \
        report.summary.pairs[["responds_to", "claim_id"]].values.tolist()
    assert {g: report.counts()[g] for g in sel.counts} == sel.counts
