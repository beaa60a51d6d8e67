"""What a denial answers: the `responds_to` the review file proposes for a denial candidate.

A denial ("denied / rejected / dismissed / ruled out …", "called the accusation baseless") answers
a claim someone else made. The review proposes the answered claim where it is in the table:

* a claim of the same extraction (another candidate, by another claimant, that is not a denial
  and is proposed with keep = yes):
  when the denial names only a reference ("denied the report", "rejected the accusations", "called
  it a fabrication"), the claim the text reported just before it (the first of that claimant's run
  of claims, which the later ones only detail); when it names what it denies ("denied supplying
  drones", "rejected accusations that it is supplying weapons"), the candidate whose words are
  most like it (rarity-weighted, as mentions are merged), nearby or, more alike, anywhere;
* else a claim already in the claims table by another claimant (`ClaimIndex.answered`).

The proposal is only a proposal: the review row shows it in `responds_to` with its reason in
`evidence`; the analyst keeps, changes or clears it before `accept`. Nothing is linked otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimbook.claims import names
from claimbook.sources.candidates import Candidate, Mention, content_tokens, idf_weights, similarity
from claimbook.sources.matching import ClaimIndex
from claimbook.sources.reporting_verbs import DENYING_FORMS

_VERB = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, DENYING_FORMS), key=len, reverse=True))
                   + r")\b", re.I)
_REFERENCE = (r"(?:reports?|accusations?|allegations?|claims?|charges?|suggestions?|assertions?|"
              r"stor(?:y|ies)|remarks?|statements?|information|rumou?rs?|speculation)")
# only a reference to what was said before: "the report", "these accusations", "it"
_ANAPHORIC = re.compile(rf"^\W*(?:(?:it|this|them|these|those)\b(?=\s*(?:[,.;:\"”]|$|(?:on|in|at|as|"
                        rf"and|but|saying|calling|outright|again)\b))|"
                        rf"(?:the|such|these|those|this|that|any|all|such)\s+(?:[\w-]+\s+)?"
                        rf"{_REFERENCE}\b(?!\s+(?:that|of|about|by)\b))", re.I)
# "accusations that …", "the reports of …": what follows is the content denied
_REFERENCE_THAT = re.compile(rf"^\W*(?:(?:the|any|all)\s+)?(?:[\w-]+\s+)?{_REFERENCE}\s+"
                             rf"(?:that|of|about)\s+", re.I)
NEARBY_PARAGRAPHS = 2  # a claim this close before the denial is answered at NEARBY similarity
NEARBY = 0.3
ANYWHERE = 0.4
COMPARED_MENTIONS = 3


@dataclass(frozen=True)
class Answer:
    """The claim a denial is proposed to answer: a candidate id (K…) or a claim id (C…)."""

    target: str
    reason: str


# "…," a spokeswoman said when asked about reports of troops moving to the border
_ASKED = re.compile(rf"\basked about\s+(?:the\s+)?{_REFERENCE}\s+(?:that|of|about)\s+(?P<c>.+)",
                    re.I)
# "That is simply false.", "This claim is untrue": a flat rejection of what was just said
_FLAT = re.compile(rf"^\W*(?:that|this|it|these|those|such)\b(?:\s+{_REFERENCE})?\s+(?:is|was|are|"
                   rf"were)\b", re.I)


# "the ministry's claims are false", "Moscow's allegations were untrue": what someone said,
# named by whose it is, judged in a denial without a denial verb
_WHOSE = re.compile(rf"^\W*(?:the\s+)?(?P<who>[\w.’' -]+?)['’]s?\s+(?:[\w-]+\s+)?{_REFERENCE}\s+"
                    rf"(?:is|are|was|were)\b", re.I)


def denied(text: str) -> tuple[str, bool]:
    """What a denial's text denies, and whether it only refers back ("denied the report",
    "the ministry's claims are false")."""
    if asked := _ASKED.search(text):
        return asked.group("c").strip(" .\"“”"), False
    m = _VERB.search(text)
    if m is None:
        return "", bool(_FLAT.match(text) or _WHOSE.match(text))
    rest = text[m.end():]
    if _ANAPHORIC.match(rest):
        return "", True
    rest = _REFERENCE_THAT.sub("", rest, count=1)
    return re.sub(r"^\W*that\s+", "", rest).strip(" .\"“”"), False


def _key(c: Candidate) -> str:
    return names.identity(c.claimant.name)


def _before(c: Candidate, at: int) -> Mention | None:
    """The last mention of `c` that starts before offset `at`."""
    earlier = [m for m in c.mentions if m.start < at]
    return earlier[-1] if earlier else None


def _reported_before(d: Candidate, others: list[Candidate]) -> Candidate | None:
    """The claim reported just before the denial, the first of its claimant's run; when the
    denial names whose claim it rejects ("the ministry's claims are false"), that claimant's."""
    at = d.first.start
    earlier = [(m, c) for c in others if (m := _before(c, at)) is not None]
    if (whose := _WHOSE.match(d.claim)) is not None:
        who = set(names.identity(whose.group("who")).split()) - {"the", "of"}
        theirs = [(m, c) for m, c in earlier if who & set(names.identity(c.claimant.name).split())]
        earlier = theirs or earlier
    reported = [(m, c) for m, c in earlier if c.claimant.claimant_type != "document"]
    earlier = reported or earlier  # what someone reported, before the document's own voice
    if not earlier:
        return None
    last, nearest = max(earlier, key=lambda mc: mc[0].start)
    run = [c for m, c in earlier if _key(c) == _key(nearest)
           and last.paragraph - m.paragraph <= 1]
    return min(run, key=lambda c: c.first.start)


