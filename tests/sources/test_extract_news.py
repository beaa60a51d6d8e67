"""Extraction on news stories (issue 24, real news): a quoted speaker speaks on only inside a
quotation, a surname names the person the story named in full before, a passive accusation is
not the accused's claim, the reporting process and a question closed by its asker are no claims.
Texts invented for the test, in the forms of real news stories."""

from __future__ import annotations

from extracting import cands, find


def test_a_sentence_after_a_quote_in_its_paragraph_is_the_writers_again() -> None:
    """Only quoted speech continues the speaker: the next unquoted sentence of the paragraph is
    the document's voice, the next quoted one the speaker's."""
    cs = cands("The mayor has denied both accusations. He is currently serving a second term in "
               "the city council.\n\n"
               "“The repairs are finished on the eastern side,” Mayor Ivo Brandt said. Traffic was "
               "diverted to the north in 2021 after a flood. “We will reopen in May.”\n")
    assert find(cs, "currently serving a second term").claimant.claimant_type == "document"
    assert find(cs, "diverted to the north").claimant.claimant_type == "document"
    assert find(cs, "We will reopen in May").claimant.name == "Ivo Brandt"


def test_a_surname_names_the_person_the_story_introduced_in_full() -> None:
    """'Ms Varga' and 'Lindqvist' are the full names the story first wrote them with, even when
    that first mention was not a claim of theirs."""
    cs = cands("Regulators have fined the port operator of harbour pilot Tomas Lindqvist.\n\n"
               "Deputy Inspector Anna-Lena Varga took the decision, the agency said.\n\n"
               "Ms Varga said: \"The operator ignored three warnings.\"\n\n"
               "Lindqvist has denied any wrongdoing.\n")
    assert find(cs, "ignored three warnings").claimant.name == "Anna-Lena Varga"
    assert find(cs, "denied any wrongdoing").claimant.name == "Tomas Lindqvist"



def test_a_passive_accusation_is_not_the_accused_partys_claim() -> None:
    """'X was accused of …' is about X: reported in the document's voice as an allegation, or
    said by the agent when one is named ('by opposition parties')."""
    cs = cands("The harbour master was accused on Tuesday of hiding the inspection reports.\n\n"
               "The mayor is accused by opposition parties of misleading the council.\n")
    hidden = find(cs, "hiding the inspection reports")
    assert hidden.claimant.claimant_type == "document"
    assert hidden.claim_type == "allegation"
    assert find(cs, "misleading the council").claimant.name.lower() == "opposition parties"


def test_sentences_about_the_reporting_process_are_not_claims() -> None:
    """'He gave no details', 'There was no immediate comment from X', 'X did not respond to a
    request for comment', 'X could not be reached' propose nothing; what someone did not do
    that is news does."""
    cs = cands("The port will close the pier, the mayor said. He gave no details on the cost.\n\n"
               "There was no immediate comment from the operator. The ministry did not respond to "
               "a request for comment. The captain could not be reached. The coast guard did not "
               "reveal the location.\n\n"
               "The city did not respond to the floods for three days, the report said.\n")
    assert [c.claim for c in cs] == ["The port will close the pier.",
                                     "The city did not respond to the floods for three days."]


def test_welcoming_something_is_the_welcomers_statement() -> None:
    """'X welcomed the decision' is X's statement (the whole clause), not the writer's report."""
    cs = cands("The port workers' union welcomed the decision to reopen the pier, saying the "
               "closure had cost jobs.\n")
    welcomed = find(cs, "welcomed the decision")
    assert welcomed.claimant.claimant_type != "document"
    assert "union" in welcomed.claimant.name.lower()
    assert welcomed.claim_type == "statement"
    assert welcomed.claim.startswith("The port workers' union welcomed the decision")


def test_he_is_not_a_person_the_story_showed_to_be_a_woman() -> None:
    """'He' skips the nearest person when the story wrote her 'Ms Varga'; the person named by
    surname in a relative clause before ('Lindqvist, who denies …') is one he can be. An adverb
    before the reporting verb is not part of the claimant ('always argued')."""
    cs = cands("Harbour pilot Tomas Lindqvist lost his licence in May.\n\n"
               "Lindqvist, who denies the charge, has stayed at sea since then.\n\n"
               "Inspector Anna Varga said: \"The pilot ignored three warnings.\"\n\n"
               "Ms Varga said the port had lost a ship.\n\n"
               "He has always denied the accusations, saying the warnings never reached him.\n\n"
               "The union always argued that the warnings were lost.\n")
    assert find(cs, "He has always denied").claimant.name == "Tomas Lindqvist"
    assert find(cs, "warnings were lost").claimant.name.lower() == "union"


