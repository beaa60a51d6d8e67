"""Transcript labels in any case (issue 24): a one-paragraph speech under a mixed-case label
("Donald Trump: …", several first-person sentences) is that person's turn, while a lone "Name:"
line and a heading's words before a third-person report stay no speaker; a label with an outlet,
party or role ("JAKE TAPPER, CNN:", "SEN. BERNIE SANDERS (I), VERMONT:") names the person, not
them; a voice the transcript cannot name ("(UNKNOWN):", "UNIDENTIFIED MALE:") is a turn with no
claimant, its words credited to no one (least of all the speaker before); "Q:" is the questioner's
label; a wire's dateline written with a colon ("NEW DELHI: …"), the text's only label, opening
its first paragraph, is the dateline and the story stays the publisher's, while a one-turn
capitals speaker who speaks in the first person keeps the turn.

Every text below is invented for these tests (the shapes are those of the CheckThat! transcripts).
"""

from __future__ import annotations

from claimbook.sources import extract, segment
from extracting import cands, find

SPEECH = ("Donald Trump: Thank you very much. We have created more than a million jobs since the "
          "election. Our economy is stronger than ever. I promised to cut taxes and we cut taxes by "
          "5 trillion dollars.\n")
NEWS = ("Donald Trump:\n\n"
        "The former president said on Tuesday that tariffs would rise. He did not say by how much.\n\n"
        "Hong Kong: Protesters marched on Sunday. Police fired tear gas at them. Officials said 40 "
        "people were arrested.\n")
OUTLETS = ("JAKE TAPPER, CNN: Live from Washington, this is the debate. Unemployment is at 4.8 "
           "percent.\n\n"
           "SEN. BERNIE SANDERS (I), VERMONT: Twenty-eight million Americans have no health "
           "insurance.\n\n"
           "HILLARY CLINTON (D-NY), FORMER SECRETARY OF STATE, PRESIDENTIAL CANDIDATE: We added 14 "
           "million jobs.\n\n"
           "Dana Bash, CNN: Senator Cruz, premiums rose by 20 percent last year.\n\n"
           "Ted Cruz: Premiums have risen by 30 percent in my state.\n\n"
           "Dana Bash, CNN: The deficit grew by 400 billion dollars in 2016.\n\n"
           "Ted Cruz: It grew by 600 billion dollars.\n")
UNNAMED = ("JOE BIDEN: We lost 200,000 jobs in the last year.\n\n"
           "(UNKNOWN): But this is the problem. The plan costs 34 trillion dollars.\n\n"
           "UNIDENTIFIED MALE: The wall was never built.\n\n"
           "JOE BIDEN: We will rebuild the middle class.\n")


def speakers(text: str) -> list[str]:
    return [p.speaker for p in segment.paragraphs(text)]


def credited(text: str) -> dict[str, str]:
    return {m.quote: m.claimant.name for c in extract.extract(text, "Debate transcript", "2020-01-01")
            for m in c.mentions}


def test_a_one_paragraph_speech_under_a_mixed_case_label_is_that_persons() -> None:
    assert speakers(SPEECH) == ["Donald Trump"]
    who = credited(SPEECH)
    assert who and set(who.values()) == {"Donald Trump"}
    assert any("million jobs" in q for q in who)


def test_a_lone_name_line_and_a_heading_before_a_report_are_no_speakers() -> None:
    paras = segment.paragraphs(NEWS)
    assert [p.speaker for p in paras] == ["", "", ""]
    assert paras[0].is_heading
    assert "Donald Trump" not in credited(NEWS).values()


def test_a_label_with_an_outlet_names_the_person() -> None:
    assert speakers(OUTLETS) == ["JAKE TAPPER", "SEN. BERNIE SANDERS", "HILLARY CLINTON",
                                 "Dana Bash", "Ted Cruz", "Dana Bash", "Ted Cruz"]
    who = credited(OUTLETS)
    assert who[next(q for q in who if "4.8 percent" in q)] == "Jake Tapper"
    assert who[next(q for q in who if "400 billion" in q)] == "Dana Bash"
    assert who[next(q for q in who if "Twenty-eight" in q)] == "Bernie Sanders"
    assert who[next(q for q in who if "14 million" in q)] == "Hillary Clinton"
    assert not any("CNN" in name.upper() for name in who.values())


def test_a_voice_the_transcript_cannot_name_is_a_turn_with_no_claimant() -> None:
    assert speakers(UNNAMED) == ["JOE BIDEN", "UNKNOWN", "UNIDENTIFIED MALE", "JOE BIDEN"]
    who = credited(UNNAMED)
    assert not any("34 trillion" in q or "wall" in q for q in who)
    assert set(who.values()) == {"Joe Biden"} and len(who) == 2


def test_q_is_the_questioners_label() -> None:
    text = "Q: Did the ministry confirm the strike?\n\nA: It confirmed the strike on Tuesday.\n"
    assert speakers(text) == ["Q", "A"]


def test_a_tables_notes_and_source_are_no_speakers() -> None:
    """A report's table apparatus, under each of its tables ("Notes: …", "Source: …"), is not a
    transcript's turns: the text after it stays the report's own."""
    table = ("Notes: Table includes early filers. Late filers are not included.\n\n"
             "Source: Calculations based on preliminary tax data.\n\n")
    text = (table + "Taxpayers in the Northeast were the most likely to claim the credit.\n\n"
            + table + "The average credit was $1,200 in 2023.\n")
    sg = segment.segment(text)
    assert [p.speaker for p in sg.paragraphs] == [""] * len(sg.paragraphs)
    cs = extract.extract(text, "Research Service", "2026-04-08")
    assert {c.claimant.name for c in cs if "Northeast" in c.claim or "average" in c.claim} == {
        "Research Service"}


def test_a_wire_dateline_with_a_colon_is_no_speaker() -> None:
    text = ("Deportees return home\n\n"
            "NEW DELHI: Nearly 150 people returned home on Wednesday after being deported. They "
            "appeared sad as they left the airport.\n\n"
            "The aircraft reached the city via Dhaka, an airport official said.\n")
    paras = segment.paragraphs(text)
    assert [p.speaker for p in paras] == ["", "", ""]
    assert paras[1].dateline == "NEW DELHI:"
    cs = cands(text, "Wire Desk", "2019-11-20")
    assert find(cs, "150 people").claimant.name == "Wire Desk"
    assert "New Delhi" not in {c.claimant.name for c in cs}


def test_a_lone_capitals_speaker_in_the_first_person_keeps_the_turn() -> None:
    text = ("Remarks\n\nMAYOR LEE: We opened three clinics this year. I promised to open them and "
            "we did.\n")
    assert speakers(text) == ["", "MAYOR LEE"]
