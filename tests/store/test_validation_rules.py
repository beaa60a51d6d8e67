"""Loading and validating the claim tables.

The shipped data must load cleanly and every quote must be verbatim; each validation rule is
checked on a copy broken in exactly one place, and the error must say file, row and column so an
analyst can fix it in a spreadsheet (header = row 1, first record = row 2).
"""

from __future__ import annotations

import csv
import hashlib
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from claimbook import store
from claimbook.claims import query, schema
from claimbook.errors import DataError, Problem
from claimbook.store import validation
from claimbook.store.write import write_tables
from conftest import add_column, drop_column, edit_csv, get_cell, read_csv_rows, set_cell
from places import ROOT

SOURCE = "sources/000_cd4c6eedc46ef4ad.txt"


def load_problems(data_dir: Path) -> list[Problem]:
    """The problems store.load reports for a broken folder (it must refuse to load)."""
    with pytest.raises(DataError) as info:
        store.load(data_dir)
    assert info.value.problems, "DataError without problems"
    return info.value.problems


def find(problems: list[Problem], file: str, row: int | None, column: str | None) -> Problem:
    """The problem reported at file/row/column; fails listing everything that was reported."""
    hits = [p for p in problems
            if Path(p.file).name == file and p.row == row and p.column == column]
    assert hits, f"no problem at {file}, row {row}, column {column}; got:\n" + "\n".join(
        str(p) for p in problems)
    return hits[0]


def only(problems: list[Problem], file: str, row: int | None, column: str | None) -> Problem:
    """Like `find`, and nothing else was reported (one mistake gives one message)."""
    found = find(problems, file, row, column)
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return found


def source_text(data_dir: Path) -> str:
    with open(data_dir / SOURCE, encoding="utf-8", newline="") as f:
        return f.read()


# --- the shipped data -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def data() -> store.ClaimData:
    return store.load(ROOT / "data")


def test_shipped_data_loads(data: store.ClaimData) -> None:
    s = data.summary()
    assert (s["claims"], s["mentions"], s["claimants"], s["documents"]) == (22, 28, 8, 1)
    assert s["dated"] + s["undated"] == 22


def test_typed_claims_dtypes(data: store.ClaimData) -> None:
    """Charts and queries rely on categoricals (fixed order, all values) and real datetimes."""
    c = data.claims
    for col, vocabulary in [("claim_type", schema.CLAIM_TYPES),
                            ("claimant_type", schema.CLAIMANT_TYPES),
                            ("topic", schema.TOPICS)]:
        assert isinstance(c[col].dtype, pd.CategoricalDtype), col
        assert list(c[col].cat.categories) == list(vocabulary), col
    assert pd.api.types.is_datetime64_any_dtype(c["date_start"])
    assert pd.api.types.is_datetime64_any_dtype(c["date_end"])
    assert isinstance(c["date_precision"].dtype, pd.CategoricalDtype)
    assert list(c["date_precision"].cat.categories) == list(schema.DATE_PRECISIONS)
    assert pd.api.types.is_integer_dtype(data.mentions["start"])
    assert pd.api.types.is_integer_dtype(data.mentions["end"])


def test_typed_dates_match_the_text(data: store.ClaimData) -> None:
    """A month-precision claim spans the whole month; an empty date gives NaT and 'none'."""
    c = data.claims.set_index("claim_id")
    assert c.loc["C004", "date"] == "2025-07"
    assert c.loc["C004", "date_start"] == pd.Timestamp("2025-07-01")
    assert c.loc["C004", "date_end"] == pd.Timestamp("2025-07-31")
    assert c.loc["C004", "date_precision"] == "month"
    assert pd.isna(c.loc["C001", "date_start"]) and pd.isna(c.loc["C001", "date_end"])
    assert c.loc["C001", "date_precision"] == "none"


def test_every_quote_is_verbatim(shipped_data: Path) -> None:
    """Read independently of store.load: quote == source[start:end] with whitespace runs as one space."""
    _, docs = read_csv_rows(shipped_data / "documents.csv")
    texts = {}
    for d in docs:
        with open(shipped_data / d["path"], encoding="utf-8", newline="") as f:
            texts[d["doc_id"]] = f.read()
    _, mentions = read_csv_rows(shipped_data / "mentions.csv")
    assert len(mentions) == 28
    bad = []
    for row, m in enumerate(mentions, start=2):
        text = texts[m["doc_id"]]
        start, end = int(m["start"]), int(m["end"])
        assert 0 <= start < end <= len(text), f"mentions.csv row {row}: offsets out of range"
        if store.normalize_whitespace(text[start:end]) != m["quote"]:
            bad.append(f"row {row}: {m['quote'][:40]!r} vs {text[start:end][:40]!r}")
    assert not bad, bad


