"""Large tables cost a batch, not the table: validation parses a Parquet file's footer once and
reads a table in batches (a file of many one-row row groups included), with the same verdicts
and messages as a whole-table read (duplicates across batches too)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from claimbook import store
from claimbook.claims import schema
from claimbook.errors import DataError
from claimbook.store import csv_read, parquet, select, tablecache, validation
from claimbook.tables import exporter, foreign_read
from claimbook.tables.convert import convert_folder
from conftest import edit_csv, run_cli
from places import FIXTURES


def parquet_copy(data_copy: Path, row_group_size: int) -> Path:
    """The shipped folder with claims.parquet of `row_group_size`-row row groups."""
    raw, _ = store.read_raw(data_copy)
    tbl = parquet.arrow_table(raw["claims"], schema.CLAIMS)
    parquet.write_arrow(tbl, data_copy / "claims.parquet", row_group_size=row_group_size)
    (data_copy / "claims.csv").unlink()
    return data_copy


def test_validation_parses_a_parquet_footer_once(data_copy: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    data = parquet_copy(data_copy, 1)  # one row group per row: a footer as large as it gets
    opened: list[str] = []
    for name in ("ParquetFile", "read_table", "read_schema", "read_metadata"):
        real = getattr(pq, name)

        def counted(*args: object, _real: object = real, **kwargs: object) -> object:
            opened.append(str(args[0]) if args else "")
            return _real(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(pq, name, counted)
    store.validate(data)
    assert len([p for p in opened if p.endswith("claims.parquet")]) == 1, opened


def test_many_one_row_row_groups_validate_like_one_row_group(data_copy: Path) -> None:
    data = parquet_copy(data_copy, 1)
    r = run_cli("validate", "--data", str(data))
    assert r.exit_code == 0, r.stderr
    assert "22 claims, 28 mentions, 8 claimants, 1 source document(s)" in r.stdout


def test_a_valid_csv_table_is_never_read_whole(data_copy: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("read whole")

    monkeypatch.setattr(validation, "read_csv_table", whole)
    monkeypatch.setattr(csv_read, "read_csv_table", whole)
    checked = store.validate(data_copy)
    assert checked["claims"].rows == 22 and checked["mentions"].rows == 28


def test_the_duplicate_check_reads_a_large_csv_table_a_batch_at_a_time(
        data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `validate` looks for likely duplicates in four columns of every claim: read whole, a
    # million-row claims.csv took 3 GB; in batches, the columns it keeps
    whole = store.read_claim_columns(data_copy, ("claim_id", "claim"))

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("read whole")

    monkeypatch.setattr(tablecache, "MAX_BYTES", 100)  # the seed's tables count as large
    monkeypatch.setattr(select, "read_csv_table", never)
    monkeypatch.setattr(csv_read, "BATCH", 5)
    monkeypatch.setattr(csv_read.csv_batches, "__defaults__", (5,))
    batched = store.read_claim_columns(data_copy, ("claim_id", "claim"))
    assert batched.equals(whole)


def test_a_selection_of_a_large_csv_table_reads_its_keys_a_batch_at_a_time(
        data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # `claims`, a report and an export read the key columns of every claim: parsed whole, a
    # million-row claims.csv took 5 GB; in batches, only the key columns are kept
    whole = select.read_keys(data_copy, claimants=["Ukraine HUR (Defence Intelligence)"])
    all_whole = select.read_keys(data_copy)

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("read whole")

    tablecache.clear()
    monkeypatch.setattr(tablecache, "MAX_BYTES", 100)  # the seed's tables count as large
    monkeypatch.setattr(select, "read_csv_table", never)
    monkeypatch.setattr(select, "parse_csv_table", never)
    monkeypatch.setattr(csv_read.csv_batches, "__defaults__", (5,))
    assert select.read_keys(data_copy, claimants=["Ukraine HUR (Defence Intelligence)"]).equals(
        whole)
    assert select.read_keys(data_copy).equals(all_whole) and all_whole.num_rows == 22


def test_duplicates_across_batches_are_found_with_their_rows(data_copy: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    def twice(names: list[str], rows: list[dict[str, str]]) -> tuple[list[str], list[dict]]:
        rows[-1]["claim_id"] = rows[0]["claim_id"]
        return names, rows

    edit_csv(data_copy / "claims.csv", twice)
    whole = run_cli("validate", "--data", str(data_copy))
    monkeypatch.setattr(csv_read.csv_batches, "__defaults__", (3,))
    with pytest.raises(DataError) as e:
        store.validate(data_copy)
    messages = [str(p) for p in e.value.problems]
    assert any("duplicate claim_id" in m and "(first in row 2)" in m and "row 23" in m
               for m in messages), messages
    assert all(m in whole.stderr for m in messages), (messages, whole.stderr)


def test_a_broken_csv_gets_the_whole_file_message(data_copy: Path) -> None:
    with open(data_copy / "claims.csv", "a", encoding="utf-8") as f:
        f.write('C999,"never closed\n')
    r = run_cli("validate", "--data", str(data_copy))
    assert r.exit_code == 2
    assert "is never closed" in r.stderr


def test_a_parquet_table_in_batches_reports_cells_by_row(data_copy: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    data = parquet_copy(data_copy, 5)
    shutil.copy(data / "claims.parquet", data / "good.parquet")
    monkeypatch.setattr(parquet.text_batches, "__defaults__", (None, 4))
    tbl = pq.read_table(data / "claims.parquet")
    ids = tbl["claim_id"].to_pylist()
    ids[-1] = ids[0]
    tbl = tbl.set_column(tbl.column_names.index("claim_id"), "claim_id",
                         __import__("pyarrow").array(ids))
    pq.write_table(tbl, data / "claims.parquet", row_group_size=5)
    with pytest.raises(DataError) as e:
        store.validate(data)
    assert [p.row for p in e.value.problems] == [23]
    assert "duplicate claim_id" in e.value.problems[0].message


# --- import: a batch at a time, with the semantics of a whole-file import ---------------------

FACTCHECKS = FIXTURES / "import" / "factchecks.csv"
MAPPING = FIXTURES / "import" / "factchecks.toml"


def keyed_file(tmp_path: Path) -> Path:
    """Rows whose keys meet across batches of two: an answer to a later row, a row given twice,
    a key given to two different rows, a bad date."""
    path = tmp_path / "keyed.csv"
    path.write_text(
        "id,who,what,when,link,answers\n"
        "k1,Ann,First claim,2020-01-02,https://e.org/1,\n"
        "k2,Bob,Answers a later claim,2020-01-03,https://e.org/2,k5\n"
        "k1,Ann,First claim,2020-01-02,https://e.org/1,\n"
        "k1,Ann,Other text for k1,2020-01-02,https://e.org/1,\n"
        "k5,Cy,The later claim,2020-01-01,https://e.org/5,\n"
        "k6,Di,Answers nothing known,2020-13-01,https://e.org/6,k404\n", encoding="utf-8")
    return path


KEYED = ["--map", "claim_id=id", "--map", "claimant=who", "--map", "claim=what",
                        "--map", "date=when", "--map", "url=link", "--map", "responds_to=answers",
                        "--set", "claim_type=statement"]


def import_both_ways(data_copy: Path, tmp_path: Path, file: Path, args: list[str],
                     monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[bytes, bytes], tuple]:
    """The claims table and rejects file after an import in one batch, and in batches of 2."""
    out = []
    for rows in (foreign_read.BATCH, 2):
        data = tmp_path / file.stem / f"data-{rows}"
        shutil.copytree(data_copy, data)
        monkeypatch.setattr(foreign_read.foreign_batches, "__defaults__", (rows,))
        rejects = tmp_path / file.stem / f"rejects-{rows}.csv"
        r = run_cli("import", "--data", str(data), str(file), *args, "--rejects", str(rejects))
        assert r.exit_code in (0, 1), r.output
        output = r.output.replace(str(data), "DATA").replace(str(rejects), "REJECTS")
        out.append(((data / "claims.csv").read_bytes(), rejects.read_bytes(), output))
    return out[0], out[1]


def test_an_import_in_batches_equals_one_in_a_single_batch(data_copy: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    whole, batched = import_both_ways(data_copy, tmp_path, FACTCHECKS,
                                      ["--mapping", str(MAPPING)], monkeypatch)
    assert whole == batched
    whole, batched = import_both_ways(data_copy, tmp_path, keyed_file(tmp_path), KEYED,
                                      monkeypatch)
    assert whole == batched
    claims, rejects, output = batched
    assert "imported 3 claims" in output and "1 already there" in output
    lines = rejects.decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["5", "7"]
    assert "is given to an earlier row with other values" in lines[1]
    assert "k404 is not a claim_id" in lines[2] and "date" in lines[2]
    assert b"\nk2," in claims and b"\nk5," in claims, "an answer to a later row is imported"


def test_an_import_never_reads_the_file_or_the_tables_whole(data_copy: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("read whole")

    monkeypatch.setattr(foreign_read, "read_jsonl", whole)
    monkeypatch.setattr(store, "load", whole)
    monkeypatch.setattr(store, "read_raw", whole)
    r = run_cli("import", "--data", str(data_copy), str(FACTCHECKS), "--mapping", str(MAPPING),
                "--rejects", str(tmp_path / "r.csv"))
    assert "imported 9 claims" in r.output, r.output


@pytest.mark.parametrize("to", ["parquet", "csv"])
def test_convert_never_reads_a_table_whole(data_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                           to: str) -> None:
    if to == "csv":
        convert_folder(data_copy, "parquet")

    def whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("read whole")

    real = validation.read_csv_table

    def whole_table(path: Path, *args: object) -> object:
        if path.name.startswith(("claims", "mentions")):  # the tables converted
            raise AssertionError("read whole")
        return real(path, *args)

    for name in ("load", "read_raw"):
        monkeypatch.setattr(store, name, whole)
    monkeypatch.setattr(validation, "read_csv_table", whole_table)
    monkeypatch.setattr(parquet, "read_text", whole)
    convert_folder(data_copy, to)
    monkeypatch.undo()
    assert len(store.load(data_copy).claims) == 22


# --- claims and export: a slice of claims at a time -------------------------------------------

EXPORTS = [["claims", "--format", "csv"], *(["export", "--format", f] for f in
                                           ("csv", "jsonl", "claimreview", "parquet"))]


@pytest.mark.parametrize("command", EXPORTS, ids=lambda c: "-".join(c))
def test_listings_and_exports_are_written_a_slice_at_a_time(
        data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        command: list[str]) -> None:
    def whole(*args: object, **kwargs: object) -> None:
        raise AssertionError("the selection as pandas rows")

    def output(name: str) -> bytes:
        out = tmp_path / name
        args = ["--out", str(out)] if command[0] == "export" else []
        r = run_cli(*command[:1], "--data", str(data_copy), *command[1:], *args)
        assert r.exit_code == 0, r.output
        return out.read_bytes() if args else r.stdout_bytes

    one = output("one")
    monkeypatch.setattr(store, "load_selection", whole)
    monkeypatch.setattr(store, "load", whole)
    monkeypatch.setattr(exporter, "SLICE", 3, raising=False)
    sliced = output("slices")
    if "parquet" in command:  # row groups differ, the table does not
        assert pq.read_table(tmp_path / "slices").equals(pq.read_table(tmp_path / "one"))
    else:
        assert sliced == one
    assert len(one) > 1000


def test_an_imported_claim_answering_itself_is_rejected_and_the_rest_imported(
        data_copy: Path, tmp_path: Path) -> None:
    path = tmp_path / "self.csv"
    path.write_text("id,who,what,when,link,answers\n"
                    "s1,Ann,A claim,2020-01-02,https://e.org/1,\n"
                    "s2,Bob,Answers itself,2020-01-03,https://e.org/2,s2\n", encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    r = run_cli("import", "--data", str(data_copy), str(path), *KEYED, "--rejects", str(rejects))
    assert "imported 1 claims" in r.output, r.output
    assert "a claim cannot answer itself" in rejects.read_text(encoding="utf-8")
    assert store.validate(data_copy)["claims"].rows == 23
