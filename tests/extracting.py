"""Helpers of the extraction tests: a text's candidates, the candidate that quotes some words."""

from __future__ import annotations

from claimbook.sources import extract


def cands(text: str, publisher: str = "Test Wire", published: str = "2025-10-08"
          ) -> list[extract.Candidate]:
    """The candidates extraction proposes for `text`, a story of `publisher` on `published`."""
    return extract.extract(text, publisher, published)


def find(cs: list[extract.Candidate], words: str) -> extract.Candidate:
    """The first candidate with a mention quoting `words` (fails naming every candidate)."""
    hits = [c for c in cs if any(words in m.quote for m in c.mentions)]
    assert hits, f"no candidate quotes {words!r}: {[c.claim for c in cs]}"
    return hits[0]


def types_by_word(cs: list[extract.Candidate], words: tuple[str, ...]) -> dict[str, str]:
    """Each candidate's claim type, keyed by the first of `words` its claim holds (every candidate
    must hold one: a candidate that holds none fails the test)."""
    return {next(w for w in words if w in c.claim): c.claim_type for c in cs}
