"""Extraction read from the parse (issue 24): the claimant wherever it stands, one clause per
reporting act, speaker turns in any case, types from who acts, dates from the story. Texts
invented for the test, in the forms of real news and transcripts."""

from __future__ import annotations

from claimbook.claims import aliases
from claimbook.sources import review, segment
from extracting import cands, find


def test_a_speaker_named_with_an_apposition_owns_the_whole_complement() -> None:
    cs = cands("Soelistyo, head of Indonesia's search and rescue agency, told local television the "
               "search area between Sumatra and Borneo would be expanded.\n")
    (c,) = cs
    assert c.claimant.name == "Soelistyo"
    assert c.claim == "The search area between Sumatra and Borneo would be expanded."
    assert c.claimant.claimant_type != "unknown"  # typed by "head of … agency"


def test_a_surname_and_he_resolve_to_the_person_named_before() -> None:
    cs = cands("U.S. Defense Secretary Mark Esper on Wednesday accused China of intimidation.\n\n"
               "\"We will not accept it,\" Esper said.\n\nHe said a ship would be provided next year.\n")
    for words in ("accused China", "We will not accept", "ship would be provided"):
        assert find(cs, words).claimant.name == "Mark Esper", words


def test_she_goes_to_the_last_person_not_the_last_body() -> None:
    cs = cands("Mayor Anna Kowalska said the shelter was full.\n\nThe city council said the roads "
               "were closed.\n\n\"They are not ours,\" she said.\n")
    assert find(cs, "They are not ours").claimant.name == "Anna Kowalska"


def test_a_quoted_verb_belongs_to_the_outer_speaker_and_one_clause_stays_whole() -> None:
    cs = cands("\"The cause of the crash is under investigation, however preliminary reports do "
               "not indicate it was caused by enemy fire,\" the US military said in a statement.\n")
    (c,) = cs
    assert c.claimant.name != "Preliminary reports" and "enemy fire" in c.claim


def test_a_coordinated_reporting_clause_does_not_take_the_clause_before_it() -> None:
    cs = cands("President Lee has been eager to withdraw, but General Park told reporters this "
               "month that the forces are likely to remain for several more years.\n")
    assert find(cs, "eager to withdraw").claimant.claimant_type == "document"
    assert find(cs, "likely to remain").claimant.name.endswith("Park")  # title stripped


def test_types_from_who_acts() -> None:
    cs = cands("The army said two of its soldiers were killed in a crash.\n\n"
               "The army said Ruritanian drones had struck the depot.\n\n"
               "The Afghan government has ruled out Taliban involvement in the incident.\n\n"
               "The army's chief of staff said the front was stable.\n")
    assert find(cs, "two of its soldiers").claim_type == "statement"
    assert find(cs, "Ruritanian drones").claim_type == "allegation"
    assert find(cs, "ruled out Taliban").claim_type == "denial"
    assert find(cs, "the front was stable").claim_type != "intelligence_report"


def test_an_intelligence_body_reports_intelligence() -> None:
    cs = cands("Ukraine's military intelligence said Ruritanian engineers were helping Russia.\n")
    assert find(cs, "engineers were helping").claim_type == "intelligence_report"


def test_a_statement_without_its_own_date_takes_the_story_date_the_document_voice_does_not() -> None:
    cs = cands("The ministry said the bridge was repaired.\n\nThe bridge over the river was "
               "repaired.\n\nOn Monday, officials said the ferry resumed its runs.\n")
    c = find(cs, "ministry said")
    assert (c.date, c.date_source) == ("2025-10-08", "published")
    assert find(cs, "bridge over the river").date == ""
    assert find(cs, "ferry resumed").date == "2025-10-06"  # its own day wins


def test_a_dateline_starts_the_story_after_its_headline() -> None:
    text = ("Minister accuses neighbours of intimidation\nHANOI (AP) — The minister on Wednesday "
            "accused the neighbours of intimidation.\n")
    sg = segment.segment(text)
    assert [sg.view[s.start:s.end] for s in sg.sentences] == [
        "The minister on Wednesday accused the neighbours of intimidation."]


