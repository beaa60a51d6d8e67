"""Broken tables get clear errors and lose nothing.

A fixed battery of the ways tables break (by hand, in spreadsheets, by other tools), each run
through `claimbook validate`: one message per problem naming file, spreadsheet row and column,
exit code 2, no traceback, and not one byte written — the data folder's files, sizes and
modification times are the same afterwards, and the working folder stays empty. Then
property-based tests (hypothesis) corrupt valid tables at random: loading never crashes, and a
single bad cell is reported at exactly its row and column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimbook import store
from claimbook.claims import dates, schema
from claimbook.errors import DataError
from claimbook.store import csv_read
from conftest import DATA_DIR, read_csv_rows, run_cli, run_cli_process, set_cell, write_csv_rows

SOURCE = "sources/000_cd4c6eedc46ef4ad.txt"
NOTEBOOK = DATA_DIR.parent / "notebooks" / "claims_report.ipynb"
Snapshot = dict[str, tuple[int, int, str]]


def snapshot(folder: Path) -> Snapshot:
    """Every file under `folder` (hidden ones too): size, mtime in ns, sha256."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            p = Path(root) / name
            st_ = p.stat()
            out[str(p.relative_to(folder))] = (st_.st_size, st_.st_mtime_ns,
                                               hashlib.sha256(p.read_bytes()).hexdigest())
    return out


def problem_lines(output: str) -> list[str]:
    return [ln.strip() for ln in output.splitlines() if ln.startswith("  ")]


@dataclass
class Outcome:
    code: int
    output: str
    problems: list[str]


def validate(data: Path, cwd: Path) -> Outcome:
    """`claimbook validate` in-process from an empty working folder; nothing may crash."""
    before = snapshot(data)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = run_cli("validate", "--data", str(data))
    finally:
        os.chdir(old)
    assert snapshot(data) == before, "validate wrote into the data folder"
    assert not list(cwd.iterdir()), "validate wrote into the working folder"
    assert "Traceback" not in result.output
    return Outcome(result.exit_code, result.output, problem_lines(result.output))


def rewrite(path: Path, edit: Callable[[str], str]) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(edit(text))


def lines_edit(i: int, edit: Callable[[str], str]) -> Callable[[str], str]:
    """Edit physical line i (1 = header) of a table's text."""
    def apply(text: str) -> str:
        lines = text.split("\n")
        lines[i - 1] = edit(lines[i - 1])
        return "\n".join(lines)
    return apply


# --- the fixed battery -------------------------------------------------------------------------------
# Each case breaks a copy of the shipped data and names the one problem it expects (file, row,
# column, words of the message); row/column None where the file has no such place.

CASES: dict[str, tuple[Callable[[Path], None], str, int | None, str | None, str]] = {}


def case(name: str, file: str, row: int | None, column: str | None, words: str):
    def register(f: Callable[[Path], None]) -> Callable[[Path], None]:
        CASES[name] = (f, file, row, column, words)
        return f
    return register


@case("unbalanced quote", "claims.csv", 5, "claim", "followed by")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 5, "claim", "placeholder")
    rewrite(d / "claims.csv", lines_edit(5, lambda ln: ln.replace(",placeholder,", ',"He said, ')))


@case("text after a closing quote", "claims.csv", 6, "claim", "followed by ' he said'")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 6, "claim", "placeholder")
    rewrite(d / "claims.csv", lines_edit(6, lambda ln: ln.replace(",placeholder,", ',"no" he said,')))


@case("Latin-1 bytes", "claims.csv", 7, "claimant", "not UTF-8")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 7, "claimant", "François Hollande")
    data = (d / "claims.csv").read_bytes().replace("ç".encode(), "ç".encode("latin-1"))
    (d / "claims.csv").write_bytes(data)


@case("UTF-16 file", "mentions.csv", None, None, "UTF-16")
def _(d: Path) -> None:
    text = (d / "mentions.csv").read_text(encoding="utf-8")
    (d / "mentions.csv").write_bytes(text.encode("utf-16"))


@case("an xlsx saved as .csv", "claims.csv", None, None, "workbook")
def _(d: Path) -> None:
    (d / "claims.csv").write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))


@case("empty file", "documents.csv", None, None, "is empty")
def _(d: Path) -> None:
    (d / "documents.csv").write_bytes(b"")


