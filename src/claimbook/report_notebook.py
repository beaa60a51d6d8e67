"""A report notebook checked before a run: a notebook with a `parameters` cell, its kind of
report and the parameters it needs exactly one of (its metadata), and `--notebook NAME`.

Checked before any kernel starts, so that a wrong notebook is a plain message, not a failure
found after the kernel ran.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimbook.claims.control_chars import CONTROLS
from claimbook.errors import ConfigError

if TYPE_CHECKING:
    from claimbook.params import ReportParams

NOTEBOOKS_DIR = Path("notebooks")  # where `--notebook NAME` looks without a data folder
DEFAULT_KIND = "Claims report"
# What a notebook may need (its metadata: `"claimbook": {"needs": ["claimant"]}`): exactly one
# value of a parameter, the option that gives it, and the `batch --per` that gives one per report.
NEEDS = {"claimant": ("claimants", "--claimant", "claimant")}
NOTEBOOK_NAME = re.compile(r"[A-Za-z0-9_-]+")  # `--notebook NAME`: no slash, no suffix


@dataclass(frozen=True)
class NotebookInfo:
    """What a report notebook says about itself in its metadata (`"claimbook"`): the kind of
    report it makes (the noun of its titles) and the parameters it needs exactly one of."""

    kind: str = DEFAULT_KIND
    needs: tuple[str, ...] = ()


def resolve_notebook(value: Any, folder: Path = NOTEBOOKS_DIR) -> Any:
    """`--notebook NAME` (letters, digits, `_`, `-`) is `notebooks/NAME.ipynb`; anything else
    (a slash, a suffix) is a path. An unknown name is refused with the names there are."""
    if not isinstance(value, str) or not NOTEBOOK_NAME.fullmatch(value):
        return value
    path = folder / f"{value}.ipynb"
    if path.is_file():
        return path
    names = report_notebooks(folder)
    raise ValueError(f"no notebook named {value!r} in {folder}/; choose from "
                     f"{', '.join(names) or '(none there)'}, or give the path of a notebook")


def report_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[str]:
    """The names `--notebook` takes: the notebooks of `folder` with a parameters cell."""
    names = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            check_notebook(path)
        except ConfigError:
            continue
        names.append(path.stem)
    return names


def check_notebook(path: Path, params: ReportParams | None = None,
                   per: str | None = None) -> NotebookInfo:
    """The report notebook must be a notebook with a cell tagged `parameters` (where papermill
    injects the run's parameters): checked before a kernel starts, not found out after it ran.
    With `params`, what the notebook needs is checked too: a claimant profile refuses a run
    without exactly one `--claimant` (or, for a batch, whose `per` is given, `--per claimant`)."""
    try:
        nb = json.loads(Path(path).read_bytes())
    except FileNotFoundError:
        raise ConfigError(f"--notebook: {path} not found") from None
    except (OSError, ValueError) as e:  # a folder, unreadable, not JSON, not UTF-8
        reason = e.strerror if isinstance(e, OSError) else "it is not JSON"
        raise ConfigError(f"--notebook: {path} is not a Jupyter notebook ({reason})") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list) or not isinstance(nb.get("nbformat"), int) or nb["nbformat"] < 4:
        raise ConfigError(f"--notebook: {path} is JSON but not a Jupyter notebook (version 4 "
                          "or later, with a list of cells)")
    for cell in cells:
        tags = cell.get("metadata", {}).get("tags", []) if isinstance(cell, dict) else []
        if isinstance(tags, list) and "parameters" in tags:
            break
    else:
        raise ConfigError(f"--notebook: {path} has no cell tagged 'parameters', where a run's "
                          "parameters go")
    info = _notebook_info(path, nb.get("metadata"))
    if params is not None:
        for need in info.needs:
            field, option, grouping = NEEDS[need]
            given = getattr(params, field)
            if per != grouping and len(given) != 1:
                batch = f", or --per {grouping} for one report each" if per is not None else ""
                raise ConfigError(
                    f"{option}: the notebook {Path(path).name} makes one report per {need}; "
                    f"give exactly one {option} NAME{batch} (given {len(given) or 'none'})")
    return info


def _notebook_info(path: Path, metadata: Any) -> NotebookInfo:
    own = metadata.get("claimbook", {}) if isinstance(metadata, dict) else {}
    if not isinstance(own, dict):
        own = {}
    kind, needs = own.get("kind", DEFAULT_KIND), own.get("needs", [])
    if not isinstance(kind, str) or not kind.strip() or CONTROLS.search(kind):
        raise ConfigError(f"--notebook: {path}: metadata claimbook.kind must be a short text")
    if not isinstance(needs, list) or any(n not in NEEDS for n in needs):
        raise ConfigError(f"--notebook: {path}: metadata claimbook.needs must be a list of "
                          f"{', '.join(NEEDS)}, not {needs!r}")
    return NotebookInfo(kind.strip(), tuple(needs))
