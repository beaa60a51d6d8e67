"""The report notebook stays thin, parameterized and committed without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat

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
    assert set(namespace) == set(ReportParams.model_fields)
    assert namespace["data_dir"] == "../data"  # JupyterLab runs notebooks in notebooks/
    ReportParams.from_notebook(**{**namespace, "data_dir": "data"})  # defaults are valid


def test_pinned_kernel_and_thin_cells() -> None:
    nb = load()
    assert nb.metadata.kernelspec.name == "claimbook"
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert all(len(src.splitlines()) <= 16 for src in code), "logic belongs in the package"
    assert not any("import pandas" in src or "matplotlib" in src for src in code)
