"""Claim-worthiness ranks real lines: check-worthy lines of real transcripts (never trained on) rank
far above the rest, housekeeping ranks below every claim, and keep = yes follows the threshold.

Real lines: the CheckThat! 2019 development transcripts (benchmarks/data/checkthat2019, source and
licence in its README; the shipped weights were trained on ClaimBuster only). The web-page furniture
and the short texts marked "invented" below are made up for these tests.
"""

from __future__ import annotations

import random

import pytest

from claimbook.errors import ModelError
from claimbook.sources import extract, nlp, review, worthiness
from transcripts import average_precision, lines

# spread over kinds: a primary debate, a general-election debate, a speech, a press conference
SAMPLE = ("20160414_9dem", "20161019_3pres", "20170228_trump_address", "20180926_un_press")

# invented: page furniture, disclaimers, greetings and turn-taking as they appear around real text
FURNITURE = [
    "Subscribe to our newsletter for the latest updates.",
    "Also on rt.com: Journalists threatened with sedition arrests as purge continues",
    "© 2025 Example Media. All rights reserved.",
    "The views expressed in this report do not necessarily reflect those of the institute.",
    "This material is for informational purposes only and should not be construed as legal advice.",
    "Click here to read more about the 2,500 troops.",
    "Reporting by Jane Doe; Editing by John Roe",
    "Thank you all very much for joining us tonight.",
    "Good evening and welcome to the debate.",
    "We're going to move on to the economy now.",
    "(APPLAUSE)",
]


@pytest.fixture(scope="module")
def scored() -> dict[str, list[tuple[float, str, int]]]:
    return {n: [(worthiness.score(t), t, y) for _, t, y in lines(n)] for n in SAMPLE}


def test_scores_are_probabilities(scored) -> None:
    assert all(0.0 <= s <= 1.0 for rows in scored.values() for s, _, _ in rows)
    assert worthiness.score("") == 0.0


def test_checked_lines_rank_far_above_random_on_real_transcripts(scored) -> None:
    for name, rows in scored.items():
        scores, labels = [s for s, _, _ in rows], [y for _, _, y in rows]
        ap = average_precision(scores, labels)
        rnd = random.Random(0)
        chance = sum(average_precision([rnd.random() for _ in rows], labels) for _ in range(5)) / 5
        assert ap > 2.5 * chance, (name, ap, chance)
        checked = [s for s, _, y in rows if y]
        rest = [s for s, _, y in rows if not y]
        assert sum(checked) / len(checked) > 2 * sum(rest) / len(rest), name


