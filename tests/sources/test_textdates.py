"""A date that only modifies a noun ("the September 11, 2001 attacks") or sits in a participial
adjunct ("…, having been annexed … in 1938") is not the date of the clause that mentions it; the
occasion of a claim ("in an April 8, 2025 statement") and a clause's own adverbial date are; a
position held over time ("argued for decades") takes no date from the story (issue 24, item 5);
a date that only bounds a period ("remain in effect until June 2027", "prior to June 2, 2027") is
not the clause's date either; a weekday written before its date ("on Saturday, May 18") is that date.
Sentences invented for the test, in the forms of the real news pages where the defects were seen."""

from __future__ import annotations

import pytest

from claimbook.sources import extract, nlp, textdates

PUBLISHED = "2025-10-08"


@pytest.mark.parametrize(("sentence", "why"), [
    ("Roughly 13,000 US troops remain in the country, 18 years after the invasion that followed "
     "the September 11, 2001 attacks.", "modifier"),
    ("Officials recalled the 24 February 2022 invasion.", "modifier"),
    ("The region was the first victim of the war, having been annexed by its neighbour in 1938.",
     "modifier"),
    ("The party, founded by veterans in 1991, won the vote.", "modifier"),
    ("The two licences are expected to remain in effect through June 2, 2027.", "ends_period"),
    ("The licences remain in effect until June 2027.", "ends_period"),
    ("The company may submit an extension request at least six months prior to June 2, 2027.",
     "ends_period"),
    ("The programme receives funding before December 31, 2026.", "ends_period"),
])
def test_a_date_found_as_a_modifier_or_a_periods_bound_does_not_date_the_clause(sentence: str,
                                                                                why: str) -> None:
    found = textdates.find_dates(sentence, PUBLISHED)
    assert found and all(getattr(f, why) for f in found)
    assert textdates.first_date(sentence, PUBLISHED) is None


@pytest.mark.parametrize(("sentence", "day"), [
    ("The ministry said in an April 8, 2025 statement that the bridge was repaired.", "2025-04-08"),
    ("At the 14 May 2025 briefing the spokesman denied it.", "2025-05-14"),
    ("On 3 May 2025 officials reported 27 casualties near the border.", "2025-05-03"),
    ("Troops entered the town on 14 April 2025, officials said.", "2025-04-14"),
    ("The 2001 attacks were followed by an invasion in 2001.", "2001"),
])
def test_an_occasion_or_an_adverbial_date_still_dates_the_clause(sentence: str, day: str) -> None:
    found = textdates.first_date(sentence, PUBLISHED)
    assert found is not None and found.value.text == day


def test_extracted_claims_take_no_date_from_a_modifier_or_an_adjunct() -> None:
    text = ("Roughly 13,000 US troops remain in the country, 18 years after Washington invaded it "
            "in the wake of the September 11, 2001 attacks.\n\n"
            "The ministry said the region was the first victim of the war, "
            "having been annexed by its neighbour in 1938.\n\n"
            "The agency said in an April 8, 2025 statement that the bridge was repaired.\n")
    cands = {c.first.quote.split()[1]: c for c in extract.extract(text, "Test Wire", PUBLISHED)}
    assert cands["13,000"].date == ""  # the document's own voice, no date of its own
    assert (cands["ministry"].date, cands["ministry"].date_source) == (PUBLISHED, "published")
    assert cands["agency"].date == "2025-04-08"


def test_a_position_held_over_time_does_not_take_the_story_date() -> None:
    text = ("The ministry argued for decades that the region was the first victim of the war.\n\n"
            "The government has always denied the allegations.\n\n"
            "The institute said the bridge was repaired.\n")
    cands = {c.first.quote.split()[1]: c for c in extract.extract(text, "Test Wire", PUBLISHED)}
    assert cands["ministry"].date == "" and cands["government"].date == ""
    assert cands["institute"].date == PUBLISHED


