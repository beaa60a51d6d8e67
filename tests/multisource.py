"""The multi-source fixture (tests/fixtures/sources, written for the tests) registered into a
data folder through the CLI, as an analyst would: web pages, a PDF, plain text."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import read_csv_rows, run_cli
from places import FIXTURES

FIXTURE = FIXTURES / "sources"

# file -> options an analyst types (a web page's and the PDF's own metadata give the rest)
SOURCES: dict[str, tuple[str, ...]] = {
    "wire.html": (),
    "statemedia.html": (),
    "brief.pdf": ("--published", "2025-07-18"),
    "ministry.txt": ("--title", "Statement by the spokesperson", "--publisher",
                     "Ministry of Foreign Affairs of China", "--published", "2025-07-18"),
    "daily.txt": ("--title", "Training report", "--publisher", "Kyiv Daily Ledger",
                  "--published", "2025-07-19", "--url", "https://ledger.example/2025/07/19"),
    "radio.txt": ("--title", "Morning Report transcript", "--publisher", "Radio Meridian",
                  "--published", "2025-07-20"),
}


def register(data: Path, names: tuple[str, ...] = tuple(SOURCES)) -> dict[str, str]:
    """add-source each fixture file; returns file name -> doc_id."""
    ids = {}
    for name in names:
        result = run_cli("add-source", "--data", str(data), str(FIXTURE / name), *SOURCES[name])
        assert result.exit_code == 0, result.output
        ids[name] = read_csv_rows(data / "documents.csv")[1][-1]["doc_id"]
    return ids


def extract(data: Path, doc_id: str, out: Path) -> list[dict[str, str]]:
    result = run_cli("extract", "--data", str(data), doc_id, "--out", str(out), "--force")
    assert result.exit_code == 0, result.output
    with open(out, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def accept(data: Path, review: Path) -> str:
    result = run_cli("accept", "--data", str(data), str(review))
    assert result.exit_code == 0, result.output
    return result.output
