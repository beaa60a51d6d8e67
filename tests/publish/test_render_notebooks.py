"""The report notebooks (the main report, the claimant profile) stay thin, parameterized and
committed without outputs, and say in their metadata what they make and need."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from claimbook.params import ReportParams
from places import NOTEBOOKS

NOTEBOOK = NOTEBOOKS / "claims_report.ipynb"
REPORTS = [NOTEBOOK, NOTEBOOKS / "claimant.ipynb"]
each_report = pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)


def load(path: Path = NOTEBOOK) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    return nb


@each_report
def test_committed_without_outputs(path: Path) -> None:
    for cell in load(path).cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


@each_report
def test_parameters_cell_defines_every_report_parameter(path: Path) -> None:
    nb = load(path)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    namespace: dict[str, object] = {}
    exec(tagged[0].source, {}, namespace)  # the project's own cell, not data
    set_by_a_render = {"changes", "digest"}
    assert set(namespace) == set(ReportParams.model_fields) | set_by_a_render
    assert namespace["data_dir"] == "../data"  # JupyterLab runs notebooks in notebooks/
    for name in set_by_a_render:
        namespace.pop(name)
    ReportParams.from_notebook(**{**namespace, "data_dir": "data"})  # defaults are valid


@each_report
def test_pinned_kernel_and_thin_cells(path: Path) -> None:
    nb = load(path)
    assert nb.metadata.kernelspec.name == "claimbook"
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert all(len(src.splitlines()) <= 16 for src in code), "logic belongs in the package"
    assert not any("import pandas" in src or "matplotlib" in src for src in code)


def test_the_profile_says_what_it_makes_and_needs() -> None:
    """The command line learns from the notebook, not from its name, that it is a claimant
    profile needing exactly one --claimant; its default claimant is one of the data's."""
    from claimbook.report.profile import KIND
    from claimbook.report_notebook import NotebookInfo, check_notebook

    path = NOTEBOOKS / "claimant.ipynb"
    assert check_notebook(path) == NotebookInfo(KIND, ("claimant",))
    assert check_notebook(NOTEBOOK) == NotebookInfo()
    namespace: dict[str, object] = {}
    exec(next(c for c in load(path).cells if "parameters" in c.metadata.get("tags", [])).source,
         {}, namespace)  # the project's own cell, not data
    assert namespace["claimants"] == ["Volodymyr Zelenskyy"]


@pytest.mark.slow
def test_runs_top_to_bottom_with_its_defaults_as_in_jupyterlab() -> None:
    """JupyterLab runs the notebook in notebooks/ with the parameters cell as committed."""
    from nbclient import NotebookClient

    nb = load()
    NotebookClient(nb, kernel_name="claimbook", timeout=300,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells
                   if c.cell_type == "code" for o in c.outputs)
    assert 'data-count="undated">17<' in html
    assert "Claims report: all dates" in html
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.output_type == "error"]


@pytest.mark.slow
def test_the_profile_runs_top_to_bottom_with_its_defaults_as_in_jupyterlab() -> None:
    from nbclient import NotebookClient

    nb = load(NOTEBOOKS / "claimant.ipynb")
    NotebookClient(nb, kernel_name="claimbook", timeout=300,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    html = "".join(o.get("data", {}).get("text/html", "") for c in nb.cells
                   if c.cell_type == "code" for o in c.outputs)
    assert "Claimant profile: all dates — Volodymyr Zelenskyy" in html
    assert 'data-count="received">3<' in html and 'data-count="given">0<' in html
    assert not [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                if o.output_type == "error"]
