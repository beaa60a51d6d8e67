"""The exploration notebook (notebooks/explore.ipynb) stays thin, is committed without outputs, and
runs top to bottom in the project's kernel showing its charts (SVG and PNG) and tables (HTML),
with hostile text from tests/hostile.py inert in every output."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from hostile import make_hostile_data
from places import ROOT

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
FOREIGN = ["script", "img", "iframe", "svg", "style", "link", "meta", "base", "form", "button"]


def load() -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    return nb


def outputs(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def test_committed_without_outputs_in_the_projects_kernel() -> None:
    nb = load()
    assert nb.metadata.kernelspec.name == "claimbook"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def settings_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    return next(c for c in nb.cells if c.cell_type == "code")


def test_thin_cells_and_one_short_settings_cell() -> None:
    nb = load()
    settings = settings_cell(nb)
    assert len(settings.source.splitlines()) <= 16
    namespace: dict[str, object] = {}
    exec(settings.source, {}, namespace)  # the project's own cell, not data
    assert set(namespace) == {"data_dir", "start", "end", "claim_types"}
    code = [c.source for c in nb.cells if c.cell_type == "code" and c is not settings]
    assert all(len(src.splitlines()) <= 4 for src in code), "logic belongs in the package"
    assert not any(word in src for src in code for word in ("import pandas", "matplotlib",
                                                            "def ", "for "))


def test_it_is_not_a_report_notebook() -> None:
    """No cell tagged `parameters`: `render --notebook explore` refuses it (exploring is not a
    report), and the names `--notebook` offers leave it out."""
    from claimbook.errors import ConfigError
    from claimbook.report_notebook import check_notebook, report_notebooks

    assert not [c for c in load().cells if "parameters" in c.metadata.get("tags", [])]
    assert "explore" not in report_notebooks(NOTEBOOK.parent)
    with pytest.raises(ConfigError, match="no cell tagged 'parameters'"):
        check_notebook(NOTEBOOK)


def run(nb: nbformat.NotebookNode, **settings: object) -> nbformat.NotebookNode:
    """Run in notebooks/, as JupyterLab does; `settings` replace the settings cell's values."""
    from nbclient import NotebookClient

    if settings:
        cell = settings_cell(nb)
        cell.source += "\n" + "\n".join(f"{k} = {v!r}" for k, v in settings.items())
    NotebookClient(nb, kernel_name="claimbook", timeout=300,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb


@pytest.mark.slow
def test_runs_top_to_bottom_showing_charts_and_tables() -> None:
    nb = run(load())
    outs = outputs(nb)
    assert not [o for o in outs if o.output_type == "error"]
    assert not [o for o in outs if o.output_type == "stream" and o.name == "stderr"]
    figures = [o for o in outs if "image/svg+xml" in o.get("data", {})]
    assert len(figures) == 3 and all(o.data["image/png"] for o in figures)
    assert all(o.data["image/svg+xml"].lstrip().startswith("<svg") for o in figures)
    html = [o.data["text/html"] for o in outs if "text/html" in o.get("data", {})]
    tables = [BeautifulSoup(h, "html.parser").find("table") for h in html]
    assert sum(t is not None for t in tables) >= 4  # claimants, slice, pairs, the claim's quotes
    text = "".join(BeautifulSoup(h, "html.parser").get_text() for h in html)
    assert "4 claims in range, 0 imprecise and 17 undated." in text  # April to July 2025
    assert "Volodymyr Zelenskyy" in text
    card = BeautifulSoup(html[-1], "html.parser")  # the claim card: a field table, then quotes
    answered = next(r for r in card.find_all("tr") if r.th and r.th.get_text() == "answered by")
    assert answered.td.get_text().startswith("C011 (Chinese government, denial)")


@pytest.mark.slow
def test_hostile_text_is_inert_in_every_output(tmp_path: Path) -> None:
    data = make_hostile_data(tmp_path)
    nb = run(load(), data_dir=str(data), start="2025-07", end="2025-07")
    outs = outputs(nb)
    assert not [o for o in outs if o.output_type == "error"]
    html = [o.data["text/html"] for o in outs if "text/html" in o.get("data", {})]
    assert len(html) == 5  # claimants, selection, slice, pairs, one claim
    for h in html:
        soup = BeautifulSoup(h, "html.parser")
        assert soup.find_all(FOREIGN) == [], h[:300]
        assert not [a for tag in soup.find_all(True) for a in tag.attrs if a.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in "".join(html)
