"""Sentences written in parentheses. The sentence splitter (`sentencex`) ends no sentence inside a
parenthesis nor right after one, so a report's parenthetical sentences and the sentence after them
came out as one: "(This is less than the 2023 proposal, which … banks. The 2026 proposal is a
re-proposal of the 2023 proposal.) However, three other recent rules would more than offset this
increase …" — one candidate, or none. Here a parenthesis closed by a sentence's stop ("….)")
and followed by a capital ends a sentence, and the sentences inside it are cut where the splitter
cuts its content read alone (its abbreviations are the splitter's, not a new rule)."""

from __future__ import annotations

import re

import sentencex

# a stop (and a closing quotation mark) before the closing parenthesis, then a new sentence
_CLOSED = re.compile(r"[.!?][\"”’]?\)(?=\s+[\"“‘(]?[A-Z])")


def cuts(text: str, start: int, end: int) -> list[int]:
    """Offsets in `text[start:end]` (one sentence as the splitter reads it) where a sentence ends
    beyond the splitter's cuts: after each parenthesis closed by a stop, and between the
    sentences inside it."""
    out: set[int] = set()
    for m in _CLOSED.finditer(text, start, end):
        opened = text.rfind("(", start, m.start())
        if opened < 0 or ")" in text[opened:m.start()]:
            continue
        out.add(m.end())
        at = opened + 1
        for piece in list(sentencex.segment("en", text[at:m.end() - 1]))[:-1]:
            at += len(piece)
            out.add(at)
    return sorted(c for c in out if start < c < end)
