"""Claimant filters cannot silently select nothing: a name matches case-insensitively and
through the alias table, the command says which claimant it read, and a name that matches
none is refused (exit 2) with the nearest names, in every command and the notebook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimbook.errors import ConfigError
from claimbook.params import ReportParams
from claimbook.report.sections import Report
from conftest import run_cli
from places import DATA


@pytest.mark.parametrize("spelling", ["Zelensky", "volodymyr zelenskyy", "ZELENSKYY"])
def test_claims_filter_matches_case_and_aliases(spelling: str) -> None:
    done = run_cli("claims", "--data", str(DATA), "--claimant", spelling, "--format", "json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["counts"] == {"in_range": 2, "imprecise": 0, "undated": 0}
    assert "'Volodymyr Zelenskyy'" in done.stderr


@pytest.mark.parametrize("command", [
    ["claims"], ["export"], ["render", "--period", "2025"], ["batch", "--period", "2025"]])
def test_an_unknown_claimant_is_refused_with_the_nearest_name(command: list[str],
                                                               tmp_path: Path) -> None:
    out = ["--reports-dir", str(tmp_path / "r")] \
        if command[0] in ("render", "batch") else []
    done = run_cli(*command, "--data", str(DATA), "--claimant", "Zelenskiyy", *out)
    assert done.exit_code == 2, done.output
    assert "--claimant: no claimant 'Zelenskiyy'" in done.stderr
    assert "did you mean 'Volodymyr Zelenskyy'?" in done.stderr
    assert "Traceback" not in done.output and not (tmp_path / "r").exists()


def test_the_notebook_parameters_resolve_claimants_too() -> None:
    r = Report.build(claimants=["zelensky"], data_dir=str(DATA))
    assert r.params.claimants == ("Volodymyr Zelenskyy",) and r.counts()["in_range"] == 2
    with pytest.raises(ConfigError, match="did you mean 'Volodymyr Zelenskyy'"):
        Report.build(claimants=["Zelenskiyy"], data_dir=str(DATA))


def test_claimants_lists_type_country_counts_and_aliases() -> None:
    done = run_cli("claimants", "--data", str(DATA))
    assert done.exit_code == 0, done.output
    lines = {line.split("  ")[0]: line for line in done.stdout.splitlines()[1:]}
    assert len(lines) == 8
    zel = lines["Volodymyr Zelenskyy"].split()
    assert zel[2:7] == ["head_of_state", "UA", "2", "2", "0"]
    assert "Zelensky;" in lines["Volodymyr Zelenskyy"]
    china = lines["Chinese government"].split()
    assert china[2:7] == ["government", "CN", "4", "0", "4"]


def test_a_filtered_report_is_not_titled_like_the_unfiltered_one() -> None:
    july = {"start": "2025-07-01", "end": "2025-07-31"}
    assert ReportParams(**july).display_title() == "Claims report: July 2025"
    assert ReportParams(**july, claimants=("Volodymyr Zelenskyy",)).display_title() == (
        "Claims report: July 2025 — Volodymyr Zelenskyy")
