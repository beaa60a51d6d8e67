"""Sources as data: a publisher is described once in the optional publishers.csv (kind, country,
Admiralty reliability A–F), add-source adds a publisher it has not seen and says so, claims may
carry a credibility grade 1–6, both validated with file/row/column errors; --publisher and --doc
select claims by the documents that mention them, and batch --per publisher plans one report per
publisher."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from claimbook import store
from claimbook.params import BatchConfig, RenderConfig, ReportParams
from claimbook.publish import batch, naming
from conftest import edit_csv, read_csv_rows, run_cli
from multisource import FIXTURE, accept, extract, register

SEED_PUBLISHER = "Norb Leahy, Dunwoody GA Tea Party Leader (blog)"


def test_the_seed_without_publishers_csv_is_valid(data_copy: Path) -> None:
    assert not (data_copy / "publishers.csv").exists()
    store.validate(data_copy)


def test_add_source_describes_a_new_publisher_and_says_so(data_copy: Path) -> None:
    result = run_cli("add-source", "--data", str(data_copy), str(FIXTURE / "wire.html"))
    assert result.exit_code == 0, result.output
    assert "added" in result.output and "'Northwind Wire'" in result.output
    _, rows = read_csv_rows(data_copy / "publishers.csv")
    assert [r["name"] for r in rows] == [SEED_PUBLISHER, "Northwind Wire"]
    assert all(r["kind"] == "" and r["reliability"] == "" for r in rows)
    store.validate(data_copy)
    again = run_cli("add-source", "--data", str(data_copy), str(FIXTURE / "daily.txt"),
                    "--title", "t", "--publisher", "Northwind Wire")
    assert again.exit_code == 0 and "publishers.csv" not in again.output


def test_bad_publisher_rows_are_reported_by_file_row_and_column(data_copy: Path) -> None:
    register(data_copy, ("wire.html",))
    (data_copy / "publishers.csv").write_text(
        "name,kind,country,reliability\n"
        f'"{SEED_PUBLISHER}",blog,US,F\n'
        "Northwind Wire,tabloid,GB,Z\n", encoding="utf-8")
    result = run_cli("validate", "--data", str(data_copy))
    assert result.exit_code == 2
    assert "publishers.csv, row 3, column kind: 'tabloid' is not a publisher_kind" in result.output
    assert "publishers.csv, row 3, column reliability: 'Z' is not a reliability" in result.output


def test_a_document_publisher_not_described_is_reported(data_copy: Path) -> None:
    register(data_copy, ("wire.html",))
    (data_copy / "publishers.csv").write_text(f'name,kind,reliability\n"{SEED_PUBLISHER}",blog,F\n',
                                               encoding="utf-8")
    result = run_cli("validate", "--data", str(data_copy))
    assert result.exit_code == 2
    assert "documents.csv, row 3, column publisher: 'Northwind Wire' is not described" in \
        result.output


def test_claim_credibility_is_1_to_6(data_copy: Path) -> None:
    def grade(fieldnames: list[str], rows: list[dict[str, str]]) -> tuple[list[str], list]:
        for r, g in zip(rows, ["1", "6", "7"], strict=False):
            r["credibility"] = g
        for r in rows[3:]:
            r["credibility"] = ""
        return [*fieldnames, "credibility"], rows

    edit_csv(data_copy / "claims.csv", grade)
    result = run_cli("validate", "--data", str(data_copy))
    assert result.exit_code == 2
    assert "claims.csv, row 4, column credibility: '7' is not a credibility" in result.output


def _with_wire_claims(data: Path, tmp_path: Path) -> dict[str, str]:
    ids = register(data, ("wire.html", "statemedia.html"))
    accept(data, _kept(extract(data, ids["wire.html"], tmp_path / "r.csv"), tmp_path / "r.csv"))
    return ids


def _kept(rows: list[dict[str, str]], path: Path) -> Path:
    assert any(r["keep"] == "yes" for r in rows)
    return path


def test_claims_and_export_filter_by_publisher_and_doc(data_copy: Path, tmp_path: Path) -> None:
    ids = _with_wire_claims(data_copy, tmp_path)
    wire = run_cli("claims", "--data", str(data_copy), "--publisher", "Northwind Wire",
                   "--format", "json")
    got = json.loads(wire.stdout)
    assert got["claims"] and all(c["claim_id"] > "C022" for c in got["claims"])
    seed = json.loads(run_cli("claims", "--data", str(data_copy), "--publisher", SEED_PUBLISHER,
                              "--publisher", "Northwind Wire", "--format", "json").stdout)
    assert len(seed["claims"]) == 22 + len(got["claims"])
    by_doc = json.loads(run_cli("claims", "--data", str(data_copy), "--doc", ids["wire.html"],
                                "--format", "json").stdout)
    assert by_doc["claims"] == got["claims"]
    none = json.loads(run_cli("claims", "--data", str(data_copy), "--publisher",
                              "Eastern Herald", "--format", "json").stdout)
    assert none["claims"] == []  # registered, but no claim of it accepted
    out = tmp_path / "e.csv"
    exported = run_cli("export", "--data", str(data_copy), "--publisher", "Northwind Wire",
                       "--out", str(out))
    assert exported.exit_code == 0, exported.output
    assert len(read_csv_rows(out)[1]) == len(got["claims"])


def test_report_folder_names_its_publisher_filter() -> None:
    params = ReportParams(publishers=("Northwind Wire",), docs=("001_ab",))
    name = naming.slug(params)
    assert "publisher-northwind-wire" in name and "doc-001" in name
    cfg = RenderConfig.build(params=params)
    assert "carried by Northwind Wire" in cfg.params.describe()


def test_batch_per_publisher_plans_one_report_per_publisher(data_copy: Path,
                                                            tmp_path: Path) -> None:
    _with_wire_claims(data_copy, tmp_path)
    cfg = BatchConfig(start=date(2025, 7, 1), end=date(2025, 7, 31), every="month",
                      per="publisher", base=ReportParams(data_dir=str(data_copy)),
                      reports_dir=tmp_path / "reports")
    planned = batch.plan(cfg)
    assert sorted(j.params.publishers for j in planned) == [(SEED_PUBLISHER,),
                                                            ("Northwind Wire",)]
