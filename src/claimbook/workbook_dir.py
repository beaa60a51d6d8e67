"""A workbook's folders: where a data folder's reports and report notebooks are, and `init`.

A workbook is a folder holding `data/` (the tables and sources), `notebooks/` (the report
notebooks), `reports/` and a README of the analyst's loop; `claimbook init DIR` lays one out.
What a command does with a data folder does not depend on the current folder: its default
reports folder is `reports/` beside it, in its parent (the workbook it is in, or, for a data
folder outside any workbook, the folder that holds it), and its default report notebook is
that workbook's `notebooks/NAME.ipynb`, else the one installed with claimbook. (Laying out a
new workbook: `new_workbook.init`.)
"""

from __future__ import annotations

from pathlib import Path

DATA = "data"
NOTEBOOKS = "notebooks"
REPORTS = "reports"
README = "README.md"
REPORT_NOTEBOOK = "claims_report"  # the default of `--notebook`


def home(data_dir: str | Path) -> Path:
    """The folder a data folder belongs to: its parent, as given ('data' -> '.'), so that a
    relative data folder keeps relative defaults."""
    path = Path(data_dir)
    if path.name in ("", ".."):  # '..', '.': the parent of the folder they name
        path = path.resolve()
    return path.parent


def reports_dir(data_dir: str | Path) -> Path:
    """The default reports folder of a data folder: `reports/` beside it."""
    return home(data_dir) / REPORTS


def shipped_notebooks() -> Path:
    """The report notebooks installed with claimbook: `claimbook/notebooks/` of an installed
    package (a wheel carries them there), else `notebooks/` of the source checkout claimbook
    runs from (an editable install)."""
    installed = Path(__file__).resolve().parent / NOTEBOOKS
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / NOTEBOOKS


def notebooks_dir(data_dir: str | Path) -> Path:
    """Where `--notebook NAME` looks for a data folder: its workbook's `notebooks/` if there is
    one, else the notebooks installed with claimbook."""
    own = home(data_dir) / NOTEBOOKS
    return own if own.is_dir() else shipped_notebooks()


def notebook(data_dir: str | Path, name: str = REPORT_NOTEBOOK) -> Path:
    """The report notebook `name` of a data folder: its workbook's own, else the installed one."""
    own = home(data_dir) / NOTEBOOKS / f"{name}.ipynb"
    return own if own.is_file() else shipped_notebooks() / f"{name}.ipynb"
