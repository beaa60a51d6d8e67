"""Claim-worthiness in a transcript's context: the speakers who put questions to others (a
moderator, an interviewer, the press at a briefing) are read from the transcript itself, their lines
score lower (still above housekeeping), which ranks the real checked lines of real debates higher,
and `extract` gives their mentions the lower score too.

Real lines: CheckThat! 2019 development transcripts (benchmarks/data/checkthat2019, source and
licence in its README). The short transcript marked "invented" below is made up for these tests.
"""

from __future__ import annotations

from claimbook.sources import extract, worthiness
from transcripts import average_precision, lines


def test_the_moderators_and_questioners_of_real_transcripts_are_the_askers() -> None:
    expected = {"20161019_3pres": {"WALLACE"}, "20161005_vice_pres": {"QUIJANO"},
                "20160926_1pres": {"HOLT"}, "20170216_trump_press": {"QUESTION"},
                "20170228_trump_address": set()}
    for name, askers in expected.items():
        rows = lines(name)
        assert worthiness.askers([s for s, _, _ in rows], [t for _, t, _ in rows]) == askers, name


def test_an_askers_lines_score_lower_and_the_checked_lines_rank_higher() -> None:
    for name in ("20161019_3pres", "20161005_vice_pres", "20160926_1pres"):
        rows = lines(name)
        plain = [worthiness.score(t) for _, t, _ in rows]
        ranked = worthiness.rank_lines([(s, t) for s, t, _ in rows])
        askers = worthiness.askers([s for s, _, _ in rows], [t for _, t, _ in rows])
        for (speaker, text, _), p, r in zip(rows, plain, ranked, strict=True):
            if speaker in askers and p > 0:
                assert r < p, text
            else:
                assert r == p, text
        labels = [y for _, _, y in rows]
        assert average_precision(ranked, labels) > average_precision(plain, labels), name


def test_an_askers_claim_still_ranks_above_housekeeping() -> None:
    claim = "Unemployment fell to 4.9 percent last year, the lowest since 2008."  # invented
    assert worthiness.HOUSEKEEPING_CEILING <= worthiness.score(claim, asker=True) \
        < worthiness.score(claim)
    assert worthiness.score("Thank you all very much.", asker=True) < worthiness.HOUSEKEEPING_CEILING
    assert not worthiness.asks(0, 12) and worthiness.asks(3, 12) and not worthiness.asks(0, 0)


def test_extract_scores_a_moderators_mentions_lower() -> None:
    # invented transcript: the moderator (Holt) asks and states a figure; the candidate states the same
    same = "The deficit grew by 400 billion dollars in 2019."
    text = (f"HOLT: Good evening. Senator, why did the deficit grow? {same} What would you cut?\n\n"
            f"SMITH: {same} We will cut spending on consultants.\n\n"
            "HOLT: Is that enough? Will you raise taxes?\n\n"
            "SMITH: No. Taxes stay where they are.\n")
    by_speaker = {}
    for c in extract.extract(text, "Debate transcript"):
        for m in c.mentions:
            if "400 billion" in m.quote:
                by_speaker[text[:m.start].rsplit("\n\n", 1)[-1].split(":")[0]] = m.confidence
    assert set(by_speaker) == {"HOLT", "SMITH"}
    assert by_speaker["HOLT"] < by_speaker["SMITH"]


def test_an_official_answering_with_a_few_rhetorical_questions_is_no_asker() -> None:
    """Invented: at a press gaggle the reporters ask; an official whose answers hold a few
    rhetorical questions (more than a tenth of her lines, far fewer than the reporters') answers."""
    speakers = ["Q"] * 4 + ["DIRECTOR LANE"] * 8
    texts = ["Is there a deadline?", "Will the Senate pass it?", "What about the deficit?",
             "The Speaker said it is dead on arrival.",
             "The budget cuts the deficit by three trillion dollars.",
             "What do they call spending?", "They call food assistance spending.",
             "We extend the trust fund by 25 years.", "Why would anyone cut that?",
             "The plan raises taxes on the wealthiest.", "Nobody under $400,000 pays more.",
             "We welcome that debate."]
    assert worthiness.askers(speakers, texts) == {"Q"}
    # with nobody in the transcript who asks more, the same share makes her the asker
    assert worthiness.askers(["DIRECTOR LANE"] * 8, texts[4:]) == {"DIRECTOR LANE"}
