"""Build tiny, valid data folders for tests: a source text made of the quotes, with exact offsets."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from claimbook.claims import schema
from claimbook.store import csv_write

CLAIM_DEFAULTS = {
    "claimant_type": "government",
    "claimant_country": "",
    "claim_type": "statement",
    "date": "",
    "topic": "",
    "responds_to": "",
    "notes": "",
}


def write_csv(path: Path, columns: list[str], rows: Iterable[dict[str, object]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv_write.DictWriter(f, fieldnames=columns)  # a cell may hold a bare "\r"
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in columns})


def make_data(root: Path, claims: list[dict[str, str]], *, title: str = "Test document",
              url: str = "https://example.org/doc") -> Path:
    """Write data/ with one source whose text is each claim's `quote`, one paragraph each.

    Each claim dict needs claim_id, claim, claimant, quote; other columns take CLAIM_DEFAULTS.
    """
    data = root / "data"
    (data / "sources").mkdir(parents=True, exist_ok=True)
    text, mentions = "", []
    for c in claims:
        quote = c["quote"]
        start = len(text)
        text += quote
        mentions.append({"claim_id": c["claim_id"], "doc_id": "doc1", "start": start,
                         "end": len(text), "quote": " ".join(quote.split())})
        text += "\n\n"
    source = data / "sources" / "doc1.txt"
    source.write_text(text, encoding="utf-8", newline="")
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    write_csv(data / "documents.csv", schema.DOCUMENTS.names, [{
        "doc_id": "doc1", "path": "sources/doc1.txt", "title": title, "publisher": "Test publisher",
        "url": url, "published": "", "retrieved": "2026-01-01", "sha256": sha}])
    rows = [{**CLAIM_DEFAULTS, **{k: v for k, v in c.items() if k != "quote"}} for c in claims]
    write_csv(data / "claims.csv", schema.CLAIMS.names, rows)
    write_csv(data / "mentions.csv", schema.MENTIONS.names, mentions)
    return data
