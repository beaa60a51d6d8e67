"""A denial gets the claim it answers proposed in the review's `responds_to` (issue 24, item 4):
another candidate of the same extraction — the claim reported just before a denial that names
no content ("denied the report"), the one most like what a denial names — or, failing that, a
claim of another claimant already in the claims table. Only a proposal: the reason is in
`evidence`, the analyst keeps or clears it, and accept links exactly what the file says. Texts
invented for the test (one fixture, tests/fixtures/articles/wire.txt, is invented too)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from claimbook.sources import extract, responses, review
from claimbook.sources.matching import ClaimIndex
from conftest import read_csv_rows, run_cli
from places import ROOT

WIRE = ROOT / "tests" / "fixtures" / "articles" / "wire.txt"


def _rows(text: str, existing: ClaimIndex | None = None) -> list[dict[str, str]]:
    return review.review_rows(extract.extract(text, "Test Wire", "2025-09-17"), "D001", existing)


def _row(rows: list[dict[str, str]], words: str) -> dict[str, str]:
    return next(r for r in rows if words in r["quote"])


def test_a_denial_of_the_report_answers_the_claim_reported_before_it() -> None:
    rows = _rows(WIRE.read_text(encoding="utf-8"))
    denial = _row(rows, "denied the report")
    assert denial["claim_type"] == "denial"
    answered = _row(rows, "North Korean engineers were helping Russia")
    assert denial["responds_to"] == answered["candidate_id"]
    assert f"answers {answered['candidate_id']}" in denial["evidence"]
    assert all(r["responds_to"] == "" for r in rows if r["claim_type"] != "denial")


def test_a_denial_naming_its_content_answers_the_claim_most_like_it() -> None:
    rows = _rows("UN monitors reported that at least 14 civilians were detained at checkpoints near "
                 "the border.\n\nThe governor said the bridge would reopen on Friday.\n\n"
                 "The consulate denied that any civilians had been detained.\n")
    assert _row(rows, "consulate denied")["responds_to"] == _row(rows, "UN monitors")["candidate_id"]


def test_a_flat_rejection_answers_what_was_just_said() -> None:
    rows = _rows("HOST: A channel in Tiraspol says your officers took bribes from the smugglers.\n\n"
                 "SANDU: This is pure invention. Our officers have never taken a bribe.\n\n"
                 "HOST: Thank you.\n")
    assert _row(rows, "pure invention")["responds_to"] == _row(rows, "took bribes")["candidate_id"]


def test_a_verdict_of_falsity_answers_the_claim_of_whom_it_names() -> None:
    """"X said the ministry's claims were false" is a denial (no denial verb) and answers the
    ministry's claim, not the claim reported just before it by someone else."""
    rows = _rows("Ruritania's defence ministry said Tarnian commandos had blown up the Varna "
                 "bridge.\n\nThe Tarnian navy said the Ruritanian sailors had been rescued.\n\n"
                 "A week later, the Tarnian army said the ministry's claims were false.\n")
    denial = _row(rows, "claims were false")
    assert denial["claim_type"] == "denial"
    assert denial["responds_to"] == _row(rows, "commandos")["candidate_id"]


def test_a_denial_with_nothing_like_it_in_the_text_gets_no_proposal() -> None:
    rows = _rows("Poland's interior ministry said border guards had turned back 120 migrants.\n\n"
                 "\"That claim is simply untrue,\" a ministry spokeswoman said when asked about "
                 "reports of troops moving to the border.\n")
    assert _row(rows, "simply untrue")["responds_to"] == ""


def test_a_claimant_does_not_answer_its_own_claim() -> None:
    rows = _rows("The ministry said troops had left the border region.\n\n"
                 "The ministry denied the report.\n")
    assert _row(rows, "denied the report")["responds_to"] == ""


