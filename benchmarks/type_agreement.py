"""Claim types: how often a second reader agrees with the gold, beside the extractor and a baseline.

    .venv/bin/python benchmarks/type_agreement.py

Is the type goal (>= 0.75 on real text) above what two careful readers agree on? A second reader
of this project typed every gold claim of two spent real-news parts (`final13`, `final14`: news
pages, a CRS PDF, a White House transcript) from the README's definitions of the claim types
alone, shown each claim's anchors in its document and its claimant, never the gold's types
(`benchmarks/data/realnews/second_reader/README.md`). Scored as the extraction benchmark scores a
type: right when the reader's type is one of the gold's accepted types. Printed beside it, on the
same claims and in the same run:

* **baseline**: the publisher's own voice an event report, anyone else's claim a statement (the
  commonest type of each voice);
* **extractor**: `claimbook extract`'s type on the claims it proposes with keep = yes and matches
  (`extract_fixtures.match`), whatever claimant it found. Both parts are in the type model's
  training parts now, so this figure is in-sample; their held-out figures, scored once before
  they were spent, are in benchmarks/README.md.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import extract_fixtures as ef  # noqa: E402
import extract_realnews as er  # noqa: E402
from claimbook.claims import aliases  # noqa: E402
from claimbook.sources import extract  # noqa: E402

READER = er.DATA / "second_reader" / "types.csv"


def form(doc: str) -> str:
    return "news page" if doc.endswith(".html.gz") else "CRS PDF" if doc.endswith(".pdf") else "transcript"


def extractor_types(meta: dict[str, str], text: str, gold: list[dict[str, str]]) -> dict[str, str]:
    """Gold claim -> the type of the kept candidate the benchmark matches to it."""
    cands = [c for c in extract.extract(text, meta["publisher"], meta["published"],
                                        aliases.alias_table()) if c.kept]
    _, spans = ef.gold_spans(text, gold)
    by_id = {c.candidate_id: c for c in cands}
    return {gid: by_id[cid].claim_type for cid, gid in ef.match(cands, spans)}


def main() -> int:
    with open(READER, encoding="utf-8", newline="") as f:
        reader = {(r["part"], r["doc"], r["claim"]): r for r in csv.DictReader(f)}
    n: Counter[str] = Counter()
    for part in sorted({p for p, _, _ in reader}):
        for meta, text, gold in er.documents(er.DATA / part):
            got = extractor_types(meta, text, gold)
            first = {}
            for g in gold:
                first.setdefault(g["claim"], g)
            for claim, g in first.items():
                accepted = g["claim_type"].split("|")
                second = reader[(part, meta["doc"], claim)]
                own = ef.claimant_ok(meta["publisher"], g["claimant"].split("|")[0])
                base = "event_report" if own else "statement"
                for key in (form(meta["doc"]), part, "all"):
                    n[key, "claims"] += 1
                    n[key, "reader"] += second["type"] in accepted
                    n[key, "base"] += base in accepted
                    if claim in got:
                        n[key, "matched"] += 1
                        n[key, "extractor"] += got[claim] in accepted
    print("| claims | n | second reader | baseline | extractor (matched, in-sample) |")
    print("|---|---|---|---|---|")
    for key in ("news page", "CRS PDF", "transcript", "final13", "final14", "all"):
        c, m = n[key, "claims"], n[key, "matched"]
        print(f"| {key} | {c} | {n[key, 'reader'] / c:.2f} | {n[key, 'base'] / c:.2f} | "
              f"{n[key, 'extractor'] / (m or 1):.2f} of {m} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