def test_an_unnamed_source_is_not_the_person_quoted_before() -> None:
    """'the source said' names an informant: never the analyst quoted in the paragraph before;
    a complement after the verb ('said that the claim is untrue') is never the speaker, even when
    a pull quote stands on the line before."""
    cs = cands("Analyst Maria Olsen told the paper that the ministry's claims are false.\n\n"
               "“… stop the evacuation of civilians from the Harran camp”\n"
               "A Daily Courier reporter Lena Moss's source inside the Harran camp, a refugee who "
               "asked not to be identified, said that the ministry’s claim is “absolutely not "
               "true.”\n"
               "“Nobody is stopping people from leaving the camp,” the source said.\n")
    denial = find(cs, "absolutely not")
    assert "source" in denial.claimant.name and "that" not in denial.claimant.name.lower()
    assert "source" in find(cs, "Nobody is stopping").claimant.name
    assert not any("stop the evacuation" in m.quote for c in cs for m in c.mentions)


def test_a_quoted_judgement_is_the_quoted_speakers() -> None:
    """'“I think …,” Brandt said': 'I think' inside a quotation is the speaker's judgement, not
    the writer's voice."""
    cs = cands("Mayor Ivo Brandt praised the workers.\n\n"
               "“I think the delays in the port were avoidable,” Brandt said.\n")
    assert find(cs, "delays in the port").claimant.name == "Ivo Brandt"


def test_a_surname_is_not_the_pair_it_was_named_in() -> None:
    """After 'Both Brandt and Williams told lawmakers …', 'Williams said' is Clara Williams, not
    the pair."""
    cs = cands("Inspector Clara Williams and Mayor Ivo Brandt spoke at the hearing.\n\n"
               "Both Brandt and Williams told lawmakers that the plan was unlawful.\n\n"
               "Williams said the vote was unusual and rushed.\n")
    assert find(cs, "vote was unusual").claimant.name == "Clara Williams"


def test_testifying_disputing_begging_and_pledging_are_reporting_acts() -> None:
    """'X testified that …', 'X disputed the notion that …', 'X begged lawmakers to …', 'X
    pledged to …' are X's, not the writer's report; testifying before a committee with no
    complement reports nothing."""
    cs = cands("Harbour master Tomas Lindqvist testified before the council on Tuesday.\n\n"
               "Lindqvist testified that the pier had been inspected twice in May.\n\n"
               "Lindqvist disputed the notion that he had hidden the inspection reports.\n\n"
               "He begged councillors not to lose sight of the repairs still needed on the pier.\n\n"
               "The ferry company pledged to publish its safety reports every month.\n")
    assert find(cs, "before the council").claimant.claimant_type == "document"
    assert find(cs, "inspected twice").claimant.name == "Tomas Lindqvist"
    disputed = find(cs, "disputed the notion")
    assert disputed.claimant.name == "Tomas Lindqvist" and disputed.claim_type == "denial"
    assert find(cs, "not to lose sight").claimant.name == "Tomas Lindqvist"
    assert "ferry company" in find(cs, "publish its safety reports").claimant.name.lower()


def test_he_or_she_is_first_the_person_the_sentence_before_is_about() -> None:
    """'Lindqvist was the third witness … . He said …': 'he' is Lindqvist, whom the sentence
    before is about, not Williams, who spoke last."""
    cs = cands("Inspector Clara Williams and harbour master Tomas Lindqvist spoke to the council on "
               "Tuesday. Williams said the pier had been inspected twice.\n\n"
               "Lindqvist was the third witness who spoke on Tuesday about the pier. He said he was "
               "not worried about the cost of the repairs.\n")
    assert find(cs, "not worried").claimant.name == "Tomas Lindqvist"


def test_a_quoted_sentence_is_the_speaker_named_where_its_quotation_closes() -> None:
    """'“A! B,” Lindqvist wrote': the first sentence of the quotation is Lindqvist's too, and
    a '…,” X wrote soon after the council concluded …' names X, not the council. (A verbless
    cheer, 'A great day for …!', is no claim at all: test_extract_forms.)"""
    cs = cands("The council met on Tuesday. Mayor Ivo Brandt said the pier was closed.\n\n"
               "Harbour master Tomas Lindqvist spoke after him.\n\n"
               "\"It was a great day for the harbour and for our town! In the end, we will reopen "
               "the pier before the summer,” Lindqvist wrote soon after the Harbour Committee on "
               "Safety concluded its third hearing on Tuesday.\n")
    assert find(cs, "great day for the harbour").claimant.name == "Tomas Lindqvist"
    assert find(cs, "reopen the pier").claimant.name == "Tomas Lindqvist"