def test_transcript_labels_in_any_case_are_speaker_turns() -> None:
    text = ("Zhou Wei: The drills are routine and planned long ago.\n\n"
            "Mr. Miller: The drills threaten the region's shipping.\n\n"
            "Zhou Wei: We have said nothing about shipping lanes.\n\n"
            "Mr. Miller: Your navy closed two lanes on Monday.\n")
    sg = segment.segment(text)
    assert [p.speaker for p in sg.paragraphs] == ["Zhou Wei", "Mr. Miller", "Zhou Wei", "Mr. Miller"]
    cs = cands(text, "Briefing Transcript")
    assert find(cs, "drills are routine").claimant.name == "Zhou Wei"
    assert find(cs, "closed two lanes").claimant.name.endswith("Miller")
    for c in cs:  # no candidate crosses a turn
        for m in c.mentions:
            assert "\n\n" not in text[m.start:m.end]


def test_a_heading_glued_once_is_not_a_speaker() -> None:
    sg = segment.segment("Joint training: In July 2025, the two armies held drills.\n")
    assert sg.paragraphs[0].speaker == "" and sg.paragraphs[0].label == "Joint training"


def test_a_name_the_document_equates_with_a_known_one_resolves_and_is_proposed() -> None:
    cs = cands("The Defence Intelligence Directorate, known as HUR, monitors the border.\n\n"
               "The Defence Intelligence Directorate said the drones came from Iran.\n")
    c = find(cs, "drones came from Iran")
    assert c.claimant.name == "Ukraine HUR (Defence Intelligence)"
    (row,) = review.review_rows([c], "d")
    assert row["proposed_alias"] == ("Defence Intelligence Directorate -> "
                                     "Ukraine HUR (Defence Intelligence)")
    # only proposed: the shipped alias table does not learn it
    assert not aliases.resolve("Defence Intelligence Directorate", aliases.alias_table()).known


def test_a_stage_direction_before_a_speaker_label_is_not_the_speaker() -> None:
    text = ("WALLACE: Gentlemen, we are going to move on to the economy.\n\n"
            "(APPLAUSE) WALLACE: The next question is about the debt, which doubled since 2008.\n\n"
            "TRUMP: The debt doubled because the last administration spent without limits.\n")
    sg = segment.segment(text)
    assert [p.speaker for p in sg.paragraphs] == ["WALLACE", "WALLACE", "TRUMP"]
    cs = cands(text, "Debate transcript")
    assert find(cs, "which doubled since 2008").claimant.name.lower().endswith("wallace")
    assert all("APPLAUSE" not in m.quote for c in cs for m in c.mentions)


def test_a_quote_continued_over_paragraphs_keeps_its_speaker() -> None:
    cs = cands("Minister Anna Kowalska said the talks “give us hope for a settlement this year.\n\n"
               "“We see these developments as hopeful signs that the war may soon end.”\n\n"
               "The talks resumed in Geneva on Monday.\n")
    assert find(cs, "hopeful signs").claimant.name == "Anna Kowalska"
    assert find(cs, "talks resumed").claimant.claimant_type == "document"


def test_a_speaker_with_a_time_or_an_apposition_before_the_verb_speaks_the_that_clause() -> None:
    """Forms of real business news: a time between speaker and verb is not part of the speaker's
    name; a named apposition names the speaker, a described one leaves the name; a "that" clause
    the parse hangs on the setting's noun or under a participle is still what is said."""
    cs = cands("Ferrovia Nord in October revealed plans to expand its fleet by a third by 2025.\n\n"
               "The harbour group's parent company, Baltic Ports Holding, announced on Sept. 30 "
               "that it was withdrawing its bid for the terminal.\n\n"
               "Kessler Farm, the largest dairy farm in the valley, reported that the recall "
               "covered about 4,000 bottles of milk.\n\n"
               "Nordair President Tomas Berg, meanwhile, told reporters at a press conference "
               "that the airline will recommence its expansion in the early 2030s, following its "
               "current period of consolidation.\n",
               publisher="Test Wire")
    assert find(cs, "expand its fleet").claimant.name == "Ferrovia Nord"
    assert find(cs, "withdrawing its bid").claimant.name == "Baltic Ports Holding"
    assert find(cs, "covered about 4,000").claimant.name == "Kessler Farm"
    # a participle between commas is no apposition: the source it cites speaks
    cited = cands("The news organization, citing an anonymous government source, reported that "
                  "the minister's reluctance to cut tariffs was dampening the talks.\n")
    assert find(cited, "dampening the talks").claimant.name != "News organization"
    resume = find(cs, "recommence its expansion")
    assert resume.claimant.name == "Tomas Berg"
    assert resume.claim.startswith("The airline will recommence")


