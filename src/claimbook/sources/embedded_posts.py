"""Social-media posts a page embeds: the post's text, then its signature line.

A news page quotes a post by embedding it: its text as a paragraph, then "— Josh Apte (@joshapte)
November 3, 2019". The paragraph is the author's words, said on the signature's date, not the
page's own voice; the signature itself is no claim (`segment` reads it as a heading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimbook.claims.dates import PartialDate
from claimbook.sources import textdates
from claimbook.sources.segment import Paragraph

# "— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019": a dash, the author's name, the handle,
# the date the post was made
SIGNATURE = re.compile(r"^[—–-]\s*(?P<author>[^()@\n]{2,80}?)\s*\(@\w{1,30}\)\s*(?P<date>[^\n]{4,40})$")


@dataclass(frozen=True)
class Post:
    author: str
    date: PartialDate


def posts(view: str, paragraphs: list[Paragraph], published: PartialDate) -> dict[int, Post]:
    """paragraph index -> the post it is, for each paragraph a signature line follows."""
    out: dict[int, Post] = {}
    for k in range(1, len(paragraphs)):
        p = paragraphs[k]
        m = SIGNATURE.match(view[p.start:p.end].strip())
        if m is None or not p.is_heading or paragraphs[k - 1].is_heading:
            continue
        found = textdates.first_date(m.group("date"), published)
        if found is not None:
            out[k - 1] = Post(m.group("author").strip(), found.value)
    return out