def test_a_quoted_question_and_an_answer_without_its_question_are_no_claims() -> None:
    """'"So the pier is still closed?" Moss asked.' asks; '"That's correct," Brandt said.' only
    answers it: neither is proposed. 'He denied the allegations' (an object claim) stays."""
    cs = cands("\"So it's fair to say the pier is still closed to the ferries?\" Moss asked.\n\n"
               "\"That's correct,\" Brandt said.\n\n"
               "Harbour master Tomas Lindqvist has denied both allegations.\n")
    assert [c.claimant.name for c in cs] == ["Tomas Lindqvist"]


def test_a_temporal_adverb_is_no_subject_of_a_new_clause() -> None:
    """'The population has fluctuated and currently is estimated at 4,000': one claim, not a
    second clause 'Currently is estimated at 4,000' without a subject."""
    cs = cands("The population of the harbour district has fluctuated and currently is estimated "
               "at around 4,000.\n")
    assert [c.claim for c in cs] == [
        "The population of the harbour district has fluctuated and currently is estimated at "
        "around 4,000."]


def test_a_passive_accusation_with_an_apposition_speaks_through_its_agent() -> None:
    """'Brandt, a stolid socialist, is accused by critics of …': the apposition hides the
    subject from the word rules; the parse's passive gives the critics as the accusers."""
    cs = cands("Mayor Ivo Brandt, a stolid socialist, is accused by critics of promoting high "
               "harbour fees and of failing to repair the pier.\n")
    c = find(cs, "accused by critics")
    assert c.claimant.name.lower() == "critics" and c.claim_type == "allegation"


def test_a_sentence_opening_with_a_name_is_not_more_of_the_sentence_before() -> None:
    """'The drill …' after a sentence about a drill continues it; 'The U.S. base …' after a
    sentence naming the U.S. is news of its own (a name, not a common noun taken up again)."""
    cs = cands("Russia and Iran have been pressuring the U.S. to leave the harbour base. The U.S. "
               "base has been the target of a disinformation campaign, the Daily Courier has "
               "established.\n")
    assert find(cs, "The U.S. base has been") is not find(cs, "have been pressuring")


def test_reported_speech_goes_on_in_a_clause_with_the_same_pronoun() -> None:
    """'He said he was not worried about the cost, but he did worry there would be delays': the
    second clause is his too; a clause with another subject is not."""
    cs = cands("Tomas Lindqvist was the third witness to speak to the council on Tuesday. "
               "He said he was not worried about the cost of the repairs, but he did worry there "
               "would be delays if more ships used the pier.\n")
    assert find(cs, "there would be delays").claimant.name == "Tomas Lindqvist"


def test_a_quote_goes_on_over_the_pages_navigation() -> None:
    """A 'SEE MORE: …' line between two paragraphs of one quotation credits nothing to 'See More':
    the quotation's next paragraph is still the envoy's."""
    cs = cands("Envoy Sato Kenji said the navy could be deployed, warning: “They are already there "
               "in the harbour garrison. They are there to show sovereignty.\n"
               "SEE MORE: Harbour protests: 800 students under siege in university\n"
               "“If the situation becomes uncontrollable, the government would not sit on its "
               "hands.”\n")
    assert "See More" not in {c.claimant.name for c in cs}
    assert find(cs, "would not sit on its hands").claimant.name == "Sato Kenji"


def test_a_quoted_speakers_next_sentence_is_a_claim_of_its_own() -> None:
    """'"A," he said. "B. These arrests are only …"': a quoted speaker's sentence that
    opens with a demonstrative is a claim of theirs, not more of the sentence before (that
    continuation holds for the writer's own voice: 'This training was …')."""
    cs = cands('"The harbour chiefs should have gone the day the pier collapsed," Mayor Ivo Brandt '
               'said. "The port and the ministry need to start giving the public answers. These '
               'arrests are only the start of the inquiry.\n')
    answers = find(cs, "giving the public answers")
    arrests = find(cs, "arrests are only the start")
    assert arrests is not answers
    assert arrests.claimant.name == answers.claimant.name == "Ivo Brandt"


