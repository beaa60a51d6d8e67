"""Claim-worthiness ranking on the CheckThat! debate transcripts (lines a fact-checker checked).

    .venv/bin/pip install -e '.[train]'                                   # scikit-learn, for the baseline
    .venv/bin/python benchmarks/worthiness_checkthat.py                  # development data (all of it)
    .venv/bin/python benchmarks/worthiness_checkthat.py --part dev2019   # one development folder
    .venv/bin/python benchmarks/worthiness_checkthat.py --part test2020  # held out: once, at the end
    .venv/bin/python benchmarks/worthiness_checkthat.py --thresholds     # + the keep = yes table

Parts (`checkthat_parts.py`): `dev` = `dev2019` (the 2019 lab's 19 training transcripts) +
`test2019` (its 7 test transcripts, scored once on 6 Dec 2026: spent, now development data) +
`dev2020` (the 2020 lab's training transcripts that are not in the 2019 data); `test2020` (the 2020
lab's 20 test transcripts) is held out and scored once at the end.

Each transcript's lines are ranked by a score and scored with the lab's official measures
(scorer/task1.py of apepa/clef2019-factchecking-task1, reimplemented below line for line; the 2020
lab's scorer/task5.py computes the same): average precision over the lines labelled 1, averaged over
transcripts (MAP, the lab's official measure), reciprocal rank of the first checked line,
R-precision and precision at 10. Ties keep line order.

Three rankers in the same run:

* **claimbook** — `claimbook.sources.worthiness.rank_lines` (each line's `score`, lower for the
  lines of a speaker who puts questions to others) with the shipped weights (trained on ClaimBuster
  only, never on this data);
* **n-gram baseline** — the lab's own baseline (tf-idf unigrams + RBF SVM, C=10, gamma=0.1),
  trained on development transcripts: on a development part by 5-fold cross-validation over whole
  transcripts (a transcript is never scored by a model that saw it), on the held-out part trained
  on every development transcript;
* **random** — uniform scores, seed 0 (the lab's random baseline).

Data: benchmarks/data/checkthat2019 and checkthat2020 (sources and licences in the READMEs there).
"""

from __future__ import annotations

import argparse
import bisect
import random
import re
import statistics
import sys
import time
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.svm import SVC

sys.path.insert(0, str(Path(__file__).resolve().parent))

from checkthat_parts import FOLDERS, HELD_OUT, load  # noqa: E402
from claimbook.sources import extract, worthiness  # noqa: E402


def ranked(rows: list[tuple[int, str, str, int]], scores: list[float]) -> list[int]:
    """Labels in the order of the ranking (score descending; equal scores keep line order)."""
    order = sorted(range(len(rows)), key=lambda i: scores[i], reverse=True)
    return [rows[i][3] for i in order]


def average_precision(labels: list[int]) -> float:
    positives = sum(labels)
    hits, precisions = 0, []
    for i, label in enumerate(labels):
        if label == 1:
            hits += 1
            precisions.append(hits / (i + 1))
    return sum(precisions) / positives if precisions else 0.0


def reciprocal_rank(labels: list[int]) -> float:
    return next((1.0 / (i + 1) for i, label in enumerate(labels) if label == 1), 0.0)


def precision_at(labels: list[int], k: int) -> float:
    return sum(labels[:k]) / k


def measures(debates, scores_by_debate) -> dict[str, float | list[float]]:
    aps, rrs, rps, p10 = [], [], [], []
    for name, rows in debates.items():
        labels = ranked(rows, scores_by_debate[name])
        aps.append(average_precision(labels))
        rrs.append(reciprocal_rank(labels))
        rps.append(precision_at(labels, max(1, sum(labels))))
        p10.append(precision_at(labels, 10))
    return {"MAP": statistics.mean(aps), "MRR": statistics.mean(rrs), "R-P": statistics.mean(rps),
            "P@10": statistics.mean(p10), "AP": aps}


def claimbook_scores(debates) -> dict[str, list[float]]:
    return {name: worthiness.rank_lines([(speaker, text) for _, speaker, text, _ in rows])
            for name, rows in debates.items()}


def random_scores(debates) -> dict[str, list[float]]:
    rnd = random.Random(0)
    return {name: [rnd.random() for _ in rows] for name, rows in debates.items()}


def ngram_scores(train, evaluate, folds: int = 0) -> dict[str, list[float]]:
    """The lab's n-gram baseline; with `folds`, cross-validated over whole transcripts of `train`."""
    def fit(names):
        texts = [t for n in names for _, _, t, _ in train[n]]
        labels = [y for n in names for _, _, _, y in train[n]]
        pipe = Pipeline([("ngrams", TfidfVectorizer(ngram_range=(1, 1))),
                         ("clf", SVC(C=10, gamma=0.1, kernel="rbf", random_state=0))])
        return pipe.fit(texts, labels)

    out = {}
    if folds:
        names = sorted(evaluate)
        groups = [names[i::folds] for i in range(folds)]
        for group in groups:
            model = fit([n for n in train if n not in group])
            for n in group:
                out[n] = list(model.decision_function([t for _, _, t, _ in evaluate[n]]))
    else:
        model = fit(list(train))
        for n, rows in evaluate.items():
            out[n] = list(model.decision_function([t for _, _, t, _ in rows]))
    return out


