"""A document's apparatus: what it says about itself and what it sets beside its text, kept in the
source's text but never read for claims (`segment` marks the paragraphs, `sentences` skips them).

* **Back matter**: what stands under a heading of the document's notices about itself (a report's
  disclaimer, its authors, its terms), up to the next heading.
* **Exhibits**: a table or figure, from its numbered caption ("Table 1. Recent Rulemakings …",
  "Figure 2: …") through its cells to the source and notes lines that close it ("Source: CRS.",
  "Notes: Late filers are not included."). A table's cells ("Would standardize and simplify the
  capital calculations …"), its caption and its notes are not sentences anyone asserts: what the
  document claims about its tables it says in its text ("Table 1 presents …", which no caption
  pattern matches: a caption's number is followed by a stop, a colon or a dash). An exhibit is
  closed within the page after its caption's (a table runs on over one page break at most) and
  MAX_EXHIBIT_PARAGRAPHS; a caption with no closing line before the next caption marks itself
  alone.
"""

from __future__ import annotations

import re

from claimbook.sources.fulltext import PAGE_BREAK

# Headings of a document's notices about itself: what stands under them is no claim of anyone's
BACK_MATTER_HEADINGS = frozenset({
    "disclaimer", "legal disclaimer", "legal notice", "copyright notice", "terms of use",
    "author information", "about the author", "about the authors",
})
_CAPTION = re.compile(r"\s*(?:Table|Figure|Exhibit|Chart|Map|Box)\s+[A-Z]?\d{1,3}[a-z]?"
                      r"(?:\.\d{1,2})?\s*[.:–—-]\s")
_CLOSING = re.compile(r"\s*(?:Sources?|Notes?|Data source)\s*:\s*\S", re.IGNORECASE)
MAX_EXHIBIT_PARAGRAPHS = 60

Span = tuple[int, int, bool]  # a paragraph's start, end, and whether it is a heading


def back_matter(text: str, paras: list[Span]) -> set[int]:
    """The paragraphs under a back-matter heading (its last line: a short heading line is glued
    to the title line above it at times), up to the next heading."""
    out, under = set(), False
    for k, (start, end, heading) in enumerate(paras):
        if heading:
            last = text[start:end].strip().splitlines()[-1]
            under = last.strip().rstrip(":").lower() in BACK_MATTER_HEADINGS
        elif under:
            out.add(k)
    return out


def exhibits(text: str, paras: list[Span]) -> set[int]:
    """The paragraphs of the document's tables and figures (see the module's docstring)."""
    out: set[int] = set()
    k = 0
    while k < len(paras):
        if not _CAPTION.match(text, paras[k][0]):
            k += 1
            continue
        end = k  # the caption alone, unless its source or notes close it
        for j in range(k + 1, min(len(paras), k + 1 + MAX_EXHIBIT_PARAGRAPHS)):
            if _CAPTION.match(text, paras[j][0]) \
                    or text.count(PAGE_BREAK, paras[k][0], paras[j][0]) > 1:
                break
            if _CLOSING.match(text, paras[j][0]):
                end = j
                while end + 1 < len(paras) and _CLOSING.match(text, paras[end + 1][0]):
                    end += 1
                break
        out.update(range(k, end + 1))
        k = end + 1
    return out
