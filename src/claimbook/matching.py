"""One claim across documents: does a text restate a claim already in the table?

A claim restated in a second article is the same claim with a second mention, not a second
claim. Two claims are taken for one when their claimants are the same (case and spacing aside),
their dates are compatible (either undated, or the intervals overlap), they negate alike (one
"never" or "not" more is another claim, however similar the rest) and their texts are similar,
compared as words, lowercased and without punctuation:

* `extract` proposes the id of the best match by rapidfuzz's WRatio at or above PROPOSE (it
  also finds a claim restated inside a longer sentence); the analyst confirms or clears it in
  the review file;
* `validate` warns of pairs whose token-sort ratio is at or above DUPLICATE ("near-identical").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from claimbook.dates import DateError, PartialDate, parse_partial_date

PROPOSE = 0.88
DUPLICATE = 0.95
# a claimant with more claims than this is compared by exact text only (pairs grow as n²)
MAX_FUZZY_GROUP = 2_000
_WORD = re.compile(r"\w+")
NEGATIONS = frozenset({"not", "no", "never", "nor", "none", "nothing", "neither", "nobody", "t",
                       "without", "deny", "denied", "denies", "denying", "rejected", "rejects"})


@dataclass(frozen=True)
class Match:
    claim_id: str
    score: float  # 0..1


def normalized(text: str) -> str:
    """The words of a claim, lowercased, one space apart (what similarity compares)."""
    return " ".join(_WORD.findall(str(text).casefold()))


def negations(normalized_text: str) -> frozenset[str]:
    """The negating words of a normalized text ("t" is what is left of "n't")."""
    return frozenset(w for w in normalized_text.split() if w in NEGATIONS)


def same_polarity(a: str, b: str) -> bool:
    """Normalized texts negate alike, or one holds the other whole (a claim restated inside a
    longer sentence: what it adds, "could not confirm", does not negate the claim itself)."""
    return negations(a) == negations(b) or a in b or b in a


def _claimant_key(name: str) -> str:
    return " ".join(str(name).casefold().split())


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.token_sort_ratio(normalized(a), normalized(b)) / 100


def _interval(text: str) -> PartialDate | None:
    try:
        d = parse_partial_date(text or "")
    except DateError:
        return None
    return d if d.start is not None else None


def dates_compatible(a: str, b: str) -> bool:
    """Either undated, or the two reduced-precision dates' intervals overlap."""
    x, y = _interval(a), _interval(b)
    if x is None or y is None:
        return True
    assert x.end is not None and y.end is not None and y.start is not None
    return x.start <= y.end and y.start <= x.end


class ClaimIndex:
    """The claims already in the table, by claimant, for finding the one a candidate restates."""

    def __init__(self, claims: pd.DataFrame) -> None:
        self._by_claimant: dict[str, list[tuple[str, str, str]]] = {}
        for cid, text, claimant, date in zip(claims["claim_id"], claims["claim"],
                                             claims["claimant"], _dates(claims), strict=True):
            self._by_claimant.setdefault(_claimant_key(claimant), []).append(
                (str(cid), normalized(text), date))

    def best(self, claim: str, claimant: str, date: str, threshold: float = PROPOSE
             ) -> Match | None:
        """The most similar claim of the same claimant with a compatible date, if any reaches
        `threshold`."""
        from rapidfuzz import fuzz, process

        text = normalized(claim)
        group = [c for c in self._by_claimant.get(_claimant_key(claimant), [])
                 if dates_compatible(c[2], date) and same_polarity(c[1], text)]
        if not group:
            return None
        found = process.extractOne(text, [c[1] for c in group], scorer=fuzz.WRatio,
                                   score_cutoff=threshold * 100)
        if found is None:
            return None
        _, score, index = found
        return Match(group[index][0], score / 100)


def _dates(claims: pd.DataFrame) -> Iterable[str]:
    return claims["date"].astype("string").fillna("") if "date" in claims else [""] * len(claims)


@dataclass(frozen=True)
class Duplicate:
    first: str
    second: str
    claimant: str
    score: float


def likely_duplicates(claims: pd.DataFrame, threshold: float = DUPLICATE) -> list[Duplicate]:
    """Pairs of claims of one claimant with near-identical text and compatible dates, in table
    order. A claimant with more than MAX_FUZZY_GROUP claims is checked for identical text only."""
    from rapidfuzz import fuzz, process

    out: list[Duplicate] = []
    frame = pd.DataFrame({"id": claims["claim_id"].astype(str), "text": claims["claim"].map(normalized),
                          "who": claims["claimant"].astype(str), "date": list(_dates(claims))})
    for _, group in frame.groupby(frame["who"].map(_claimant_key), sort=False):
        if len(group) < 2:
            continue
        ids, texts, dates = list(group["id"]), list(group["text"]), list(group["date"])
        pairs: list[tuple[int, int, float]] = []
        if len(group) > MAX_FUZZY_GROUP:
            seen: dict[str, int] = {}
            for j, t in enumerate(texts):
                if t in seen:
                    pairs.append((seen[t], j, 1.0))
                else:
                    seen[t] = j
        else:
            scores = process.cdist(texts, texts, scorer=fuzz.token_sort_ratio,
                                   score_cutoff=threshold * 100)
            for i in range(len(texts)):
                for j in range(i + 1, len(texts)):
                    if scores[i, j]:
                        pairs.append((i, j, float(scores[i, j]) / 100))
        for i, j, score in pairs:
            if dates_compatible(dates[i], dates[j]) and same_polarity(texts[i], texts[j]):
                out.append(Duplicate(ids[i], ids[j], str(group["who"].iloc[i]), score))
    return out