def test_a_claim_already_in_the_table_is_proposed_when_the_text_has_none() -> None:
    table = ClaimIndex(pd.DataFrame({
        "claim_id": ["C001", "C002"],
        "claim": ["Chinese nationals are fighting for Russia in Ukraine",
                  "The bridge over the Dnipro was destroyed"],
        "claimant": ["Volodymyr Zelenskyy", "Ukraine's army"], "date": ["2025-04", ""]}))
    rows = _rows("China's foreign ministry on Tuesday denied that Chinese nationals are fighting "
                 "for Russia in Ukraine.\n", table)
    denial = _row(rows, "denied")
    assert denial["responds_to"] == "C001"
    assert "claims table" in denial["evidence"]
    own = ClaimIndex(pd.DataFrame({"claim_id": ["C001"], "claimant": ["China Foreign Ministry"],
                                   "claim": ["Chinese nationals are fighting for Russia in Ukraine"],
                                   "date": [""]}))
    assert _row(_rows("China's foreign ministry denied that Chinese nationals are fighting for "
                      "Russia in Ukraine.\n", own), "denied")["responds_to"] == ""


def test_accept_links_what_the_review_says_and_nothing_when_cleared() -> None:
    rows = _rows(WIRE.read_text(encoding="utf-8"))
    for r in rows:
        r["keep"] = "yes"
    accepted, problems, _ = review.build(rows, "review.csv", 1)
    assert not problems
    ids = {c["claim"]: c["claim_id"] for c in accepted.claims}
    denial = next(c for c in accepted.claims if c["claim_type"] == "denial")
    assert denial["responds_to"] == next(v for k, v in ids.items() if "engineers" in k)
    for r in rows:
        r["responds_to"] = ""  # the analyst clears the proposal
    accepted, _, _ = review.build(rows, "review.csv", 1)
    assert all(c["responds_to"] == "" for c in accepted.claims)


def test_what_a_denial_denies() -> None:
    assert responses.denied("China rejected accusations that it is supplying weapons to Russia.") \
        == ("it is supplying weapons to Russia", False)
    assert responses.denied("The ministry denied the report on Wednesday.") == ("", True)
    assert responses.denied("Iran's foreign ministry called the accusation \"baseless\".") \
        == ("", True)
    assert responses.denied("The Kremlin denied that Russian forces attacked ships.") \
        == ("Russian forces attacked ships", False)
    assert responses.denied("That is simply false.") == ("", True)


def _keep_only(rows: list[dict[str, str]], candidate: str, path: Path) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows({**r, "keep": "yes" if r["candidate_id"] == candidate else "no"}
                    for r in rows)
    return path


def test_a_denial_accepted_after_the_claim_it_answers_answers_that_claim(
        data_copy: Path, tmp_path: Path) -> None:
    """Two reviews of one extraction, the answered candidate kept in the first, the denial in
    the second: the denial answers the claim the first made; kept alone, it is refused at its
    row and column, and nothing is written."""
    added = run_cli("add-source", str(WIRE), "--data", str(data_copy), "--title", "Wire story",
                    "--publisher", "Test Wire", "--published", "2025-09-17")
    doc_id = added.stdout.split()[1].rstrip(":")
    out = tmp_path / "review.csv"
    assert run_cli("extract", doc_id, "--data", str(data_copy), "--out", str(out)).exit_code == 0
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    denial = _row(rows, "denied the report")
    answered = denial["responds_to"]
    assert answered.startswith("K")
    before = (data_copy / "claims.csv").read_bytes()
    alone = run_cli("accept", str(_keep_only(rows, denial["candidate_id"], tmp_path / "d.csv")),
                    "--data", str(data_copy))
    assert alone.exit_code != 0 and "responds_to" in alone.output and answered in alone.output
    assert (data_copy / "claims.csv").read_bytes() == before
    first = run_cli("accept", str(_keep_only(rows, answered, tmp_path / "a.csv")),
                    "--data", str(data_copy))
    assert first.exit_code == 0, first.output
    second = run_cli("accept", str(_keep_only(rows, denial["candidate_id"], tmp_path / "d.csv")),
                     "--data", str(data_copy))
    assert second.exit_code == 0, second.output
    _, claims = read_csv_rows(data_copy / "claims.csv")
    made = {c["claim"]: c for c in claims}
    engineers = next(c for k, c in made.items() if "engineers" in k)
    assert next(c for c in claims if c["claim_type"] == "denial"
                and c["claimant"] == denial["claimant"])["responds_to"] == engineers["claim_id"]
