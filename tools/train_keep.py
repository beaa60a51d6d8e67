"""Train the keep weights shipped in src/claimbook/sources/learned_types_model/keep.json.gz.

Input: the parts of `tools/train_types.py` (real documents with hand-written gold, spent as
held-out data or written as development data, and the invented fixtures). Each document goes
through extraction as `claimbook extract` runs it, with the rules' types and the claim-worthiness
keep alone (`learned=False`); of the candidates proposed with keep = yes, those of a voice the model
judges (`learned_keep.JUDGED`) are the examples: `learned_keep.features`, labelled 1 when the
candidate matches a gold claim as the benchmark matches (`benchmarks/extract_fixtures.py`), 0 when
it matches none (a junk row).

    .venv/bin/pip install -e '.[train]'   # scikit-learn, training only; the product reads the JSON
    .venv/bin/python tools/train_keep.py              # writes the weights
    .venv/bin/python tools/train_keep.py --by-part    # leave-one-part-out: real claims and junk dropped
    .venv/bin/python tools/train_keep.py --check      # trains, compares with the shipped file

Writes `keep.json.gz` (bias, weights by feature, provenance) deterministically, with
`claimbook.sources.model_files.write`. `--check` (`tools/trainer.py`) writes nothing: it prints
where the trained model differs from the shipped file and exits 1 if it does.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from claimbook.claims import aliases
from claimbook.sources import extract, learned_keep, learned_types

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_types as tt  # noqa: E402
import trainer  # noqa: E402

OUT = tt.ROOT / "src" / "claimbook" / "sources" / "learned_types_model" / learned_keep.MODEL_FILE
MIN_COUNT = 2  # a feature seen in fewer training examples gets no weight
C = 0.3  # inverse L2 strength, chosen by leave-one-part-out (benchmarks/README.md)
THRESHOLDS = (0.2, 0.3, 0.4, 0.5)


def examples(parts: dict[str, Path]) -> list[tuple[str, extract.Candidate, bool]]:
    """(part, candidate, matches a gold claim) of every judged candidate proposed with keep = yes."""
    known = aliases.alias_table()
    out = []
    for part, folder in parts.items():
        for meta, text, gold in tt.er.documents(folder):
            cands = [c for c in extract.extract(text, meta["publisher"], meta["published"], known,
                                                learned=False) if c.kept]
            _, spans = tt.ef.gold_spans(text, gold)
            matched = {cid for cid, _ in tt.ef.match(cands, spans)}
            out.extend((part, c, c.candidate_id in matched) for c in cands
                       if learned_types.voice(c) in learned_keep.JUDGED)
    return out


def fit(rows: list[tuple[str, extract.Candidate, bool]]) -> tuple[DictVectorizer, LogisticRegression]:
    feats = [learned_keep.features(c) for _, c, _ in rows]
    counts = Counter(f for fs in feats for f in fs)
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1.0 for f in sorted(fs) if counts[f] >= MIN_COUNT} for fs in feats])
    clf = LogisticRegression(C=C, max_iter=5000)
    clf.fit(x, [int(y) for _, _, y in rows])
    return vec, clf


def by_part(rows: list[tuple[str, extract.Candidate, bool]]) -> None:
    """Each part judged by a model trained on the other parts: real claims and junk rows that each
    threshold would propose with keep = no."""
    lost: Counter[float] = Counter()
    dropped: Counter[float] = Counter()
    for part in tt.TRAIN_PARTS:
        test = [r for r in rows if r[0] == part]
        if not test:
            continue
        vec, clf = fit([r for r in rows if r[0] != part])
        p = clf.predict_proba(vec.transform([{f: 1.0 for f in learned_keep.features(c)}
                                             for _, c, _ in test]))[:, 1]
        line = [f"{part:16s} {sum(y for *_, y in test):4d} real, {sum(not y for *_, y in test):3d} junk"]
        for t in THRESHOLDS:
            lo = sum(y for q, (*_, y) in zip(p, test, strict=True) if q < t)
            dr = sum(not y for q, (*_, y) in zip(p, test, strict=True) if q < t)
            lost[t] += lo
            dropped[t] += dr
            line.append(f"{t}: -{lo} real -{dr} junk")
        print(", ".join(line))
    real = sum(y for *_, y in rows)
    print(f"{'all':16s} {real:4d} real, {len(rows) - real:3d} junk, "
          + ", ".join(f"{t}: -{lost[t]} real -{dropped[t]} junk" for t in THRESHOLDS))


def train(rows: list[tuple[str, extract.Candidate, bool]]) -> dict:
    """The weights file's content: the model trained on the examples, with provenance."""
    vec, clf = fit(rows)
    weights = {str(n): round(float(w), 4) for n, w in zip(vec.get_feature_names_out(), clf.coef_[0],
                                                          strict=True) if abs(w) >= 5e-5}
    return {
        "model": "logistic regression over claimbook.sources.learned_keep.features (each present "
                 "feature 1): does an analyst record the candidate as a claim",
        "trained_on": "hand-written gold of benchmarks/data/realnews parts and the invented test "
                      f"fixtures: {', '.join(tt.TRAIN_PARTS)} (pages: Scrapinghub article-extraction "
                      "benchmark, MIT; PDFs and transcripts: US government, public domain)",
        "examples": len(rows), "claims": sum(y for *_, y in rows),
        "voices": list(learned_keep.JUDGED), "min_count": MIN_COUNT, "C": C,
        "bias": round(float(clf.intercept_[0]), 6),
        "weights": dict(sorted(weights.items())),
    }


def main() -> int:
    ap = trainer.arguments(__doc__, OUT)
    ap.add_argument("--by-part", action="store_true", help="leave-one-part-out figures; writes nothing")
    args = ap.parse_args()
    rows = examples(tt.TRAIN_PARTS)
    if args.by_part:
        by_part(rows)
        return 0
    model = train(rows)
    return trainer.finish(args, model, f"{len(rows)} candidates ({model['claims']} claims), "
                                       f"{len(model['weights'])} weights")


if __name__ == "__main__":
    sys.exit(main())