def test_shipped_sources_match_their_checksums(shipped_data: Path) -> None:
    _, docs = read_csv_rows(shipped_data / "documents.csv")
    for d in docs:
        assert hashlib.sha256((shipped_data / d["path"]).read_bytes()).hexdigest() == d["sha256"]


def test_every_claim_has_a_mention(shipped_data: Path) -> None:
    _, claims = read_csv_rows(shipped_data / "claims.csv")
    _, mentions = read_csv_rows(shipped_data / "mentions.csv")
    mentioned = {m["claim_id"] for m in mentions}
    assert [c["claim_id"] for c in claims if c["claim_id"] not in mentioned] == []


def test_normalize_whitespace() -> None:
    """Hard-wrapped source lines become single spaces; ends are trimmed."""
    assert store.normalize_whitespace("  a\nb \r\n\tc  ") == "a b c"


def test_spreadsheet_row_helper_matches_file_lines(data_copy: Path) -> None:
    """Guards the tests themselves: set_cell(row=4) edits the file's 4th line (header = line 1)."""
    set_cell(data_copy / "claims.csv", 4, "claim_type", "rumour")
    lines = (data_copy / "claims.csv").read_text(encoding="utf-8").splitlines()
    assert lines[3].startswith("C003,") and ",rumour," in lines[3]


@pytest.mark.parametrize("value", ["NA", "N/A", "null", "None", "nan"])
def test_na_like_text_stays_text(data_copy: Path, value: str) -> None:
    """'NA' is a valid claim text, not a missing value: no type guessing when reading."""
    set_cell(data_copy / "claims.csv", 4, "claim", value)
    claims = store.load(data_copy).claims.set_index("claim_id")
    assert claims.loc["C003", "claim"] == value


# --- one test per validation rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "column"),
    [("claims.csv", "claimant"), ("claims.csv", "claim_type"), ("mentions.csv", "quote"),
     ("documents.csv", "sha256")],
)
def test_missing_required_column(data_copy: Path, file: str, column: str) -> None:
    drop_column(data_copy / file, column)
    p = only(load_problems(data_copy), file, 1, column)
    assert "missing" in p.message


def test_unknown_column(data_copy: Path) -> None:
    add_column(data_copy / "claims.csv", "colour")
    p = only(load_problems(data_copy), "claims.csv", 1, "colour")
    assert "unknown column" in p.message


@pytest.mark.parametrize("column", ["claim_type", "claimant_type", "topic"])
def test_value_outside_vocabulary(data_copy: Path, column: str) -> None:
    set_cell(data_copy / "claims.csv", 4, column, "rumour")
    p = only(load_problems(data_copy), "claims.csv", 4, column)
    assert "rumour" in p.message


@pytest.mark.parametrize("value", ["2025-13", "2025-02-30", "July 2025"])
def test_bad_claim_date(data_copy: Path, value: str) -> None:
    set_cell(data_copy / "claims.csv", 5, "date", value)
    p = only(load_problems(data_copy), "claims.csv", 5, "date")
    assert value in p.message


@pytest.mark.parametrize("column", ["published", "retrieved"])
def test_bad_document_date(data_copy: Path, column: str) -> None:
    set_cell(data_copy / "documents.csv", 2, column, "July 2025")
    only(load_problems(data_copy), "documents.csv", 2, column)


def test_empty_required_value(data_copy: Path) -> None:
    """A claim without a claimant is a defect (the document itself is the claimant, never a blank)."""
    set_cell(data_copy / "claims.csv", 4, "claimant", " ")
    only(load_problems(data_copy), "claims.csv", 4, "claimant")


def test_duplicate_claim_id(data_copy: Path) -> None:
    """The second occurrence is the one to fix, so that is the row reported."""
    set_cell(data_copy / "claims.csv", 6, "claim_id", "C002")  # C002 is first in row 3
    p = only(load_problems(data_copy), "claims.csv", 6, "claim_id")
    assert "C002" in p.message and "row 3" in p.message


def test_dangling_responds_to(data_copy: Path) -> None:
    set_cell(data_copy / "claims.csv", 5, "responds_to", "C999")
    p = only(load_problems(data_copy), "claims.csv", 5, "responds_to")
    assert "C999" in p.message


