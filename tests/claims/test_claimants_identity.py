"""One claimant, one identity, in every command: a claimant spelled in another case, another
Unicode normal form or with an invisible character is the same claimant for `claimants`,
`--claimant`, `claims`, `export`, `batch --per claimant` (one report each, its title, meta.json
and the index agreeing), the Python API, import and accept (which write the table's spelling
and say so); look-alikes of a claimant are warned about by `validate` naming both and are
marked in titles; a name that is a whole-word part of one claimant's name resolves to it, one
that is part of several is refused (exit 2) with the candidates. (All data here is invented.)"""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

import pytest

from claimbook import store
from claimbook.claims import claimants, names, schema
from claimbook.errors import AmbiguousName
from conftest import run_cli
from datamaker import make_data

NFC = unicodedata.normalize("NFC", "José Marti")
NFD = unicodedata.normalize("NFD", "José Marti")
ZELENSKYY = "Volodymyr Zelenskyy"
LOOKALIKE = "V\u043elodymyr Zelenskyy"  # a Cyrillic о
NETANYAHU = "Israeli Prime Minister Benjamin Netanyahu"
LAVROV = "Russian Foreign Minister Sergei Lavrov"
ROWS = [
    ("C001", ZELENSKYY, "head_of_state", "UA", "2025-04-08"),
    ("C002", ZELENSKYY, "head_of_state", "UA", "2025-04-09"),
    ("C003", "VOLODYMYR ZELENSKYY", "head_of_state", "UA", "2025-04-10"),
    ("C004", ZELENSKYY + "\u200b", "head_of_state", "UA", "2025-04-11"),
    ("C005", LOOKALIKE, "head_of_state", "UA", "2025-04-12"),
    ("C006", NFC, "individual", "CU", "2025-04-13"),
    ("C007", NFD, "individual", "CU", "2025-04-14"),
]


def world(root: Path, rows: list[tuple[str, str, str, str, str]] = ROWS) -> Path:
    """An invented data folder: one source, one claim a row."""
    return make_data(root, [{"claim_id": i, "claim": f"Invented claim {i} for a test.",
                             "claimant": n, "claimant_type": t, "claimant_country": c,
                             "date": d, "quote": f"Invented quote number {i} for a test."}
                            for i, n, t, c, d in rows])


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return world(tmp_path)


def test_claimants_lists_one_row_per_claimant_with_its_other_spellings(data: Path) -> None:
    done = run_cli("claimants", "--data", str(data))
    assert done.exit_code == 0, done.output
    lines = {line.split("  ")[0]: line for line in done.stdout.splitlines()[1:]}
    assert set(lines) == {ZELENSKYY, NFC, names.shown(LOOKALIKE)}  # the look-alike marked
    assert lines[ZELENSKYY].split()[4] == "4"  # claims: every spelling of it
    assert "'VOLODYMYR ZELENSKYY'" in lines[ZELENSKYY] and "<U+200B>" in lines[ZELENSKYY]
    assert "(decomposed, not NFC)" in lines[NFC]
    assert "3 claimants, 7 claims" in done.stderr


@pytest.mark.parametrize("given", ["VOLODYMYR ZELENSKYY", "volodymyr zelenskyy\u200b",
                                   ZELENSKYY])
def test_every_spelling_selects_every_claim_of_the_claimant(data: Path, given: str) -> None:
    done = run_cli("claims", "--data", str(data), "--claimant", given, "--format", "json")
    assert done.exit_code == 0, done.output
    listed = json.loads(done.stdout)
    assert listed["counts"]["in_range"] == 4
    assert {c["claimant"] for c in listed["claims"]} == {ZELENSKYY}


@pytest.mark.parametrize("given", [NFC, NFD])
def test_both_normal_forms_select_both_claims(data: Path, given: str) -> None:
    done = run_cli("claims", "--data", str(data), "--claimant", given, "--format", "csv")
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader(done.stdout.splitlines()))
    assert [r["claim_id"] for r in rows] == ["C006", "C007"]
    assert {r["claimant"] for r in rows} == {NFC}


