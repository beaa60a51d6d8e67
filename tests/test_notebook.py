"""The report notebook stays thin, parameterized and committed without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from claimbook.config import ReportParams

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "claims_report.ipynb"


def load() -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    return nb


def test_committed_without_outputs() -> None:
    for cell in load().cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_parameters_cell_defines_every_report_parameter() -> None:
    nb = load()
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


def test_pinned_kernel_and_thin_cells() -> None:
    nb = load()
    assert nb.metadata.kernelspec.name == "claimbook"
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert all(len(src.splitlines()) <= 16 for src in code), "logic belongs in the package"
    assert not any("import pandas" in src or "matplotlib" in src for src in code)


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
