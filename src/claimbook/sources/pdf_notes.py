"""A PDF page's footnotes: the font size of each of its lines (from pypdf), the block of notes at
its foot (set smaller than its text, opening with a note's number), and where the notes go in the
page's stored text so that they stay on their page but never stand between the halves of a
sentence that runs on into the next page (`fulltext.pdf_text` uses them); and, in the stored text,
which paragraphs are the report's numbered notes (`segment` reads them)."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

_NOTE = re.compile(r"(\d{1,3})\s+\S")  # a footnote's first line opens with its number
_SENTENCE_END = re.compile(r"[.!?:][\"”’)\]]*\d{0,3}$")  # "… the floor.13" ends a sentence
APART = "\n\n"  # around and between a page's notes in the stored text: a blank line
_SENTENCE_START = re.compile(r"[.!?][\"”’)\]]*\d{0,3}\s+(?=[\"“(]?[A-Z])")  # before a sentence


def page_text(page: Any) -> tuple[str, list[float] | None]:
    """A page's text (pypdf's) and the font size of each of its non-empty lines: the size most of
    the line's characters are set in, in points on the page (the text matrix's scale applied);
    None when the pieces pypdf reports do not make up its text."""
    parts: list[tuple[str, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        c, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
        parts.append((text, abs(size) * math.hypot(c, d)))

    text = page.extract_text(visitor_text=visit) or ""
    if "".join(piece for piece, _ in parts) != text:
        return text, None
    each = [size for piece, size in parts for _ in piece]  # a size for each character
    sizes, at = [], 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            count = Counter(each[at + i] for i, ch in enumerate(line) if not ch.isspace())
            sizes.append(round(count.most_common(1)[0][0], 1))
        at += len(line)
    return text, sizes


def footnotes(lines: list[list[str]], sizes: list[list[float] | None],
              removed: list[set[int]]) -> list[set[int]]:
    """For each page (its non-empty lines, their font sizes or None, its running lines), the
    indices of its footnote block: from a line opening with a note's number ("1 See …") set
    smaller than the page's text above it (the size most of those characters are set in), on
    through the smaller lines after it, when no line after the block is set at the text's size
    (a small-type table or caption in the middle of a page is not a footnote block; a drop
    capital below the notes, larger, does not stop one); and, when the page before has a block,
    the lines just above it set as its first line is (the end of a note run on from that page)."""
    out: list[set[int]] = [set() for _ in lines]
    for p, (page, size) in enumerate(zip(lines, sizes, strict=True)):
        if size is None or len(size) != len(page):
            continue
        kept = [i for i in range(len(page)) if i not in removed[p]]
        above: Counter[float] = Counter()
        for k, i in enumerate(kept):
            text = above.most_common(1)[0][0] if above else 0.0
            if size[i] < text - 0.5 and _NOTE.match(page[i]):
                rest = kept[k:]
                block = rest[:next((n for n, j in enumerate(rest) if size[j] >= text - 0.5),
                                   len(rest))]
                if all(abs(size[j] - text) > 0.5 for j in rest[len(block):]):
                    start = k  # a note run on from the page before, set as the notes are
                    while p and out[p - 1] and start and abs(size[kept[start - 1]] - size[i]) <= 0.5:
                        start -= 1
                    out[p] = set(kept[start:k] + block)
                    break
            above[size[i]] += len(page[i])
    return out


def ends_sentence(lines: list[str]) -> bool:
    """Does a page's text end a sentence (or is it empty)? A note's number may follow the stop."""
    return not lines or bool(_SENTENCE_END.search(lines[-1]))


def split_notes(lines: list[str]) -> list[list[str]]:
    """A footnote block's lines, note by note: a line opening with the number after the last
    note's starts the next one."""
    notes: list[list[str]] = []
    number = None
    for line in lines:
        m = _NOTE.match(line)
        if m and (number is None or int(m.group(1)) == number + 1):
            number = int(m.group(1))
            notes.append([line])
        elif notes:
            notes[-1].append(line)
        else:
            notes.append([line])
    return notes


def with_notes(text: str, notes: str, runs_on: bool, ran_on: bool) -> str:
    """A page's text with its notes (`notes`: one a line), set off by a blank line on each side
    and between them (each a paragraph of its own, whatever the line before ends with: "… the
    floor.13"): after the text; or, when it runs on into the next page, before the paragraph that
    does (before the last sentence when the page is one paragraph that began on the page before),
    so the notes stay on their page and out of the sentence."""
    if not notes:
        return text
    notes = notes.replace("\n", APART)
    if not text:
        return notes
    if runs_on:
        cut = text.rfind("\n") + 1
        if cut == 0 and ran_on:
            starts = list(_SENTENCE_START.finditer(text))
            cut = starts[-1].end() if starts else 0
            if cut:
                return text[:cut].rstrip() + APART + notes + APART + text[cut:]
        if cut:
            return text[:cut].rstrip("\n") + APART + notes + APART + text[cut:]
        if not ran_on:
            return notes + APART + text
    return text + APART + notes


# A report's note in its text: its number, then the note ("14 Prior to 1839, Speakers were …")
NOTE_NUMBER = re.compile(r"\s*(\d{1,3})\s+(?=[A-Z“\"(])")


def numbered(text: str, spans: list[tuple[int, int] | None]) -> dict[int, tuple[int, int]]:
    """Which of the paragraphs (`spans` of `text`, None for one that cannot be a note) are a
    report's numbered notes: a number opens it and the number before or after it opens another.
    Index -> (the note's number, where its text starts)."""
    numbers = {k: (int(m.group(1)), m.end()) for k, span in enumerate(spans)
               if span is not None and (m := NOTE_NUMBER.match(text, *span))}
    found = {n for n, _ in numbers.values()}
    return {k: v for k, v in numbers.items() if v[0] - 1 in found or v[0] + 1 in found}
