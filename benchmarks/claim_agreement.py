"""Which sentences hold claims: how often a second reader agrees with the gold, beside the extractor.

    .venv/bin/python benchmarks/claim_agreement.py

Is the junk goal (no more than 10 % of proposed rows matching no gold claim, on real news) above
what two careful readers agree on? A second reader of this project marked the claims of fifteen
news pages of spent parts (the ten of `final11` and `final12`; five long ones of `final5`, `final9`,
`final10` and `final15`: analysis, a feature, an explainer) with the gold's conventions, from the
text as `claimbook add-source` reads it, never opening the gold
(`benchmarks/data/realnews/second_reader/README.md`). Their claims are scored exactly as the
extractor's candidates are (`extract_fixtures.match`: one to one, a claim's sentence covering at
least half of a gold anchor):

* **recall**: the gold's claims the reader (or the extractor) also has;
* **junk**: the reader's (or the extractor's keep = yes) claims that match no gold claim, of all
  theirs, by voice (the publisher's own, or someone's the text names);
* **claimant**: of the matched claims, the reader's claimant one the gold accepts;
* **extractor against either reader**: the extractor's junk when a claim either reader recorded
  counts (its candidate matches the gold or the second reader). Both parts are training data of
  the learned models now, so the extractor's figures are in-sample.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import extract_fixtures as ef  # noqa: E402
import extract_realnews as er  # noqa: E402
from claimbook.claims import aliases  # noqa: E402
from claimbook.sources import extract  # noqa: E402

READER = er.DATA / "second_reader" / "claims.csv"


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Marked:
    """One claim of the second reader, shaped as `extract_fixtures.match` reads a candidate."""
    candidate_id: str
    mentions: list[Span]
    claimant: str
    own: bool


def reader_claims(rows: list[dict[str, str]], text: str) -> list[Marked]:
    """The reader's rows of one document as claims, their sentences as spans of the text."""
    by_claim: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in rows:
        by_claim[r["claim"]].append(r)
    out = []
    for cid, rs in by_claim.items():
        spans = []
        for r in rs:
            start = text.find(r["sentence"])
            if start < 0:
                raise SystemExit(f"{READER}: {r['doc']} claim {cid}: sentence not in the text: "
                                 f"{r['sentence'][:60]!r}")
            spans.append(Span(start, start + len(r["sentence"])))
        out.append(Marked(f"R{cid}", spans, rs[0]["claimant"], rs[0]["voice"] == "own"))
    return out


def reader_spans(claims: list[Marked]) -> dict[str, list[tuple[int, int]]]:
    return {c.candidate_id: [(s.start, s.end) for s in c.mentions] for c in claims}


def score(n: Counter[str], who: str, proposed: list, gold_spans: dict[str, list[tuple[int, int]]],
          own: dict[str, bool]) -> set[str]:
    """Count `who`'s matched and junk claims against gold spans; the matched ids."""
    pairs = ef.match(proposed, gold_spans)
    matched = {cid for cid, _ in pairs}
    n[who, "proposed"] += len(proposed)
    n[who, "matched"] += len(pairs)
    for c in proposed:
        voice = "own" if own[c.candidate_id] else "attributed"
        n[who, voice] += 1
        n[who, voice, "junk"] += c.candidate_id not in matched
    return matched


def count(n: Counter, part: str, meta: dict[str, str], text: str, gold: list[dict[str, str]],
          rows: list[dict[str, str]], table: dict[str, aliases.Claimant]) -> None:
    """One page's figures for the second reader and the extractor, added to `n`."""
    claims, spans = ef.gold_spans(text, gold)
    n["gold"] += len(claims)
    mine = reader_claims(rows, text)
    by_id = {c.candidate_id: c for c in mine}
    for cid, gid in ef.match(mine, spans):
        n["reader", "claimant"] += ef.claimant_ok(by_id[cid].claimant, claims[gid][0]["claimant"])
    score(n, "reader", mine, spans, {c.candidate_id: c.own for c in mine})
    cands = [c for c in extract.extract(text, meta["publisher"], meta["published"], table) if c.kept]
    own = {c.candidate_id: c.claimant.claimant_type == "document" for c in cands}
    to_gold = score(n, "extractor", cands, spans, own)
    to_reader = {cid for cid, _ in ef.match(cands, reader_spans(mine))}
    n["extractor", "junk either"] += sum(c.candidate_id not in to_gold | to_reader for c in cands)


def report(title: str, n: Counter) -> None:
    print(f"\n{title}: {n['gold']} gold claims\n")
    print("| against the gold | claims | recall | junk | junk, own voice | junk, attributed | claimant |")
    print("|---|---|---|---|---|---|---|")
    for who in ("reader", "extractor"):
        p, m = n[who, "proposed"], n[who, "matched"]
        junk = n[who, "own", "junk"] + n[who, "attributed", "junk"]
        claimant = f"{n['reader', 'claimant'] / m:.2f}" if who == "reader" else "(benchmark)"
        print(f"| {'second reader' if who == 'reader' else 'extractor (keep = yes)'} | {p} | "
              f"{m / n['gold']:.2f} | {junk / p:.2f} ({junk}) | "
              f"{n[who, 'own', 'junk'] / (n[who, 'own'] or 1):.2f} of {n[who, 'own']} | "
              f"{n[who, 'attributed', 'junk'] / (n[who, 'attributed'] or 1):.2f} of "
              f"{n[who, 'attributed']} | {claimant} |")
    p = n["extractor", "proposed"]
    print(f"\nextractor's junk when either reader's claims count: "
          f"{n['extractor', 'junk either'] / p:.2f} ({n['extractor', 'junk either']} of {p})")


def main() -> int:
    with open(READER, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    table = aliases.alias_table()
    by_part: dict[str, Counter] = defaultdict(Counter)
    for part in sorted({r["part"] for r in rows}):
        for meta, text, gold in er.documents(er.DATA / part):
            mine = [r for r in rows if r["part"] == part and r["doc"] == meta["doc"]]
            if mine:
                count(by_part[part], part, meta, text, gold, mine, table)
    for part, n in sorted(by_part.items()):
        report(f"{part} ({len({r['doc'] for r in rows if r['part'] == part})} pages)", n)
    report(f"all {len({r['doc'] for r in rows})} pages", sum(by_part.values(), Counter()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