def test_the_look_alike_is_its_own_claimant_never_selected_by_the_other(data: Path) -> None:
    done = run_cli("claims", "--data", str(data), "--claimant", LOOKALIKE, "--format", "csv")
    assert [r["claim_id"] for r in csv.DictReader(done.stdout.splitlines())] == ["C005"]


def test_a_parquet_table_selects_by_identity_too(data: Path) -> None:
    assert run_cli("convert", "--data", str(data), "--to", "parquet").exit_code == 0
    done = run_cli("export", "--data", str(data), "--claimant", "volodymyr ZELENSKYY",
                   "--format", "jsonl")
    assert done.exit_code == 0, done.output
    exported = [json.loads(line) for line in done.stdout.splitlines()]
    assert [c["claim_id"] for c in exported] == ["C001", "C002", "C003", "C004"]
    assert {c["claimant"] for c in exported} == {ZELENSKYY}


def test_validate_warns_of_spellings_and_look_alikes_naming_both(data: Path) -> None:
    done = run_cli("validate", "--data", str(data))
    assert done.exit_code == 0, done.output
    assert "3 claimants" in done.stdout
    warned = done.stderr
    assert ("one claimant spelled 3 ways, 'Volodymyr Zelenskyy' (2 claims), "
            "'VOLODYMYR ZELENSKYY' (1 claim), 'Volodymyr Zelenskyy<U+200B>' (1 claim)") in warned
    assert f"one claimant spelled 2 ways, {NFC!r} (1 claim), {NFD!r} (decomposed" in warned
    assert (f"claimants {ZELENSKYY!r} and {LOOKALIKE!r} look alike but are two claimants"
            in warned) and "U+043E CYRILLIC" in warned


def test_validate_warns_of_a_claimant_with_two_countries_or_types(tmp_path: Path) -> None:
    data = world(tmp_path, [("C001", "Oceanographers", "organization", "", ""),
                            ("C002", "oceanographers", "organization", "GB", ""),
                            ("C003", "Oceanographers", "government", "", "")])
    done = run_cli("validate", "--data", str(data))
    assert done.exit_code == 0, done.output
    assert ("claimant 'Oceanographers' has 2 countries: none (C001, C003); GB (C002)"
            in done.stderr)
    assert ("claimant 'Oceanographers' has 2 types: organization (C001, C002); government "
            "(C003)") in done.stderr


