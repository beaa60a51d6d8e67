"""A report filtered by source (`--doc`, `--publisher`) tracks exactly the claims it shows: its
edition hashes list those claims and no other, its digest changes when one of them changes, and
a change to a claim it does not show leaves it current (the data here is written for the test).
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest

from claimbook.claims import schema
from claimbook.params import ReportParams
from claimbook.publish import digest, index
from conftest import run_cli
from datamaker import make_data, write_csv
from places import NOTEBOOK

CLAIMS = [{"claim_id": f"C{i:03d}", "claim": f"Invented claim number {i} for the test.",
           "claimant": "Ministry A" if i % 2 else "Agency B", "date": f"2025-07-{i + 1:02d}",
           "quote": f"Invented quote {i}: the ministry said something on day {i}."}
          for i in range(8)]
IN_DOC2 = ["C005", "C006"]  # the second document restates these two claims


def two_documents(root: Path) -> Path:
    """data/ with doc1 quoting every claim and doc2 quoting only IN_DOC2."""
    data = make_data(root, CLAIMS)
    text, mentions = "", []
    for c in CLAIMS:
        if c["claim_id"] in IN_DOC2:
            start = len(text)
            text += c["quote"]
            mentions.append({"claim_id": c["claim_id"], "doc_id": "doc2", "start": start,
                             "end": len(text), "quote": c["quote"]})
            text += "\n\n"
    (data / "sources" / "doc2.txt").write_text(text, encoding="utf-8", newline="")
    sha = hashlib.sha256((data / "sources" / "doc2.txt").read_bytes()).hexdigest()
    with open(data / "documents.csv", encoding="utf-8", newline="") as f:
        docs = list(csv.DictReader(f))
    docs.append({**docs[0], "doc_id": "doc2", "path": "sources/doc2.txt", "title": "Second",
                 "publisher": "Other publisher", "sha256": sha})
    write_csv(data / "documents.csv", schema.DOCUMENTS.names, docs)
    with open(data / "mentions.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    write_csv(data / "mentions.csv", schema.MENTIONS.names, rows + mentions)
    return data


def edit_claim(data: Path, claim_id: str) -> None:
    with open(data / "claims.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["claim_id"] == claim_id:
            r["claim"] += " (edited)"
    write_csv(data / "claims.csv", schema.CLAIMS.names, rows)


@pytest.mark.parametrize("chosen", [{"docs": ("doc2",)}, {"publishers": ("Other publisher",)}])
def test_a_source_filtered_selection_hashes_only_its_claims(tmp_path: Path, chosen: dict) -> None:
    data = two_documents(tmp_path)
    params = ReportParams(data_dir=str(data), **chosen)
    assert sorted(digest.claim_hashes(params) or {}) == IN_DOC2
    before = digest.selection_digest(params)
    edit_claim(data, "C001")  # quoted by doc1 only: not on this report's page
    assert digest.selection_digest(params) == before
    assert sorted(digest.claim_hashes(params) or {}) == IN_DOC2
    edit_claim(data, "C005")  # on the page
    assert digest.selection_digest(params) != before


@pytest.mark.slow
def test_a_doc_report_stays_current_when_a_claim_it_does_not_show_changes(tmp_path: Path) -> None:
    data = two_documents(tmp_path)
    reports = tmp_path / "reports"
    done = run_cli("render", "--data", str(data), "--doc", "doc2", "--reports-dir",
                   str(reports), "--notebook", str(NOTEBOOK), "--format", "html")
    assert done.exit_code == 0, done.output
    (folder,) = [p for p in reports.iterdir() if p.is_dir()]
    shown = json.loads((folder / digest.CLAIMS_FILE).read_text(encoding="utf-8"))
    assert sorted(shown) == IN_DOC2
    with open(folder / "selection.csv", encoding="utf-8", newline="") as f:
        assert sorted(r["claim_id"] for r in csv.DictReader(f)) == IN_DOC2
    edit_claim(data, "C001")
    assert [m["stale"] for m in index.read_reports(reports)] == [False]
    edit_claim(data, "C006")
    assert [m["stale"] for m in index.read_reports(reports)] == [True]