def transcript(rows: list[tuple[int, str, str, int]]) -> tuple[str, list[tuple[int, int]]]:
    """The transcript as a document: one paragraph a speaker's turn ("TRUMP: s1 s2 …"), blank lines
    between turns, and each line's character span in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos, previous = 0, None
    for _, speaker, text, _ in rows:
        if speaker != previous:
            head = ("\n\n" if parts else "") + f"{speaker}: "
            parts.append(head)
            pos += len(head)
            previous = speaker
        else:
            parts.append(" ")
            pos += 1
        parts.append(text)
        spans.append((pos, pos + len(text)))
        pos += len(text)
    return "".join(parts), spans


def surname(label: str) -> str:
    """The last word of a speaker label ("MR. SCHWAB" -> "schwab", "O'MALLEY" -> "o'malley")."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", label)
    return words[-1].lower().replace("’", "'") if words else ""


def through_extract(debates) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Each line's score: the best confidence of the keep = yes candidates with a mention on it
    (0 when none), as an analyst sees the review file. Also counts, over the mentions, whether the
    claimant is the line's speaker, and whether a mention crosses a turn."""
    scores: dict[str, list[float]] = {}
    counts = {"mentions": 0, "speaker": 0, "other": 0, "crossing": 0, "candidates": 0, "kept": 0}
    for name, rows in debates.items():
        text, spans = transcript(rows)
        starts = [a for a, _ in spans]
        best = [0.0] * len(rows)
        for c in extract.extract(text, ""):
            counts["candidates"] += 1
            kept = c.kept
            counts["kept"] += kept
            for m in c.mentions:
                i = max(0, bisect.bisect_right(starts, m.start) - 1)
                j = max(0, bisect.bisect_right(starts, max(m.start, m.end - 1)) - 1)
                if kept:
                    best[i] = max(best[i], c.confidence)
                counts["mentions"] += 1
                counts["crossing"] += any(rows[k][1] != rows[i][1] for k in range(i, j + 1))
                speaker = surname(rows[i][1])
                if speaker and speaker in m.claimant.name.lower():
                    counts["speaker"] += 1
                elif m.attribution in ("speaker", "document"):
                    counts["other"] += 1  # the turn's own words credited to someone else
        scores[name] = best
    return scores, counts


def threshold_table(debates, scores) -> list[tuple[float, float, float, float]]:
    """(threshold, share of lines kept, recall of checked lines, precision) on the given part."""
    pairs = [(s, rows[i][3]) for name, rows in debates.items() for i, s in enumerate(scores[name])]
    positives = sum(y for _, y in pairs)
    out = []
    for t in (0.01, 0.02, 0.03, 0.04, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 0.7):
        kept = [y for s, y in pairs if s >= t]
        out.append((t, len(kept) / len(pairs), sum(kept) / positives, sum(kept) / max(1, len(kept))))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=sorted(FOLDERS), default="dev")
    ap.add_argument("--thresholds", action="store_true", help="print the keep = yes threshold table")
    ap.add_argument("--no-baseline", action="store_true", help="skip the n-gram baseline (slow)")
    ap.add_argument("--through-extract", action="store_true",
                    help="also rank lines by the keep = yes candidates of `claimbook extract` (slow)")
    args = ap.parse_args(argv)

    debates = load(args.part)
    lines = sum(len(r) for r in debates.values())
    checked = sum(y for r in debates.values() for *_, y in r)
    print(f"CheckThat! transcripts, {args.part} part ({', '.join(FOLDERS[args.part])}): "
          f"{len(debates)} transcripts, {lines} lines, {checked} checked", file=sys.stderr)
    t0 = time.process_time()
    ours = claimbook_scores(debates)
    cpu = time.process_time() - t0
    results = {"claimbook": measures(debates, ours), "random": measures(debates, random_scores(debates))}
    if not args.no_baseline:
        train = load("dev")
        scores = ngram_scores(train, debates, folds=0 if args.part in HELD_OUT else 5)
        results["n-gram baseline"] = measures(debates, scores)

    if args.through_extract:
        scores, counts = through_extract(debates)
        results["claimbook extract (keep = yes)"] = measures(debates, scores)
    print(f"| ranker ({args.part}) | MAP | MRR | R-P | P@10 |")
    print("|---|---|---|---|---|")
    for name, m in results.items():
        print(f"| {name} | {m['MAP']:.4f} | {m['MRR']:.4f} | {m['R-P']:.4f} | {m['P@10']:.4f} |")
    base_name = "n-gram baseline" if "n-gram baseline" in results else "random"
    base = results[base_name]
    print(f"\nclaimbook MAP / {base_name} MAP = {results['claimbook']['MAP'] / base['MAP']:.2f}; "
          f"scoring {lines} lines took {cpu:.2f} CPU s ({lines / max(cpu, 1e-9):.0f} lines/CPU s)")
    print("\nAP by transcript (" + " | ".join(results) + "):")
    for i, name in enumerate(debates):
        row = [m["AP"][i] for m in results.values()]
        print(f"  {name:<28} " + " | ".join(f"{v:.3f}" for v in row))
    if args.through_extract:
        n = counts["mentions"] or 1
        c = counts
        print(f"\nextract: {c['candidates']} candidates, {c['kept']} keep = yes; of {c['mentions']} "
              f"mentions, claimant = the line's speaker {c['speaker'] / n:.3f}, the turn's own words "
              f"credited to someone else {c['other'] / n:.3f}, crossing a turn {c['crossing'] / n:.3f}")
    if args.thresholds:
        print(f"\nkeep = yes threshold ({args.part} part; shipped: {worthiness.KEEP_THRESHOLD}):")
        print("| threshold | lines kept | recall of checked lines | precision |")
        print("|---|---|---|---|")
        for t, share, recall, precision in threshold_table(debates, ours):
            print(f"| {t:.2f} | {share:.3f} | {recall:.3f} | {precision:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