@case("only a BOM and a line break", "claims.csv", None, None, "is empty")
def _(d: Path) -> None:
    (d / "claims.csv").write_bytes(b"\xef\xbb\xbf\r\n")


@case("blank first line", "claims.csv", 1, None, "header row must be the first line")
def _(d: Path) -> None:
    rewrite(d / "claims.csv", lambda t: "\n" + t)


@case("header only (claims)", "mentions.csv", 2, "claim_id", "not a claim_id")
def _(d: Path) -> None:
    rewrite(d / "claims.csv", lambda t: t.split("\n")[0] + "\n")


@case("10 MB cell in a vocabulary column", "claims.csv", 4, "claim_type", "10,000,000 characters")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 4, "claim_type", "x" * 10_000_000)


@case("10 MB date", "claims.csv", 3, "date", "not an ISO 8601 date")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 3, "date", "2025" * 2_500_000)


@case("10 MB quote that does not match", "mentions.csv", 3, "quote", "does not match")
def _(d: Path) -> None:
    set_cell(d / "mentions.csv", 3, "quote", "q" * 10_000_000)


@case("missing column", "claims.csv", 1, "claim_type", "required column is missing")
def _(d: Path) -> None:
    fields, rows = read_csv_rows(d / "claims.csv")
    for r in rows:
        del r["claim_type"]
    write_csv_rows(d / "claims.csv", [f for f in fields if f != "claim_type"], rows)


@case("extra column", "documents.csv", 1, "language", "unknown column")
def _(d: Path) -> None:
    fields, rows = read_csv_rows(d / "documents.csv")
    write_csv_rows(d / "documents.csv", [*fields, "language"], [{**r, "language": "en"} for r in rows])


@case("column named twice", "claims.csv", 1, "claim", "appears twice")
def _(d: Path) -> None:
    rewrite(d / "claims.csv", lines_edit(1, lambda ln: ln.replace(",notes", ",claim")))


@case("spaces around a column name", "claims.csv", 1, "claimant", "spaces or invisible")
def _(d: Path) -> None:
    rewrite(d / "claims.csv", lines_edit(1, lambda ln: ln.replace(",claimant,", ", claimant ,")))


@case("a second BOM before the header", "claims.csv", 1, "claim_id", "invisible")
def _(d: Path) -> None:
    data = (d / "claims.csv").read_bytes()
    (d / "claims.csv").write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + data)


@case("semicolons for commas", "mentions.csv", 1, None, "separated by ';'")
def _(d: Path) -> None:
    fields, rows = read_csv_rows(d / "mentions.csv")
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(fields)
    w.writerows([r[f] for f in fields] for r in rows)
    (d / "mentions.csv").write_text(buf.getvalue(), encoding="utf-8", newline="")


@case("an unquoted comma (too many cells)", "claims.csv", 8, None, "has 11 cells")
def _(d: Path) -> None:
    rewrite(d / "claims.csv", lines_edit(8, lambda ln: ln + ",extra"))


@case("a row cut short (too few cells)", "mentions.csv", 9, None, "has 3 cells")
def _(d: Path) -> None:
    rewrite(d / "mentions.csv", lines_edit(9, lambda ln: ",".join(ln.split(",")[:3])))


@case("blank line before an error: rows still count", "claims.csv", 6, "claim_type", "rumour")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 5, "claim_type", "rumour")  # row 5, then a blank line above it
    rewrite(d / "claims.csv", lines_edit(3, lambda ln: ln + "\n"))


@case("CRLF line ends with an error", "claims.csv", 9, "date", "2025-13")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 9, "date", "2025-13")
    rewrite(d / "claims.csv", lambda t: t.replace("\n", "\r\n"))


@case("impossible day", "claims.csv", 5, "date", "not a real day")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 5, "date", "2025-02-30")


@case("impossible quarter", "claims.csv", 5, "date", "2025-Q5")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 5, "date", "2025-Q5")


@case("year zero", "documents.csv", 2, "retrieved", "0000")
def _(d: Path) -> None:
    set_cell(d / "documents.csv", 2, "retrieved", "0000-01-01")


@case("full-width digits", "claims.csv", 5, "date", "not an ISO 8601 date")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 5, "date", "２０２５-０７")