def test_a_document_speaks_for_its_maker_named_by_by_never_for_its_topic() -> None:
    """"According to credible reports received by Nordwatch": Nordwatch's finding; "the National
    Survey of Harbour Health" is about harbour health, which says nothing."""
    cs = cands("At least 40 fishermen have been detained, according to credible reports received "
               "by Nordwatch.\n\n"
               "The 2024 National Survey of Harbour Health estimated that one pier in five is "
               "unsafe.\n")
    assert find(cs, "40 fishermen").claimant.name == "Nordwatch"
    data = cands("Harbour traffic fell by a third last year, according to data from Portstat.\n\n"
                 "The guard slept on the job, according to court records.\n")
    assert find(data, "fell by a third").claimant.name == "Portstat"
    assert find(data, "slept on the job").claimant.name == "Court records"  # no maker named
    assert find(cs, "one pier in five").claimant.name != "Harbour Health"


def test_a_capitalised_reporting_word_opening_a_sentence_is_part_of_the_name() -> None:
    """"State media have reported …", "State officials said …": a sentence does not open with
    its reporting verb; "State" is the speaker's first word."""
    cs = cands("State media have reported only a handful of deaths among the protesters.\n\n"
               "State officials said the bridge would be closed for a month.\n")
    assert find(cs, "a handful of deaths").claimant.name == "State media"
    assert find(cs, "closed for a month").claimant.name == "State officials"


def test_a_forecast_and_a_finding_without_a_said_are_their_makers() -> None:
    """"X expects …" and "A survey by X found that …" are X's; "found the car", "a bacterium
    usually found in …", "found it hard" and the writer's own "we found" stay as they were."""
    cs = cands("Edmunds expects 16.6 million vehicles will be sold this year. A survey by Gallup "
               "found that most voters oppose the plan. Police found the car in a ditch. Plague is "
               "caused by a bacterium usually found in small mammals. He found it hard to believe. "
               "We also found that the quote did not come from a credible outlet.\n",
               publisher="Daily Planet")
    assert find(cs, "16.6 million").claimant.name == "Edmunds"
    assert find(cs, "16.6 million").claim == "16.6 million vehicles will be sold this year."
    assert find(cs, "most voters").claimant.name == "Gallup"
    for words in ("found the car", "small mammals", "quote did not come"):
        assert find(cs, words).claimant.name == "Daily Planet", words


def test_agreeing_and_remembering_are_the_speakers() -> None:
    cs = cands("Many businesses agree that the rules have long favoured local firms. Cook "
               "remembered that the founder rehearsed there for weeks. Negotiators agreed to meet "
               "again in May.\n", publisher="Daily Planet")
    assert find(cs, "favoured local firms").claimant.name == "Many businesses"
    assert find(cs, "rehearsed there").claimant.name == "Cook"
    assert find(cs, "meet again").claimant.name == "Daily Planet"  # an act agreed, not a view


def test_a_name_with_and_inside_it_is_one_speaker() -> None:
    """The word rules cut a name at its "and"; the parse's one name, whose head comes after it,
    is the speaker: "the Food and Drug Administration", not "Drug Administration"."""
    cs = cands("The Food and Drug Administration said the drug was safe for adults. The House "
               "Ways and Means Committee later reported it had rejected the definitions.\n")
    assert find(cs, "safe for adults").claimant.name == "Food and Drug Administration"
    assert find(cs, "rejected the definitions").claimant.name == "House Ways and Means Committee"


def test_of_two_names_before_the_verb_the_one_who_speaks_is_named() -> None:
    """"Trump adviser Kellyanne Conway" and "Goddard planetary scientist Avi Mandell" are the
    adviser and the scientist, also after a quotation."""
    cs = cands('"The plan is dead," Trump adviser Kellyanne Conway said on Monday. "We performed '
               'diligent safety checks," Goddard planetary scientist Avi Mandell said.\n')
    assert find(cs, "plan is dead").claimant.name == "Kellyanne Conway"
    assert find(cs, "safety checks").claimant.name == "Avi Mandell"