def test_claim_cannot_answer_itself(data_copy: Path) -> None:
    set_cell(data_copy / "claims.csv", 5, "responds_to", "C004")
    only(load_problems(data_copy), "claims.csv", 5, "responds_to")


def test_dangling_doc_id_in_mentions(data_copy: Path) -> None:
    set_cell(data_copy / "mentions.csv", 5, "doc_id", "no_such_doc")
    p = only(load_problems(data_copy), "mentions.csv", 5, "doc_id")
    assert "no_such_doc" in p.message


def test_dangling_claim_id_in_mentions(data_copy: Path) -> None:
    # row 5 is one of C003's two mentions, so C003 keeps a mention and only this problem remains
    set_cell(data_copy / "mentions.csv", 5, "claim_id", "C999")
    p = only(load_problems(data_copy), "mentions.csv", 5, "claim_id")
    assert "C999" in p.message


def test_quote_that_does_not_match_the_source(data_copy: Path) -> None:
    quote = get_cell(data_copy / "mentions.csv", 5, "quote")
    set_cell(data_copy / "mentions.csv", 5, "quote", quote.replace("Chinese", "Korean"))
    only(load_problems(data_copy), "mentions.csv", 5, "quote")


def test_quote_with_shifted_offsets(data_copy: Path) -> None:
    """Off-by-one offsets are the usual curation slip; the quote check must catch them."""
    start = int(get_cell(data_copy / "mentions.csv", 5, "start"))
    end = int(get_cell(data_copy / "mentions.csv", 5, "end"))
    set_cell(data_copy / "mentions.csv", 5, "start", str(start + 1))
    set_cell(data_copy / "mentions.csv", 5, "end", str(end + 1))
    only(load_problems(data_copy), "mentions.csv", 5, "quote")


@pytest.mark.parametrize("past_end", [1, 1000])
def test_offsets_beyond_the_source(data_copy: Path, past_end: int) -> None:
    n = len(source_text(data_copy))
    set_cell(data_copy / "mentions.csv", 5, "end", str(n + past_end))
    p = only(load_problems(data_copy), "mentions.csv", 5, "end")
    assert str(n) in p.message


def test_claim_without_mention(data_copy: Path) -> None:
    """A claim nobody can trace to a source is a defect; C002 has a single mention (row 4)."""

    def drop_c002(fieldnames: list[str], rows: list[dict[str, str]]) -> tuple[list[str], list[dict]]:
        return fieldnames, [r for r in rows if r["claim_id"] != "C002"]

    edit_csv(data_copy / "mentions.csv", drop_c002)
    p = only(load_problems(data_copy), "claims.csv", 3, "claim_id")
    assert "C002" in p.message


def test_changed_source_fails_its_checksum(data_copy: Path) -> None:
    """Sources are immutable: one appended byte must be noticed."""
    with open(data_copy / SOURCE, "ab") as f:
        f.write(b"\n")
    only(load_problems(data_copy), "documents.csv", 2, "sha256")


def test_missing_source_file(data_copy: Path) -> None:
    (data_copy / SOURCE).unlink()
    only(load_problems(data_copy), "documents.csv", 2, "path")


def test_missing_table_file(data_copy: Path) -> None:
    (data_copy / "mentions.csv").unlink()
    only(load_problems(data_copy), "mentions.csv", None, None)


def test_all_problems_in_a_file_are_reported_at_once(data_copy: Path) -> None:
    """Fixing one problem per run is slow: every bad row is listed in one go."""
    claims = data_copy / "claims.csv"
    set_cell(claims, 3, "claim_type", "rumour")
    set_cell(claims, 7, "claim_type", "gossip")
    set_cell(claims, 9, "date", "2025-13")
    problems = load_problems(data_copy)
    assert sorted((Path(p.file).name, p.row, p.column) for p in problems) == [
        ("claims.csv", 3, "claim_type"), ("claims.csv", 7, "claim_type"), ("claims.csv", 9, "date")]


def test_problems_in_several_files_are_reported_at_once(data_copy: Path) -> None:
    set_cell(data_copy / "claims.csv", 3, "claim_type", "rumour")
    set_cell(data_copy / "mentions.csv", 4, "start", "x")
    problems = load_problems(data_copy)
    find(problems, "claims.csv", 3, "claim_type")
    find(problems, "mentions.csv", 4, "start")


def test_relation_problems_are_all_reported(data_copy: Path) -> None:
    set_cell(data_copy / "claims.csv", 5, "responds_to", "C999")
    set_cell(data_copy / "mentions.csv", 6, "doc_id", "no_such_doc")
    problems = load_problems(data_copy)
    find(problems, "claims.csv", 5, "responds_to")
    find(problems, "mentions.csv", 6, "doc_id")


