"""`claimbook publishers` lists each publisher with its documents and grade, and `--grade
"NAME=B"` grades one with the checks validation applies (an unknown publisher or a grade off the
Admiralty scale is refused, nothing written); `validate` warns about ungraded publishers once,
with the command that grades them; `remove-source` removes a publisher only that document used,
and says so. The documents are the invented test articles."""

from __future__ import annotations

from pathlib import Path

from conftest import read_csv_rows, run_cli

ARTICLES = Path(__file__).resolve().parents[1] / "fixtures" / "articles"


def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    for name, publisher in (("wire.txt", "Wire Co"), ("blog.txt", "A Blog"),
                            ("briefing.txt", "Wire Co")):
        result = run_cli("add-source", str(ARTICLES / name), "--title", name,
                         "--publisher", publisher, "--data", str(data))
        assert result.exit_code == 0, result.output
    return data


def grades(data: Path) -> dict[str, str]:
    return {r["name"]: r["reliability"] for r in read_csv_rows(data / "publishers.csv")[1]}


def test_publishers_lists_documents_and_grades(tmp_path: Path) -> None:
    data = folder(tmp_path)
    result = run_cli("publishers", "--data", str(data))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["publisher", "grade", "kind", "country", "documents"]
    assert lines[1].startswith("A Blog") and " 1: 001_" in lines[1]
    assert lines[2].startswith("Wire Co") and " 2: 000_" in lines[2]
    assert "2 publishers, 2 not graded" in result.stderr
    assert "claimbook publishers --data" in result.stderr and "--grade 'A Blog=B'" in result.stderr


def test_grade_sets_the_grade_with_validations_checks(tmp_path: Path) -> None:
    data = folder(tmp_path)
    result = run_cli("publishers", "--grade", "Wire Co=b", "--grade", "a blog=E",
                     "--data", str(data))
    assert result.exit_code == 0, result.output
    assert grades(data) == {"Wire Co": "B", "A Blog": "E"}
    assert "graded Wire Co: not graded -> B" in result.stderr
    assert "2 publishers, 0 not graded" in result.stderr
    assert run_cli("validate", "--data", str(data)).exit_code == 0
    before = (data / "publishers.csv").read_bytes()
    for bad, words in (("Wire Co=G", "'G' for 'Wire Co' is not a grade of the Admiralty scale"),
                       ("Reuters=B", "'Reuters' is not a publisher of"),
                       ("Wire Co", "is not NAME=GRADE"), ("=B", "is not NAME=GRADE")):
        result = run_cli("publishers", "--grade", bad, "--data", str(data))
        assert result.exit_code == 2 and "--grade: " in result.output and words in result.output
    assert (data / "publishers.csv").read_bytes() == before


def test_validate_warns_once_about_ungraded_publishers(tmp_path: Path) -> None:
    data = folder(tmp_path)
    result = run_cli("validate", "--data", str(data))
    assert result.exit_code == 0
    warned = [line for line in result.stderr.splitlines() if "not graded" in line]
    assert len(warned) == 1
    assert "2 publisher(s) not graded" in warned[0] and "'A Blog', 'Wire Co'" in warned[0]
    assert f"claimbook publishers --data {data} --grade 'A Blog=B' --grade 'Wire Co=B'" in warned[0]
    run_cli("publishers", "--grade", "Wire Co=A", "--grade", "A Blog=F", "--data", str(data))
    assert "not graded" not in run_cli("validate", "--data", str(data)).stderr


def test_remove_source_removes_a_publisher_only_it_used(tmp_path: Path) -> None:
    data = folder(tmp_path)
    run_cli("publishers", "--grade", "Wire Co=B", "--data", str(data))
    docs = {r["publisher"] + r["title"]: r["doc_id"] for r in
            read_csv_rows(data / "documents.csv")[1]}
    result = run_cli("remove-source", docs["A Blogblog.txt"], "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "publisher 'A Blog' removed from publishers.csv" in result.output
    assert grades(data) == {"Wire Co": "B"}
    result = run_cli("remove-source", docs["Wire Cowire.txt"], "--data", str(data))
    assert result.exit_code == 0 and "publisher" not in result.output  # briefing is Wire Co's too
    assert grades(data) == {"Wire Co": "B"}
    assert run_cli("validate", "--data", str(data)).exit_code == 0
