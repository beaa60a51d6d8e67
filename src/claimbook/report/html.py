"""HTML primitives of every report page: text from the data escaped (and its control characters
and bidirectional overrides made visible), links that cannot run script, type chips and dates.

Every text that comes from the data passes through `esc`, `text` or `link`: source text is
untrusted, shown as text and never interpreted as HTML, Markdown or LaTeX.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlparse

import pandas as pd

from claimbook.claims import schema
from claimbook.claims.control_chars import visible

PRECISION_WORDS = {"day": "day", "month": "month", "quarter": "quarter", "year": "year", "none": ""}


def esc(value: Any) -> str:
    """Text for HTML: `<script>` shows as text; `$`/backticks are escaped so nothing renders math;
    a control character (NUL, ESC, form feed, …) shows as a mark (`controls.visible`)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return (html.escape(visible(str(value)), quote=True).replace("$", "&#36;")
            .replace("`", "&#96;"))


LINKED_CHARS = 120  # of a longer address shown as its own label, only the start is the link


# Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko, …) and the bidi controls.
_BIDI = re.compile("[\u0590-\u08ff\u200e\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff"
                   "\ufe70-\ufefe]")


def text(value: Any) -> str:
    """`esc` for a value between tags. A value with right-to-left letters or bidi controls is
    isolated in `<bdi>`: an unterminated U+202E in a claimant reversed the date printed after
    it in the same line; isolated, it reorders only itself."""
    s = esc(value)
    return f"<bdi>{s}</bdi>" if _BIDI.search(s) else s


def _text(value: Any) -> str:
    return text(value)


def link(url: Any, text: Any = None) -> str:
    """Only http(s) URLs become links; anything else (javascript:, data:) stays plain text.

    An address shown as its own label stays whole, but past LINKED_CHARS characters the rest
    is plain text after the link: a PDF repeats the whole address in a link annotation for
    every line the link covers, and a 100,000-character address made a PDF of 75+ MB.
    """
    if url is None or (not isinstance(url, str) and pd.isna(url)) or not str(url).strip():
        return _text(text) if text else ""
    scheme = urlparse(str(url).strip()).scheme.lower()
    label = _text(text if text else url)
    if scheme in ("http", "https"):
        href = str(url).strip()
        rest = ""
        if not text and len(href) > LINKED_CHARS:
            label, rest = _text(href[:LINKED_CHARS]), _text(href[LINKED_CHARS:])
        return f'<a href="{esc(href)}" rel="noopener noreferrer">{label}</a>{rest}'
    return label


def type_chip(claim_type: str) -> str:
    colour = schema.CLAIM_TYPE_COLOURS.get(str(claim_type), "#777777")
    return (f'<span class="chip" style="border-color:{colour}">'
            f'<i style="background:{colour}"></i>{esc(str(claim_type).replace("_", " "))}</span>')


def date_cell(row: pd.Series) -> str:
    if pd.isna(row["date"]) or not row["date"]:
        return '<span class="muted">undated</span>'
    words = PRECISION_WORDS[str(row["date_precision"])]
    return f'{esc(row["date"])}<br><span class="muted">{esc(words)}</span>'


def plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"