def test_error_message_lists_every_problem(data_copy: Path) -> None:
    """The CLI prints str(DataError): it must carry each file/row/column, not just a count."""
    set_cell(data_copy / "claims.csv", 3, "claim_type", "rumour")
    set_cell(data_copy / "claims.csv", 7, "claim_type", "gossip")
    with pytest.raises(DataError) as info:
        store.load(data_copy)
    text = str(info.value)
    assert "2 problems" in text
    assert "claims.csv, row 3, column claim_type" in text
    assert "claims.csv, row 7, column claim_type" in text


def test_csv_written_by_a_spreadsheet_loads(data_copy: Path) -> None:
    """Excel saves UTF-8 with a BOM and CRLF line ends; both must be accepted."""
    path = data_copy / "claims.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    assert len(store.load(data_copy).claims) == 22


# --- provenance: a mention in a registered source, or the URL where the claim appeared -----------


def _add_url_claim(data_dir: Path, url: str, claim_id: str = "C900", **extra: str) -> None:
    def edit(fieldnames: list[str], rows: list[dict[str, str]]) -> tuple[list[str], list[dict]]:
        names = [*fieldnames, *[c for c in ("url", "attributes") if c not in fieldnames]]
        row = {c: "" for c in names}
        row.update(claim_id=claim_id, claim="A claim seen on a web page.", claimant="Someone",
                   claimant_type="unknown", claim_type="statement", date="2025-07", url=url)
        row.update(extra)
        return names, [*rows, row]

    edit_csv(data_dir / "claims.csv", edit)


def test_a_claim_with_a_url_needs_no_mention(data_copy: Path) -> None:
    _add_url_claim(data_copy, "https://example.org/fact-check/1")
    data = store.load(data_copy)
    c = data.claims.set_index("claim_id").loc["C900"]
    assert c["url"] == "https://example.org/fact-check/1"
    assert len(data.claims) == 23


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "example.org/x",
                                 "https://", "https://exa mple.org", "data:text/html,hi"])
def test_only_http_urls_are_provenance(data_copy: Path, url: str) -> None:
    _add_url_claim(data_copy, url)
    problems = load_problems(data_copy)
    p = find(problems, "claims.csv", 24, "url")
    assert "http" in p.message


def test_claim_with_neither_mention_nor_url(data_copy: Path) -> None:
    _add_url_claim(data_copy, "")
    p = only(load_problems(data_copy), "claims.csv", 24, "claim_id")
    assert "no mention" in p.message and "no url" in p.message


def test_quotes_stay_strict_when_a_claim_also_has_a_url(data_copy: Path) -> None:
    """A URL is another provenance, not a licence for a quote that is not in its source."""
    set_cell(data_copy / "mentions.csv", 5, "quote", "words the source never had")
    add_column(data_copy / "claims.csv", "url", "https://example.org/x")
    only(load_problems(data_copy), "mentions.csv", 5, "quote")


def test_attributes_must_be_a_json_object(data_copy: Path) -> None:
    _add_url_claim(data_copy, "https://example.org/1", attributes='{"rating": "3"}')
    _add_url_claim(data_copy, "https://example.org/2", claim_id="C901", attributes="rating=3")
    p = only(load_problems(data_copy), "claims.csv", 25, "attributes")
    assert "JSON object" in p.message


# --- Parquet tables ------------------------------------------------------------------------------


def test_parquet_tables_load_like_csv(data_copy: Path) -> None:
    before = store.load(data_copy)
    for t in (schema.CLAIMS, schema.MENTIONS):
        df, _ = store.read_table(data_copy / t.filename, t)
        write_tables({store.path_for(data_copy, t, "parquet"): (df, t)})
        (data_copy / t.filename).unlink()
    after = store.load(data_copy)
    cols = [c for c in before.claims.columns]
    pd.testing.assert_frame_equal(
        before.claims[cols].sort_values("claim_id", ignore_index=True).astype(str),
        after.claims[cols].sort_values("claim_id", ignore_index=True).astype(str))
    assert len(after.mentions) == 28


def test_parquet_problems_name_file_row_and_column(data_copy: Path) -> None:
    set_cell(data_copy / "claims.csv", 5, "claim_type", "rumour")
    df, _ = store.read_table(data_copy / "claims.csv", schema.CLAIMS)
    write_tables({data_copy / "claims.parquet": (df, schema.CLAIMS)})
    (data_copy / "claims.csv").unlink()
    problems = load_problems(data_copy)
    assert len(problems) == 1
    p = problems[0]
    assert Path(p.file).name == "claims.parquet" and p.column == "claim_type"
    assert "'rumour' is not a claim_type" in p.message


