"""Whether a place in a text is inside a quotation: one rule, read by every step that asks.

The rule: “ opens a quotation (or keeps one open), ” or ’’ closes it (or keeps it closed), and a
straight " turns it over: it opens one where none is open and closes the one that is, whichever
mark opened it. So the last curly mark before a place says whether a quotation is open there,
and each straight mark after it turns that over; `open_at` reads that from the marks' offsets
(a bisect), never by copying the text up to the place, so a long paragraph does not cost the
square of its length (issue 24, cost). Single quotation marks are not read: ’ is as often an
apostrophe.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

# Why a straight mark closes a curly quotation rather than nesting in it: pages mix their marks
# ("“…," she said", "“…’’ Will Moy told the BBC", '"…,” Sasse said', "“… at all times," he said,
# "maybe you’ll …”"), and a straight mark nested in a curly quotation is rare in news (none in the
# development parts). Read as nested, every curly quotation a page closes with a straight mark
# would leave the rest of its paragraph quoted; read as a close, a nested "…" only loses its own
# words to the writer.
SETS = {"“": True, "”": False, "’’": False}  # a curly mark sets whether a quotation is open
FLIP = '"'  # a straight mark turns it over
# the marks that can open a quotation (what a paragraph "opens with a quote" means)
OPENING = "".join(m for m, opens in SETS.items() if opens) + FLIP
MARKS = re.compile("|".join(map(re.escape, [*SETS, FLIP])))


def after(mark: str, inside: bool) -> bool:
    """Is a quotation open after `mark`, when one was open before it if `inside`?"""
    return not inside if mark == FLIP else SETS[mark]


@dataclass
class Marks:
    """The offsets of a text's quotation marks, in order: the curly ones (with whether each leaves
    a quotation open), the curly ones that close (and where each ends), and the straight ones."""

    curly: list[int] = field(default_factory=list)
    sets: list[bool] = field(default_factory=list)
    closing: list[int] = field(default_factory=list)
    closing_end: list[int] = field(default_factory=list)
    straight: list[int] = field(default_factory=list)


def marks(text: str) -> Marks:
    """The quotation marks of `text` (read afresh: for a text read once)."""
    out = Marks()
    for m in MARKS.finditer(text):
        if m.group() == FLIP:
            out.straight.append(m.start())
            continue
        out.curly.append(m.start())
        out.sets.append(SETS[m.group()])
        if not SETS[m.group()]:
            out.closing.append(m.start())
            out.closing_end.append(m.end())
    return out


@lru_cache(maxsize=2)
def view_marks(view: str) -> Marks:
    """`marks` of a text asked about again and again (a document's view), read once."""
    return marks(view)


def _state(at: Marks, a: int, b: int, opened: bool) -> bool:
    """Is a quotation open at offset `b`, reading the marks from offset `a` on, with one open at
    `a` if `opened`? (The last curly mark sets it, each straight mark after turns it over.)"""
    if a >= b:
        return opened
    last = bisect_left(at.curly, b) - 1
    if last >= 0 and at.curly[last] >= a:
        opened, a = at.sets[last], at.curly[last] + 1
    flips = bisect_left(at.straight, b) - bisect_left(at.straight, a)
    return opened != (flips % 2 == 1)


def open_at(view: str, a: int, b: int, opened: bool = False) -> bool:
    """Is a quotation open at offset `b` of `view`, reading from offset `a` (a paragraph's start)
    where one is open if `opened` (a quotation going on from the paragraph before)?"""
    return _state(view_marks(view), a, b, opened)


def left_open(text: str, opened: bool = False) -> bool:
    """Does `text` leave a quotation open at its end?"""
    return _state(marks(text), 0, len(text), opened)


def opens(view: str, a: int, b: int) -> bool:
    """Does the span `view[a:b]` open with a quotation mark (after its spaces)?"""
    return past_opening(view, a, b) > a


def past_opening(view: str, a: int, b: int) -> int:
    """Where the quotation mark the span `view[a:b]` opens with (after its spaces) ends, or `a`
    when it opens with none. Read without copying the span."""
    at, b = a, min(b, len(view))
    while at < b and view[at].isspace():
        at += 1
    return at + 1 if at < b and view[at] in OPENING else a


def closes_within(text: str) -> bool:
    """Does `text` hold a mark that closes a quotation (” ’’ or a straight mark)?"""
    return any(m.group() == FLIP or not SETS[m.group()] for m in MARKS.finditer(text))


def close_after(view: str, a: int, b: int) -> int:
    """Where the first mark in `view[a:b]` that closes a quotation (” ’’ or a straight mark)
    ends, or -1."""
    at = view_marks(view)
    k, j = bisect_left(at.closing, a), bisect_left(at.straight, a)
    curly = at.closing[k] if k < len(at.closing) else b
    straight = at.straight[j] if j < len(at.straight) else b
    if min(curly, straight) >= b:
        return -1
    return at.closing_end[k] if curly < straight else straight + 1


def mask(s: str) -> list[bool]:
    """True for each character of `s` inside a quotation, the marks that open and close it
    included."""
    out, inside, last = [False] * len(s), False, 0
    for m in MARKS.finditer(s):
        out[last:m.start()] = [inside] * (m.start() - last)
        now = after(m.group(), inside)
        out[m.start():m.end()] = [inside or now] * (m.end() - m.start())
        inside, last = now, m.end()
    out[last:] = [inside] * (len(s) - last)
    return out


def unquoted(s: str) -> str:
    """`s` with what its quotations say (and their marks) blanked out, offsets kept."""
    return "".join(" " if inside else ch for ch, inside in zip(s, mask(s), strict=True))
