"""One claim across documents: does a text restate a claim already in the table?

A claim restated in a second article is the same claim with a second mention, not a second
claim. Two claims are taken for one when their claimants are one (`names.identity`),
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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from claimbook.claims import names
from claimbook.claims.dates import DateError, PartialDate, parse_partial_date
from claimbook.store.typed import equal_codes, joined_strings

PROPOSE = 0.88
ANSWERED = 0.86  # what a denial denies, against another claimant's claim (responses.py)
DUPLICATE = 0.95
# likely duplicates: each claim is compared with this many neighbours in each of two orders
WINDOW = 16
SLICE = 65_536  # texts normalized, sorted by word or put in order at a time (a multiple of BLOCK)
BLOCK = 16  # texts compared in one call: larger calls waste comparisons, smaller ones calls
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


def normalized_all(texts: pd.Series) -> pa.Array:
    """`normalized` of every text as one Arrow array, ASCII ones by pyarrow at once (for them
    lowercasing is casefolding and \\w is [A-Za-z0-9_]: the same words), others one by one."""
    if len(texts) > SLICE:  # a slice at a time: a million texts' temporaries are not held at once
        return joined_strings([normalized_all(texts.iloc[i:i + SLICE])  # each slice let go
                               for i in range(0, len(texts), SLICE)], large=True)  # when copied
    arr = pa.array(texts.astype(str), type=pa.large_string(), from_pandas=True)
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    fast = pc.utf8_trim_whitespace(pc.replace_substring_regex(
        pc.ascii_lower(arr), r"[^a-z0-9_]+", " "))
    other = ~pc.string_is_ascii(arr).to_numpy(zero_copy_only=False)
    if not other.any():
        return fast
    slow = pa.array([normalized(texts.iat[i]) for i in np.flatnonzero(other)],
                    type=pa.large_string())
    return pc.replace_with_mask(fast, pa.array(other), slow)


def negations(normalized_text: str) -> frozenset[str]:
    """The negating words of a normalized text ("t" is what is left of "n't")."""
    return frozenset(w for w in normalized_text.split() if w in NEGATIONS)


def same_polarity(a: str, b: str) -> bool:
    """Normalized texts negate alike, or one holds the other whole (a claim restated inside a
    longer sentence: what it adds, "could not confirm", does not negate the claim itself)."""
    return negations(a) == negations(b) or a in b or b in a


def _claimant_key(name: str) -> str:
    return names.identity(str(name))  # one claimant, one identity (case, normal form, invisibles)


def similarity(a: str, b: str) -> float:
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
        text = normalized(claim)
        group = [c for c in self._by_claimant.get(_claimant_key(claimant), [])
                 if dates_compatible(c[2], date) and same_polarity(c[1], text)]
        return _most_like(text, group, threshold) if group else None

    def answered(self, denied: str, claimant: str, threshold: float = ANSWERED) -> Match | None:
        """The claim of another claimant most like what a denial denies (rapidfuzz's WRatio,
        which also finds it inside a longer claim), if any reaches `threshold`."""
        own = _claimant_key(claimant)
        group = [c for key, claims in self._by_claimant.items() if key != own for c in claims]
        text = normalized(denied)
        if not group or len(text.split()) < 3:
            return None
        return _most_like(text, group, threshold)


def _most_like(text: str, group: list[tuple[str, str, str]], threshold: float) -> Match | None:
    """The claim of `group` (claim_id, normalized text, date) most like `text` by rapidfuzz's
    WRatio, if any reaches `threshold`."""
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
    order (`duplicate_pairs`, each as a `Duplicate`)."""
    return duplicate_pairs(claims, threshold).first(None)


@dataclass(frozen=True)
class DuplicatePairs:
    """Likely duplicate pairs as row positions and scores, in table order: a million claims
    may hold a million pairs, which are counted without becoming a million objects."""

    ids: pd.Series
    claimants: pd.Series
    rows: np.ndarray  # (n, 2): first and second row of each pair
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.scores)

    def first(self, n: int | None) -> list[Duplicate]:
        """The first `n` pairs (all with None) as `Duplicate`s."""
        return [Duplicate(str(self.ids.iat[i]), str(self.ids.iat[j]),
                          str(self.claimants.iat[i]), float(s))
                for (i, j), s in zip(self.rows[:n], self.scores[:n], strict=True)]


