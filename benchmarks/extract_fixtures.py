"""Extraction quality on texts of forms the seed does not have, scored against hand-written gold.

    .venv/bin/python benchmarks/extract_fixtures.py [--set heldout|dev] [-v] [--check]

The sets are in tests/fixtures/{heldout,dev}/ (see the README there for the gold format and its
conventions). For each document the extractor runs as `claimbook extract` runs it (publisher and
published date from docs.csv, the shipped alias table). Scoring, one candidate to one claim:

* a gold claim's places are its anchors (exact substrings of the text); a candidate **matches**
  a gold claim when one of its mentions covers at least half of one of the claim's anchors; each
  candidate and each gold claim is matched at most once (greedy, most anchors covered first);
* **recall** = matched gold claims / gold claims; **precision** = matched candidates / candidates
  proposed with keep = yes (what an analyst who accepts the file as proposed would take);
* **claimant**, **type**, **date**: share of matched pairs whose value is one of the gold's
  accepted values (claimant: every word of an accepted name among the proposed name's words, at
  most three more words, case and "the" ignored); also printed (never instead), **claimant with
  the gold's names through the alias table**: an accepted name the shipped alias table knows
  also counts as its canonical name ("White House" -> "US government"), as `extract` writes it;
* **merges**: gold claims stated more than once whose anchors are all in one candidate, and
  candidates whose mentions cover anchors of two different gold claims (wrong merges).

A measurement (exit 0); `--check` exits 1 when a goal of the issue is missed.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # runs from a checkout even without an install

from claimbook.claims import aliases  # noqa: E402
from claimbook.sources import extract, review  # noqa: E402

GOALS = {"recall": 0.90, "precision": 0.85, "claimant": 0.85, "type": 0.75, "date": 0.85}
EXTRA_WORDS = 3


@dataclass
class DocScore:
    doc: str
    gold: int = 0
    proposed: int = 0
    matched: int = 0
    claimant: int = 0
    claimant_aliased: int = 0  # right when the gold's accepted names go through the alias table
    type: int = 0
    date: int = 0
    multi: int = 0
    merged: int = 0
    wrong_merges: int = 0
    attributed: int = 0  # matched gold claims that someone other than the publisher makes
    publisher_credited: int = 0  # of those, the ones the candidate credits to the publisher
    notes: list[str] = field(default_factory=list)

    def add(self, o: DocScore) -> None:
        for k in ("gold", "proposed", "matched", "claimant", "claimant_aliased", "type", "date",
                  "multi", "merged",
                  "wrong_merges", "attributed", "publisher_credited"):
            setattr(self, k, getattr(self, k) + getattr(o, k))

    def figures(self) -> dict[str, float]:
        m = self.matched or 1
        return {"recall": self.matched / (self.gold or 1),
                "precision": self.matched / (self.proposed or 1),
                "claimant": self.claimant / m, "type": self.type / m, "date": self.date / m}


def _words(name: str) -> list[str]:
    return aliases.key(name).replace("'s", "").replace(",", " ").split()


def claimant_ok(proposed: str, accepted: str) -> bool:
    got = _words(proposed)
    for alt in accepted.split("|"):
        want = _words(alt)
        if want and set(want) <= set(got) and len(got) <= len(want) + EXTRA_WORDS:
            return True
    return False


def claimant_ok_aliased(proposed: str, accepted: str, table: dict[str, aliases.Claimant]) -> bool:
    """`claimant_ok`, or the proposed name is the alias table's canonical name of an accepted
    one ("White House" is "US government" in the shipped table)."""
    if claimant_ok(proposed, accepted):
        return True
    known = [aliases.resolve(alt, table) for alt in accepted.split("|") if alt]
    return any(c.known and c.name == proposed for c in known)


def score_doc(folder: Path, meta: dict[str, str], gold: list[dict[str, str]]) -> DocScore:
    return score_text((folder / meta["doc"]).read_text(encoding="utf-8"), meta, gold)


def gold_spans(text: str, gold: list[dict[str, str]]) -> tuple[dict[str, list[dict[str, str]]],
                                                                   dict[str, list[tuple[int, int]]]]:
    """A document's gold rows by claim, and each claim's anchors as spans of the text."""
    claims: dict[str, list[dict[str, str]]] = defaultdict(list)
    for g in gold:
        claims[g["claim"]].append(g)
    spans = {cid: [(text.index(g["anchor"]), text.index(g["anchor"]) + len(g["anchor"]))
                   for g in rows_] for cid, rows_ in claims.items()}
    return claims, spans


def covers(c: extract.Candidate, span: tuple[int, int]) -> bool:
    """Does one of the candidate's mentions cover at least half of the span?"""
    s, e = span
    return any(min(m.end, e) - max(m.start, s) >= (e - s) / 2 for m in c.mentions)


