"""Train the claim-type weights shipped in src/claimbook/sources/learned_types_model/.

Input: the real documents and their hand-written gold in benchmarks/data/realnews (news pages of
the Scrapinghub article-extraction benchmark, MIT; US government PDFs and White House transcripts,
public domain; gold written by this project), the parts in TRAIN_PARTS — all of them spent as
held-out data or written as development data — and the invented texts of tests/fixtures (dev,
heldout), which carry the conflict-reporting types real news seldom has. A part held out for a
measurement is never listed.

Each document goes through extraction as `claimbook extract` runs it, with the rules' types
(`learned=False`); every candidate is matched to the gold as the benchmark matches
(`benchmarks/extract_fixtures.py`). A matched candidate that someone other than the document
speaks is one training example: its `learned_types.features`, and as label the rules' type if the
gold accepts it, else the gold's first type.

    .venv/bin/pip install -e '.[train]'   # scikit-learn, training only; the product reads the JSON
    .venv/bin/python tools/train_types.py              # writes the weights
    .venv/bin/python tools/train_types.py --by-part    # leave-one-part-out: rules vs model
    .venv/bin/python tools/train_types.py --check      # trains, compares with the shipped file

Writes `weights.json.gz` (classes, biases, weights by feature, provenance) deterministically, with
`claimbook.sources.model_files.write`. `--check` (`tools/trainer.py`) writes nothing: it prints
where the trained model differs from the shipped file (floats within a small tolerance; keys,
classes and provenance exactly) and exits 1 if it does.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from claimbook.claims import aliases
from claimbook.sources import extract, learned_types, own_voice, segment
from claimbook.sources.learned_types import (
    MARGIN,
    MODEL_FILE,
    RETYPED,
    document_context,
    features,
    voice,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tools"))
import trainer  # noqa: E402

import extract_fixtures as ef  # noqa: E402
import extract_realnews as er  # noqa: E402

OUT = ROOT / "src" / "claimbook" / "sources" / "learned_types_model" / MODEL_FILE
FIXTURES = ROOT / "tests" / "fixtures"
# real documents, and the invented texts of the test fixtures (conflict reporting, the claim types
# of the README's vocabulary that real news seldom has: allegations, intelligence reports)
TRAIN_PARTS = {name: er.DATA / name for name in
               ("dev", "final", "final2", "final3", "final4", "final5", "final6", "final7", "final8",
                "final9", "final10", "final11", "final12", "final13", "final14", "final15", "final16",
                "briefings")}
TRAIN_PARTS |= {f"fixtures-{name}": FIXTURES / name for name in ("dev", "heldout")}
MIN_COUNT = 2  # a feature seen in fewer training examples gets no weight
# inverse L2 strength of each voice's model, chosen by leave-one-part-out (benchmarks/README.md)
C = {"attributed": 1.0, "document": 1.0}


Example = tuple[str, extract.Candidate, list[str], frozenset[str]]


def examples(parts: dict[str, Path]) -> list[Example]:
    """(part, candidate, the gold's accepted types, its document's context) of every matched
    candidate."""
    known = aliases.alias_table()
    out = []
    for part, folder in parts.items():
        for meta, text, gold in er.documents(folder):
            sg = segment.segment(text)
            cands = extract.extract(text, meta["publisher"], meta["published"], known, segmented=sg,
                                    learned=False)
            context = document_context(cands, own_voice.addresses_reader(sg))
            claims, spans = ef.gold_spans(text, gold)
            by_id = {c.candidate_id: c for c in cands}
            for cid, gid in ef.match(cands, spans):
                out.append((part, by_id[cid], claims[gid][0]["claim_type"].split("|"), context))
    return out


def label(c: extract.Candidate, accepted: list[str]) -> str:
    return c.first.rule_type if c.first.rule_type in accepted else accepted[0]


def fit(rows: list[Example], c: float) -> tuple[DictVectorizer, LogisticRegression]:
    feats = [features(cand, context) for _, cand, _, context in rows]
    counts = Counter(f for fs in feats for f in fs)
    vec = DictVectorizer()
    x = vec.fit_transform([{f: 1.0 for f in sorted(fs) if counts[f] >= MIN_COUNT} for fs in feats])
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit(x, [label(cand, acc) for _, cand, acc, _ in rows])
    return vec, clf


def by_part(rows: list[Example], name: str,
            margins: tuple[float, ...] = (0.0, 0.5, 1.0, 1.5, 2.0)) -> None:
    """Each part scored by a model trained on the other parts, beside the rules on that part, for
    each margin by which the model's type must beat the rules' to replace it."""
    total = Counter()
    print(f"{name}:")
    for part in TRAIN_PARTS:
        test = [r for r in rows if r[0] == part]
        if not test:
            continue
        vec, clf = fit([r for r in rows if r[0] != part], C[name])
        z = clf.decision_function(vec.transform([{f: 1.0 for f in features(c, ctx)}
                                                 for _, c, _, ctx in test]))
        classes = [str(k) for k in clf.classes_]
        rule = sum(c.first.rule_type in acc for _, c, acc, _ in test)
        line = [f"{part:16s} {len(test):4d} claims: type rules {rule / len(test):.2f}"]
        total.update(n=len(test), rule=rule)
        for margin in margins:
            got = [learned_types.choose(dict(zip(classes, zs, strict=True)), c.first.rule_type,
                                        RETYPED[name], margin)
                   for zs, (_, c, _, _) in zip(z, test, strict=True)]
            ok = sum(g in acc for g, (_, _, acc, _) in zip(got, test, strict=True))
            total[margin] += ok
            line.append(f"{margin}: {ok / len(test):.2f}")
        print(", ".join(line))
    print(f"{'all':16s} {total['n']:4d} claims: type rules {total['rule'] / total['n']:.3f}, "
          + ", ".join(f"{m}: {total[m] / total['n']:.3f}" for m in margins))


def train(rows: list[Example]) -> dict:
    """The weights file's content: each voice's model trained on its examples, with provenance."""
    by_voice = {name: [r for r in rows if voice(r[1]) == name] for name in RETYPED}
    voices = {}
    for name, some in by_voice.items():
        vec, clf = fit(some, C[name])
        names = vec.get_feature_names_out()
        weights = {str(n): [round(float(w), 4) for w in clf.coef_[:, i]] for i, n in enumerate(names)}
        voices[name] = {
            "examples": len(some),
            "labels": dict(sorted(Counter(label(c, a) for _, c, a, _ in some).items())),
            "C": C[name], "moves": {k: list(v) for k, v in RETYPED[name].items()}, "margin": MARGIN[name],
            "classes": [str(k) for k in clf.classes_],
            "bias": [round(float(b), 6) for b in clf.intercept_],
            "weights": dict(sorted((n, w) for n, w in weights.items() if any(abs(v) >= 5e-5 for v in w))),
        }
        print(f"{name}: {len(some)} claims {voices[name]['labels']}, {len(voices[name]['weights'])} weights")
    return {
        "model": "multinomial logistic regressions, one for each voice, over "
                 "claimbook.sources.learned_types.features (each present feature 1)",
        "trained_on": "hand-written gold of benchmarks/data/realnews parts and the invented test "
                      f"fixtures: {', '.join(TRAIN_PARTS)} (pages: Scrapinghub article-extraction "
                      "benchmark, MIT; PDFs and transcripts: US government, public domain)",
        "min_count": MIN_COUNT,
        "voices": voices,
    }


def main() -> int:
    ap = trainer.arguments(__doc__, OUT)
    ap.add_argument("--by-part", action="store_true", help="leave-one-part-out figures; writes nothing")
    args = ap.parse_args()
    rows = examples(TRAIN_PARTS)
    if args.by_part:
        for name in RETYPED:
            by_part([r for r in rows if voice(r[1]) == name], name)
        return 0
    return trainer.finish(args, train(rows), "claim types")


if __name__ == "__main__":
    sys.exit(main())