def test_let_me_say_is_the_speakers_own_voice() -> None:
    """"Let me first say that …" in a turn is the turn's speaker, never a claimant "Me"."""
    cs = cands("MS. LEE:  Josh, let me first say that our goal as an employer is to keep our staff "
               "safe.\n\nQ  And the mask rule?\n\nMS. LEE:  Let me say that the agency is a body "
               "that is highly respected.\n")
    for words in ("keep our staff safe", "highly respected"):
        assert find(cs, words).claimant.name == "Lee", words


def test_he_after_a_name_first_written_with_a_title_is_that_person() -> None:
    """"Andrew doesn't remember …" after "Prince Andrew": the next "he said" is Prince Andrew,
    and a sentence's end before a capital ("… attorney general. But she …") names no one."""
    cs = cands("The real Prince Andrew was busy on Sunday.\n\nAndrew doesn't remember the night, "
               "but he remembers the restaurant. \"Going there was unusual for me,\" he said.\n\n"
               "She met the attorney general. But he said the inquiry was closed.\n")
    assert find(cs, "unusual for me").claimant.name == "Prince Andrew"
    assert "But" not in find(cs, "inquiry was closed").claimant.name


def test_an_attempt_made_to_say_something_is_the_subjects_act() -> None:
    """"has tried to suggest that …" is the subject's; "will try to argue", "did not try to
    claim" and "are trying to assess" make no claim yet."""
    cs = cands("Trump has recently tried to suggest that Sondland was a stranger. Lawyers will try "
               "to argue that the law is void. Analysts are trying to assess whether the deal will "
               "close.\n", publisher="Daily Planet")
    c = find(cs, "Sondland was a stranger")
    assert (c.claimant.name, c.claim) == ("Trump", "Sondland was a stranger.")
    for words in ("law is void", "deal will close"):
        assert find(cs, words).claimant.name == "Daily Planet", words


def test_a_thing_shown_as_something_is_the_speakers_characterization() -> None:
    """"touted the plan as …", "portrayed the strike as …" are the subject's; without an "as"
    ("Fans touted the new album") no one characterizes anything."""
    cs = cands("Holcomb touted the plan as making strides toward higher pay. Moscow portrayed "
               "the strike as self-defence. Fans touted the new album on the radio.\n",
               publisher="Daily Planet")
    assert find(cs, "making strides").claimant.name == "Holcomb"
    assert find(cs, "self-defence").claimant.name == "Russian government"
    assert find(cs, "new album").claimant.name == "Daily Planet"


def test_a_thing_seen_as_something_is_the_subjects_view_not_an_accusation() -> None:
    """"sees the lineup as …", "which Apple views as …" are the subject's view, typed as a
    judgement (not the allegation of "called the drills a provocation"); "saw the car" and
    "we'll see" see nothing as anything."""
    cs = cands("Lewis Ward, research director at the market firm IDC, sees the lineup as its "
               "\"Achilles heel.\" Among its values is privacy, which Apple views as \"a fundamental "
               "human right\" and builds into its products. Witnesses saw the car near the bridge "
               "on Monday.\n", publisher="Daily Planet")
    ward, apple = find(cs, "Achilles heel"), find(cs, "fundamental human right")
    assert (ward.claimant.name, ward.claim_type) == ("Lewis Ward", "assessment")
    assert apple.claimant.name == "Apple" and apple.claim_type != "allegation"
    assert find(cs, "near the bridge").claimant.name == "Daily Planet"


def test_a_writers_aside_before_the_source_does_not_take_its_subject() -> None:
    """"As we have noted, a 2019 study by X concluded that …" was parsed "noted a 2019 study",
    leaving "concluded" without a subject: the study's author speaks, not the writer."""
    cs = cands("As we have noted, a March 2019 study by the Arden Institute for Trade, a think tank, "
               "concluded that the full cost of the tariff falls on domestic consumers.\n",
               publisher="Daily Planet")
    assert find(cs, "full cost of the tariff").claimant.name == "Arden Institute for Trade"


