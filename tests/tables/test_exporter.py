"""claimbook export: the selection as CSV / JSON lines / Parquet, or as schema.org JSON-LD."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimbook import store
from claimbook.claims import query
from claimbook.params import ReportParams
from claimbook.tables import exporter
from conftest import run_cli as run
from datamaker import make_data

RANGE = ["--start", "2025-04-01", "--end", "2025-08-31"]



@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A curated claim with a quote, and an imported one with a URL and a formula in its text."""
    data = make_data(tmp_path, [
        {"claim_id": "C001", "claim": "Troops crossed the border.", "claimant": "Ministry",
         "claimant_type": "government", "claimant_country": "UA", "claim_type": "allegation",
         "date": "2025-07", "topic": "troop_deployment", "quote": "Troops crossed the border."},
        {"claim_id": "C002", "claim": "No troops crossed.", "claimant": "Embassy",
         "claim_type": "denial", "date": "2025-07-14", "responds_to": "C001",
         "quote": "No troops crossed."},
    ])
    claims = data / "claims.csv"
    text = claims.read_text(encoding="utf-8").splitlines()  # schema order: url, attributes, credibility
    text.append('I1,"=HYPERLINK(""http://evil.example"",""x"") says -5 + 3",Jane Roe,unknown,'
                'statement,2025,,,,,https://factcheck.example.org/1,"{""rating"": ""2""}",')
    claims.write_text("\n".join(text) + "\n", encoding="utf-8")
    store.load(data)
    return data


def selection_of(data: Path) -> query.Selection:
    return query.select(store.load(data).claims)