@pytest.mark.slow
def test_batch_per_claimant_makes_one_report_per_claimant_titles_agreeing(
        data: Path, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    done = run_cli("batch", "--data", str(data), "--period", "2025-04", "--per", "claimant",
                   "--format", "html", "--reports-dir", str(reports))
    assert done.exit_code == 0, done.output
    metas = {m["parameters"]["claimants"][0]: m | {"folder": p.parent.name} for m, p in
             ((json.loads(p.read_text(encoding="utf-8")), p) for p in reports.glob("*/meta.json"))}
    assert set(metas) == {ZELENSKYY, NFC, LOOKALIKE}  # one report per claimant
    index = (reports / "index.html").read_text(encoding="utf-8")
    titles = [m["title"] for m in metas.values()]
    assert len(set(titles)) == 3
    assert metas[ZELENSKYY]["title"] == "Claims report: April 2025 — Volodymyr Zelenskyy"
    assert metas[LOOKALIKE]["title"].endswith("[look-alike letters: \u043e U+043E CYRILLIC]")
    for m in metas.values():
        folder = reports / m["folder"]
        html = (folder / "report.html").read_text(encoding="utf-8")
        assert f"<title>{m['title']}</title>" in html and m["title"] in index
        with open(folder / "selection.csv", encoding="utf-8-sig", newline="") as f:
            shown = {r["claimant"] for r in csv.DictReader(f)}
        assert shown == set(m["parameters"]["claimants"])
    zel = reports / metas[ZELENSKYY]["folder"] / "selection.csv"
    assert len(zel.read_text(encoding="utf-8-sig").splitlines()) == 1 + 4


def test_the_python_api_reads_one_claimant(data: Path) -> None:
    import claimbook

    wb = claimbook.open(data)
    assert set(wb.claims["claimant"]) == {ZELENSKYY, NFC, LOOKALIKE}
    sel = wb.select(claimants="VOLODYMYR ZELENSKYY")
    assert len(sel.in_range) == 4
    assert wb.claimants.set_index("claimant").loc[ZELENSKYY, "claims"] == 4
    assert "[look-alike letters" in wb.select(claimants=LOOKALIKE).title()


def test_import_writes_the_tables_spelling_and_says_so(data: Path, tmp_path: Path) -> None:
    file = tmp_path / "more.csv"
    file.write_text("what,who,link\nAn invented claim.,VOLODYMYR ZELENSKYY,https://e.org/1\n"
                    f"Another invented claim.,{NFD}\u200b,https://e.org/2\n"
                    "A third invented claim.,New Claimant,https://e.org/3\n"
                    "A fourth invented claim.,NEW CLAIMANT,https://e.org/4\n", encoding="utf-8")
    done = run_cli("import", "--data", str(data), str(file), "--map", "claim=what",
                   "--map", "claimant=who", "--map", "url=link", "--set", "claim_type=statement")
    assert done.exit_code == 0, done.output
    assert ("claimant 'VOLODYMYR ZELENSKYY' (1 row) written as 'Volodymyr Zelenskyy'"
            in done.stderr)
    assert "claimant 'NEW CLAIMANT' (1 row) written as 'New Claimant'" in done.stderr
    stored = store.read_claim_columns(data, ("claim_id", "claimant"))["claimant"].tolist()
    assert stored[-4:] == [ZELENSKYY, NFC, "New Claimant", "New Claimant"]


def review_row(**cells: str) -> dict[str, str]:
    from claimbook.sources import review

    row = {c: "" for c in review.REVIEW_COLUMNS}
    row.update({"candidate_id": "K1", "keep": "yes", "claim": "An invented accepted claim.",
                "claim_type": "statement", "doc_id": "doc1", "start": "0", "end": "8",
                "quote": "Invented"}, **cells)
    return row


def write_review(path: Path, rows: list[dict[str, str]]) -> Path:
    from claimbook.sources import review

    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(review.REVIEW_COLUMNS))
        w.writeheader()
        w.writerows(rows)
    return path


def test_accept_writes_the_tables_spelling_and_takes_its_country(data: Path,
                                                                 tmp_path: Path) -> None:
    review = write_review(tmp_path / "review.csv", [review_row(
        claimant="volodymyr zelenskyy", claimant_type="head_of_state", claimant_country="")])
    done = run_cli("accept", "--data", str(data), str(review))
    assert done.exit_code == 0, done.output
    assert "'volodymyr zelenskyy' (1 row) written as 'Volodymyr Zelenskyy'" in done.stderr
    new = store.read_claim_columns(data, ("claim_id", "claimant", "claimant_country")).iloc[-1]
    assert (new["claimant"], new["claimant_country"]) == (ZELENSKYY, "UA")


def test_accept_flags_a_country_left_from_the_claimant_before_an_edit(data: Path,
                                                                      tmp_path: Path) -> None:
    review = write_review(tmp_path / "review.csv", [review_row(
        claimant="Oceanographers", claimant_type="government", claimant_country="GB",
        extracted_claimant="UK Met Office; government; GB")])
    done = run_cli("accept", "--data", str(data), str(review))
    assert done.exit_code == 0, done.output
    assert ("row 2: the claimant was changed from 'UK Met Office' to 'Oceanographers' but "
            "claimant_country is still 'GB', proposed for 'UK Met Office'") in done.stderr
    assert "claimant_type is still 'government'" in done.stderr


