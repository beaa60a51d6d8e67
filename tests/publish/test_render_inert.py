"""Output stays inert where people read it: JSON-LD cannot close the `<script>` it is embedded
in; control characters from the data are shown as marks on a terminal, in report pages and in
chart SVGs (which stay well-formed XML), while files and pipes get the exact bytes."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import select
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from claimbook import store
from claimbook.claims import query
from claimbook.claims.control_chars import CONTROLS, MARK
from claimbook.report import charts, fragments, html
from claimbook.tables import exporter
from conftest import cli_argv, run_cli, run_cli_process
from places import NOTEBOOK, ROOT

# What a source or a curator may leave in a claimant: a colour escape, NUL, VT, FF, a C1 CSI.
CLAIMANTS = ["\x1b[31mred\x1b[0m", "nul\x00here", "vt\x0bhere", "ff\x0chere", "csi\x9b2Jhere"]
SCRIPT = "</script><script>alert(1)</script> <!-- & more"
CLAIM = SCRIPT + " \x1b]0;pwned\x07 said"


@pytest.fixture
def control_data(data_copy: Path) -> Path:
    """The shipped data with control characters in five claimants and a claim (all in range)."""
    path = data_copy / "claims.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    dated = [r for r in rows if r["date"]]
    for r, name in zip(dated, CLAIMANTS, strict=False):
        r["claimant"] = name
    dated[0]["claim"] = CLAIM
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    store.load(data_copy)  # such a table is valid: the text is kept as it is
    return data_copy


def on_a_terminal(*args: str) -> str:
    """Run the CLI with a pseudo-terminal as standard output; what the terminal received."""
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen(cli_argv(*args), stdout=slave, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, cwd=ROOT)
    finally:
        os.close(slave)
    chunks, deadline = [], time.monotonic() + 120
    try:
        while True:
            ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, "the command did not finish in time"
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the command closed its end
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err.decode()
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")  # the tty's ONLCR


COMMANDS = {
    "claims-csv": ("claims", "--format", "csv"),
    "claims-json": ("claims", "--format", "json"),
    "export-csv": ("export", "--format", "csv"),
    "export-jsonl": ("export", "--format", "jsonl"),
    "export-claimreview": ("export", "--format", "claimreview"),
}


@pytest.mark.parametrize("command", COMMANDS)
def test_output_to_a_terminal_shows_control_characters_as_marks(control_data: Path,
                                                                 command: str) -> None:
    shown = on_a_terminal(*COMMANDS[command], "--data", str(control_data))
    found = CONTROLS.search(shown)
    assert found is None, f"{found.group()!r} reached the terminal"
    assert MARK in shown and "[31mred" in shown and "csi" in shown


@pytest.mark.parametrize("command", ["claims-csv", "export-csv", "export-jsonl"])
def test_output_to_a_pipe_keeps_the_exact_text(control_data: Path, command: str) -> None:
    """In-process: the CLI's output stream is no terminal, as a pipe is not (a real process
    writing into a real pipe: test_claimreview_cannot_close_the_script_element_it_is_embedded_in)."""
    done = run_cli(*COMMANDS[command], "--data", str(control_data))
    assert done.exit_code == 0, done.output
    text = done.stdout_bytes.decode("utf-8")
    assert MARK not in text
    if command == "export-jsonl":
        claimants = {json.loads(line)["claimant"] for line in text.split("\n") if line}
    else:  # not splitlines(): it splits at VT and FF too
        claimants = {r["claimant"] for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff"),
                                                                       newline=""))}
    assert set(CLAIMANTS) <= claimants


def test_claimreview_cannot_close_the_script_element_it_is_embedded_in(control_data: Path
                                                                        ) -> None:
    done = run_cli_process("export", "--format", "claimreview", "--data", str(control_data),
                           text=False)
    assert done.returncode == 0, done.stderr.decode()
    raw = done.stdout
    assert not re.search(rb"[<>&]", raw), "raw <, > or & in JSON-LD"
    assert b"\\u003c/script\\u003e" in raw
    data = store.load(control_data)
    sel = query.select(data.claims)
    expected = exporter.claimreview(exporter.selection_frame(sel), data.mentions, data.documents)
    assert json.loads(raw) == expected, "parsed, it is the same JSON"
    assert CLAIM in {g["claimReviewed"] for g in expected["@graph"]}


@pytest.mark.parametrize("doc", [{"a": "</script><!--<script>&amp;"}, {"<k>": ["&", ">", 1]},
                                 {"x": "plain \u2028 text é"}])
def test_script_safe_json_parses_to_the_same_value_and_has_no_markup(doc: dict) -> None:
    text = exporter.script_safe_json(doc)
    assert json.loads(text) == doc
    assert not re.search("[<>&]", text)


def test_report_sections_show_control_characters_as_marks(control_data: Path) -> None:
    data = store.load(control_data)
    claims = data.claims[data.claims["claimant"].isin(CLAIMANTS)]
    titles = dict(zip(data.documents["doc_id"], data.documents["title"], strict=True))
    page = fragments.claims_table_html(claims, data.mentions, titles, "in_range", "none")
    page += html.text("a\x00b\x1bc\x85d") + html.link("https://example.org/\x1b", "t\x0c")
    assert CONTROLS.search(page) is None
    assert MARK in page and "[31mred" in page and "&lt;/script&gt;" in page


@pytest.mark.parametrize("chart", ["by_claimant", "matrix"])
def test_charts_of_control_characters_are_well_formed_svg(control_data: Path, chart: str) -> None:
    claims = store.load(control_data).claims
    svg = charts.to_svg(getattr(charts, chart)(claims[claims["claimant"].isin(CLAIMANTS)]))
    ET.fromstring(svg)  # an ill-formed SVG raises here
    assert CONTROLS.search(svg) is None
    assert svg.count(MARK) >= len(CLAIMANTS)


@pytest.mark.slow
def test_rendered_report_shows_control_characters_as_marks(control_data: Path,
                                                           tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    done = run_cli("render", "--data", str(control_data), "--reports-dir", str(reports),
                   "--notebook", str(NOTEBOOK), "--format", "html")
    assert done.exit_code == 0, done.output
    page = next(reports.glob("*/report.html")).read_text(encoding="utf-8")
    found = CONTROLS.search(page)
    assert found is None, f"{found.group()!r} in the page"
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    assert len(svgs) >= 3
    for svg in svgs:
        ET.fromstring(svg)
    assert "[31mred" in page and MARK in page
