"""`claimbook init DIR` lays out a workbook (a valid empty data folder, the report notebooks as
installed, a reports folder, a README of the loop) and refuses to lay one over another; every
command then works on it from any current folder: the default notebook and reports folder are
those of the workbook the data folder is in (a data folder outside any workbook: reports beside
it, the installed notebooks), and the commands that write tables start a folder that has only
`sources/` or nothing yet. The whole loop (init, add-source, extract, accept, render) runs from a
folder outside the project, and a wheel (not an editable install) carries the notebooks init
copies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from claimbook import store, workbook_dir
from claimbook.params import RenderConfig, ReportParams
from conftest import read_csv_rows, run_cli, run_cli_process

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "wire.txt"  # invented, see its README


def test_init_lays_out_a_valid_empty_workbook(tmp_path: Path) -> None:
    result = run_cli("init", str(tmp_path / "q"))
    assert result.exit_code == 0, result.output
    wb = tmp_path / "q"
    checked = store.validate(wb / "data")
    assert checked["claims"].rows == 0 and checked["documents"].rows == 0
    assert (wb / "data" / "sources").is_dir() and (wb / "reports").is_dir()
    shipped = sorted(p.name for p in workbook_dir.shipped_notebooks().glob("*.ipynb"))
    assert shipped == ["claimant.ipynb", "claims_report.ipynb", "explore.ipynb"]
    for name in shipped:  # copies of the installed notebooks, byte for byte
        assert (wb / "notebooks" / name).read_bytes() == \
            (workbook_dir.shipped_notebooks() / name).read_bytes()
    readme = (wb / "README.md").read_text(encoding="utf-8")
    for step in ("add-source", "extract", "accept", "publishers --grade", "render"):
        assert f"claimbook {step}" in readme


def test_init_never_lays_a_workbook_over_another(tmp_path: Path) -> None:
    assert run_cli("init", str(tmp_path / "q")).exit_code == 0
    (tmp_path / "q" / "README.md").write_text("mine", encoding="utf-8")
    result = run_cli("init", str(tmp_path / "q"))
    assert result.exit_code == 2
    assert "already holds data, notebooks, reports, README.md" in result.output
    assert (tmp_path / "q" / "README.md").read_text(encoding="utf-8") == "mine"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert run_cli("init", str(tmp_path / "file")).exit_code == 2


def test_defaults_belong_to_the_data_folders_workbook_not_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_cli("init", str(tmp_path / "q")).exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    cfg = RenderConfig.build(params=ReportParams(data_dir=str(tmp_path / "q" / "data")))
    assert cfg.reports_dir == tmp_path / "q" / "reports"
    assert cfg.notebook == tmp_path / "q" / "notebooks" / "claims_report.ipynb"
    named = RenderConfig.build(params=ReportParams(data_dir="../q/data", claimants=("X",)),
                               notebook="claimant")
    assert named.notebook == Path("../q/notebooks/claimant.ipynb")
    assert named.reports_dir == Path("../q/reports")
    # a data folder outside any workbook: reports beside it, the notebooks claimbook installed
    alone = tmp_path / "loose" / "mydata"
    alone.mkdir(parents=True)
    cfg = RenderConfig.build(params=ReportParams(data_dir=str(alone)))
    assert cfg.reports_dir == tmp_path / "loose" / "reports"
    assert cfg.notebook == workbook_dir.shipped_notebooks() / "claims_report.ipynb"
    assert RenderConfig.build(params=ReportParams(data_dir="data")).reports_dir == Path("reports")


@pytest.mark.parametrize("start", ["nothing", "empty", "only_sources"])
def test_add_source_starts_a_new_data_folder(tmp_path: Path, start: str) -> None:
    data = tmp_path / "mydata"
    if start != "nothing":
        data.mkdir()
    if start == "only_sources":
        (data / "sources").mkdir()
    result = run_cli("add-source", str(ARTICLE), "--title", "Wire", "--publisher", "Wire Co",
                     "--data", str(data))
    assert result.exit_code == 0, result.output
    assert store.validate(data)["documents"].rows == 1
    header, _ = read_csv_rows(data / "claims.csv")
    assert header[:3] == ["claim_id", "claim", "claimant"]


def test_a_broken_folder_is_not_started_over(tmp_path: Path) -> None:
    """A folder holding one table is not a new one: the missing ones are reported, not made."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "claims.csv").write_text("claim_id,claim\n", encoding="utf-8")
    result = run_cli("add-source", str(ARTICLE), "--title", "W", "--data", str(data))
    assert result.exit_code == 2
    assert not (data / "mentions.csv").exists()


@pytest.mark.slow
def test_the_loop_from_a_folder_outside_the_project(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """init, add-source, extract, accept and render, each run from a folder that is neither the
    project nor the workbook; the report lands in the workbook's reports folder. The steps
    before the render run in-process from that folder; the render, which finds the default
    notebook and reports folder, is a process of its own started there."""
    here = tmp_path / "somewhere"
    here.mkdir()
    monkeypatch.chdir(here)
    wb = tmp_path / "question"
    data = str(wb / "data")
    steps = [("init", str(wb)),
             ("add-source", str(ARTICLE), "--title", "Wire", "--publisher", "Wire Co",
              "--published", "2025-07-14", "--data", data)]
    for args in steps:
        done = run_cli(*args)
        assert done.exit_code == 0, done.output
    doc_id = read_csv_rows(wb / "data" / "documents.csv")[1][0]["doc_id"]
    for args in (("extract", doc_id, "--out", "review.csv", "--data", data),
                 ("accept", "review.csv", "--data", data),
                 ("publishers", "--grade", "Wire Co=B", "--data", data)):
        done = run_cli(*args)
        assert done.exit_code == 0, done.output
    done = run_cli_process("render", "--data", data, cwd=here, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    report = wb / "reports" / "all-dates"
    assert {"report.html", "report.pdf", "meta.json"} <= {p.name for p in report.iterdir()}
    meta = json.loads((report / "meta.json").read_text(encoding="utf-8"))
    assert meta["inputs"]["notebook"] == str(wb / "notebooks" / "claims_report.ipynb")
    assert "Wire Co (B)" in (report / "report.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in here.iterdir()) == ["review.csv"]  # nothing else written here


@pytest.mark.slow
def test_a_wheel_carries_the_notebooks_init_copies(tmp_path: Path) -> None:
    """Not an editable install: the wheel built from the project holds claimbook/notebooks/,
    and its `claimbook init` copies them (run with only the wheel's files on the path)."""
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(ROOT),
                            "-w", str(tmp_path / "dist")], capture_output=True, text=True,
                           timeout=600, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("claimbook-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert {"claimbook/notebooks/claims_report.ipynb", "claimbook/notebooks/claimant.ipynb",
            "claimbook/notebooks/explore.ipynb"} <= set(names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", "import sys; from claimbook.cli import cli; "
                           "import claimbook; assert claimbook.__file__.startswith(sys.argv[1]); "
                           "cli(['init', 'wb'])", str(site)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert "started a workbook" in done.stdout, done.stdout + done.stderr
    assert (tmp_path / "wb" / "notebooks" / "claims_report.ipynb").read_bytes() == \
        (site / "claimbook" / "notebooks" / "claims_report.ipynb").read_bytes()
