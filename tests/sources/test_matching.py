"""Likely duplicates cost near-linear work and still find what comparing every pair finds:
the fuzzy comparisons of one claimant's n claims grow as n, not n²; a near-identical pair
buried among thousands of one claimant's claims is found, whichever end of its words differs;
and on a claimant with few claims the pairs are exactly those of comparing every pair (a text
stated three times or more paired with its first statement only)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from rapidfuzz import fuzz, process

from claimbook.sources import matching

# The claims below are written for these tests: random words of a made-up vocabulary, so that
# no two are alike unless a test makes them so.
VOCABULARY = [f"{a}{b}{c}" for a in "bdfgklmnprstvz" for b in "aeiou" for c in "lmnrstx"]


def claims(n: int, seed: int = 1, claimant: str = "Ministry") -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    words = np.array(VOCABULARY)[rng.integers(0, len(VOCABULARY), (n, 9))]
    return pd.DataFrame({"claim_id": [f"T{i:05d}" for i in range(n)],
                         "claim": [" ".join(w).capitalize() + "." for w in words],
                         "claimant": claimant, "date": ""})


def comparisons(monkeypatch: pytest.MonkeyPatch, table: pd.DataFrame) -> int:
    """How many text pairs rapidfuzz scored while looking for duplicates in `table`."""
    counted = [0]
    cdist = process.cdist

    def counting(queries, choices, **kwargs):  # type: ignore[no-untyped-def]
        counted[0] += len(queries) * len(choices)
        return cdist(queries, choices, **kwargs)

    monkeypatch.setattr(process, "cdist", counting)
    matching.likely_duplicates(table)
    return counted[0]


def test_comparisons_grow_linearly_with_one_claimants_claims(
        monkeypatch: pytest.MonkeyPatch) -> None:
    small, large = (comparisons(monkeypatch, claims(n)) for n in (600, 1800))
    assert small > 0
    assert large <= 3.3 * small  # three times the claims: about three times the work, not nine
    assert large <= 100 * 1800


@pytest.mark.parametrize("edit", ["first", "last"])
def test_a_near_identical_pair_among_thousands_of_one_claimants_claims_is_found(
        edit: str) -> None:
    table = claims(3000)
    words = table["claim"].iat[1234].rstrip(".").split()
    ordered = sorted(w.casefold() for w in words)
    # one letter more in the word that sorts first (or last): a restatement with a typo
    target = ordered[0] if edit == "first" else ordered[-1]
    changed = [w + "s" if w.casefold() == target else w for w in words]
    table.loc[2999, "claim"] = " ".join(changed) + "!"
    found = {(d.first, d.second) for d in matching.likely_duplicates(table)}
    assert found == {("T01234", "T02999")}


def test_few_claims_get_exactly_the_pairs_of_comparing_every_pair() -> None:
    base = claims(12, seed=3)
    texts = list(base["claim"])
    restated = [texts[0].replace(".", "!"), texts[1] + " s", texts[0], "Not " + texts[2]]
    table = pd.DataFrame({"claim_id": [f"T{i:02d}" for i in range(16)],
                          "claim": texts + restated, "claimant": "Ministry",
                          "date": [""] * 15 + ["2025-07"]})
    table.loc[2, "date"] = "2024"  # and C15 says "not": neither makes a pair
    normalized = [matching.normalized(t) for t in table["claim"]]
    expected = []
    for i, j in itertools.combinations(range(len(table)), 2):
        a, b = normalized[i], normalized[j]
        if a in normalized[:i] and a == b:
            continue  # a text stated three times: each restatement paired with the first
        score = fuzz.token_sort_ratio(a, b) / 100
        if (score >= matching.DUPLICATE and matching.same_polarity(a, b)
                and matching.dates_compatible(table["date"].iat[i], table["date"].iat[j])):
            expected.append((table["claim_id"].iat[i], table["claim_id"].iat[j], score))
    got = [(d.first, d.second, d.score) for d in matching.likely_duplicates(table)]
    assert len(expected) >= 3
    assert [g[:2] for g in got] == [e[:2] for e in expected]
    assert [g[2] for g in got] == pytest.approx([e[2] for e in expected])


def test_claimants_are_compared_apart_and_spelled_alike_together() -> None:
    table = pd.concat([claims(2, seed=5, claimant="Ministry"), claims(2, seed=5, claimant="Army"),
                       claims(1, seed=5, claimant=" ministry ")], ignore_index=True)
    table["claim_id"] = [f"T{i}" for i in range(len(table))]
    found = [(d.first, d.second) for d in matching.likely_duplicates(table)]
    assert found == [("T0", "T4")]  # not T0 and T2: the same text, another claimant


def test_pairs_do_not_depend_on_how_many_texts_are_put_in_order_at_a_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The texts are sorted a run of claimants at a time (about SLICE texts, a claimant never
    cut): the pairs and scores are those of sorting them all at once."""
    rng = np.random.default_rng(5)
    table = claims(4000, seed=9)
    table["claimant"] = [f"Speaker {min(int(z), 40)}" for z in rng.zipf(1.5, len(table))]
    for i in range(0, 3000, 7):  # near copies whose first or last word differs
        words = table["claim"].iat[i].rstrip(".").split()
        words[0 if i % 2 else -1] += "s"
        table.loc[i + 1000, ["claim", "claimant"]] = [" ".join(words) + ".",
                                                      table["claimant"].iat[i]]
    whole = matching.duplicate_pairs(table)
    monkeypatch.setattr(matching, "SLICE", 64)  # many runs; a multiple of BLOCK
    pieces = matching.duplicate_pairs(table)
    assert len(whole) > 300
    assert np.array_equal(whole.rows, pieces.rows)
    assert np.array_equal(whole.scores, pieces.scores)
