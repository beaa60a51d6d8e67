"""claimbook import: a fact-check table mapped onto claims, rejects with reasons, nothing added
by a second import of the same file, a strict import all or nothing, and the foreign file read
without shifting a cell."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import Result

from claimbook import store
from claimbook.errors import DataError
from claimbook.tables import importer, mapping
from conftest import run_cli as run
from places import FIXTURES

FIXTURES = FIXTURES / "import"
FACTCHECKS = FIXTURES / "factchecks.csv"
MAPPING = FIXTURES / "factchecks.toml"
OPTIONS = ["--map", "claim=statement", "--map", "claimant=statement_originator",
           "--map", "date=statement_date", "--map", "url=factcheck_analysis_link",
           "--set", "claim_type=statement", "--date-format", "%m/%d/%Y"]



def import_cmd(data: Path, *args: str, file: Path = FACTCHECKS) -> Result:
    return run("import", "--data", str(data), str(file), *args)


def rejects_of(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def imported(data: Path) -> pd.DataFrame:
    claims = store.load(data).claims
    return claims[claims["claim_id"].str.startswith("I")].set_index("claim_id")


def test_fact_check_table_imports_with_options(data_copy: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"
    result = import_cmd(data_copy, *OPTIONS, "--rejects", str(rejects))
    assert result.exit_code == 1, result.output  # valid rows in, some rejected
    assert "imported 9 claims" in result.output and "3 rejected" in result.output
    claims = imported(data_copy)
    assert len(claims) == 9
    roe = claims[claims["date"] == "2020-03-04"].iloc[0]
    assert roe["claim"] == 'Says the governor "doubled" the state\'s debt in four years.'
    assert roe["claimant"] == "Jane Roe"
    assert roe["claimant_type"] == "unknown", "the documented default"
    assert roe["claim_type"] == "statement"
    assert roe["url"] == "https://factcheck.example.org/2020/03/roe-debt/"
    assert json.loads(roe["attributes"]) == {"verdict": "1", "statement_source": "speech",
                                             "factchecker": "PolitiFact-like"}
    smith = claims[claims["claimant"] == "Senator Smith"].iloc[0]
    assert smith["claim"] == "The bill cuts taxes for 90% of families, all of them working families."
    assert len(store.load(data_copy).claims) == 22 + 9, "the curated claims are untouched"


def test_rejects_file_names_row_and_reason(data_copy: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"
    import_cmd(data_copy, "--mapping", str(MAPPING), "--rejects", str(rejects))
    rows = rejects_of(rejects)
    assert [r["row"] for r in rows] == ["11", "12", "13"]  # spreadsheet rows of the input
    assert "13/04/2020" in rows[0]["reason"] and "%m/%d/%Y" in rows[0]["reason"]
    assert rows[1]["reason"].startswith("url: is empty")
    assert "javascript:alert(1)" in rows[2]["reason"] and "http" in rows[2]["reason"]
    assert rows[1]["statement_originator"] == "Anonymous post", "the original row is kept"


def test_mapping_file_equals_options(data_copy: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(data_copy, other)
    import_cmd(data_copy, "--mapping", str(MAPPING), "--rejects", str(tmp_path / "a.csv"))
    import_cmd(other, *OPTIONS, "--rejects", str(tmp_path / "b.csv"))
    pd.testing.assert_frame_equal(imported(data_copy), imported(other))


def test_import_twice_adds_nothing(data_copy: Path, tmp_path: Path) -> None:
    first = import_cmd(data_copy, "--mapping", str(MAPPING), "--rejects", str(tmp_path / "r.csv"))
    table = (data_copy / "claims.csv").read_bytes()
    second = import_cmd(data_copy, "--mapping", str(MAPPING), "--rejects", str(tmp_path / "r.csv"))
    assert "imported 9" in first.output
    assert "imported 0 claims" in second.output and "10 already there" in second.output
    assert (data_copy / "claims.csv").read_bytes() == table
    assert len(imported(data_copy)) == 9


def test_strict_imports_nothing_when_a_row_is_rejected(data_copy: Path, tmp_path: Path) -> None:
    before = (data_copy / "claims.csv").read_bytes()
    rejects = tmp_path / "rejects.csv"
    result = import_cmd(data_copy, "--mapping", str(MAPPING), "--strict", "--rejects", str(rejects))
    assert result.exit_code == 2
    assert "3 row(s) rejected, nothing imported" in result.output
    assert (data_copy / "claims.csv").read_bytes() == before
    assert not (data_copy / "claims.csv.bak").exists()
    assert len(rejects_of(rejects)) == 3


def test_strict_imports_everything_when_all_rows_are_valid(data_copy: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    with open(FACTCHECKS, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    with open(good, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows[:10])
    result = import_cmd(data_copy, "--mapping", str(MAPPING), "--strict", file=good)
    assert result.exit_code == 0, result.output
    assert len(imported(data_copy)) == 9
    assert (data_copy / "claims.csv.bak").exists(), "the previous table is kept"


def test_ambiguous_dates_are_never_guessed(data_copy: Path, tmp_path: Path) -> None:
    """3/4/2020 is 4 March or 3 April: without --date-format every such row is rejected."""
    rejects = tmp_path / "r.csv"
    options = [o for o in OPTIONS if o not in ("--date-format", "%m/%d/%Y")]
    result = import_cmd(data_copy, *options, "--rejects", str(rejects))
    assert "imported 0 claims" in result.output
    reasons = [r["reason"] for r in rejects_of(rejects)]
    assert "'3/4/2020' is not an ISO date" in reasons[0] and "never guesses" in reasons[0]


def test_day_first_format(tmp_path: Path) -> None:
    data = tmp_path / "data"
    src = tmp_path / "eu.jsonl"
    src.write_text(json.dumps({"text": "A claim.", "who": "Someone", "when": "03/04/2020",
                               "link": "https://example.org/1"}) + "\n", encoding="utf-8")
    result = import_cmd(data, "--map", "claim=text", "--map", "claimant=who", "--map", "date=when",
                        "--map", "url=link", "--set", "claim_type=statement",
                        "--date-format", "%d/%m/%Y", file=src)
    assert result.exit_code == 0, result.output
    assert list(store.load(data).claims["date"]) == ["2020-04-03"]


def test_jsonl_with_value_maps_and_new_folder(tmp_path: Path) -> None:
    """A new data folder gets empty tables; vocabulary values translate through the map."""
    data = tmp_path / "data"
    src = tmp_path / "claims.jsonl"
    lines = [
        {"id": "fc-1", "text": "Troops crossed.", "speaker": "Ministry", "kind": "Gov", "type":
         "Allegation", "date": "2025-07-14", "link": "https://example.org/1", "score": 3,
         "tags": ["a", "b"]},
        {"id": "fc-2", "text": "They did not.", "speaker": "Embassy", "kind": "Head of state",
         "type": "denial", "date": "2025-07", "link": "https://example.org/2", "responds": "fc-1"},
    ]
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n\n", encoding="utf-8")
    mapping = tmp_path / "m.toml"
    mapping.write_text('[columns]\nclaim_id = "id"\nclaim = "text"\nclaimant = "speaker"\n'
                       'claimant_type = "kind"\nclaim_type = "type"\nurl = "link"\n'
                       'responds_to = "responds"\n'
                       '[values.claimant_type]\n"Gov" = "government"\n', encoding="utf-8")
    result = import_cmd(data, "--mapping", str(mapping), file=src)
    assert result.exit_code == 0, result.output
    claims = store.load(data).claims.set_index("claim_id")
    assert list(claims.index) == ["fc-1", "fc-2"]
    assert claims.loc["fc-1", "claimant_type"] == "government"
    assert claims.loc["fc-2", "claimant_type"] == "head_of_state"
    assert claims.loc["fc-1", "claim_type"] == "allegation"
    assert claims.loc["fc-2", "responds_to"] == "fc-1"
    assert json.loads(claims.loc["fc-1", "attributes"]) == {"score": "3", "tags": '["a", "b"]'}


def test_a_changed_row_with_a_known_id_is_rejected_not_overwritten(tmp_path: Path) -> None:
    data = tmp_path / "data"
    src = tmp_path / "c.jsonl"
    row = {"id": "fc-1", "text": "Troops crossed.", "who": "Ministry", "link": "https://e.org/1"}
    opts = ["--map", "claim_id=id", "--map", "claim=text", "--map", "claimant=who",
            "--map", "url=link", "--set", "claim_type=statement",
            "--rejects", str(tmp_path / "r.csv")]
    src.write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert import_cmd(data, *opts, file=src).exit_code == 0
    src.write_text(json.dumps({**row, "text": "Troops crossed twice."}) + "\n", encoding="utf-8")
    result = import_cmd(data, *opts, file=src)
    assert result.exit_code == 1
    assert "already, with other values" in rejects_of(tmp_path / "r.csv")[0]["reason"]
    assert list(store.load(data).claims["claim"]) == ["Troops crossed."]


def test_parquet_input(tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"statement": ["A.", "B."], "who": ["X", "Y"],
                             "when": pa.array([pd.Timestamp("2020-03-04").date(), None]),
                             "link": ["https://e.org/a", "https://e.org/b"], "rating": [1, 5]}), src)
    data = tmp_path / "data"
    result = import_cmd(data, "--map", "claim=statement", "--map", "claimant=who",
                        "--map", "date=when", "--map", "url=link", "--set", "claim_type=statement",
                        file=src)
    assert result.exit_code == 0, result.output
    claims = store.load(data).claims.sort_values("claim")
    assert list(claims["date"].fillna("")) == ["2020-03-04", ""]
    assert json.loads(claims.iloc[1]["attributes"]) == {"rating": "5"}


@pytest.mark.parametrize(("args", "message"), [
    (["--map", "claim=nope"], "has no column 'nope'"),
    (["--map", "colour=statement"], "'colour' is not a claims column"),
    (["--map", "claim"], "TARGET=VALUE"),
    (["--map", "claim=statement", "--map", "claimant=statement_originator"], "not mapped: "),
])
def test_bad_mappings_are_refused_before_reading_rows(data_copy: Path, args: list[str],
                                                      message: str) -> None:
    result = import_cmd(data_copy, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_import_into_a_parquet_folder(data_copy: Path, tmp_path: Path) -> None:
    assert run("convert", "--data", str(data_copy), "--to", "parquet").exit_code == 0
    import_cmd(data_copy, "--mapping", str(MAPPING), "--rejects", str(tmp_path / "r.csv"))
    assert (data_copy / "claims.parquet").exists() and not (data_copy / "claims.csv").exists()
    assert len(imported(data_copy)) == 9


def test_unreadable_json_lines_are_rejected_with_their_line(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    good = {"text": "A.", "who": "X", "link": "https://e.org/a"}
    src.write_text(json.dumps(good) + "\n{not json, \"quoted\"}\n[1, 2]\n", encoding="utf-8")
    rejects = tmp_path / "r.csv"
    result = import_cmd(tmp_path / "data", "--map", "claim=text", "--map", "claimant=who",
                        "--map", "url=link", "--set", "claim_type=statement",
                        "--rejects", str(rejects), file=src)
    assert result.exit_code == 1
    rows = rejects_of(rejects)
    assert [r["row"] for r in rows] == ["2", "3"]
    assert rows[0]["reason"].startswith("not valid JSON") and rows[1]["reason"] == "not a JSON object"
    assert len(store.load(tmp_path / "data").claims) == 1
    with pytest.raises(DataError):
        importer.import_claims(src, tmp_path / "data", mapping.from_options(
            ["claim=text", "claimant=who", "url=link"], ["claim_type=statement"]), strict=True,
            rejects=rejects)


def test_a_line_of_one_carriage_return_shifts_no_cell(tmp_path: Path) -> None:
    # pandas read the row after such a line one cell to the left: the claim became the claimant
    file = tmp_path / "shifted.csv"
    file.write_bytes(b"what,who,link\r\nFirst claim,Ann,https://e.org/1\r\n\r,Bo,https://e.org/2"
                     b"\r\nThird claim,Cy,https://e.org/3\r\n")
    result = run("import", "--data", str(tmp_path / "data"), str(file), "--map", "claim=what",
                 "--map", "claimant=who", "--map", "url=link", "--set", "claim_type=statement",
                 "--rejects", str(tmp_path / "rejects.csv"))
    assert result.exit_code == 1, result.output  # the row with no claim text is rejected
    assert "imported 2 claims" in result.output and "1 rejected" in result.output
    claims = store.load(tmp_path / "data").claims.set_index("url")
    assert claims.loc["https://e.org/3", "claimant"] == "Cy"
    [reject] = rejects_of(tmp_path / "rejects.csv")
    assert (reject["who"], reject["link"]) == ("Bo", "https://e.org/2")


def test_a_file_pyarrow_cannot_read_is_read_by_pandas(tmp_path: Path) -> None:
    # a short row (pandas fills it) and a repeated column name (pandas calls it who.1)
    file = tmp_path / "odd.csv"
    file.write_text("what,who,link,who\nA claim,Ann,https://e.org/1,x\nAnother,Bo\n",
                    encoding="utf-8")
    result = run("import", "--data", str(tmp_path / "data"), str(file), "--map", "claim=what",
                 "--map", "claimant=who", "--map", "url=link", "--set", "claim_type=statement",
                 "--rejects", str(tmp_path / "rejects.csv"))
    assert "imported 1 claims" in result.output and "1 rejected" in result.output, result.output
    [claim] = store.load(tmp_path / "data").claims.to_dict("records")
    assert json.loads(claim["attributes"]) == {"who.1": "x"}
    [reject] = rejects_of(tmp_path / "rejects.csv")
    assert reject["row"] == "3" and "url" in reject["reason"]


def test_a_first_row_with_a_cell_too_many_is_refused(tmp_path: Path) -> None:
    # pandas made the first column the row labels: claim text became the claimant, and so on
    file = tmp_path / "extra.csv"
    file.write_text("what,who,link\nA claim,Ann,https://e.org/1,extra\nB claim,Bo,https://e.org/2"
                    "\n", encoding="utf-8")
    result = run("import", "--data", str(tmp_path / "data"), str(file), "--map", "claim=what",
                 "--map", "claimant=who", "--map", "url=link", "--set", "claim_type=statement")
    assert result.exit_code == 2, result.output
    assert "row 2" in result.output and "one cell more than the header's 3 column names" in \
        result.output
    assert not (tmp_path / "data" / "claims.csv").exists() or \
        len(store.load(tmp_path / "data").claims) == 0