@case("a date in words", "claims.csv", 5, "date", "July 2025")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 5, "date", "July 2025")


@case("unknown claim type", "claims.csv", 4, "claim_type", "'rumour' is not a claim_type")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 4, "claim_type", "rumour")


@case("unknown claimant type (case)", "claims.csv", 4, "claimant_type", "'Government'")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 4, "claimant_type", "Government")


@case("unknown topic", "claims.csv", 10, "topic", "'troops'")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 10, "topic", "troops")


@case("duplicate claim id", "claims.csv", 6, "claim_id", "first in row 3")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 6, "claim_id", "C002")
    set_cell(d / "mentions.csv", 7, "claim_id", "C002")  # keep C005's rows from dangling


@case("an id with a line break", "claims.csv", 5, "claim_id", "not a valid id")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 5, "claim_id", "C004\n")


@case("a NUL byte in an id", "mentions.csv", 4, "doc_id", "not a valid id")
def _(d: Path) -> None:
    doc = read_csv_rows(d / "mentions.csv")[1][2]["doc_id"]
    set_cell(d / "mentions.csv", 4, "doc_id", doc[:3] + "\x00" + doc[3:])


@case("dangling responds_to", "claims.csv", 5, "responds_to", "'C999'")
def _(d: Path) -> None:
    set_cell(d / "claims.csv", 5, "responds_to", "C999")


@case("dangling doc_id", "mentions.csv", 5, "doc_id", "not a doc_id")
def _(d: Path) -> None:
    set_cell(d / "mentions.csv", 5, "doc_id", "001_nosuchdocument")


@case("offset beyond the end of the source", "mentions.csv", 5, "end", "not inside")
def _(d: Path) -> None:
    n = len((d / SOURCE).read_text(encoding="utf-8"))
    set_cell(d / "mentions.csv", 5, "end", str(n + 1))


@case("start after end", "mentions.csv", 6, "start", "not inside")
def _(d: Path) -> None:
    set_cell(d / "mentions.csv", 6, "start", "4000")
    set_cell(d / "mentions.csv", 6, "end", "10")


@case("offset that is not a whole number", "mentions.csv", 4, "start", "not a whole number")
def _(d: Path) -> None:
    set_cell(d / "mentions.csv", 4, "start", "-1")


@case("a 30-digit offset", "mentions.csv", 4, "end", "not inside")
def _(d: Path) -> None:
    set_cell(d / "mentions.csv", 4, "end", "9" * 30)


@case("source path outside the data folder", "documents.csv", 2, "path", "outside the data folder")
def _(d: Path) -> None:
    set_cell(d / "documents.csv", 2, "path", "../../../../etc/passwd")


@case("edited source", "documents.csv", 2, "sha256", "sources are immutable")
def _(d: Path) -> None:
    with open(d / SOURCE, "ab") as f:
        f.write(b" ")


@case("a table that is a folder", "claims.csv", None, None, "is a folder")
def _(d: Path) -> None:
    (d / "claims.csv").unlink()
    (d / "claims.csv").mkdir()


@case("a missing table", "mentions.csv", None, None, "file not found")
def _(d: Path) -> None:
    (d / "mentions.csv").unlink()


@pytest.mark.parametrize("name", list(CASES))
def test_broken_table_gives_one_clear_message(name: str, data_copy: Path, tmp_path: Path) -> None:
    breaker, file, row, column, words = CASES[name]
    breaker(data_copy)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = validate(data_copy, cwd)
    assert out.code == 2, out.output
    where = ", ".join([str(data_copy / file)] + ([f"row {row}"] if row is not None else [])
                      + ([f"column {column}"] if column else []))
    hits = [p for p in out.problems if p.startswith(where + ":") and words in p]
    assert hits, f"expected '{where}: …{words}…' in:\n{out.output[:3000]}"
    if name != "header only (claims)":  # every mention of the emptied table dangles: one each
        assert len(out.problems) == 1, out.output[:3000]
    assert all(len(p) < 600 for p in out.problems), "messages stay short"