def test_an_accusation_in_a_restrictive_relative_clause_is_the_accusers() -> None:
    """'… outraged local officials and customers who accused the utility of overkill …': the
    accusation is the customers' (the whole act, from 'accused'), apart from the writer's
    account before it; 'Officials who said A were wrong' stays one clause of the writer's."""
    cs = cands("The blackout would be the latest in a series of outages, including one last month "
               "that outraged local officials and customers who accused the utility of overkill "
               "and using blackouts as a crutch.\n\n"
               "Officials who said the pier was closed were wrong.\n")
    accused = find(cs, "accused the utility of overkill")
    assert accused.claimant.name.lower() == "customers"
    assert accused.claim.startswith("Accused the utility")
    assert accused.claim_type == "allegation"
    assert find(cs, "latest in a series").claimant.claimant_type == "document"
    assert find(cs, "Officials who said").claimant.claimant_type == "document"


def test_a_participle_describing_a_noun_names_no_speaker() -> None:
    """'… outrage over the security breakdown revealed by the inmate's death': 'revealed' only
    describes the breakdown, so 'Security breakdown' is no claimant."""
    cs = cands("As the charges were unsealed, the director testified before the committee, where "
               "lawmakers expressed outrage over the security breakdown revealed by the inmate's "
               "death.\n")
    assert [c.claimant.claimant_type for c in cs] == ["document"]


def test_a_refusal_to_comment_is_no_claim() -> None:
    """'X declined to comment', 'declined to say when …', 'did not respond to The Hill's request
    for comment', 'did not immediately provide any other details', 'The price wasn't announced',
    'It didn't say when …': the reporting process, which
    the real pages' gold never records; a refusal to act is still one."""
    cs = cands("The Pentagon declined to comment on the figure. He declined to say when the "
               "lander would be ready. The governor's office didn't immediately respond to The "
               "Courier's request for comment. Officials did not immediately provide any other "
               "details. The price wasn't announced. It didn't say when the wagon will go on "
               "sale. The ministry refused to withdraw the troops from the border region.\n")
    assert [c.claim for c in cs] == ["The ministry refused to withdraw the troops from the "
                                     "border region."]


def test_a_quotation_closed_by_its_asker_is_a_question_not_a_claim() -> None:
    """'“What is the contingency if …,” Aderholt asked.' is a question even without its question
    mark; '“…,” he said when asked about …' is still the speaker's claim."""
    cs = cands("“What is the contingency if the rockets are not ready by 2024,” Aderholt asked. "
               "“We have no evidence of that,” the director said when asked about the report.\n")
    assert [(c.claimant.name.lower(), c.claim) for c in cs] == [
        ("director", "We have no evidence of that.")]


def test_a_quote_closed_by_a_name_with_a_long_title_is_the_names() -> None:
    """'"…," Name, a title of many words with commas, said in that statement': the name speaks;
    "in that statement" after the verb is where, never who."""
    cs = cands("“Using the lift of the heavy rocket, we have developed a direct approach that "
               "minimizes mission complexity,” Ada Brandt, senior vice president for space and "
               "launch at Nordwerk Defense, Space, and Security, said in that statement.\n")
    c = find(cs, "a direct approach")
    assert c.claimant.name == "Ada Brandt"


def test_a_prompt_to_the_reader_or_a_piece_cut_off_its_verb_is_no_claim() -> None:
    """A page's prompts ("Listen to … live at …", "Email the reporter at …") and a clause the
    splitter cut off its verb ("…, and small-business owners impacted by the storm.") assert
    nothing; a clause of its own after a comma still does."""
    cs = cands("Listen to Radio Nord live at 12:45 weekdays or listen back on our website.\n\n"
               "Email Ada Brandt at abrandt@example.com or follow her on the platform.\n\n"
               "The agency opened six recovery centres in every county this week, and "
               "small-business owners impacted by the flooding of the river.\n\n"
               "The bridge reopened on Monday, and the ferry resumed its crossings on Tuesday.\n")
    assert not any("Listen" in c.claim or "Email" in c.claim for c in cs)
    assert not any(c.claim.startswith("Small-business") for c in cs)
    assert find(cs, "ferry resumed its crossings")
    assert find(cs, "opened six recovery centres")


def test_a_republication_note_and_a_comments_note_are_no_claims() -> None:
    cs = cands("The agency said the probe had found water vapour.\n\nThis article was originally "
               "published by Futurism. Read the original article.\n\nThis article is republished "
               "from The Conversation under a Creative Commons license.\n\nNote: we are "
               "temporarily moderating all comments submitted to deal with a surge in spam.\n")
    assert [c.claim for c in cs] == ["The probe had found water vapour."]


def test_an_originally_published_note_is_no_claim() -> None:
    cs = cands("The agency said the probe had found water vapour.\n\nOriginally published on Live "
               "Science.\n")
    assert [c.claim for c in cs] == ["The probe had found water vapour."]
