"""A claim from `wb.claim(id)` is a readable card in a notebook and as text: its claimant
with type and country, its date, what it answers and who answers it, who carries it and its
mentions, every value from the data escaped, and its fields named and documented."""

from __future__ import annotations

import inspect

from bs4 import BeautifulSoup

import claimbook
from claimbook.report import views
from places import DATA


def test_a_claim_displays_itself_as_a_card() -> None:
    trail = claimbook.open(DATA).claim("C008")
    soup = BeautifulSoup(trail._repr_html_(), "html.parser")
    facts = {th.get_text(): td.get_text() for th, td in
             (tr.find_all(["th", "td"])[:2] for tr in soup.select("div.claimbook-claim > table tr"))}
    assert soup.h4.get_text() == "C008 · allegation"
    assert facts["claimant"] == "Volodymyr Zelenskyy (head of state, UA)"
    assert facts["date"].startswith("2025-") and "precision" in facts["date"]
    assert facts["answered by"].startswith(("C021 (China Foreign Ministry", "C022"))
    assert facts["carried by"].startswith("1 publisher")
    assert "Mentions of C008" in soup.get_text() and ".mentions" in soup.get_text()
    text = repr(trail)
    assert text.startswith("C008 · allegation\n  Two Chinese nationals")
    assert "  claimant: Volodymyr Zelenskyy (head of state, UA)" in text
    assert "fields: .claim, .answers, .responses, .mentions, .carried" in text


def test_the_fields_of_a_claim_are_documented() -> None:
    doc = inspect.getdoc(views.ClaimTrail) or ""
    for field in views.FIELDS:
        assert f"* `{field}`" in doc, field
    for column in ("claimant_country", "date_precision", "responds_to", "credibility", "quote",
                   "n_publishers", "first_published"):
        assert f"`{column}`" in doc, column