def test_numbers_and_facts_outrank_opinion_and_chatter() -> None:
    # real lines of 20160926_1pres (checked by the fact-checkers) against chatter from the same debate
    facts = ["So Ford is leaving.", "Thousands of jobs leaving Michigan, leaving Ohio."]
    facts = [t for _, t, y in lines("20160926_1pres") if y][:20] + facts
    chatter = [t for s, t, y in lines("20160926_1pres") if s == "SYSTEM" or t.startswith("Thank you")]
    assert chatter
    assert sorted(worthiness.score(t) for t in chatter)[-1] < sorted(worthiness.score(t) for t in facts)[
        len(facts) // 2]


def test_housekeeping_ranks_below_every_checked_line(scored) -> None:
    checked = [s for rows in scored.values() for s, _, y in rows if y]
    real_housekeeping = [t for rows in scored.values() for _, t, _ in rows if worthiness.is_housekeeping(t)]
    assert len(real_housekeeping) >= 10  # "(APPLAUSE)", "Thank you.", turn-taking in the transcripts
    for text in FURNITURE + real_housekeeping:
        assert worthiness.is_housekeeping(text), text
        assert worthiness.score(text) < worthiness.HOUSEKEEPING_CEILING <= min(checked), text
        assert not worthiness.keep(worthiness.score(text))


def test_a_claim_with_housekeeping_words_inside_is_not_housekeeping() -> None:
    # invented: housekeeping words in the middle of a claim do not demote it
    for text in ("Unemployment fell to 4 percent, thank you to the workers of Ohio.",
                 "The agency said it would move on to sanctions against 12 companies in 2025."):
        assert not worthiness.is_housekeeping(text)
        assert worthiness.keep(worthiness.score(text))


def test_keep_follows_the_threshold_in_the_review_file() -> None:
    text = ("Thank you all very much for joining us tonight.\n\n"
            "The ministry said 4,000 soldiers crossed the border in March 2025.\n\n"
            "I think that is a very interesting point of view.\n")  # invented
    cands = extract.extract(text, "Test Wire")
    rows = review.review_rows(cands, "d")
    assert rows
    for c in cands:
        assert c.confidence == max(round(worthiness.score(m.quote), 4) for m in c.mentions)
    by_id = {c.candidate_id: c for c in cands}
    for r in rows:
        assert (r["keep"] == "yes") == (by_id[r["candidate_id"]].confidence >= worthiness.KEEP_THRESHOLD), r
    kept = {r["claim"] for r in rows if r["keep"] == "yes"}
    assert any("4,000 soldiers" in k for k in kept)
    assert not any("Thank you" in r["quote"] and r["keep"] == "yes" for r in rows)


def test_a_parsed_span_scores_as_its_text() -> None:
    # invented sentence; the parse is accepted from the pipeline, the weights read the text alone
    text = "Unemployment in Ohio fell to 4 percent in 2016, the lowest in 17 years."
    doc = nlp.parse(text)
    assert worthiness.score(text, doc) == worthiness.score(text)
    assert worthiness.score("", doc) == worthiness.score(text)
    assert worthiness.score("", doc[0:3]) == worthiness.score("Unemployment in Ohio")


def test_missing_weights_are_a_model_error(monkeypatch) -> None:
    monkeypatch.setattr(worthiness, "MODEL_FILE", "no-such-weights.json.gz")
    worthiness.model.cache_clear()
    try:
        with pytest.raises(ModelError, match="no-such-weights"):
            worthiness.score("The economy grew by 3 percent.")
    finally:
        monkeypatch.undo()
        worthiness.model.cache_clear()


def test_a_reports_notes_on_its_own_exhibits_and_method_are_housekeeping() -> None:
    """A report's notes on its own apparatus (what its figure shows, what its example holds, a caption's
    source line, how its own figures were calculated) describe the document, not the world: they rank
    as housekeeping. The same words about the world stay claims. (Invented sentences, shaped like the
    CRS reports' notes.)"""
    notes = ("Figure 2 shows how the grant would be split between the two programs.",
             "Example holds total spending constant.",
             "Comparison of Two Rate Policies Source: CRS, based on analysis of agency rules.",
             "Calculated by CRS from the agency's published summary tables.",
             "Shares were calculated by CRS rather than taken from the agency's dashboard.")
    claims = ("The map shows Russian troops 20 miles from Kyiv, officials said.",
              "Deaths were calculated by the CDC from 2,400 death certificates in 2024.",
              "For example, the Pentagon shows 40 soldiers were wounded in 2023.")
    for text in notes:
        assert worthiness.is_housekeeping(text), text
        assert not worthiness.keep(worthiness.score(text)), text
    for text in claims:
        assert not worthiness.is_housekeeping(text), text


def test_contributor_credits_and_follow_prompts_are_housekeeping() -> None:
    """A page's contributor credits ("X contributed to this report") and follow prompts ("Follow X on
    Facebook") are page furniture, like "Reporting by X"; a contribution or a platform in a claim is not.
    (Invented sentences, shaped like the news pages' credit lines.)"""
    for text in ("Wire writers Ann Lee, Bo Park and Cy Diaz contributed to this report.",
                 "Daily Courier’s Dana Roe contributed to this report.",
                 "Follow Courier Politics on Facebook, Twitter and Instagram."):
        assert worthiness.is_housekeeping(text), text
        assert not worthiness.keep(worthiness.score(text)), text
    for text in ("Russia contributed to the report of the UN panel, officials said.",
                 "The donors contributed $40 million to the campaign in 2024.",
                 "Follow the money, the senator said on Twitter."):
        assert not worthiness.is_housekeeping(text), text
