"""Every command finds a registered source the same checked way, and never outside the data folder.

A documents.csv path is followed to its file (symlinks too) and refused, with its file, row and
column, when that file is not inside the data folder: `validate`, `claims` and `extract` agree.
The validation cache covers every registered source wherever in the folder documents.csv puts
it, so editing one after a `validate` is noticed by the next command.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import Result

from conftest import get_cell, run_cli, set_cell

SOURCE = "sources/000_cd4c6eedc46ef4ad.txt"
DOC = "000_cd4c6eedc46ef4ad"


def outside_copy(data: Path, tmp_path: Path) -> Path:
    """The source's bytes in a file next to (not inside) the data folder: every quote matches."""
    outside = tmp_path / "secret.txt"
    outside.write_bytes((data / SOURCE).read_bytes())
    return outside


def assert_refused(done: Result, data: Path, what: str) -> None:
    """Exit 2 with the message (run_cli raises anything but SystemExit: never a traceback)."""
    assert done.exit_code == 2, done.output
    assert f"{data / 'documents.csv'}, row 2, column path: " in done.stderr, done.stderr
    assert what in done.stderr and "outside the data folder" in done.stderr


def test_a_symlink_out_of_the_data_folder_is_refused_by_validate_and_claims(
        data_copy: Path, tmp_path: Path) -> None:
    outside = outside_copy(data_copy, tmp_path)
    (data_copy / "sources" / "leak.txt").symlink_to(outside)
    set_cell(data_copy / "documents.csv", 2, "path", "sources/leak.txt")
    for command in ("validate", "claims"):
        assert_refused(run_cli(command, "--data", str(data_copy)), data_copy,
                       f"a symlink to {outside}")


def test_a_symlinked_sources_folder_pointing_out_is_refused(data_copy: Path,
                                                            tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (data_copy / "sources").rename(elsewhere)
    (data_copy / "sources").symlink_to(elsewhere, target_is_directory=True)
    assert_refused(run_cli("validate", "--data", str(data_copy)), data_copy,
                   "a symlink to")


def test_a_symlink_inside_the_data_folder_is_followed(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "sources" / "alias.txt").symlink_to(data_copy / SOURCE)
    set_cell(data_copy / "documents.csv", 2, "path", "sources/alias.txt")
    done = run_cli("validate", "--data", str(data_copy))
    assert done.exit_code == 0, done.output


def test_extract_refuses_a_registered_path_outside_the_data_folder(data_copy: Path,
                                                                   tmp_path: Path) -> None:
    outside_copy(data_copy, tmp_path)
    set_cell(data_copy / "documents.csv", 2, "path", "../secret.txt")
    review = tmp_path / "review.csv"
    done = run_cli("extract", "--data", str(data_copy), DOC, "--out", str(review))
    assert_refused(done, data_copy, "'../secret.txt'")
    assert not review.exists()


def test_add_source_never_writes_through_a_sources_symlink_out(data_copy: Path,
                                                              tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (data_copy / "sources").rename(elsewhere)
    (data_copy / "sources").symlink_to(elsewhere, target_is_directory=True)
    article = tmp_path / "article.txt"
    article.write_text("A new article.\n", encoding="utf-8")
    before = sorted(p.name for p in elsewhere.iterdir())
    done = run_cli("add-source", "--data", str(data_copy), str(article), "--title", "t")
    assert done.exit_code == 2, done.output
    assert "outside the data folder" in done.stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == before


def test_editing_a_source_stored_outside_sources_after_validate_is_noticed(
        data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "archive").mkdir()
    moved = data_copy / "archive" / "doc.txt"
    (data_copy / SOURCE).rename(moved)
    set_cell(data_copy / "documents.csv", 2, "path", "archive/doc.txt")
    assert hashlib.sha256(moved.read_bytes()).hexdigest() == get_cell(
        data_copy / "documents.csv", 2, "sha256")
    assert run_cli("validate", "--data", str(data_copy)).exit_code == 0
    assert run_cli("claims", "--data", str(data_copy)).exit_code == 0
    moved.write_bytes(moved.read_bytes() + b"Edited after it was registered.\n")
    for command in ("claims", "export"):
        done = run_cli(command, "--data", str(data_copy), *(["--format", "csv"] if command ==
                                                          "export" else []))
        assert done.exit_code == 2, done.output
        assert "column sha256: archive/doc.txt has sha256" in done.stderr, done.stderr
