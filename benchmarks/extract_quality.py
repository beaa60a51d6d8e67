"""How good is `claimbook extract`? Scored against the curated claim table of the seed as gold.

    .venv/bin/python benchmarks/extract_quality.py [--data DIR] [--doc DOC_ID] [-v]

For one registered document it runs the extractor exactly as `claimbook extract` does (the
document's publisher and published date from documents.csv, the shipped alias table) and compares
the candidates with the gold claims that have mentions in that document:

* a candidate **matches** a gold claim when their mentions overlap in characters by at least half
  of the shorter of the two (summed over mentions); each candidate and each gold claim is matched
  at most once, largest overlap first — so a claim split into two candidates, or a mention
  counted as a claim, costs precision;
* **recall** = matched gold claims / gold claims; **precision** = matched candidates / candidates;
* **claimant**, **date** and **claim type accuracy** are taken over the matched pairs (exact
  string equality; an empty date equals an empty date);
* **merging**: of the gold claims stated more than once, how many ended up as one candidate
  holding a mention of every one of their places; and how many candidates wrongly merged mentions
  of different gold claims.

It prints the figures, and with -v every pair. It is a measurement, not a test (exit 0), but
`--check` exits 1 when a target of the issue is missed: recall >= 0.9 at precision >= 0.7,
claimant and date accuracy >= 0.9.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # runs from a checkout even without an install

from claimbook import store  # noqa: E402
from claimbook.claims import aliases  # noqa: E402
from claimbook.sources import extract  # noqa: E402

TARGETS = {"recall": 0.9, "precision": 0.7, "claimant_accuracy": 0.9, "date_accuracy": 0.9}
MIN_OVERLAP = 0.5


@dataclass
class Score:
    gold: int
    candidates: int
    matched: int
    claimant_ok: int
    date_ok: int
    type_ok: int
    multi_gold: int
    merged_ok: int
    wrong_merges: int
    pairs: list[tuple[str, str, int]]
    unmatched_gold: list[str]
    unmatched_candidates: list[str]

    @property
    def figures(self) -> dict[str, float]:
        m = self.matched or 1
        return {
            "recall": self.matched / self.gold if self.gold else 0.0,
            "precision": self.matched / self.candidates if self.candidates else 0.0,
            "claimant_accuracy": self.claimant_ok / m,
            "date_accuracy": self.date_ok / m,
            "type_accuracy": self.type_ok / m,
        }

    def misses(self) -> list[str]:
        f = self.figures
        return [f"{k} {f[k]:.2f} < {v}" for k, v in TARGETS.items() if f[k] < v]


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def score(data_dir: Path, doc_id: str) -> tuple[Score, list[extract.Candidate], dict]:
    data = store.load(data_dir)
    doc = data.documents.set_index("doc_id").loc[doc_id]
    text = data.texts[doc_id]
    publisher = "" if doc.isna()["publisher"] else str(doc["publisher"])
    published = "" if doc.isna()["published"] else str(doc["published"])
    cands = extract.extract(text, publisher, published, aliases.alias_table(data_dir))
    mentions = data.mentions[data.mentions["doc_id"] == doc_id]
    gold_spans: dict[str, list[tuple[int, int]]] = {}
    for m in mentions.itertuples():
        gold_spans.setdefault(m.claim_id, []).append((int(m.start), int(m.end)))
    claims = data.claims.set_index("claim_id")
    cand_spans = {c.candidate_id: [(m.start, m.end) for m in c.mentions] for c in cands}
    length = lambda spans: sum(e - s for s, e in spans)  # noqa: E731
    pairs = []
    for cid, cs in cand_spans.items():
        for gid, gs in gold_spans.items():
            ov = _overlap(cs, gs)
            if ov and ov >= MIN_OVERLAP * min(length(cs), length(gs)):
                pairs.append((ov, cid, gid))
    matched: list[tuple[str, str, int]] = []
    used_c, used_g = set(), set()
    for ov, cid, gid in sorted(pairs, reverse=True):
        if cid not in used_c and gid not in used_g:
            matched.append((cid, gid, ov))
            used_c.add(cid)
            used_g.add(gid)
    by_id = {c.candidate_id: c for c in cands}
    claimant_ok = date_ok = type_ok = 0
    for cid, gid, _ in matched:
        c, g = by_id[cid], claims.loc[gid]
        claimant_ok += c.claimant.name == g["claimant"]
        date_ok += c.date == ("" if g.isna()["date"] else str(g["date"]))
        type_ok += c.claim_type == str(g["claim_type"])
    multi = [gid for gid, gs in gold_spans.items() if len(gs) > 1]
    merged_ok = 0
    for gid in multi:
        merged_ok += any(all(_overlap(cs, [g]) > 0 for g in gold_spans[gid])
                         for cs in cand_spans.values())
    wrong = 0
    for cs in cand_spans.values():
        if len(cs) > 1:
            hit = {gid for gid, gs in gold_spans.items() for span in cs if _overlap([span], gs)}
            wrong += len(hit) > 1
    result = Score(len(gold_spans), len(cands), len(matched), claimant_ok, date_ok, type_ok,
                   len(multi), merged_ok, wrong, matched, sorted(set(gold_spans) - used_g),
                   sorted(set(cand_spans) - used_c))
    return result, cands, {"claims": claims, "text": text}


def report(s: Score, cands: list[extract.Candidate], ctx: dict, verbose: bool) -> str:
    f = s.figures
    lines = [
        f"gold claims {s.gold}, candidates {s.candidates}, matched {s.matched}",
        f"recall    {f['recall']:.3f}  (target >= {TARGETS['recall']})",
        f"precision {f['precision']:.3f}  (target >= {TARGETS['precision']})",
        f"claimant accuracy {f['claimant_accuracy']:.3f} ({s.claimant_ok}/{s.matched}; "
        f"target >= {TARGETS['claimant_accuracy']})",
        f"date accuracy     {f['date_accuracy']:.3f} ({s.date_ok}/{s.matched}; "
        f"target >= {TARGETS['date_accuracy']})",
        f"claim type accuracy {f['type_accuracy']:.3f} ({s.type_ok}/{s.matched}; no target)",
        f"duplicate mentions merged: {s.merged_ok}/{s.multi_gold} gold claims stated more than "
        f"once are one candidate with all their mentions; {s.wrong_merges} candidate(s) merge "
        "different gold claims",
    ]
    if verbose:
        by_id = {c.candidate_id: c for c in cands}
        claims = ctx["claims"]
        lines.append("")
        for cid, gid, _ in sorted(s.pairs, key=lambda p: p[1]):
            c, g = by_id[cid], claims.loc[gid]
            marks = ["" if c.claimant.name == g["claimant"] else f"claimant {c.claimant.name!r}",
                     "" if c.date == ("" if g.isna()["date"] else g["date"]) else f"date {c.date!r}",
                     "" if c.claim_type == g["claim_type"] else f"type {c.claim_type}"]
            lines.append(f"{gid} <- {cid} ({len(c.mentions)} mention(s)) "
                         + "; ".join(m for m in marks if m))
        for gid in s.unmatched_gold:
            lines.append(f"{gid} missed: {claims.loc[gid]['claim']}")
        for cid in s.unmatched_candidates:
            lines.append(f"{cid} unmatched: {by_id[cid].claim}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT / "data")
    ap.add_argument("--doc", default="000_cd4c6eedc46ef4ad")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every match and miss")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    s, cands, ctx = score(args.data, args.doc)
    print(f"extraction quality on {args.doc} against {args.data / 'claims.csv'}")
    print(report(s, cands, ctx, args.verbose))
    misses = s.misses()
    print("targets met" if not misses else "targets missed: " + ", ".join(misses))
    return 1 if args.check and misses else 0


if __name__ == "__main__":
    sys.exit(main())
