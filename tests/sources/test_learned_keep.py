"""The learned keep: a line someone says that an analyst would not record ("That's what we're
focused on.") is still proposed, with keep = no and the model's doubt in its evidence; what the
same speaker claims stays keep = yes; without the models (`learned=False`) only claim-worthiness
decides keep; the document's own voice is never judged; the weights load.

The transcript below is invented for these tests (no real briefing is quoted).
"""

from __future__ import annotations

import pytest

from claimbook.sources import extract, learned_keep, learned_types, review

TRANSCRIPT = (
    "MR. LANE: Good afternoon, everyone.\n\n"
    "MR. LANE: We just aren't there yet.\n\n"
    "MR. LANE: The ministry sent two hundred tonnes of flour to the port of Odesa on Monday.\n\n"
    "Q: Is there a deadline?\n\n"
    "MR. LANE: That's what we're focused on.\n\n"
    "MR. LANE: Russian drones struck a grain warehouse in Izmail overnight, destroying 4,000 "
    "tonnes of wheat.\n")
DOUBTED = ("That's what we're focused on.",)
CLAIMS = ("The ministry sent two hundred tonnes", "Russian drones struck a grain warehouse")


@pytest.fixture(scope="module")
def rows() -> dict[str, dict[str, str]]:
    cs = extract.extract(TRANSCRIPT, "Example Ministry", "2025-03-01")
    return {r["claim"]: r for r in review.review_rows(cs, "doc")}


def test_what_an_analyst_would_not_record_is_proposed_with_keep_no(rows) -> None:
    for claim in DOUBTED:
        assert rows[claim]["keep"] == "no"
        assert "the learned model doubts an analyst records this as a claim" in rows[claim]["evidence"]
    for start in CLAIMS:
        (row,) = [r for claim, r in rows.items() if claim.startswith(start)]
        assert row["keep"] == "yes" and "doubts" not in row["evidence"]
        assert row["claimant"] == rows[DOUBTED[0]]["claimant"]  # the same speaker


def test_without_the_models_claim_worthiness_alone_decides() -> None:
    cs = extract.extract(TRANSCRIPT, "Example Ministry", "2025-03-01", learned=False)
    assert all(not c.doubt for c in cs)
    assert [c.kept for c in cs if c.claim in DOUBTED] == [True]


def test_the_documents_own_voice_is_never_judged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(learned_keep, "THRESHOLD", 1.0)  # every judged candidate doubted
    cs = extract.extract("That is what the council is focused on.\n\n"
                         "The minister said that is what the council is focused on.\n",
                         "Example Daily", "2025-03-01")
    assert [(learned_types.voice(c), bool(c.doubt)) for c in cs] == [
        (learned_types.DOCUMENT, False), ("attributed", True)]