def _most_alike(d: Candidate, tokens: frozenset[str], others: list[Candidate],
                idf: dict[str, float]) -> tuple[Candidate, float] | None:
    """The candidate most like what the denial denies: at NEARBY similarity if it was said in
    the paragraphs just before, at ANYWHERE if not; else the last one before it in its own
    paragraph that shares a word with it ("Iran has shipped … drones … Tehran denied supplying
    any drones")."""
    best: tuple[Candidate, float] | None = None
    at = d.first.start
    same_paragraph: list[tuple[int, Candidate, float]] = []
    for c in others:
        ms = c.mentions[:COMPARED_MENTIONS]
        score = max(similarity(tokens, m.tokens, idf) for m in ms)
        near = any(m.start < at and d.first.paragraph - m.paragraph <= NEARBY_PARAGRAPHS
                   for m in ms)
        if score >= (NEARBY if near else ANYWHERE) and (best is None or score > best[1]):
            best = (c, score)
        prior = _before(c, at)
        if score > 0 and prior is not None and prior.paragraph == d.first.paragraph:
            same_paragraph.append((prior.start, c, score))
    if best is None and same_paragraph:
        _, c, score = max(same_paragraph, key=lambda x: x[0])
        best = (c, score)
    return best


def propose(candidates: list[Candidate], existing: ClaimIndex | None = None) -> dict[str, Answer]:
    """candidate_id of each denial -> the claim it is proposed to answer (denials without one
    found are left out)."""
    idf = idf_weights([m for c in candidates for m in c.mentions])
    out: dict[str, Answer] = {}
    for d in candidates:
        if d.claim_type != "denial":
            continue
        # a claim proposed with keep = no is not one to link to (accept would not add it)
        others = [c for c in candidates if c is not d and c.claim_type != "denial"
                  and _key(c) != _key(d) and c.kept]
        content, refers_back = denied(d.first.quote)
        if not content and not refers_back:  # "X said the ministry's claims were false"
            content, refers_back = denied(d.claim)
        if refers_back:
            if (c := _reported_before(d, others)) is not None:
                out[d.candidate_id] = Answer(c.candidate_id, f"answers {c.candidate_id}, the "
                                             "claim reported before it (the denial names no "
                                             "content of its own)")
            continue
        tokens = content_tokens(content) - {"¬"}
        if not tokens:
            continue
        if (found := _most_alike(d, tokens, others, idf)) is not None:
            c, score = found
            out[d.candidate_id] = Answer(c.candidate_id, f"answers {c.candidate_id} "
                                         f"(what it denies is like it: {score:.2f})")
        elif existing is not None and (match := existing.answered(content, d.claimant.name)):
            out[d.candidate_id] = Answer(match.claim_id, f"answers {match.claim_id} in the claims "
                                         f"table (what it denies is like it: {match.score:.2f})")
    return out