def duplicate_pairs(claims: pd.DataFrame, threshold: float = DUPLICATE) -> DuplicatePairs:
    """Pairs of claims of one claimant with near-identical text and compatible dates, in table
    order.

    Comparing every pair grows as n² (a million claims took minutes), so each claim is compared
    only with its WINDOW nearest neighbours among its claimant's claims, twice: sorted by its
    words as token-sort compares them, and by that text backwards (a pair that differs in its
    first word still shares its end). A claimant with at most WINDOW + 1 distinct texts is
    compared pair by pair; identical texts are always found (each paired with the first).
    Cost: at most 2 × WINDOW comparisons a claim."""
    ids = claims["claim_id"].astype(str).reset_index(drop=True)
    who = claims["claimant"].astype(str).reset_index(drop=True)
    none = DuplicatePairs(ids, who, np.zeros((0, 2), dtype=np.int64), np.zeros(0))
    if len(claims) < 2:
        return none
    texts = normalized_all(claims["claim"])
    dates = _dates(claims)
    del claims  # its claim column (the largest) is not needed past here
    spelled, names = pd.factorize(who)  # claimants in order of their first claim
    group = pd.factorize(pd.Series(names).map(_claimant_key).to_numpy())[0][spelled]
    words = equal_codes(texts)  # which texts are the same, without a dictionary of them
    same_first, same_second, distinct = _identical(group, words)
    near = _neighbours(group, texts, distinct, threshold)
    # identical texts negate alike; texts that are only near must be asked
    near = {pair: score for pair, score in near.items()
            if same_polarity(texts[pair[0]].as_py(), texts[pair[1]].as_py())}
    first = np.concatenate([same_first, np.array([p[0] for p in near], dtype=np.int64)])
    second = np.concatenate([same_second, np.array([p[1] for p in near], dtype=np.int64)])
    scores = np.concatenate([np.ones(len(same_first)), np.array(list(near.values()), dtype=float)])
    if not len(first):
        return none
    order = np.lexsort((second, first, group[first]))  # table order, claimant by claimant
    first, second, scores = first[order], second[order], scores[order]
    keep = _dates_compatible_rows(dates, first, second)
    return DuplicatePairs(ids, who, np.stack([first[keep], second[keep]], axis=1), scores[keep])


REPORTED_LATER_DAYS = 7


def _dates_compatible_rows(dates: Iterable[str], first: np.ndarray, second: np.ndarray
                           ) -> np.ndarray:
    """`dates_compatible` of each row pair, each distinct date parsed once."""
    dates = dates if isinstance(dates, pd.Series) else pd.Series(list(dates), dtype=object)
    codes, distinct = pd.factorize(dates.reset_index(drop=True).fillna(""))
    bounds = [_interval(str(d)) for d in distinct]
    start = np.array([b.start.toordinal() if b else -1 for b in bounds], dtype=np.int64)
    end = np.array([b.end.toordinal() if b and b.end else -1 for b in bounds], dtype=np.int64)
    a, b = codes[first], codes[second]
    undated = (start[a] < 0) | (start[b] < 0)
    near = REPORTED_LATER_DAYS  # a restatement dated by a later story (issue 24) still warns
    return undated | ((start[a] <= end[b] + near) & (start[b] <= end[a] + near))


