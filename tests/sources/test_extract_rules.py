"""Extraction rules for text forms met after the held-out benchmark: each holds as a general rule.

Claim type (a claimant's own side is a statement, another party acting is an allegation, flat
rejections are denials, "called X a provocation" is the caller's allegation), the year of a
month or day written without one (tense decides), no date taken from a later clause, clauses
after "and I want to stress that", "there is" and present-tense verbs, label and thank-you lines
that assert nothing, bare plural sources, and "repeated" as a reporting verb. Every text here is
made up for the test.
"""

from __future__ import annotations

from claimbook.sources import textdates
from extracting import cands, find


def test_a_claimants_own_side_is_a_statement_and_another_party_acting_an_allegation() -> None:
    cs = cands("Poland's defence ministry said Polish engineers had repaired the bridge at Hrubieszow."
               "\n\nPoland's defence ministry said Russian drones had damaged the bridge at Dorohusk."
               "\n\nThe mayor said our pumping station was shelled by artillery overnight.\n")
    assert find(cs, "Polish engineers had repaired").claim_type == "statement"
    assert find(cs, "Russian drones had damaged").claim_type == "allegation"
    assert find(cs, "pumping station was shelled").claim_type == "allegation"  # an agent acts


def test_a_transcript_speaker_is_stating_unless_another_party_acts() -> None:
    text = ("SPOKESMAN IVAN PETROV: Four suspects were detained at the border post on Monday.\n\n"
            "PETROV: Two depots were struck by enemy drones in the night.\n")
    cs = cands(text, "Ministry of Transport")
    assert find(cs, "Four suspects were detained").claim_type == "statement"
    assert find(cs, "Two depots were struck").claim_type == "allegation"


def test_a_short_flat_rejection_is_a_denial_even_under_four_words() -> None:
    cs = cands("Officials in Tiraspol said the bridge was mined by soldiers.\n\n"
               "\"That is simply false,\" a spokeswoman for the army said.\n\n"
               "SPOKESMAN IVAN PETROV: This is a complete fabrication.\n\n"
               "PETROV: That is untrue.\n")
    for words in ("That is simply false", "This is a complete fabrication", "That is untrue"):
        assert find(cs, words).claim_type == "denial", words


def test_calling_something_a_provocation_is_the_callers_allegation() -> None:
    cs = cands("Belarus's foreign ministry called the Lithuanian border exercise a provocation "
               "on Friday.\n")
    c = find(cs, "border exercise")
    assert (c.claimant.name, c.claim_type, c.date) == ("Belarus Foreign Ministry", "allegation",
                                                       "2025-10-03")


def test_a_month_or_day_without_a_year_follows_the_tense_of_its_clause() -> None:
    pub = "2025-10-08"
    cases = {"the talks will resume in November": "2025-11",
             "the ministry said the drills would end in December": "2025-12",
             "troops withdrew from the town in November": "2024-11",
             "the ferry service resumes in November": "2025-11",
             "a summit in February": "2026-02",  # no tense: the nearest February
             "the envoys will meet on 14 November": "2025-11-14",
             "the envoys met on 14 November": "2024-11-14",
             "the convoy was stopped in September": "2025-09"}
    for text, want in cases.items():
        found = textdates.first_date(text, pub)
        assert found is not None and found.value.text == want, (text, found)


def test_a_month_that_opens_its_sentence_takes_the_tense_of_the_clause_after_it() -> None:
    # a November paper's "In May": May 2020 is nearer than May 2019 by two days, but the
    # clause says what happened (real news pages of 2019 read the coming May)
    pub = "2019-11-19"
    cases = {"In May, the administrator said returning to the moon was necessary.": "2019-05",
             "But in May, when the agency tapped three companies, only two committed.": "2019-05",
             "In May, the agency will choose the landers.": "2020-05",
             "In May, a summit.": "2020-05"}  # no cue at all: the nearest May
    for text, want in cases.items():
        found = textdates.first_date(text, pub)
        assert found is not None and found.value.text == want, (text, found)


def test_a_clause_takes_no_date_from_a_clause_after_it() -> None:
    cs = cands("Officials said the bridge was repaired, and traffic will return in March 2026.\n\n"
               "On Monday, officials said the road was cleared and the ferry resumed its runs.\n")
    # issue 24: the statement's own date is the story's (2025-10-08), never the clause after it
    assert (find(cs, "the bridge was repaired").date,
            find(cs, "the bridge was repaired").date_source) == ("2025-10-08", "published")
    assert find(cs, "traffic will return").date == "2026-03"
    assert find(cs, "the road was cleared").date == "2025-10-06"  # the lead-in dates what follows


def test_clauses_after_i_want_to_stress_there_is_and_present_verbs_are_claims() -> None:
    text = ("SPOKESMAN IVAN PETROV: We closed the crossing at Palanca on Monday, and I want to "
            "stress that nobody was hurt at the gate.\n\n"
            "PETROV: The old bridge remains closed to lorries, and there is no date for its "
            "repair.\n\n"
            "PETROV: The ferry was cancelled at noon, although the pontoon continues to carry "
            "cars across.\n")
    cs = cands(text, "Ministry of Transport")
    assert find(cs, "nobody was hurt").claim == "Nobody was hurt at the gate."
    assert find(cs, "nobody was hurt") is not find(cs, "We closed the crossing")
    assert find(cs, "there is no date") is not find(cs, "old bridge remains closed")
    assert find(cs, "pontoon continues") is not find(cs, "ferry was cancelled")


def test_guest_label_lines_and_thanking_a_guest_are_not_claims() -> None:
    text = ("Guest: Dr Anna Kowal, grain analyst at the Warsaw institute, joining us by phone.\n"
            "Host: Piotr Nowak, in the studio this evening.\n\n"
            "HOST: Dr Kowal, thank you for joining us tonight.\n\n"
            "KOWAL: Grain prices in Odesa rose by a third in September.\n")
    cs = cands(text, "Radio Test")
    assert [c.claim for c in cs] == ["Grain prices in Odesa rose by a third in September."]


def test_bare_plural_officials_are_not_the_last_named_source() -> None:
    cs = cands("Mayor Ivan Horak said that the water plant was hit by two shells.\n\n"
               "The hospital reopened its wards on Monday, officials said.\n")
    assert find(cs, "hospital reopened").claimant.name == "Officials"


def test_a_second_complement_continues_a_statement() -> None:
    cs = cands("Poland's defence ministry said its units would hold a drill in May and that the "
               "roads near the range would stay open.\n")
    assert find(cs, "roads near the range").claim_type == "statement"


def test_a_when_asked_adjunct_after_the_verb_keeps_the_quote_as_the_claim() -> None:
    cs = cands("\"Those reports are not true,\" a spokeswoman for the army said when asked about "
               "troops at the border.\n")
    c = find(cs, "Those reports are not true")
    assert c.claim == "Those reports are not true." and c.claim_type == "denial"


def test_repeated_reports_a_restatement_by_the_same_source() -> None:
    cs = cands("Governor Oleh Kiper said the drones were launched from ships near Crimea.\n\n"
               "A school in the city was closed on Tuesday.\n\n"
               "Later, Kiper repeated that the drones were launched from ships near Crimea.\n")
    c = find(cs, "Kiper repeated")
    assert c.claimant.name.endswith("Kiper") and len(c.mentions) == 2
