"""The report's HTML primitives: text from the data stays text (escaped), and only http(s)
addresses become links, opened without the page's context."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from claimbook.report import html


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
                                     "$x$ `code` **bold** &amp; \u202eevil\u200b"])
def test_esc_keeps_text_as_text(hostile: str) -> None:
    soup = BeautifulSoup(f"<p>{html.esc(hostile)}</p>", "html.parser")
    assert soup.p.get_text() == hostile
    assert not soup.find_all(["script", "img"])


@pytest.mark.parametrize(("url", "linked"), [
    ("https://example.org/a?b=1&c=2", True), ("http://example.org", True),
    ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False), ("", False), (None, False)])
def test_only_http_urls_become_links(url: str | None, linked: bool) -> None:
    soup = BeautifulSoup(html.link(url, "x" if url is None else None), "html.parser")
    anchors = soup.find_all("a")
    assert bool(anchors) == linked
    if linked:
        assert anchors[0]["href"] == url
        assert anchors[0]["rel"] == ["noopener", "noreferrer"]