def test_accept_flags_a_country_other_than_the_tables(data: Path, tmp_path: Path) -> None:
    review = write_review(tmp_path / "review.csv", [review_row(
        claimant=ZELENSKYY, claimant_type="head_of_state", claimant_country="GB",
        extracted_claimant=f"{ZELENSKYY}; head_of_state; UA")])
    done = run_cli("accept", "--data", str(data), str(review))
    assert done.exit_code == 0, done.output
    assert ("claimant_country 'GB' differs from 'UA', which the claims table gives "
            "'Volodymyr Zelenskyy'") in done.stderr


def test_extract_records_what_it_proposed_for_the_claimant() -> None:
    from claimbook.sources import review

    assert review.REVIEW_COLUMNS[-1] == "extracted_claimant"


# --- issue 26: a whole-word part of one claimant's name ------------------------------------------


@pytest.fixture
def ministers(tmp_path: Path) -> Path:
    return world(tmp_path, [("C001", NETANYAHU, "head_of_state", "IL", "2025-04-01"),
                            ("C002", LAVROV, "government", "RU", "2025-04-02")])


def test_a_whole_word_part_of_one_name_resolves_to_it_and_says_so(ministers: Path) -> None:
    done = run_cli("claims", "--data", str(ministers), "--claimant", "Netanyahu",
                   "--format", "csv")
    assert done.exit_code == 0, done.output
    assert [r["claim_id"] for r in csv.DictReader(done.stdout.splitlines())] == ["C001"]
    assert f"--claimant 'Netanyahu': the claimant {NETANYAHU!r}" in done.stderr
    import claimbook

    assert len(claimbook.open(ministers).select(claimants="benjamin netanyahu").in_range) == 1


def test_a_part_of_several_names_is_refused_with_the_candidates(ministers: Path) -> None:
    done = run_cli("claims", "--data", str(ministers), "--claimant", "Minister")
    assert done.exit_code == 2 and "Traceback" not in done.output
    assert (f"--claimant: 'Minister' is part of the names of 2 claimants: {NETANYAHU!r}, "
            f"{LAVROV!r}; give the whole name of one") in done.stderr
    with pytest.raises(AmbiguousName) as e:
        claimants.resolve(ministers, ["minister"])
    assert e.value.candidates == [NETANYAHU, LAVROV]


def test_a_part_of_a_word_is_not_a_part_of_the_name(ministers: Path) -> None:
    done = run_cli("claims", "--data", str(ministers), "--claimant", "Netanya")
    assert done.exit_code == 2 and "no claimant 'Netanya'" in done.stderr


def test_the_spellings_are_read_from_the_whole_table_not_the_selection(data: Path) -> None:
    # a month holding only the upper-case spelling still shows the table's spelling
    sp = store.table_spellings(store.table_file(data, schema.CLAIMS))
    assert sp.show("VOLODYMYR ZELENSKYY") == ZELENSKYY
    keys = store.read_keys(data, claimants=("VOLODYMYR ZELENSKYY",))
    assert set(keys["claimant"].to_pylist()) == {ZELENSKYY}
    assert names.identity(ZELENSKYY) in sp.shown


def test_two_spellings_of_one_claimant_can_state_one_claim_twice() -> None:
    # validate's likely-duplicate check and extract's restatement proposal group by identity
    import pandas as pd

    from claimbook.sources import matching

    claims = pd.DataFrame({"claim_id": ["C1", "C2"], "date": ["2025-04", "2025-04"],
                           "claim": ["Invented: the bridge was closed on Monday."] * 2,
                           "claimant": [NFC, NFD + "\u200b"]})
    [pair] = matching.duplicate_pairs(claims).first(5)
    assert (pair.first, pair.second) == ("C1", "C2")
    index = matching.ClaimIndex(claims.iloc[:1])
    assert index.best("Invented: the bridge was closed on Monday.", "JOSÉ MARTI", "2025-04")
