"""A mention's date: its own first; else, in a quotation going on, its speaker's; else its
liveblog day heading; else, for someone's statement only, the document's date with `date_source`
saying so — never for the document's own voice, and never for a position held over time ("has
always denied"); a statement about a later date is dated when it was made."""

from __future__ import annotations

from claimbook.claims.dates import parse_partial_date
from claimbook.sources import textdates
from claimbook.sources.mention_dates import mention_date

PUBLISHED = parse_partial_date("2025-03-14")


def test_the_sentence_date_comes_first_and_says_when_it_was_relative() -> None:
    found = textdates.first_date("The minister said on Tuesday that the talks failed.", PUBLISHED)
    assert found is not None
    source, date, expression = mention_date(found, None, PUBLISHED, "published", True, "…")
    assert (source, date) == ("sentence+published", "2025-03-11") and expression


def test_a_day_heading_dates_what_falls_under_it() -> None:
    day = parse_partial_date("2025-03-12")
    assert mention_date(None, day, PUBLISHED, "published", False, "Shelling went on.") == (
        "heading", "2025-03-12", "")


def test_a_statement_without_a_date_takes_the_documents_and_the_documents_voice_does_not() -> None:
    assert mention_date(None, None, PUBLISHED, "dateline", True, "The bridge is open.") == (
        "dateline", "2025-03-14", "")
    assert mention_date(None, None, PUBLISHED, "published", False, "The bridge is open.") == (
        "", "", "")
    assert mention_date(None, None, PUBLISHED, "published", True,
                        "The ministry has always denied it.") == ("", "", "")
    assert mention_date(None, None, parse_partial_date(""), "", True, "The bridge is open.") == (
        "", "", "")


def test_more_of_a_quotation_takes_its_speakers_date_over_the_heading_and_the_documents() -> None:
    opened = ("sentence", "2025-04-16", "on April 16")
    day = parse_partial_date("2025-04-18")
    assert mention_date(None, day, PUBLISHED, "published", True, "A. B.", opened) == (
        "quotation", "2025-04-16", "on April 16")
    assert mention_date(None, None, PUBLISHED, "published", True, "A. B.", ("", "", "")) == (
        "", "", "")


def test_a_statement_about_a_later_date_is_dated_when_it_was_made() -> None:
    """'X: the statement
    was made on the document's day; 2024 is what it is about. An event report of a later date
    keeps it (what happens then)."""
    found = textdates.first_date("NASA will have landers in 2028.", PUBLISHED)
    assert found is not None
    assert mention_date(found, None, PUBLISHED, "published", True, "…", event=False) == (
        "published", PUBLISHED.text, "")
    assert mention_date(found, None, PUBLISHED, "published", True, "…", event=True)[1] == "2028"
    earlier = textdates.first_date("The plant closed in 2019.", PUBLISHED)
    assert mention_date(earlier, None, PUBLISHED, "published", True, "…", event=False)[1] == "2019"