def test_spreadsheet_variants_are_valid(data_copy: Path, tmp_path: Path) -> None:
    """A byte-order mark, CRLF line ends, quoting every cell, a trailing blank line: all fine."""
    for t in schema.TABLES:
        path = data_copy / t.filename
        fields, rows = read_csv_rows(path)
        with open(path, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
            w.writerow(fields)
            w.writerows([r[c] for c in fields] for r in rows)
            f.write("\r\n")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = validate(data_copy, cwd)
    assert out.code == 0, out.output
    assert "22 claims, 28 mentions" in out.output


def test_header_only_tables_are_an_empty_project(tmp_path: Path) -> None:
    """A new project starts with three header rows and no sources: valid, with nothing in it."""
    data = tmp_path / "data"
    data.mkdir()
    for t in schema.TABLES:
        (data / t.filename).write_text(",".join(t.names) + "\n", encoding="utf-8")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = validate(data, cwd)
    assert out.code == 0 and "0 claims" in out.output


def test_many_problems_one_message_each(data_copy: Path, tmp_path: Path) -> None:
    set_cell(data_copy / "claims.csv", 3, "claim_type", "rumour")
    set_cell(data_copy / "claims.csv", 4, "date", "2025-13")
    set_cell(data_copy / "claims.csv", 5, "claimant", "")
    set_cell(data_copy / "documents.csv", 2, "retrieved", "yesterday")
    set_cell(data_copy / "mentions.csv", 3, "start", "x")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = validate(data_copy, cwd)
    assert out.code == 2
    assert len(out.problems) == 5, out.output
    assert out.output.startswith("claimbook: 5 problems found:") or "5 problems found" in out.output


def test_validate_as_a_process_prints_no_traceback(data_copy: Path, tmp_path: Path) -> None:
    CASES["unbalanced quote"][0](data_copy)
    CASES["Latin-1 bytes"][0](data_copy)
    before = snapshot(data_copy)
    proc = run_cli_process("validate", "--data", str(data_copy), cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "claims.csv, row" in proc.stderr
    assert snapshot(data_copy) == before


# --- every command that reads the tables refuses them the same way, and writes nothing --------------


@pytest.mark.parametrize("command", [
    ["claims"], ["claims", "--format", "csv"], ["render", "--period", "2025-07"],
    ["accept", "review.csv"], ["add-source", "article.txt", "--title", "t"],
    ["extract", "000_cd4c6eedc46ef4ad", "--out", "review-out.csv"]])
def test_commands_refuse_broken_tables_and_write_nothing(command: list[str], data_copy: Path,
                                                         tmp_path: Path) -> None:
    set_cell(data_copy / "documents.csv", 2, "retrieved", "July 2025")  # documents is read by all
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    (cwd / "review.csv").write_text("candidate_id,keep\nK001,yes\n", encoding="utf-8")
    (cwd / "article.txt").write_text("A new article.\n", encoding="utf-8")
    before, before_cwd = snapshot(data_copy), snapshot(cwd)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = run_cli(command[0], "--data", str(data_copy), *command[1:],
                         *(["--reports-dir", str(tmp_path / "reports"), "--notebook", str(NOTEBOOK)]
                           if command[0] == "render" else []))
    finally:
        os.chdir(old)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    if command[0] != "accept":  # accept first reads its review file (which lacks columns here)
        assert "documents.csv, row 2, column retrieved" in result.output
    assert snapshot(data_copy) == before
    assert snapshot(cwd) == before_cwd
    assert not (tmp_path / "reports").exists()


# --- property-based: random corruption never crashes, and a bad cell is found where it is ----------

def small_data(root: Path) -> Path:
    """A copy of the shipped data, made once per test session (hypothesis reuses it)."""
    target = root / "data"
    if not target.exists():
        shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_data(tmp_path_factory.mktemp("pristine"))


def fresh(pristine: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("case") / "data"
    shutil.copytree(pristine, target)
    return target


def load_outcome(data: Path) -> list | None:
    """None when the folder loads; the problems when it does not; anything else fails."""
    try:
        store.load(data)
    except DataError as e:
        for p in e.problems:
            assert p.file and p.message
            assert p.row is None or p.row >= 1
            assert p.column is None or isinstance(p.column, str)
            assert len(str(p)) < 2000
        return e.problems
    return None


@given(position=st.floats(0, 1), junk=st.binary(min_size=1, max_size=12),
       table=st.sampled_from([t.filename for t in schema.TABLES]),
       mode=st.sampled_from(["insert", "replace", "delete", "truncate"]))
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_random_byte_damage_never_crashes(pristine: Path, tmp_path_factory: pytest.TempPathFactory,
                                          position: float, junk: bytes, table: str,
                                          mode: str) -> None:
    data = fresh(pristine, tmp_path_factory)
    path = data / table
    raw = path.read_bytes()
    at = int(position * len(raw))
    raw = {"insert": raw[:at] + junk + raw[at:],
           "replace": raw[:at] + junk + raw[at + len(junk):],
           "delete": raw[:at] + raw[at + len(junk):],
           "truncate": raw[:at]}[mode]
    path.write_bytes(raw)
    before = snapshot(data)
    load_outcome(data)
    assert snapshot(data) == before


def _is_date(value: str) -> bool:
    try:
        dates.parse_partial_date(value)
    except dates.DateError:
        return False
    return True


ORACLE: dict[str, Callable[[str], bool]] = {
    "claim": lambda v: bool(v.strip()),
    "claimant": lambda v: bool(v.strip()),
    "claimant_type": lambda v: v in schema.CLAIMANT_TYPES,
    "claim_type": lambda v: v in schema.CLAIM_TYPES,
    "date": lambda v: _is_date(v),
    "topic": lambda v: v == "" or v in schema.TOPICS,
    "claimant_country": lambda v: True,
    "notes": lambda v: True,
}
CELL = st.one_of(st.text(max_size=30), st.sampled_from(
    ["", " ", "2025", "2025-07", "2025-Q3", "2025-02-29", "2024-02-29", "denial", "Denial",
     "government", "mercenaries", "\ufeff", "\r", "\n", '"', '""', ",", "=1+1", "\x00", "NA"]))


@given(column=st.sampled_from(sorted(ORACLE)), row=st.integers(2, 23), value=CELL)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_one_bad_cell_is_reported_at_its_row_and_column(pristine: Path,
                                                        tmp_path_factory: pytest.TempPathFactory,
                                                        column: str, row: int, value: str) -> None:
    data = fresh(pristine, tmp_path_factory)
    fields, rows = read_csv_rows(data / "claims.csv")
    rows[row - 2][column] = value
    with open(data / "claims.csv", "w", encoding="utf-8", newline="") as f:
        from claimbook.store.csv_write import DictWriter  # a bare "\r" in a cell stays in its cell
        w = DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    problems = load_outcome(data)
    if ORACLE[column](value):
        assert problems is None, [str(p) for p in problems or []]
    else:
        assert problems, f"{column}={value!r} was accepted"
        assert {(p.row, p.column) for p in problems} == {(row, column)}, [str(p) for p in problems]
        assert len(problems) == 1


GRID = st.lists(st.lists(st.text(max_size=8), min_size=0, max_size=12), min_size=0, max_size=8)


@given(grid=GRID, bom=st.booleans(), crlf=st.booleans())
def test_any_grid_reads_or_says_where(tmp_path_factory: pytest.TempPathFactory,
                                      grid: list[list[str]], bom: bool, crlf: bool) -> None:
    """Whatever rows a file holds, the reader returns text cells or problems inside the file."""
    path = tmp_path_factory.mktemp("grid") / "claims.csv"
    buf = io.StringIO()
    from claimbook.store.csv_write import writer

    w = writer(buf, lineterminator="\r\n" if crlf else "\n")
    w.writerows([schema.CLAIMS.names, *grid])
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode("utf-8", "surrogatepass"))
    df, problems = csv_read.read_csv_table(path, schema.CLAIMS)
    n_rows = len(grid) + 1
    for p in problems:
        assert p.row is None or 1 <= p.row <= n_rows + 1, str(p)
    if df is not None:
        assert not problems
        assert list(df.columns) == schema.CLAIMS.names
        assert all(store.spreadsheet_row(i) <= n_rows for i in df.index)
        for i, cells in zip(df.index, df.itertuples(index=False, name=None), strict=True):
            assert list(cells) == grid[store.spreadsheet_row(i) - 2]
    else:
        widths = {len(r) for r in grid if r}
        assert problems and (widths - {len(schema.CLAIMS.names)})
