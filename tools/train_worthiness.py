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

Writes `weights.json.gz` (bias, weights by feature, provenance) and prints the model's size. The
features are `claimbook.sources.worthiness.features`, the function the product scores with.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from claimbook.sources.worthiness import MODEL_FILE, feature_value, features

ROOT = Path(__file__).resolve().parent.parent
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claimbuster", type=Path, required=True, help="folder with the ClaimBuster files")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    texts, labels = load(args.claimbuster)
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
    model = {
        "model": "logistic regression over claimbook.sources.worthiness.features, each present "
                 "feature worth worthiness.feature_value(the text's number of features)",
        "trained_on": "ClaimBuster 3xNCS.json (Zenodo 3836810, CC BY 4.0), "
                      f"without debates {sorted(LEFT_OUT_DEBATES)}",
        "sentences": len(texts), "positives": int(y.sum()), "min_count": MIN_COUNT, "C": C,
        "sha256": SHA256,
        "bias": round(float(clf.intercept_[0]), 6),
        "weights": dict(sorted(weights.items())),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    data = gzip.compress(json.dumps(model, separators=(",", ":")).encode(), mtime=0)
    args.out.write_bytes(data)
    print(f"{len(texts)} sentences ({int(y.sum())} check-worthy), {len(weights)} weights, "
          f"{len(data) / 1024:.0f} KiB -> {args.out}")


if __name__ == "__main__":
    main()
