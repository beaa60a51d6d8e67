"""Helpers of the extraction tests: the candidate that quotes some words."""

from __future__ import annotations

from claimbook.sources import extract


def find(cs: list[extract.Candidate], words: str) -> extract.Candidate:
    """The first candidate with a mention quoting `words` (fails naming every candidate)."""
    hits = [c for c in cs if any(words in m.quote for m in c.mentions)]
    assert hits, f"no candidate quotes {words!r}: {[c.claim for c in cs]}"
    return hits[0]
