"""A batch re-renders only the reports whose shown content changed, a new edition says what
changed since the previous one, and the index an operator reads lists reports by period, marks
the stale ones and can be pruned (dry run first)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import Result

from claimbook.publish import fingerprint, index
from conftest import edit_csv, run_cli, run_cli_process
from places import NOTEBOOK

pytestmark = pytest.mark.slow


def batch(data: Path, out: Path) -> Result:
    """The batch in-process, on one warm kernel: what is re-rendered is decided before any
    worker exists, so neither a process of its own nor workers change what this shows."""
    return run_cli("batch", "--data", str(data), "--reports-dir", str(out), "--notebook",
                   str(NOTEBOOK), "--from", "2025-02", "--to", "2025-04", "--format", "html")


def generated(out: Path) -> dict[str, str]:
    return {p.parent.name: json.loads(p.read_text())["generated"]
            for p in sorted(out.glob("*/meta.json"))}


def add_march_claim(data: Path) -> None:
    def edit(fields: list[str], rows: list[dict[str, str]]) -> tuple[list[str], list[dict]]:
        new = dict(rows[-1], claim_id="C023", date="2025-03-14", claim="A new March claim.",
                   responds_to="", notes="")
        return fields, [*rows, new]

    edit_csv(data / "claims.csv", edit)

    def quote(fields: list[str], rows: list[dict[str, str]]) -> tuple[list[str], list[dict]]:
        return fields, [*rows, dict(rows[0], claim_id="C023")]  # a quote of a registered source

    edit_csv(data / "mentions.csv", quote)


def test_one_new_march_claim_rerenders_march_only_and_marks_it_stale(data_copy: Path,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "reports"
    first = batch(data_copy, out)
    assert first.exit_code == 0, first.output
    before = generated(out)
    assert sorted(before) == ["2025-02", "2025-03", "2025-04"]

    def reads_the_selection(*args: object) -> str:
        raise AssertionError("the selection was read again although no input changed")

    with pytest.MonkeyPatch.context() as mp:  # unchanged inputs: current, told cheaply
        mp.setattr(fingerprint, "fingerprint", reads_the_selection)
        assert {m["stale"] for m in index.read_reports(out)} == {False}
    add_march_claim(data_copy)

    stale = {m["folder"]: m["stale"] for m in index.read_reports(out)}
    assert stale == {"2025-02": False, "2025-03": True, "2025-04": False}
    index.write_index(out)
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('tr[data-folder="2025-03"] .stale').get_text() == "stale"
    assert not soup.select('tr[data-folder="2025-02"] .stale')

    dry = run_cli("prune", "--reports-dir", str(out), "--stale", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"would remove {out / '2025-03'} (stale)" in dry.stdout
    assert (out / "2025-03" / "report.html").is_file(), "a dry run removes nothing"

    second = batch(data_copy, out)
    assert second.exit_code == 0, second.output
    assert "1 rendered, 2 skipped, 0 failed" in second.stderr
    after = generated(out)
    assert after["2025-02"] == before["2025-02"] and after["2025-04"] == before["2025-04"]
    assert after["2025-03"] != before["2025-03"]
    assert not any(m["stale"] for m in index.read_reports(out))
    # the new edition of March says at the top what is new since the previous one
    march = BeautifulSoup((out / "2025-03" / "report.html").read_text(encoding="utf-8"),
                          "html.parser")
    aside = march.select_one("aside.changes")
    assert aside is not None and aside["data-added"] == "1" and aside["data-changed"] == "0"
    assert "1 claim added (C023)" in aside.get_text()
    first = BeautifulSoup((out / "2025-02" / "report.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert first.select_one("aside.changes") is None, "a first edition has nothing to compare"


def test_index_lists_reports_by_period_newest_first(tmp_path: Path) -> None:
    metas = [{"folder": f, "parameters": p, "generated": g} for f, p, g in [
        ("2025-05", {"start": "2025-05-01", "end": "2025-05-31"}, "2026-01-01T00:00:01"),
        ("2025-08", {"start": "2025-08-01", "end": "2025-08-31"}, "2026-01-01T00:00:00"),
        ("2025-06", {"start": "2025-06-01", "end": "2025-06-30"}, "2026-01-01T00:00:03"),
        ("2025-08_claimant-a", {"start": "2025-08-01", "end": "2025-08-31",
                                "claimants": ["A"]}, "2026-01-01T00:00:02"),
        ("all-dates", {"start": "", "end": ""}, "2025-01-01T00:00:00"),
        ("2025", {"start": "2025-01-01", "end": "2025-12-31"}, "2026-01-01T00:00:04")]]
    order = [m["folder"] for m in index.index_order(metas)]
    assert order == ["all-dates", "2025", "2025-08", "2025-08_claimant-a", "2025-06", "2025-05"]


def test_prune_refuses_to_guess_what_to_remove(tmp_path: Path) -> None:
    done = run_cli_process("prune", "--reports-dir", str(tmp_path))
    assert done.returncode == 2 and "--stale, --older-than" in done.stderr
