"""Train the claim-worthiness weights shipped in src/claimbook/sources/worthiness_model/.

Input: the ClaimBuster data set (Arslan, Hassan, Li, Tremayne, ICWSM 2020; Zenodo record 3836810,
CC BY 4.0), a folder holding its `3xNCS.json`, `crowdsourced.csv` and `groundtruth.csv` byte for
byte (their sha256 are checked below). `3xNCS.json` gives the labelled sentences (1: check-worthy
factual sentence, 0: not; three negatives a positive, the authors' stricter agreement filter); the two
CSV files only give each sentence's debate (`File_id`), so that the three 2016 general-election
debates, which the CheckThat! 2019 development transcripts also contain, are left out of training.

The CheckThat! data is never read here: it is for measurement only (research-use licence).

    .venv/bin/pip install -e '.[train]'   # scikit-learn, training only; the product reads the JSON
    .venv/bin/python tools/train_worthiness.py --claimbuster DIR
    .venv/bin/python tools/train_worthiness.py --check [--claimbuster DIR]

Writes `weights.json.gz` (bias, weights by feature, provenance) with
`claimbook.sources.model_files.write` and prints the model's size. The features are
`claimbook.sources.worthiness.features`, the function the product scores with.

`--check` (`tools/trainer.py`) writes nothing. With `--claimbuster DIR` it trains in memory and
prints where the model differs from the shipped file (floats within a small tolerance; keys and
provenance exactly), exit 1 if it does. The ClaimBuster files are not in the repository: without
them it checks what the repository alone shows — the shipped file's provenance (model, data, its
sha256, C, min_count) is what this script writes, and its bytes are what `model_files.write`
writes for its content — and says that the weights were not retrained.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from claimbook.sources import model_files
from claimbook.sources.worthiness import MODEL_FILE, feature_value, features

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import trainer  # noqa: E402

OUT = ROOT / "src" / "claimbook" / "sources" / "worthiness_model" / MODEL_FILE
SHA256 = {
    "3xNCS.json": "6bf5ec6cc7814e98e9072ca426162e96a3fc2f6c20dc79e42ea724d48a8d415c",
    "crowdsourced.csv": "11026f911d96476daed6c9a83ba0fbf3555598c04ef9b7fa567eeadee8693843",
    "groundtruth.csv": "64890c51e1092fec0d361ca770b3efccc0c889dd569b46b35922d94c44fa99ea",
}
# in ClaimBuster and in the CheckThat! 2019 development part (20160926_1pres, 20161010_2pres,
# 20161019_3pres): left out so that development figures are not measured on training sentences
LEFT_OUT_DEBATES = {"2016-09-26.txt", "2016-10-09.txt", "2016-10-19.txt"}
MIN_COUNT = 3  # a feature seen in fewer training sentences gets no weight (keeps the file small)
C = 3.0  # inverse L2 strength, chosen on the development transcripts (benchmarks/README.md)


def load(folder: Path) -> tuple[list[str], list[int]]:
    for name, digest in SHA256.items():
        got = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        if got != digest:
            sys.exit(f"{folder / name}: sha256 {got}, expected {digest} (not the published file)")
    debate = {}
    for name in ("crowdsourced.csv", "groundtruth.csv"):
        with open(folder / name, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                debate[int(row["Sentence_id"])] = row["File_id"]
    texts, labels = [], []
    for item in json.loads((folder / "3xNCS.json").read_text(encoding="utf-8")):
        if debate.get(int(item["sentence_id"])) in LEFT_OUT_DEBATES:
            continue
        texts.append(item["text"])
        labels.append(int(item["label"]))
    return texts, labels


def provenance() -> dict:
    """What the weights file says of the model and its data, apart from what training computes."""
    return {
        "model": "logistic regression over claimbook.sources.worthiness.features, each present "
                 "feature worth worthiness.feature_value(the text's number of features)",
        "trained_on": "ClaimBuster 3xNCS.json (Zenodo 3836810, CC BY 4.0), "
                      f"without debates {sorted(LEFT_OUT_DEBATES)}",
        "min_count": MIN_COUNT, "C": C, "sha256": SHA256,
    }


def train(texts: list[str], labels: list[int]) -> dict:
    """The weights file's content: the model trained on the labelled sentences, with provenance."""
    feats = [features(t) for t in texts]
    counts = Counter(f for fs in feats for f in fs)
    # each present feature worth feature_value(the text's number of features), as the product scores
    kept = [{f: feature_value(len(fs)) for f in fs if counts[f] >= MIN_COUNT} for fs in feats]
    vec = DictVectorizer()
    x = vec.fit_transform(kept)
    y = np.array(labels)
    clf = LogisticRegression(C=C, max_iter=5000)
    clf.fit(x, y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, clf.coef_[0], strict=True)
               if abs(w) >= 5e-5}
    about = provenance()
    return {  # the keys in the shipped file's order: the same bytes
        "model": about["model"], "trained_on": about["trained_on"],
        "sentences": len(texts), "positives": int(y.sum()),
        "min_count": about["min_count"], "C": about["C"], "sha256": about["sha256"],
        "bias": round(float(clf.intercept_[0]), 6),
        "weights": dict(sorted(weights.items())),
    }


def check_without_data(path: Path) -> int:
    """`--check` without the ClaimBuster files: the shipped file's provenance and encoding."""
    raw = path.read_bytes()
    shipped = model_files.read(path)
    expected = provenance()
    diffs = model_files.differences({k: shipped.get(k) for k in expected}, expected)
    if model_files.encode(shipped) != raw:
        diffs.append("the file's bytes are not what model_files.write writes for its content")
    print(f"{path}: the ClaimBuster files are not in the repository (--claimbuster DIR): the weights, "
          "bias and sentence counts were not retrained; checked the provenance and the encoding")
    for d in diffs:
        print(f"  {d}")
    print("  differs" if diffs else "  provenance and encoding as this script writes them")
    return 1 if diffs else 0


def main() -> int:
    ap = trainer.arguments(__doc__, OUT)
    ap.add_argument("--claimbuster", type=Path, help="folder with the ClaimBuster files (to train)")
    args = ap.parse_args()
    if args.claimbuster is None:
        if args.check:
            return check_without_data(args.out)
        ap.error("--claimbuster DIR is needed to train")
    texts, labels = load(args.claimbuster)
    model = train(texts, labels)
    return trainer.finish(args, model, f"{len(texts)} sentences ({model['positives']} check-worthy), "
                                       f"{len(model['weights'])} weights")


if __name__ == "__main__":
    sys.exit(main())
