"""A reports folder may hold files this program did not write: a foreign or broken meta.json is
skipped by the index with a warning naming it, and never stops a render, a batch or the index."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from claimbook.publish import index, meta
from conftest import run_cli_process
from places import DATA, NOTEBOOK

FOREIGN = {
    "a-list": [],
    "counts-list": {"title": "x", "counts": [], "generated": "2025-01-01T00:00:00"},
    "numeric-generated": {"title": "x", "generated": 20250101},
    "files-numbers": {"title": "x", "files": {"html": 7}},
    "not-json": "{ this is not JSON",
    "deep": "[" * 100_000 + "]" * 100_000,
    "null": None,
}


def foreign_folder(reports: Path) -> None:
    for name, content in FOREIGN.items():
        (reports / name).mkdir(parents=True)
        text = content if isinstance(content, str) else json.dumps(content)
        (reports / name / meta.META).write_text(text, encoding="utf-8")
    (reports / "a-folder-named-meta" / meta.META).mkdir(parents=True)


def our_report(reports: Path) -> None:
    (reports / "ours").mkdir(parents=True)
    (reports / "ours" / meta.META).write_text(json.dumps({
        "title": "Ours", "description": "d", "counts": {"in_range": 3, "imprecise": 0,
                                                        "undated": 1},
        "generated": "2025-08-01T10:00:00+00:00", "files": {"html": "report.html"}, "claimbook": "0.1.0"}))


def test_index_skips_each_foreign_meta_json_and_names_it(tmp_path: Path,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    reports = tmp_path / "reports"
    foreign_folder(reports)
    our_report(reports)
    with caplog.at_level(logging.WARNING, logger="claimbook"):
        page = index.write_index(reports)
    html = page.read_text(encoding="utf-8")
    assert "Ours" in html and 'href="ours/report.html"' in html
    assert "1 report(s)" in html
    warned = caplog.text
    for name in [*FOREIGN, "a-folder-named-meta"]:
        assert f"{name}/{meta.META}" in warned, name


@pytest.mark.slow
def test_render_with_a_foreign_meta_json_publishes_and_indexes(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    foreign_folder(reports)
    done = run_cli_process("render", "--data", str(DATA), "--reports-dir", str(reports),
                           "--notebook", str(NOTEBOOK), "--period", "2025-07", "--format", "html",
                           cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "a-list/meta.json" in done.stderr
    assert 'href="2025-07/report.html"' in (reports / "index.html").read_text(encoding="utf-8")
