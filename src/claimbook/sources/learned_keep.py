"""Is a claim someone else makes worth proposing with keep = yes? A model learned from real text.

Extraction proposes every clause a speaker puts forward; in a transcript many of a spokesman's
lines are not claims an analyst records ("We're grateful for that.", "We just aren't there yet.").
A logistic regression over the candidate's features (`learned_types.features`, without the
claimant's name, so that it learns what is said and not who says it) and its claim-worthiness
estimates the chance that an analyst records it; below `THRESHOLD` the candidate is still proposed,
with keep = no and the reason in its evidence (`Candidate.doubt`). The document's own voice is left
to the claim-worthiness score: there the model dropped as many real claims as junk rows in
cross-validation by part (benchmarks/README.md).

The weights were trained by `tools/train_keep.py` on the gold of the spent real-news parts, the
development briefings and the invented fixtures; provenance and figures in
`learned_types_model/README.md`. Nothing is downloaded.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from claimbook.sources import learned_types, model_files
from claimbook.sources.candidates import Candidate

MODEL_FILE = "keep.json.gz"
THRESHOLD = 0.2  # chosen by cross-validation by part (benchmarks/README.md)
JUDGED = ("attributed",)  # the voices whose candidates the model judges (learned_types.voice)


def features(c: Candidate) -> set[str]:
    """`learned_types.features` without the claimant's words as written, with how claim-worthy the
    candidate reads and whether it is stated more than once."""
    f = {x for x in learned_types.features(c) if not x.startswith("rc=")}
    f.add(f"worthy={min(int(c.confidence * 10), 9)}")
    f.add(f"repeated={len(c.mentions) > 1}")
    return f


@lru_cache(maxsize=1)
def model() -> dict[str, Any]:
    """The shipped weights (loaded once per process): bias and weights by feature."""
    return model_files.load(
        "learned_types_model", MODEL_FILE, "keep", "tools/train_keep.py",
        lambda m: {"bias": float(m["bias"]), "weights": {k: float(v) for k, v in m["weights"].items()}})


def probability(c: Candidate) -> float:
    """The model's chance that an analyst records the candidate as a claim."""
    m = model()
    z = m["bias"] + sum(m["weights"].get(f, 0.0) for f in sorted(features(c)))
    return model_files.logistic(z)


def judge(candidates: list[Candidate]) -> list[Candidate]:
    """A candidate of a judged voice whose chance is below `THRESHOLD` gets its `doubt`."""
    for c in candidates:
        if learned_types.voice(c) in JUDGED and (p := probability(c)) < THRESHOLD:
            c.doubt = f"the learned model doubts an analyst records this as a claim ({p:.2f})"
    return candidates