def match(cands: list[extract.Candidate], spans: dict[str, list[tuple[int, int]]]) -> list[tuple[str, str]]:
    """(candidate id, gold claim) pairs, one to one, most anchors covered first."""
    pairs = []
    for c in cands:
        for gid, ss in spans.items():
            n = sum(covers(c, sp) for sp in ss)
            if n:
                pairs.append((n, c.candidate_id, gid))
    used_c: set[str] = set()
    used_g: set[str] = set()
    out = []
    for _, cid, gid in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if cid not in used_c and gid not in used_g:
            used_c.add(cid)
            used_g.add(gid)
            out.append((cid, gid))
    return out


def score_text(text: str, meta: dict[str, str], gold: list[dict[str, str]],
               learned: bool = True) -> DocScore:
    """One document's text scored against its gold rows (see the module's docstring)."""
    known = aliases.alias_table()
    cands = extract.extract(text, meta["publisher"], meta["published"], known, learned=learned)
    rows = review.review_rows(cands, meta["doc"])
    keep = {r["candidate_id"] for r in rows if r["keep"] == "yes"}
    proposed = [c for c in cands if c.candidate_id in keep]
    claims, spans = gold_spans(text, gold)
    by_id = {c.candidate_id: c for c in proposed}
    sc = DocScore(meta["doc"], gold=len(claims), proposed=len(proposed))
    pairs = match(proposed, spans)
    used_c = {cid for cid, _ in pairs}
    used_g = {gid for _, gid in pairs}
    for cid, gid in pairs:
        c, g = by_id[cid], claims[gid][0]
        sc.matched += 1
        ok_c = claimant_ok(c.claimant.name, g["claimant"])
        ok_t = c.claim_type in g["claim_type"].split("|")
        ok_d = c.date in g["date"].split("|")
        sc.claimant += ok_c
        sc.claimant_aliased += claimant_ok_aliased(c.claimant.name, g["claimant"], known)
        sc.type += ok_t
        sc.date += ok_d
        if not claimant_ok(meta["publisher"], g["claimant"]):
            sc.attributed += 1
            sc.publisher_credited += c.claimant.claimant_type == "document"
        for ok, what, got, want in ((ok_c, "claimant", c.claimant.name, g["claimant"]),
                                    (ok_t, "type", c.claim_type, g["claim_type"]),
                                    (ok_d, "date", c.date, g["date"])):
            if not ok:
                sc.notes.append(f"  claim {gid} ({g['anchor'][:40]}…): {what} {got!r}, want {want!r}")
    for gid in sorted(set(claims) - used_g):
        sc.notes.append(f"  missed claim {gid}: {claims[gid][0]['anchor']}")
    for cid in sorted(set(by_id) - used_c):
        sc.notes.append(f"  unmatched candidate {cid}: {by_id[cid].claim[:70]}")
    for ss in spans.values():
        if len(ss) > 1:
            sc.multi += 1
            sc.merged += any(all(covers(c, sp) for sp in ss) for c in cands)
    for c in cands:
        hit = {gid for gid, ss in spans.items() for sp in ss if covers(c, sp)}
        if len(hit) > 1 and len(c.mentions) > 1:
            sc.wrong_merges += 1
            sc.notes.append(f"  wrong merge {c.candidate_id}: claims {sorted(hit)}")
    return sc


def run(which: str) -> tuple[list[DocScore], DocScore]:
    folder = ROOT / "tests" / "fixtures" / which
    with open(folder / "docs.csv", encoding="utf-8", newline="") as f:
        metas = list(csv.DictReader(f))
    with open(folder / "gold.csv", encoding="utf-8", newline="") as f:
        gold = list(csv.DictReader(f))
    per = [score_doc(folder, m, [g for g in gold if g["doc"] == m["doc"]]) for m in metas]
    total = DocScore("overall")
    for s in per:
        total.add(s)
    return per, total


def table(per: list[DocScore], total: DocScore) -> str:
    head = ("| document | gold | proposed | recall | precision | claimant | type | date | merged "
            "| wrong merges |")
    lines = [head, "|" + "---|" * 10]
    for s in [*per, total]:
        f = s.figures()
        lines.append(f"| {s.doc} | {s.gold} | {s.proposed} | {f['recall']:.2f} | "
                     f"{f['precision']:.2f} | {f['claimant']:.2f} | {f['type']:.2f} | "
                     f"{f['date']:.2f} | {s.merged}/{s.multi} | {s.wrong_merges} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", default="heldout", choices=["heldout", "dev"])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    ap.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    args = ap.parse_args(argv)
    per, total = run(args.set)
    print(table(per, total))
    if args.verbose:
        for s in per:
            if s.notes:
                print(s.doc)
                print("\n".join(s.notes))
    f = total.figures()
    misses = [f"{k} {f[k]:.2f} < {v}" for k, v in GOALS.items() if f[k] < v]
    if total.wrong_merges:
        misses.append(f"{total.wrong_merges} wrong merge(s)")
    print("goals met" if not misses else "goals missed: " + ", ".join(misses))
    return 1 if args.check and misses else 0


if __name__ == "__main__":
    sys.exit(main())