def test_csv_neutralizes_formulas(mixed: Path) -> None:
    result = run("export", "--data", str(mixed), "--format", "csv")
    assert result.exit_code == 0, result.output
    csv_text = result.stdout
    assert csv_text.startswith("\ufeff\"group\",\"claim_id\",\"claim\",")
    df = pd.read_csv(io.StringIO(csv_text.lstrip("\ufeff")), dtype=str, keep_default_na=False)
    row = df.set_index("claim_id").loc["I1"]
    assert row["claim"] == "'=HYPERLINK(\"http://evil.example\",\"x\") says -5 + 3"
    assert row["group"] == "in_range"
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in df.to_numpy().ravel())


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_exact_formats_round_trip(mixed: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"sel.{fmt}"
    result = run("export", "--data", str(mixed), "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    back = (pd.DataFrame([json.loads(line) for line in out.read_text("utf-8").splitlines()])
            if fmt == "jsonl" else pd.read_parquet(out)).fillna("")
    expected = exporter.selection_frame(selection_of(mixed), store.load(mixed)).reset_index(
        drop=True)
    pd.testing.assert_frame_equal(back.astype(str), expected.astype(str), check_dtype=False)
    assert back.set_index("claim_id").loc["I1", "claim"].startswith("=HYPERLINK"), "exact"


def test_csv_round_trip_through_import(mixed: Path, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """An export imports into a new folder with no mapping at all (same column names)."""
    monkeypatch.chdir(tmp_path)  # the rejects file goes to the current folder
    out = tmp_path / "sel.jsonl"
    run("export", "--data", str(mixed), "--format", "jsonl", "--out", str(out))
    new = tmp_path / "new"
    result = run("import", "--data", str(new), str(out), "--ignore", "group")
    # the curated claims have quotes but no url: a folder without their source rejects them
    assert result.exit_code == 1, result.output
    assert (tmp_path / "rejects-sel.csv").is_file()
    claims = store.load(new).claims.set_index("claim_id")
    assert list(claims.index) == ["I1"]
    assert claims.loc["I1", "attributes"] == '{"rating": "2"}'


def test_selection_and_filters_match_claims_command(shipped_data: Path) -> None:
    listed = run("claims", "--data", str(shipped_data), "--format", "json", *RANGE,
                 "--type", "allegation")
    exported = run("export", "--data", str(shipped_data), "--format", "jsonl", *RANGE,
                   "--type", "allegation")
    ids = [json.loads(line)["claim_id"] for line in exported.stdout.splitlines()]
    assert ids == [c["claim_id"] for c in json.loads(listed.stdout)["claims"]]


def test_claimreview_json_ld_structure(mixed: Path) -> None:
    result = run("export", "--data", str(mixed), "--format", "claimreview")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["@context"] == "https://schema.org"
    reviews = {r["itemReviewed"]["identifier"]: r for r in doc["@graph"]}
    assert set(reviews) == {"C001", "C002", "I1"}
    for r in doc["@graph"]:
        assert r["@type"] == "ClaimReview"
        assert r["itemReviewed"]["@type"] == "Claim"
        assert r["claimReviewed"] == r["itemReviewed"]["text"]
        assert r["itemReviewed"]["appearance"], "every claim has a provenance"
        assert "reviewRating" not in r, "claimbook records claims, not verdicts"
    c1 = reviews["C001"]["itemReviewed"]
    assert c1["author"] == {"@type": "Organization", "name": "Ministry",
                            "address": {"@type": "PostalAddress", "addressCountry": "UA"}}
    assert c1["datePublished"] == "2025-07", "reduced precision, never an invented day"
    assert c1["appearance"][0]["@type"] == "CreativeWork"
    assert c1["appearance"][0]["url"] == "https://example.org/doc"
    assert c1["appearance"][0]["text"] == "Troops crossed the border."
    assert c1["keywords"] == "troop_deployment"
    c2 = reviews["C002"]["itemReviewed"]
    assert c2["isBasedOn"] == {"@type": "Claim", "identifier": "C001"}
    i1 = reviews["I1"]["itemReviewed"]
    assert i1["appearance"] == [{"@type": "CreativeWork",
                                 "url": "https://factcheck.example.org/1"}]
    assert i1["firstAppearance"]["url"] == "https://factcheck.example.org/1"
    assert i1["author"] == {"name": "Jane Roe"}, "an unknown claimant type claims no @type"
    assert i1["text"].startswith("=HYPERLINK"), "JSON-LD is exact; it is not a spreadsheet"


def test_undated_claims_have_no_date_published(shipped_data: Path) -> None:
    doc = json.loads(run("export", "--data", str(shipped_data), "--format", "claimreview").stdout)
    undated = [r for r in doc["@graph"] if "datePublished" not in r["itemReviewed"]]
    assert len(undated) == 17 and len(doc["@graph"]) == 22


def test_parquet_needs_out(mixed: Path) -> None:
    result = run("export", "--data", str(mixed), "--format", "parquet")
    assert result.exit_code == 2 and "--out" in result.output


@pytest.mark.parametrize("selection", [[], RANGE, ["--period", "2025-07", "--type", "denial"]])
def test_csv_export_is_the_same_from_parquet_and_in_report_order(
        data_copy: Path, selection: list[str]) -> None:
    """The CSV export reads key columns, then every column from Arrow: a CSV table and its
    Parquet conversion give the same bytes, rows in report order (group, date, id)."""
    from_csv = run("export", "--data", str(data_copy), "--format", "csv", *selection)
    assert run("convert", "--data", str(data_copy), "--to", "parquet").exit_code == 0
    from_parquet = run("export", "--data", str(data_copy), "--format", "csv", *selection)
    assert from_csv.exit_code == from_parquet.exit_code == 0
    assert from_csv.stdout_bytes == from_parquet.stdout_bytes
    rows = pd.read_csv(io.BytesIO(from_csv.stdout_bytes), dtype=str, keep_default_na=False,
                       encoding="utf-8-sig")
    data = store.load(data_copy)
    args = dict(zip(selection[::2], selection[1::2], strict=True))
    p = ReportParams.from_cli(start=args.get("--start"), end=args.get("--end"),
                              period=args.get("--period"), as_of=None, claimants=(),
                              claim_types=tuple(v for k, v in args.items() if k == "--type"),
                              topics=(), data_dir=str(data_copy))
    expected = query.select(data.claims, p.start, p.end, claim_types=p.claim_types).all()
    assert list(rows["claim_id"]) == list(expected["claim_id"])
    assert list(rows["group"]) == list(expected["group"])


def test_numeric_claim_ids_stored_by_another_tool_export(tmp_path: Path) -> None:
    """A Parquet table whose ids another tool stored as numbers passes validation (ids are
    read as their text); the CSV writer (also selection.csv of every report) compares them
    as text too."""
    data = make_data(tmp_path, [
        {"claim_id": "101", "claim": "One", "claimant": "A", "quote": "One said.",
         "date": "2025-04"},
        {"claim_id": "102", "claim": "Two", "claimant": "B", "quote": "Two said.",
         "responds_to": "101"}])
    assert run("convert", "--data", str(data), "--to", "parquet").exit_code == 0
    path = data / "claims.parquet"
    table = pq.read_table(path)
    for name in ("claim_id", "responds_to"):
        i = table.column_names.index(name)
        table = table.set_column(i, name, pa.compute.cast(table[name], pa.int64()))
    pq.write_table(table, path)
    assert run("validate", "--data", str(data)).exit_code == 0
    result = run("export", "--data", str(data), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(io.BytesIO(result.stdout_bytes), dtype=str, encoding="utf-8-sig")
    assert list(rows["claim_id"]) == ["101", "102"] and list(rows["group"]) == [
        "in_range", "undated"]


def test_topic_filter_on_a_parquet_table_without_topics_selects_nothing(tmp_path: Path) -> None:
    """Another tool's Parquet table may lack the optional `topic` column: a --topic filter then
    matches nothing, as it does on a CSV table whose topics are empty (was: an Arrow error)."""
    data = make_data(tmp_path, [{"claim_id": "C1", "claim": "One", "claimant": "A",
                                 "quote": "One said.", "date": "2025-04"}])
    assert run("convert", "--data", str(data), "--to", "parquet").exit_code == 0
    path = data / "claims.parquet"
    pq.write_table(pq.read_table(path).drop_columns(["topic"]), path)
    for command in (["claims", "--format", "csv"], ["export", "--format", "csv"]):
        result = run(*command, "--data", str(data), "--topic", "neutrality")
        assert result.exit_code == 0, result.output
        assert "C1" not in result.stdout
    assert run("claims", "--data", str(data)).stdout.count("C1") == 1


TEXTS = st.text(alphabet=st.sampled_from(['a', 'é', '😀', '"', '\\', '\n', '\r', '\t', '\b', '\f',
                                          '\x00', '\x01', '\x1f', '\x7f', '\u2028', '<', ' ', '/']),
                max_size=8)


@given(st.lists(st.tuples(TEXTS, TEXTS), max_size=6))
def test_json_lines_are_what_json_dumps_writes(rows: list[tuple[str, str]]) -> None:
    """The JSON lines export builds each line with Arrow: the bytes json.dumps(row,
    ensure_ascii=False) + newline gives, for any text."""
    table = pa.table({"claim_id": pa.array([r[0] for r in rows], pa.string()),
                      'odd "name"': pa.array([r[1] for r in rows], pa.string())})
    expected = "".join(json.dumps({"claim_id": a, 'odd "name"': b}, ensure_ascii=False) + "\n"
                       for a, b in rows)
    assert exporter.json_lines(table) == expected.encode("utf-8")
