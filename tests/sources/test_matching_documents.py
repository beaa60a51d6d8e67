"""One claim, many documents: extract proposes the existing claim a candidate restates
(claim_id, with the similarity in evidence), accept turns such rows into new mentions of that
claim and refuses an unknown claim_id at its row, and validate warns of likely duplicate claims
without failing. Mentions in a PDF record their page."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from claimbook.sources import matching
from conftest import read_csv_rows, run_cli
from multisource import accept, extract, register

TRAINING = "C023"  # the wire's first claim once accepted: Russia would train ... 600 ...


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def claims_now(data: Path) -> list[dict[str, str]]:
    return read_csv_rows(data / "claims.csv")[1]


def next_id(data: Path) -> str:
    """The id the next accepted claim gets (the wire's claims come first; how many it yields is
    extraction's to decide)."""
    return f"C{max(int(c['claim_id'][1:]) for c in claims_now(data)) + 1:03d}"


def _wire_then(data: Path, tmp_path: Path, second: str) -> tuple[dict[str, str],
                                                                 list[dict[str, str]]]:
    ids = register(data, ("wire.html", second))
    accept(data, tmp_path / "r1.csv") if extract(data, ids["wire.html"], tmp_path / "r1.csv") \
        else None
    claims = {r["claim_id"]: r for r in read_csv_rows(data / "claims.csv")[1]}
    assert claims[TRAINING]["claim"].startswith("Russia would train about 600")
    return ids, extract(data, ids[second], tmp_path / "r2.csv")


def test_extract_proposes_the_claim_a_candidate_restates(data_copy: Path, tmp_path: Path) -> None:
    _, rows = _wire_then(data_copy, tmp_path, "daily.txt")
    restating = [r for r in rows if r["claim_id"]]
    assert [r["claim_id"] for r in restating] == [TRAINING]
    assert "restates C023 (similarity" in restating[0]["evidence"]
    assert all(r["claim_id"] == "" for r in rows if r not in restating)


def test_a_restatement_inside_a_longer_sentence_is_proposed(data_copy: Path,
                                                            tmp_path: Path) -> None:
    _, rows = _wire_then(data_copy, tmp_path, "brief.pdf")
    assert TRAINING in {r["claim_id"] for r in rows}


def test_accept_adds_mentions_to_the_existing_claim_and_says_how_many(data_copy: Path,
                                                                      tmp_path: Path) -> None:
    _, rows = _wire_then(data_copy, tmp_path, "daily.txt")
    before, new = len(claims_now(data_copy)), next_id(data_copy)
    out = accept(data_copy, tmp_path / "r2.csv")
    assert f"accepted 1 claims ({new}–{new}) and 2 mentions" in out
    assert "(new claims: 1; new mentions of existing claims: 1, of C023)" in out
    claims = read_csv_rows(data_copy / "claims.csv")[1]
    assert len(claims) == before + 1
    mentions = [m for m in read_csv_rows(data_copy / "mentions.csv")[1]
                if m["claim_id"] == TRAINING]
    assert len({m["doc_id"] for m in mentions}) == 2
    assert run_cli("validate", "--data", str(data_copy)).exit_code == 0


def test_a_claim_id_typed_by_hand_is_honoured(data_copy: Path, tmp_path: Path) -> None:
    _, rows = _wire_then(data_copy, tmp_path, "daily.txt")
    for r in rows:
        r["claim_id"] = "C002" if r["candidate_id"] == "K002" else r["claim_id"]
    before = len(claims_now(data_copy))
    accept(data_copy, _write(tmp_path / "edited.csv", rows))
    mentions = read_csv_rows(data_copy / "mentions.csv")[1]
    assert sum(m["claim_id"] == "C002" for m in mentions) == 2  # its seed mention and this one
    assert len(claims_now(data_copy)) == before  # no new claim


def test_a_cleared_claim_id_makes_a_new_claim(data_copy: Path, tmp_path: Path) -> None:
    _, rows = _wire_then(data_copy, tmp_path, "daily.txt")
    for r in rows:
        r["claim_id"] = ""
    before = len(claims_now(data_copy))
    accept(data_copy, _write(tmp_path / "edited.csv", rows))
    assert len(claims_now(data_copy)) == before + 2  # the restatement and the daily's other claim


def test_an_unknown_claim_id_is_an_error_naming_its_row(data_copy: Path, tmp_path: Path) -> None:
    _, rows = _wire_then(data_copy, tmp_path, "daily.txt")
    rows[1]["claim_id"] = "C999"
    before = (data_copy / "claims.csv").read_bytes(), (data_copy / "mentions.csv").read_bytes()
    result = run_cli("accept", "--data", str(data_copy), str(_write(tmp_path / "bad.csv", rows)))
    assert result.exit_code == 2
    assert "bad.csv, row 3, column claim_id: 'C999' is not a claim_id" in result.output
    assert ((data_copy / "claims.csv").read_bytes(),
            (data_copy / "mentions.csv").read_bytes()) == before


def test_validate_warns_of_likely_duplicates_without_failing(data_copy: Path,
                                                             tmp_path: Path) -> None:
    _, rows = _wire_then(data_copy, tmp_path, "daily.txt")
    for r in rows:
        r["claim_id"] = ""  # the restatement accepted as a second claim, as before this check
    restated = next_id(data_copy)
    accept(data_copy, _write(tmp_path / "edited.csv", rows))
    result = run_cli("validate", "--data", str(data_copy))
    assert result.exit_code == 0
    assert f"warning: {TRAINING} and {restated} look like one claim" in result.stderr


def test_a_negated_claim_is_neither_proposed_nor_a_duplicate() -> None:
    claims = pd.DataFrame({"claim_id": ["C1", "C2"], "claimant": ["Ministry", "Ministry"],
                           "claim": ["China has provided lethal weapons to Russia.",
                                     "China has never provided lethal weapons to Russia."],
                           "date": ["2025-07", ""]})
    assert matching.likely_duplicates(claims) == []
    index = matching.ClaimIndex(claims)
    assert index.best("China has never provided lethal weapons to Russia!", "ministry",
                      "2025").claim_id == "C2"
    # C1 is dated 2025-07 (not 2024), C2 says "never": neither is this claim
    assert index.best("China has provided lethal weapons to Russia", "Ministry", "2024") is None


def test_pdf_mentions_record_their_page(data_copy: Path, tmp_path: Path) -> None:
    ids = register(data_copy, ("brief.pdf",))
    extract(data_copy, ids["brief.pdf"], tmp_path / "r.csv")
    accept(data_copy, tmp_path / "r.csv")
    header, mentions = read_csv_rows(data_copy / "mentions.csv")
    assert "page" in header
    pages = {m["quote"][:30]: m["page"] for m in mentions if m["doc_id"] == ids["brief.pdf"]}
    assert set(pages.values()) == {"1", "2"}
    assert all(m["page"] == "" for m in mentions if m["doc_id"] != ids["brief.pdf"])
    assert run_cli("validate", "--data", str(data_copy)).exit_code == 0