@pytest.mark.parametrize(("sentence", "date"), [
    # present or present-perfect clause, year in a noun's modifier: not the clause's date
    ("The city has closed an inquiry into a complaint made against the harbour master in 2010.", None),
    ("The port is seeking damages for the collapse of the pier in 2012.", None),
    ("The pilot has avoided arrest for years after seeking refuge at a consulate in 2014.", None),
    # past clause: the year in a modifier dates its event too; a relative clause's own verb
    ("The inspectors were attacked by men wearing police uniforms in August 2016.", "2016-08"),
    ("The second case, which was dropped in 2015, concerned the same pier.", "2015"),
    ("The city closed the inquiry in 2017.", "2017"),
])
def test_a_year_in_a_modifier_does_not_date_a_present_clause(sentence, date) -> None:
    """Read with the parse: a date on a noun, in a participle or relative clause on a noun or
    in a gerund adjunct does not date a clause whose verb is not in the past."""
    found = textdates.first_date(sentence, "2019-11-19", lambda: nlp.parse(sentence))
    assert (found.value.text if found else None) == date


@pytest.mark.parametrize(("text", "published", "value"), [
    ("The mayor first announced the plan last week.", "2019-11-19", "2019-11"),
    ("The talks resume this week.", "2019-11-19", "2019-11"),
    ("The ferry sailed last week.", "2019-12-03", "2019-Q4"),  # 25 Nov - 1 Dec
    ("The pier reopens next week.", "2019-11-19", "2019-Q4"),
])
def test_a_week_is_the_smallest_date_that_holds_the_calendar_week(text, published, value) -> None:
    """'last/this/next week' is the calendar week before, of or after the story's day, written
    as the month (or quarter, year) that holds all of it."""
    assert textdates.first_date(text, published).value.text == value


@pytest.mark.parametrize("sentence", [
    "Voters were courted ahead of the country's May 12 election.",
    "He said the July 25 call made him realize the plan had failed.",
    "She was surprised he did not ask about the July 25 call.",
    "Lawmakers questioned the envoy on the mayor's July 25 phone call with the minister.",
])
def test_a_possessors_date_or_an_occasion_outside_its_setting_modifies_a_noun(sentence) -> None:
    """'the country's May 12 election' names when the election is; 'the July 25 call' as a
    subject or object is the call's date, not the clause's: an occasion dates a claim only as its
    setting ('in', 'at', 'during' it)."""
    assert textdates.first_date(sentence, PUBLISHED) is None


def test_an_occasion_as_the_setting_of_the_claim_dates_it() -> None:
    """'during a June 3 call', 'in a May 2 letter': the setting of the reporting act dates it."""
    for s in ("During a June 3 call the minister promised more money.",
              "The envoy said in a May 2 letter that the talks had failed."):
        found = textdates.first_date(s, PUBLISHED)
        assert found is not None and found.value.text[5:] in ("06-03", "05-02")


def test_a_day_in_a_nouns_clause_does_not_date_a_present_clause() -> None:
    """'Johnson is under fire for failing to deliver on his vow that Britain would leave the EU
    on Oct. 31': the day dates the vow's content (read from the parse, as a full year is), not
    the clause; 'the end of August' is August."""
    s = "Brandt is under fire for failing to keep his promise that the pier would reopen on Oct. 31."
    assert textdates.first_date(s, PUBLISHED, lambda: nlp.parse(s)) is None
    found = textdates.first_date("She said she first raised the cost at the end of August.",
                                 PUBLISHED)
    assert found is not None and found.value.text == "2025-08"


def test_a_weekday_before_its_written_date_is_that_date() -> None:
    """'on Saturday, May 18' names May 18, not the Saturday before the story; a weekday on its own
    still counts back from the story's date."""
    found = textdates.find_dates("The girl was taken at dusk on Saturday, May 18.", "2019-11-19")
    assert [f.value.text for f in found] == ["2019-05-18"]
    found = textdates.find_dates("He left on Saturday and came back on May 18.", "2019-11-19")
    assert [f.value.text for f in found] == ["2019-11-16", "2019-05-18"]
