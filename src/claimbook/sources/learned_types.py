"""A candidate's claim type decided again by models learned from real text.

Rules (`speech_acts`, `own_voice`) read a type from the parse; on pages the rules were not shaped on
they were right for about two claims in three. Two logistic regressions read what the rules
decided together with the candidate's words, tense and modals, its date and how it was attributed
(`features`) and decide again: one for the claims someone other than the document makes (whose act
and whose judgement: statement, allegation or assessment), one for the document's own voice (what
happened or a judgement: event report or assessment). A denial, an intelligence body's report and
the other types stay as the rules read them.

The weights were trained by `tools/train_types.py` on the hand-written gold of the real news pages,
government PDFs and transcripts in benchmarks/data/realnews (parts spent as held-out data); their
provenance, licence and figures are in `learned_types_model/README.md`. Nothing is downloaded: the
weights ship with the package. The product scores with a dot product; scikit-learn is needed only
to train.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import Any

from claimbook.sources import model_files
from claimbook.sources.candidates import Candidate

MODEL_FILE = "weights.json.gz"
DOCUMENT = "document"  # the claimant type of the document's own voice
# The types each voice's model may choose for a rules' type (the rules' own among them). A denial
# (its verb, and the claim it answers), an intelligence body's report (the claimant's kind) and an
# event someone else reports stay as the rules read them, and an accusation never becomes a
# statement: contested pairs are made of allegations and denials, and on the conflict reporting
# of the fixtures the model, trained mostly on statements, demoted attacks ("A missile struck a
# port warehouse") to statements (benchmarks/README.md).
RETYPED = {"attributed": {"statement": ("statement", "allegation", "assessment"),
                          "assessment": ("assessment", "statement", "allegation"),
                          "allegation": ("allegation", "assessment")},
           DOCUMENT: {"event_report": ("event_report", "assessment"),
                      "assessment": ("assessment", "event_report")}}
MARGIN = {"attributed": 0.5, DOCUMENT: 0.0}  # chosen by cross-validation by part
# The voices whose model reads the document's context (`document_context`): it helps judge the
# document's own voice and not someone else's claims (cross-validation, benchmarks/README.md).
READS_CONTEXT = (DOCUMENT,)

_WORD = re.compile(r"[a-z]+")
_NEGATION = frozenset(("not", "no", "never", "denied", "deny", "denies", "rejected", "dismissed",
                       "false", "nothing"))
_FIRST_PERSON = frozenset(("we", "our", "us", "i", "my"))
_FIRST_PERSON_SINGULAR = frozenset(("i", "my", "me"))
FIRST_PERSON_SHARE = 0.05  # of its own-voice claims: a document whose own voice says "I"
# fewer candidates than this tell nothing of what a document does (four sentences of a wire story
# in its own voice are no analysis)
CONTEXT_CANDIDATES = 10
# auxiliaries and modals: the tense and mood a claim is put in
_AUXILIARIES = frozenset(("is", "are", "was", "were", "has", "have", "had", "will", "would", "could",
                          "may", "might", "can", "should", "must", "be", "been"))
# words that grade or hedge what is said: a judgement's marks
_GRADING = frozenset((
    "most", "more", "less", "least", "very", "too", "only", "even", "still", "already", "perhaps",
    "likely", "unlikely", "seem", "seems", "appear", "appears", "remain", "remains", "often",
    "always", "never", "rarely", "increasingly", "significant", "important", "critical",
    "difficult", "hard", "easy", "clear", "major", "key", "best", "worst", "better", "worse"))
_DIGIT = re.compile(r"\d")



def voice(c: Candidate) -> str:
    """Which model decides a candidate's type: the document's own voice, or someone else's."""
    return DOCUMENT if c.claimant.claimant_type == DOCUMENT else "attributed"