def test_both_csv_and_parquet_is_an_error(data_copy: Path) -> None:
    df, _ = store.read_table(data_copy / "claims.csv", schema.CLAIMS)
    write_tables({data_copy / "claims.parquet": (df, schema.CLAIMS)})
    p = only(load_problems(data_copy), "claims.csv", None, None)
    assert "both exist" in p.message


@pytest.mark.parametrize(("file", "row", "column", "value"), [
    ("claims", 5, "claim_type", "rumour"), ("claims", 3, "claim_id", "C001"),
    ("claims", 7, "date", "2025-13"), ("claims", 4, "responds_to", "C999"),
    ("mentions", 5, "quote", "not in the source"), ("mentions", 6, "claim_id", "C999")])
def test_column_by_column_validation_finds_what_load_finds(data_copy: Path, file: str, row: int,
                                                            column: str, value: str) -> None:
    """Reports validate Parquet tables a column at a time (memory): the same verdicts."""
    set_cell(data_copy / f"{file}.csv", row, column, value)
    expected = load_problems(data_copy)
    for t in (schema.CLAIMS, schema.MENTIONS):
        df, _ = store.read_table(data_copy / t.filename, t)
        write_tables({store.path_for(data_copy, t, "parquet"): (df, t)})
        (data_copy / t.filename).unlink()
    with pytest.raises(DataError) as info:
        store.validate(data_copy)

    def kinds(problems: list[Problem]) -> list[tuple[str | None, str]]:
        # rows differ: a Parquet claims table is in date order, not in the CSV's order
        return [(p.column, re.sub(r"row \d+", "row #", p.message)) for p in problems]

    assert kinds(info.value.problems) == kinds(expected)


def test_stale_derived_dates_in_parquet_are_found(data_copy: Path) -> None:
    """Reports read Parquet by its stored date_start/date_end: another tool that changed a
    date without them must not make claims vanish from reports silently."""
    df, _ = store.read_table(data_copy / "claims.csv", schema.CLAIMS)
    write_tables({data_copy / "claims.parquet": (df, schema.CLAIMS)})
    (data_copy / "claims.csv").unlink()
    tbl = pq.read_table(data_copy / "claims.parquet")
    changed = pc.if_else(pc.equal(tbl["claim_id"], "C004"), "2021-01", tbl["date"])
    pq.write_table(tbl.set_column(tbl.column_names.index("date"), "date", changed),
                   data_copy / "claims.parquet")
    problems = load_problems(data_copy)
    assert len(problems) == 1 and problems[0].column == "date_start"
    assert "convert --to parquet" in problems[0].message


# --- validated once, read by selection ------------------------------------------------------------


def test_selection_read_equals_the_full_selection(data_copy: Path) -> None:
    """load_selection reads fewer rows (Parquet pushdown) yet gives the same three groups."""
    full = store.load(data_copy)
    for fmt in ("csv", "parquet"):
        if fmt == "parquet":
            df, _ = store.read_table(data_copy / "claims.csv", schema.CLAIMS)
            write_tables({data_copy / "claims.parquet": (df, schema.CLAIMS)})
            (data_copy / "claims.csv").unlink()
        for args in ((date(2025, 7, 1), date(2025, 7, 31)), (None, None),
                     (date(2025, 4, 1), None), (None, date(2024, 12, 31))):
            part = store.load_selection(data_copy, *args)
            a, b = query.select(full.claims, *args), query.select(part.claims, *args)
            for g in query.GROUPS:
                assert list(getattr(a, g)["claim_id"]) == list(getattr(b, g)["claim_id"]), (fmt, g)
            # pairs of contested claims keep both sides
            assert set(full.claims["responds_to"].dropna()) <= set(part.claims["claim_id"])


def test_validation_is_remembered_per_content(data_copy: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMBOOK_CACHE", str(tmp_path / "cache"))
    calls = []
    real = validation.validate
    monkeypatch.setattr(validation, "validate", lambda d: calls.append(d) or real(d))
    store.ensure_valid(data_copy)
    store.ensure_valid(data_copy)
    assert len(calls) == 1, "the same content is validated once"
    set_cell(data_copy / "claims.csv", 3, "claim_type", "rumour")
    with pytest.raises(DataError):
        store.ensure_valid(data_copy)
    assert len(calls) == 2, "changed content is validated again"
