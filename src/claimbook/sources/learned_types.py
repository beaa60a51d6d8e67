"""The claim type of an attributed candidate, decided by a model learned from real text.

Rules (`speech_acts`, `own_voice`) read a type from the parse; on pages the rules were not shaped on
they were right for about two attributed claims in three. This module's logistic regression
reads what the rules decided together with the candidate's words and how it was attributed
(`features`) and decides again, for every candidate that someone other than the document speaks.
The document's own voice keeps the rules' type: there (event report or assessment) the model did
no better than the rules in cross-validation by part (benchmarks/README.md).

The weights were trained by `tools/train_types.py` on the hand-written gold of the real news pages,
government PDFs and transcripts in benchmarks/data/realnews (parts spent as held-out data); their
provenance, licence and figures are in `learned_types_model/README.md`. Nothing is downloaded: the
weights ship with the package. The product scores with a dot product; scikit-learn is needed only
to train.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

from claimbook.errors import ModelError
from claimbook.sources.candidates import Candidate

MODEL_FILE = "weights.json.gz"
MARGIN = 0.5  # log-odds by which the model's type must beat the rules' (benchmarks/README.md)
DOCUMENT = "document"  # the claimant type of the document's own voice: the rules decide there
# Whose act and whose judgement a claim is — the rules' most frequent errors on unseen pages. A
# denial (its verb, and the claim it answers), an intelligence body's report (the claimant's kind)
# and an event report stay as the rules read them: the model, trained mostly on statements, moved
# them wrongly in cross-validation by part (benchmarks/README.md).
RETYPED = ("statement", "allegation", "assessment")

_WORD = re.compile(r"[a-z]+")
_NEGATION = frozenset(("not", "no", "never", "denied", "deny", "denies", "rejected", "dismissed",
                       "false", "nothing"))
_FIRST_PERSON = frozenset(("we", "our", "us", "i", "my"))


def features(c: Candidate) -> set[str]:
    """What the model reads of a candidate: the rules' type (alone and with how the claimant was
    found and what kind of claimant it is), the reporting verb, the claim's words and word pairs,
    its first word, whether it negates, speaks in the first person, or names its own claimant."""
    m = c.first
    rule = m.rule_type or m.claim_type
    kind = c.claimant.claimant_type
    verb = m.verb.lower()
    words = _WORD.findall(c.claim.lower())
    present = set(words)
    named = (set(_WORD.findall(c.claimant.name.lower()))
             | set(_WORD.findall(m.raw_claimant.lower()))) - {"the", "of"}
    f = {f"rule={rule}", f"rule_att={rule}/{m.attribution}", f"rule_ctype={rule}/{kind}",
         f"att={m.attribution}", f"verb={verb}", f"ctype={kind}", f"ctype_verb={kind}/{verb}",
         f"quoted={m.quoted}", f"neg={bool(_NEGATION & present)}",
         f"we={bool(_FIRST_PERSON & present)}", f"selfref={bool(named & present)}"}
    f.update(f"w={w}" for w in present)
    f.update(f"b={a}_{b}" for a, b in pairwise(words))
    if words:
        f.add(f"first={words[0]}")
    f.update(f"rc={w}" for w in _WORD.findall(m.raw_claimant.lower()))
    return f


@lru_cache(maxsize=1)
def model() -> dict[str, Any]:
    """The shipped weights (loaded once per process): classes, biases, weights by feature."""
    try:
        raw = resources.files("claimbook.sources").joinpath("learned_types_model", MODEL_FILE).read_bytes()
        m = json.loads(gzip.decompress(raw))
        classes = list(m["classes"])
        bias = [float(b) for b in m["bias"]]
        weights = {k: list(map(float, v)) for k, v in m["weights"].items()}
        if len(bias) != len(classes) or any(len(v) != len(classes) for v in weights.values()):
            raise ValueError("classes, biases and weights differ in length")
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise ModelError(f"the claim-type weights (claimbook/sources/learned_types_model/{MODEL_FILE}) "
                         f"cannot be read: {e.__class__.__name__}: {str(e)[:200]}; reinstall claimbook "
                         "or retrain them with tools/train_types.py") from e
    return {"classes": classes, "bias": bias, "weights": weights}


def scores(c: Candidate) -> dict[str, float]:
    """Each type's score (log-odds scale) for a candidate."""
    m = model()
    total = list(m["bias"])
    for f in sorted(features(c)):  # a fixed order: the same sums to the last bit in every run
        for i, w in enumerate(m["weights"].get(f, ())):
            total[i] += w
    return dict(zip(m["classes"], total, strict=True))


def choose(scores: dict[str, float], rule_type: str, margin: float = MARGIN) -> str:
    """Among `RETYPED`, the model's type where it beats the rules' type by `margin` on the
    log-odds scale, else the rules'; any other type of the rules' stays."""
    if rule_type not in RETYPED or rule_type not in scores:
        return rule_type
    best = max((t for t in RETYPED if t in scores), key=scores.__getitem__)
    return best if scores[best] - scores[rule_type] >= margin else rule_type


def decide(candidates: list[Candidate]) -> list[Candidate]:
    """Every candidate someone other than the document speaks takes the model's type, on each of
    its mentions; where it differs from the rules', the mention's notes say so."""
    for c in candidates:
        if c.claimant.claimant_type == DOCUMENT:
            continue
        best = choose(scores(c), c.first.rule_type or c.claim_type)
        for m in c.mentions:
            if best != m.claim_type:
                m.notes.append(f"type {best} by the learned model (rules: {m.claim_type})")
                m.claim_type = best
    return candidates
