"""add-source, extract and accept from the command line, and the round trip to a rendered report."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from claimbook import store
from claimbook.sources import review
from conftest import read_csv_rows
from conftest import run_cli as run
from places import FIXTURES, NOTEBOOK

ARTICLES = FIXTURES / "articles"



def read_review(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_review(path: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def register_wire(data: Path) -> str:
    result = run("add-source", str(ARTICLES / "wire.txt"), "--data", str(data), "--title",
                 "Wire story", "--publisher", "Reuters", "--published", "2025-09-17")
    assert result.exit_code == 0, result.output
    return result.stdout.split()[1].rstrip(":")  # notes (a new publisher) go to stderr


def test_add_source_and_refuse_the_same_file(data_copy: Path) -> None:
    doc_id = register_wire(data_copy)
    assert doc_id.startswith("001_")
    again = run("add-source", str(ARTICLES / "wire.txt"), "--data", str(data_copy), "--title", "x")
    assert again.exit_code == 2
    assert f"already registered as {doc_id}" in again.stderr
    assert "Traceback" not in again.output


def test_add_source_bad_date_exit_2(data_copy: Path) -> None:
    result = run("add-source", str(ARTICLES / "wire.txt"), "--data", str(data_copy), "--title",
                 "t", "--published", "Sept 17")
    assert result.exit_code == 2 and "--published" in result.stderr


def test_extract_writes_one_row_per_mention(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.csv"
    result = run("extract", "000_cd4c6eedc46ef4ad", "--data", str(data_copy), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "22 candidate claims, 28 mentions" in result.output
    fields, rows = read_review(out)
    assert fields == list(review.REVIEW_COLUMNS)
    assert len(rows) == 28 and {r["doc_id"] for r in rows} == {"000_cd4c6eedc46ef4ad"}
    assert all(r["keep"] in ("yes", "no") for r in rows)
    again = run("extract", "000_cd4c6eedc46ef4ad", "--data", str(data_copy), "--out", str(out))
    assert again.exit_code == 2 and "--force" in again.stderr  # an edited review is not lost


def test_extract_unregistered_file_and_unknown_id(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    result = run("extract", str(ARTICLES / "blog.txt"), "--data", str(data_copy), "--out",
                 str(out), "--publisher", "A blog")
    assert result.exit_code == 0, result.output
    _, rows = read_review(out)
    assert rows and {r["doc_id"] for r in rows} == {""}
    refused = run("accept", str(out), "--data", str(data_copy))
    assert refused.exit_code == 2 and "add-source" in refused.stderr
    missing = run("extract", "999_nothing", "--data", str(data_copy), "--out", str(out))
    assert missing.exit_code == 2 and "neither a file nor a doc_id" in missing.stderr


def test_accept_appends_kept_rows_with_new_ids(data_copy: Path, tmp_path: Path) -> None:
    doc_id = register_wire(data_copy)
    out = tmp_path / "review.csv"
    assert run("extract", doc_id, "--data", str(data_copy), "--out", str(out)).exit_code == 0
    fields, rows = read_review(out)
    for r in rows:
        r["keep"] = "yes"
    rows[-1]["keep"] = "no"  # the Pentagon's no-comment is dropped
    denial = next(r for r in rows if r["claim_type"] == "denial")
    hur = next(r for r in rows if r["claim_type"] == "intelligence_report")
    denial["responds_to"] = hur["candidate_id"]  # a candidate id becomes the new claim id
    write_review(out, fields, rows)
    before_claims = (data_copy / "claims.csv").read_bytes()
    result = run("accept", str(out), "--data", str(data_copy))
    assert result.exit_code == 0, result.output
    assert "C023" in result.output
    assert (data_copy / "claims.csv").read_bytes().startswith(before_claims)
    assert (data_copy / "claims.csv.bak").read_bytes() == before_claims
    data = store.load(data_copy)
    new = data.claims[data.claims["claim_id"] > "C022"]
    assert len(new) == len(rows) - 1
    by_type = new.set_index("claim_type")
    assert by_type.loc["denial", "responds_to"] in set(new["claim_id"])
    assert set(data.mentions[data.mentions["claim_id"].isin(new["claim_id"])]["doc_id"]) == {doc_id}
    # Accepting the same review twice is refused: the mentions are recorded already.
    twice = run("accept", str(out), "--data", str(data_copy))
    assert twice.exit_code == 2 and "already recorded" in twice.stderr


def test_accept_is_all_or_nothing(data_copy: Path, tmp_path: Path) -> None:
    doc_id = register_wire(data_copy)
    out = tmp_path / "review.csv"
    run("extract", doc_id, "--data", str(data_copy), "--out", str(out))
    fields, rows = read_review(out)
    rows[0]["claim_type"] = "rumour"
    rows[1]["date"] = "Sept 2025"
    rows[2]["quote"] = "words that are not in the source"
    rows[3]["keep"] = "maybe"
    write_review(out, fields, rows)
    tables = {p: p.read_bytes() for p in (data_copy / "claims.csv", data_copy / "mentions.csv")}
    result = run("accept", str(out), "--data", str(data_copy))
    assert result.exit_code == 2
    err = result.stderr
    assert f"{out}, row 2, column claim_type" in err and "rumour" in err
    assert f"{out}, row 3, column date" in err
    assert f"{out}, row 5, column keep" in err
    assert "Traceback" not in result.output
    assert all(p.read_bytes() == b for p, b in tables.items()), "nothing may be written"
    # The quote is checked against the source once the column rules pass.
    rows[0]["claim_type"], rows[1]["date"], rows[3]["keep"] = "allegation", "2025-09", "yes"
    write_review(out, fields, rows)
    result = run("accept", str(out), "--data", str(data_copy))
    assert result.exit_code == 2 and f"{out}, row 4, column quote" in result.stderr
    assert all(p.read_bytes() == b for p, b in tables.items())


def test_rows_of_one_candidate_must_agree(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "review.csv"
    run("extract", "000_cd4c6eedc46ef4ad", "--data", str(data_copy), "--out", str(out))
    fields, rows = read_review(out)
    first, second = [r for r in rows if r["candidate_id"] == "K008"]
    first["start"] = second["start"] = "0"  # make them new mentions: offsets are checked too
    for r in rows:
        r["keep"] = "yes" if r["candidate_id"] == "K008" else "no"
    second["claimant"] = "Zelensky"
    write_review(out, fields, rows)
    result = run("accept", str(out), "--data", str(data_copy))
    assert result.exit_code == 2
    assert "differs from row" in result.stderr and "column claimant" in result.stderr


def test_next_claim_number_never_reuses_a_deleted_id(data_copy: Path) -> None:
    assert review.next_claim_number(data_copy) == 23
    (data_copy / "claims.csv.bak").write_text("claim_id\nC040\n", encoding="utf-8")
    assert review.next_claim_number(data_copy) == 41


@pytest.mark.slow
def test_round_trip_extract_edit_accept_render(data_copy: Path, tmp_path: Path) -> None:
    """An analyst's afternoon: register, extract, edit the review, accept, render the report."""
    doc_id = register_wire(data_copy)
    out = tmp_path / "review.csv"
    assert run("extract", doc_id, "--data", str(data_copy), "--out", str(out)).exit_code == 0
    fields, rows = read_review(out)
    for r in rows:
        r["keep"] = "yes" if r["claim_type"] != "event_report" else "no"
        if r["claimant"] == "North Korea Foreign Ministry":
            r["claimant"] = "North Korean government"  # the analyst's own spelling
        r["topic"] = "military_cooperation"
    write_review(out, fields, rows)
    accepted = run("accept", str(out), "--data", str(data_copy))
    assert accepted.exit_code == 0, accepted.output
    _, claims = read_csv_rows(data_copy / "claims.csv")
    assert "North Korean government" in {c["claimant"] for c in claims}
    reports = tmp_path / "reports"
    done = run("render", "--data", str(data_copy), "--reports-dir", str(reports),
               "--notebook", str(NOTEBOOK), "--start", "2025-09-01", "--end", "2025-09-30",
               "--format", "html")
    assert done.exit_code == 0, done.output
    html = next(reports.glob("*/report.html")).read_text(encoding="utf-8")
    assert "North Korean government" in html
    assert "Ukraine HUR (Defence Intelligence)" in html