def document_context(candidates: list[Candidate], argued: bool = False) -> frozenset[str]:
    """What the models read of the whole document: how much of it speaks in its own voice, how
    much of that the rules read as judgement, whether its own voice says "I", and whether it
    addresses the reader (`own_voice.addresses_reader`). An analysis or a column speaks mostly in
    its own voice, and judges there; a news story mostly relays."""
    if len(candidates) < CONTEXT_CANDIDATES:
        return frozenset((f"doc_argued={argued}", "doc_short"))  # too few to tell what it does
    own = [c for c in candidates if c.claimant.claimant_type == DOCUMENT]
    share = len(own) / (len(candidates) or 1)
    judged = sum((c.first.rule_type or c.claim_type) == "assessment" for c in own) / (len(own) or 1)
    first = sum(bool(_FIRST_PERSON_SINGULAR & set(_WORD.findall(c.claim.lower()))) for c in own)
    return frozenset((f"doc_own={min(int(share * 5), 4)}", f"doc_judged={min(int(judged * 5), 4)}",
                      f"doc_first={first / (len(own) or 1) > FIRST_PERSON_SHARE}",
                      f"doc_argued={argued}"))


def features(c: Candidate, context: frozenset[str] = frozenset()) -> set[str]:
    """What the models read of a candidate: the rules' type (alone and with how the claimant was
    found and what kind of claimant it is), the reporting verb, the claim's words and word pairs,
    its first word, auxiliaries and grading words, whether it has a date of its own, digits,
    negation, the first person, or its own claimant's name; and, in a voice that reads it
    (`READS_CONTEXT`), the document's `context`, alone and with the rules' type."""
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
         f"we={bool(_FIRST_PERSON & present)}", f"selfref={bool(named & present)}",
         f"date={m.date_source}", f"dated={m.date_source.startswith('sentence')}",
         f"grading={min(len(_GRADING & present), 2)}", f"digit={bool(_DIGIT.search(c.claim))}",
         f"len={min(len(words) // 8, 4)}"}
    f.update(f"aux={w}" for w in _AUXILIARIES & present)
    f.update(f"w={w}" for w in present)
    f.update(f"b={a}_{b}" for a, b in pairwise(words))
    if words:
        f.add(f"first={words[0]}")
    f.update(f"rc={w}" for w in _WORD.findall(m.raw_claimant.lower()))
    if voice(c) in READS_CONTEXT:
        f.update(context)
        f.update(f"{x}/{rule}" for x in context)
    return f


def _voices(m: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for name in RETYPED:
        v = m["voices"][name]
        classes = list(v["classes"])
        bias = [float(b) for b in v["bias"]]
        weights = {k: list(map(float, w)) for k, w in v["weights"].items()}
        if len(bias) != len(classes) or any(len(w) != len(classes) for w in weights.values()):
            raise ValueError(f"{name}: classes, biases and weights differ in length")
        out[name] = {"classes": classes, "bias": bias, "weights": weights}
    return out


@lru_cache(maxsize=1)
def model() -> dict[str, dict[str, Any]]:
    """The shipped weights (loaded once per process): for each voice, classes, biases and weights
    by feature."""
    return model_files.load("learned_types_model", MODEL_FILE, "claim-type", "tools/train_types.py",
                            _voices)


def scores(c: Candidate, context: frozenset[str] = frozenset()) -> dict[str, float]:
    """Each type's score (log-odds scale) for a candidate in a document of that `context`, by its
    voice's model."""
    m = model()[voice(c)]
    total = list(m["bias"])
    for f in sorted(features(c, context)):  # a fixed order: the same sums to the last bit in every run
        for i, w in enumerate(m["weights"].get(f, ())):
            total[i] += w
    return dict(zip(m["classes"], total, strict=True))


def choose(scores: dict[str, float], rule_type: str, moves: dict[str, tuple[str, ...]],
           margin: float) -> str:
    """Among the types `moves` allows for the rules' type, the model's where it beats the rules'
    by `margin` on the log-odds scale, else the rules'; a type without moves stays."""
    if rule_type not in moves or rule_type not in scores:
        return rule_type
    best = max((t for t in moves[rule_type] if t in scores), key=scores.__getitem__)
    return best if scores[best] - scores[rule_type] >= margin else rule_type


def decide(candidates: list[Candidate], argued: bool = False) -> list[Candidate]:
    """Every candidate of one document takes its voice's model's type, on each of its mentions;
    where it differs from the rules', the mention's notes say so. `argued`: the document
    addresses the reader (`own_voice.addresses_reader`)."""
    context = document_context(candidates, argued)
    for c in candidates:
        v = voice(c)
        best = choose(scores(c, context),
                      c.first.rule_type or c.claim_type, RETYPED[v], MARGIN[v])
        for m in c.mentions:
            if best != m.claim_type:
                m.notes.append(f"type {best} by the learned model (rules: {m.claim_type})")
                m.claim_type = best
    return candidates
