"""A report notebook is checked before any kernel starts: `--notebook NAME` names a notebook
with a parameters cell, and what its metadata says it needs (one claimant) is required."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimbook.errors import ConfigError
from claimbook.params import ReportParams
from claimbook.report_notebook import NotebookInfo, check_notebook, resolve_notebook


def write_notebook(path: Path, metadata: dict) -> Path:
    cell = {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": "x = 1",
            "outputs": [], "execution_count": None}
    path.write_text(json.dumps({"cells": [cell], "metadata": metadata, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")
    return path


def test_a_notebook_name_picks_notebooks_name_ipynb(tmp_path: Path) -> None:
    write_notebook(tmp_path / "profile.ipynb", {})
    (tmp_path / "notes.ipynb").write_text("{}", encoding="utf-8")  # not a report notebook
    assert resolve_notebook("profile", tmp_path) == tmp_path / "profile.ipynb"
    assert resolve_notebook("other/profile.ipynb", tmp_path) == "other/profile.ipynb"  # a path
    with pytest.raises(ValueError, match=r"no notebook named 'profil' in .*; choose from "
                                         r"profile, or give the path of a notebook"):
        resolve_notebook("profil", tmp_path)


def test_a_notebook_that_needs_one_claimant_refuses_none_or_two(tmp_path: Path) -> None:
    nb = write_notebook(tmp_path / "p.ipynb", {"claimbook": {"kind": "Profile",
                                                             "needs": ["claimant"]}})
    assert check_notebook(nb) == NotebookInfo("Profile", ("claimant",))
    assert check_notebook(nb, ReportParams(claimants=("A",))).kind == "Profile"
    for names in ((), ("A", "B")):
        with pytest.raises(ConfigError, match=r"^--claimant: the notebook p.ipynb makes one "
                                              r"report per claimant; give exactly one"):
            check_notebook(nb, ReportParams(claimants=names))
    check_notebook(nb, ReportParams(), per="claimant")  # a batch gives one per report
    with pytest.raises(ConfigError, match=r"or --per claimant for one report each"):
        check_notebook(nb, ReportParams(), per="type")
    plain = write_notebook(tmp_path / "plain.ipynb", {})
    assert check_notebook(plain, ReportParams(claimants=("A", "B"))) == NotebookInfo()


def test_bad_notebook_metadata_is_refused(tmp_path: Path) -> None:
    nb = write_notebook(tmp_path / "p.ipynb", {"claimbook": {"needs": ["publisher"]}})
    with pytest.raises(ConfigError, match=r"claimbook.needs must be a list of claimant"):
        check_notebook(nb)
    nb = write_notebook(tmp_path / "p.ipynb", {"claimbook": {"kind": "a\x1bb"}})
    with pytest.raises(ConfigError, match=r"claimbook.kind must be a short text"):
        check_notebook(nb)