def _identical(group: np.ndarray, words: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows whose claimant and words (`words`: a code per distinct text) are the same, each
    (first such row, row); and the first row of each distinct claimant and text, in order."""
    key = group.astype(np.int64) * (int(words.max(initial=0)) + 1) + words
    _, first_of_key, which = np.unique(key, return_index=True, return_inverse=True)
    first = first_of_key[which.ravel()]
    again = np.flatnonzero(first != np.arange(len(key)))
    return first[again].astype(np.int64), again.astype(np.int64), np.sort(first_of_key)


def _neighbours(group: np.ndarray, texts: pa.Array, rows: np.ndarray, threshold: float
                ) -> dict[tuple[int, int], float]:
    """Row pairs (earlier, later) of one claimant, WINDOW or fewer apart in either sort order
    of their distinct texts (`rows`: the first row of each), whose token-sort ratio reaches
    threshold."""
    # the distinct rows' texts taken a slice at a time: no second copy of a million texts
    # (joined_strings: each slice let go once copied, not all of them beside the whole)
    words = joined_strings([_sorted_words(texts.take(pa.array(rows[i:i + SLICE])))
                            for i in range(0, max(len(rows), 1), SLICE)], large=True)
    found: dict[tuple[int, int], float] = {}
    for backwards in (False, True):
        order = _sort_order(group[rows], words, backwards)
        for a, b, score in _window_pairs(group[rows][order], words, order, threshold):
            x, y = sorted((int(rows[order[a]]), int(rows[order[b]])))
            found[x, y] = score
    return found


def _sort_order(group: np.ndarray, words: pa.Array, backwards: bool) -> np.ndarray:
    """Positions of `words` in order of group, then of text (`backwards`: of the text read
    backwards), ties in position order: one stable sort of the whole, done a run of whole
    groups of about SLICE texts at a time, so a million texts are never reversed at once."""
    by_group = np.argsort(group, kind="stable")
    sorted_groups = group[by_group]
    starts = np.flatnonzero(np.diff(sorted_groups)) + 1  # where each group after the first begins
    pieces, start, rows = [], 0, SLICE
    while start < len(by_group):
        later = starts[starts > start]  # a piece ends where a group begins, past `rows` if one must
        fitting = later[later <= start + rows]
        end = int(fitting[-1] if len(fitting) else later[0] if len(later) else len(by_group))
        if start + rows >= len(by_group):
            end = len(by_group)
        at = by_group[start:end]
        piece = words.take(pa.array(at))
        key = pc.utf8_reverse(piece) if backwards else piece
        within = pc.sort_indices(pa.table({"g": sorted_groups[start:end], "k": key}),
                                 sort_keys=[("g", "ascending"), ("k", "ascending")])
        pieces.append(at[within.to_numpy()])
        start = end
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int64)


def _sorted_words(texts: pa.Array) -> pa.Array:
    """Each normalized text's words sorted, one space apart (what token-sort compares)."""
    if len(texts) > SLICE:  # a slice at a time: each word of a million texts is a list item
        return pa.concat_arrays([_sorted_words(texts.slice(i, SLICE))
                                 for i in range(0, len(texts), SLICE)])
    lists = pc.split_pattern(texts, " ")
    counts = pc.list_value_length(lists).fill_null(0).to_numpy()
    parent = np.repeat(np.arange(len(texts)), counts)
    flat = pa.table({"p": parent, "w": pc.list_flatten(lists)})
    flat = flat.take(pc.sort_indices(flat, sort_keys=[("p", "ascending"), ("w", "ascending")]))
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    lists = pa.LargeListArray.from_arrays(pa.array(offsets), flat["w"].combine_chunks())
    return pc.binary_join(lists, pa.scalar(" ", pa.large_string()))


def _window_pairs(group: np.ndarray, words: pa.Array, order: np.ndarray, threshold: float
                  ) -> Iterable[tuple[int, int, float]]:
    """Positions (a, b), a < b <= a + WINDOW, in `order` of `words`, of one group whose texts'
    ratio reaches threshold.

    Of texts whose words are sorted, the token-sort ratio is the plain ratio. rapidfuzz's cdist
    compares a block of BLOCK texts with the block and the WINDOW after it at once, several
    times faster a comparison than pair by pair. The texts are put in order a SLICE at a time
    (SLICE is a multiple of BLOCK), not all at once: a million texts are not copied whole."""
    piece, piece_start = None, -1
    for start in range(0, len(order) - 1, BLOCK):
        if piece is None or start >= piece_start + SLICE:
            piece_start = start
            piece = words.take(pa.array(order[start:start + SLICE + WINDOW]))
        choices = piece.slice(start - piece_start, BLOCK + WINDOW).to_pylist()
        queries = choices[:BLOCK]
        scores = process.cdist(queries, choices, scorer=fuzz.ratio, score_cutoff=threshold * 100)
        q, c = np.nonzero(scores)
        keep = (c > q) & (c - q <= WINDOW)
        keep &= group[start + q] == group[start + c]
        for i, j in zip(q[keep], c[keep], strict=True):
            yield start + int(i), start + int(j), float(scores[i, j]) / 100
