"""The learned claim type: a candidate takes its voice's model's type — among statement,
allegation and assessment for a claim someone else makes (an allegation never becomes a
statement), between event report and assessment in the document's own voice — only where it beats
the rules' type by the voice's margin; denials and intelligence reports keep the rules' type; the
document's voice is judged with the document; every change is noted in the candidate's evidence;
the shipped weights load, one model for each voice.

The sentences below are invented for these tests (none is quoted from a source).
"""

from __future__ import annotations

import pytest

from claimbook.sources import extract, learned_types, review

# invented: how a claim is typed by the rules -> by the model
RETYPED = {
    # an economist's judgement, which the rules read as an accusation ("threatening")
    "Dr. Poe, an economist at the bank, said it is striking that in almost every corner of the "
    "world geopolitical tensions are threatening growth.": ("allegation", "assessment"),
}
KEPT = {
    "The council voted on Tuesday to close the pier for repairs.": "event_report",  # own voice
    "Officials denied that the army had shelled the village.": "denial",
    "A Mossad official said the convoys had doubled since the spring.": "intelligence_report",
}


def one(text: str, learned: bool = True) -> extract.Candidate:
    (c,) = extract.extract(text, "Example Daily", "2025-03-01", learned=learned)
    return c


@pytest.mark.parametrize("text", list(RETYPED))
def test_the_model_retypes_where_it_beats_the_rules(text: str) -> None:
    rules, model = RETYPED[text]
    before, after = one(text, learned=False), one(text)
    assert before.claim_type == rules and before.first.rule_type == rules
    assert after.claim_type == model and after.first.rule_type == rules
    assert f"type {model} by the learned model (rules: {rules})" in after.first.evidence()
    row = review.review_rows([after], "doc")[0]
    assert row["claim_type"] == model and "learned model" in row["evidence"]


# invented: one own-voice sentence in an analysis (the document speaks in its own voice and judges)
# and in a news story (the document relays what others said)
JUDGED = "The trade fight has become a drag on growth that few investors expected."
ANALYSIS = ("The trade fight has dragged on far longer than most expected.\n\n"
            "The president's approach has complicated every round of talks.\n\n" + JUDGED + "\n\n"
            "Businesses that cannot easily shift their supply chains have paid the price.\n\n"
            "Neither side seems ready to give ground.\n\n"
            "The tariffs have become a tool of politics more than of trade.\n\n"
            "Farmers, once the president's firmest supporters, are losing patience.\n\n"
            "The uncertainty is weighing on factories that depend on imported parts.\n\n"
            "A deal would not undo the damage of the past two years.\n\n"
            "The costs will outlast the talks.\n\n"
            "Markets have learned to shrug at each new deadline.\n")
NEWS = ("The minister said on Monday that talks would resume next week.\n\n"
        "Officials said the two sides had agreed on a timetable.\n\n" + JUDGED + "\n\n"
        "A spokesman for the ministry said the tariffs would stay in place until a deal was signed.\n\n"
        "The farmers' union said its members had lost half their exports.\n\n"
        "The central bank said it expected growth to slow to 1 percent.\n\n"
        "Exporters told reporters they had cut shifts at three plants.\n\n"
        "The opposition leader said the government had mishandled the talks.\n\n"
        "A trade official said the next round would be held in Geneva.\n\n"
        "Analysts at the bank said a deal could lift shares by 5 percent.\n\n"
        "The ministry said 40 companies had applied for relief.\n")
# invented: four sentences of a wire story in its own voice are too few to tell it is no analysis
SHORT = ("The pilot is currently being held at a prison in the north.\n\n"
         "If convicted, the pilot could face decades in jail.\n\n"
         "The port is one of the busiest on the coast.\n\n"
         "The captain faces three charges, which could bring ten years in jail.\n")


def test_the_documents_own_voice_is_judged_with_the_document() -> None:
    def judged(text: str, learned: bool = True) -> extract.Candidate:
        cs = extract.extract(text, "Example Daily", "2025-03-01", learned=learned)
        return next(c for c in cs if c.claim.startswith("The trade fight has become"))
    for text in (ANALYSIS, NEWS):
        rules = judged(text, learned=False)
        assert rules.claim_type == "event_report"
        assert rules.claimant.claimant_type == learned_types.DOCUMENT
    assert judged(ANALYSIS).claim_type == "assessment"
    assert "type assessment by the learned model (rules: event_report)" in judged(ANALYSIS).first.evidence()
    assert judged(NEWS).claim_type == "event_report"
    own = extract.extract(ANALYSIS, "Example Daily", "2025-03-01", learned=False)
    news = extract.extract(NEWS, "Example Daily", "2025-03-01", learned=False)
    assert "doc_own=4" in learned_types.document_context(own)
    assert "doc_own=0" in learned_types.document_context(news)
    short = extract.extract(SHORT, "Test Wire", "2025-10-08")
    assert "doc_short" in learned_types.document_context(short)
    assert short[0].claim_type == "event_report"  # "… is currently being held at a prison"


@pytest.mark.parametrize("text", list(KEPT))
def test_denials_and_the_documents_voice_keep_the_rules_type(text: str) -> None:
    before, after = one(text, learned=False), one(text)
    assert after.claim_type == before.claim_type
    assert "learned model" not in after.first.evidence()
    assert after.claim_type == KEPT[text]


def test_choose_follows_the_margin_and_the_moves_each_type_allows() -> None:
    s = {"statement": 2.0, "allegation": 1.6, "assessment": 0.0, "denial": 9.0, "event_report": 0.0}
    others = learned_types.RETYPED["attributed"]
    assert learned_types.choose(s, "assessment", others, margin=0.5) == "statement"
    assert learned_types.choose(s, "assessment", others, margin=2.5) == "assessment"
    # an accusation never becomes a statement, whatever the scores
    assert learned_types.choose(s, "allegation", others, margin=0.0) == "allegation"
    assert learned_types.choose({**s, "assessment": 3.0}, "allegation", others, margin=0.5) == "assessment"
    # denial scores highest, but it is never chosen, and a type without moves is never replaced
    assert learned_types.choose(s, "statement", others, margin=0.0) == "statement"
    for kept in ("denial", "event_report", "intelligence_report"):
        assert learned_types.choose(s, kept, others, margin=0.0) == kept
    own = learned_types.RETYPED[learned_types.DOCUMENT]
    assert learned_types.choose({**s, "event_report": 0.6}, "assessment", own, margin=0.5) == "event_report"
    assert learned_types.choose({**s, "event_report": 0.4}, "assessment", own, margin=0.5) == "assessment"
    assert learned_types.choose(s, "statement", own, margin=0.0) == "statement"


def test_features_are_the_same_in_every_run() -> None:
    c = one(next(iter(RETYPED)))
    f = learned_types.features(c)
    assert f == learned_types.features(one(next(iter(RETYPED))))
    assert {"rule=allegation", "verb=said", "w=striking", "b=tensions_are", "rc=poe",
            "aux=is", "neg=False"} <= f


def test_the_shipped_weights_load_one_model_for_each_voice() -> None:
    models = learned_types.model()
    assert set(models) == set(learned_types.RETYPED)
    for name, m in models.items():
        assert {t for ts in learned_types.RETYPED[name].values() for t in ts} <= set(m["classes"])
        assert len(m["bias"]) == len(m["classes"]) and len(m["weights"]) > 1000
