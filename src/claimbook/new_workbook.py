"""`claimbook init DIR`: a new workbook for a question of its own (see `workbook_dir`)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from claimbook.errors import ConfigError
from claimbook.store.write import start_tables
from claimbook.workbook_dir import DATA, NOTEBOOKS, README, REPORTS, shipped_notebooks


@dataclass(frozen=True)
class Created:
    """What `init` laid out."""

    folder: Path
    data: Path
    notebooks: list[Path]
    reports: Path
    readme: Path


def init(folder: str | Path) -> Created:
    """Lay out a new workbook in `folder` (made if missing): a valid empty data folder (the
    three tables as headers, `sources/`), the report notebooks installed with claimbook, an
    empty reports folder and a README of the loop. A folder that already holds any of them is
    refused before anything is written (a workbook is never laid over another)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"init: {folder} exists and is not a folder")
    taken = [n for n in (DATA, NOTEBOOKS, REPORTS, README) if (folder / n).exists()
             or (folder / n).is_symlink()]
    if taken:
        raise ConfigError(f"init: {folder} already holds {', '.join(taken)}; give a new or "
                          "empty folder (init never lays a workbook over another)")
    shipped = sorted(shipped_notebooks().glob("*.ipynb"))
    if not shipped:
        raise ConfigError(f"init: no report notebooks installed in {shipped_notebooks()}; "
                          "reinstall claimbook")
    data = folder / DATA
    start_tables(data)
    (data / "sources").mkdir(exist_ok=True)
    nb_dir = folder / NOTEBOOKS
    nb_dir.mkdir()
    copied = []
    for nb in shipped:
        shutil.copyfile(nb, nb_dir / nb.name)
        copied.append(nb_dir / nb.name)
    (folder / REPORTS).mkdir()
    readme = folder / README
    readme.write_text(readme_text(folder), encoding="utf-8")
    return Created(folder, data, copied, folder / REPORTS, readme)


def readme_text(folder: Path) -> str:
    """The workbook's README: what is where, and the loop from a source to a report."""
    return f"""# A claimbook workbook: {folder.resolve().name}

* `data/` — the claim tables (`claims.csv`, `mentions.csv`, `documents.csv`, `publishers.csv`)
  and `sources/`, the source documents as registered. Never edit a source; edit the tables in a
  spreadsheet if you like, then run `claimbook validate --data data`.
* `notebooks/` — the report notebooks (`claims_report.ipynb`, `claimant.ipynb`) and
  `explore.ipynb`; `render` uses these, so a change here changes this workbook's reports.
* `reports/` — what `render` and `batch` publish, with `index.html` listing every report.

## The loop

Run from this folder; from anywhere else give `--data` the path of this `data/` folder (the
reports and notebooks used are still this workbook's).

```sh
claimbook add-source article.html --publisher "Reuters" --data data
claimbook extract <doc_id> --out review.csv --data data   # proposed claims, one row a mention
#   ... in a spreadsheet: keep = yes/no, fix claimants, types, dates ...
claimbook accept review.csv --data data                  # all or nothing
claimbook publishers --data data                         # who published what, and its grade
claimbook publishers --grade "Reuters=B" --data data     # Admiralty scale, A to F
claimbook validate --data data
claimbook render --data data                             # reports/all-dates/report.html, .pdf
claimbook render --period 2025-07 --data data
```
"""