def test_a_projection_with_a_clause_is_its_makers() -> None:
    """"X projected (in May) that …" is X's forecast; "projected a loss", "projected onto the
    wall" project nothing said."""
    cs = cands("The Arden Budget Office projected in May that the tariffs would reduce output by "
               "0.25 percent. The agency projected a loss of 12 million dollars for the year. The "
               "images were projected onto the wall of the old station.\n", publisher="Daily Planet")
    assert find(cs, "reduce output").claimant.name == "Arden Budget Office"
    assert find(cs, "loss of 12 million").claimant.name == "Daily Planet"
    # the tagger reads "projects" as a plural noun at the root; no noun has a subject
    cs = cands("Separately, the Arden Budget Office projects that the Trump-era tariffs will reduce the "
               "national gross domestic product by 0.3 percent by 2020.\n", publisher="Daily Planet")
    assert find(cs, "gross domestic product").claimant.name == "Arden Budget Office"


def test_a_concern_expressed_is_the_subjects_view() -> None:
    """"X has expressed concern about …", "many have voiced concerns that …" are the subject's;
    "expressed its goods" expresses no view."""
    cs = cands("The Arden Bank, among others, has also expressed concern about a period of higher "
               "interest rates. Many residents have voiced concerns that officials are hiding the "
               "cases. The company expressed its goods to the port on Monday.\n",
               publisher="Daily Planet")
    assert find(cs, "higher interest rates").claimant.name.startswith("Arden Bank")
    assert find(cs, "hiding the cases").claimant.name == "Many residents"
    assert find(cs, "goods to the port").claimant.name == "Daily Planet"


def test_a_thing_claimed_as_a_due_is_no_claim() -> None:
    """"taxpayers claimed the credit", "the storm claimed the lives of …" claim nothing true;
    "claimed credit for …" and "claimed victory" do."""
    cs = cands("About 2.2 million taxpayers claimed the credit in 2023. The storm claimed the lives "
               "of 12 people on Sunday. The mayor claimed credit for the drop in crime. The general "
               "claimed victory in the battle for the port.\n", publisher="Daily Planet")
    for words in ("claimed the credit", "lives of 12 people"):
        assert find(cs, words).claimant.name == "Daily Planet", words
    assert find(cs, "drop in crime").claimant.name == "Mayor"
    assert find(cs, "battle for the port").claimant.name == "General"


def test_two_nouns_coordinated_are_one_subject_and_a_count_of_people_is_no_body() -> None:
    """"Several states and importers have filed suits" is one clause (the rules read "states" as
    a verb); "the ministry" refers back to no count of people and no survey."""
    cs = cands("Several states and importers have filed suits against the tariffs.\n\n"
               "Roughly 3% of tax filers in Maine claimed the deduction, the survey said. The "
               "ministry said that the deduction would end in 2027.\n", publisher="Daily Planet")
    assert find(cs, "filed suits").claim.startswith("Several states and importers")
    assert find(cs, "would end in 2027").claimant.name == "Ministry"


def test_a_person_written_as_an_age_is_the_person_named_before() -> None:
    """"the 56-year-old said" is the person quoted before, never "-old"."""
    cs = cands("Tottenham have appointed Jose Mourinho as their new manager.\n\n\"I am excited to "
               "be joining a club with such a heritage,\" Mourinho said.\n\n\"The quality in the "
               "squad excites me,\" the 56-year-old said.\n")
    assert find(cs, "squad excites me").claimant.name == "Jose Mourinho"


def test_evidence_no_one_is_named_with_is_the_writers_report() -> None:
    """"The scan revealed …", "Blood tests revealed that …", "Images of bullet casings indicate
    that …": the document's report of what was found, not a claimant "Scan"."""
    cs = cands("The scan revealed severe inflammation in his lungs. Blood tests revealed that the "
               "man's body was reacting to feathers. Images of bullet casings indicate that the "
               "police used live ammunition.\n", publisher="Daily Planet")
    for words in ("severe inflammation", "reacting to feathers", "live ammunition"):
        assert find(cs, words).claimant.name == "Daily Planet", words
