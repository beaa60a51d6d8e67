"""A post a page embeds (its text, then "— Name (@handle) Month D, YYYY") is its author's words,
dated by its signature, and the signature is no claim; a signature-like line under a heading, or a
dash line without a handle, makes nothing a post. Texts invented."""

from __future__ import annotations

from claimbook.claims.dates import parse_partial_date
from claimbook.sources import embedded_posts, extract, segment

PAGE = ("Officials urged residents to stay indoors on Monday.\n\n"
        "The air over the city was terrible on Sunday, and entirely predictable. Residents have "
        "every right to be angry about the inaction. pic.twitter.com/abc123\n\n"
        "— Jo Lindqvist (@jolind) November 3, 2019\n\n"
        "Farmers outside the city burn stubble at this time of year.\n")


def test_the_paragraph_before_a_signature_is_its_authors_post() -> None:
    sg = segment.segment(PAGE)
    posts = embedded_posts.posts(sg.view, sg.paragraphs, parse_partial_date("2019-11-13"))
    assert [(k, p.author, p.date.text) for k, p in posts.items()] == [(1, "Jo Lindqvist", "2019-11-03")]


def test_a_posts_claims_are_its_authors_on_the_posts_date() -> None:
    cands = extract.extract(PAGE, "Test Wire", "2019-11-13")
    by_claim = {c.mentions[0].claim: c.mentions[0] for c in cands}
    angry = next(m for claim, m in by_claim.items() if "every right" in claim)
    assert (angry.claimant.name, angry.date, angry.date_source) == ("Jo Lindqvist", "2019-11-03", "post")
    assert not any("Lindqvist (@" in claim for claim in by_claim)
    stubble = next(m for claim, m in by_claim.items() if "stubble" in claim)
    assert stubble.claimant.name == "Test Wire"


def test_no_handle_or_no_post_text_no_post() -> None:
    for text in ("Officials said the air was bad.\n\n— Jo Lindqvist, November 3, 2019\n",
                 "# Heading\n\n— Jo Lindqvist (@jolind) November 3, 2019\n"):
        sg = segment.segment(text)
        assert embedded_posts.posts(sg.view, sg.paragraphs, parse_partial_date("2019-11-13")) == {}
