"""Attribution from the parse: wherever the source stands, the speaker is the reporting verb's
subject (without apposition, relative clause, place or medium) and the claim is its whole
complement clause; evidence no one is named as making is no source; "responded that …" reports.
Sentences invented for the test, in the forms real news uses."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimbook.sources import attribution, clauses, extract, nlp


def said_all(sentence: str) -> list[attribution.Said]:
    return attribution.attributions(nlp.parse(sentence))


def said(sentence: str) -> list[tuple[str, str, str]]:
    return [(a.kind, a.speaker, sentence[a.content_start:a.content_end])
            for a in attribution.attributions(nlp.parse(sentence))]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Soelistyo, head of Indonesia's search and rescue agency, told local television the search "
     "area between Sumatra and Borneo would be expanded.",
     ("lead", "Soelistyo", "the search area between Sumatra and Borneo would be expanded")),
    ("The search will continue through the night, said a source close to the probe.",
     ("tail", "a source close to the probe", "The search will continue through the night")),
    ("Sea levels will rise faster than expected, say oceanographers.",
     ("tail", "oceanographers", "Sea levels will rise faster than expected")),
    ("The minister wrote on social media that the bridge had been destroyed.",
     ("lead", "The minister", "the bridge had been destroyed")),
    ("Smith said in an April 8 statement that the company would appeal.",
     ("lead", "Smith", "the company would appeal")),
    ("According to the United Nations, more than 2,500 civilians have been killed this year.",
     ("according", "the United Nations", "more than 2,500 civilians have been killed this year")),
    ("It will house the local police force's offices, the Interior Ministry said in a statement.",
     ("tail", "the Interior Ministry", "It will house the local police force's offices")),
    ("\"The house should send an unmistakable signal,\" Interior Minister Wolfgang Peschorn, who "
     "serves in a provisional government, said in the statement.",
     ("tail", "Wolfgang Peschorn", "The house should send an unmistakable signal")),
])
def test_speaker_and_whole_complement_wherever_the_source_stands(sentence, expected) -> None:
    assert said(sentence) == [expected]


def test_apposition_is_kept_as_the_speakers_description() -> None:
    (a,) = attribution.attributions(nlp.parse(
        "Soelistyo, head of Indonesia's search and rescue agency, told local television the search "
        "area would be expanded."))
    assert a.description == "head of Indonesia's search and rescue agency"


def test_a_persons_title_is_their_description_not_their_name() -> None:
    (a,) = attribution.attributions(nlp.parse(
        "U.S. Defense Secretary Mark Esper on Wednesday accused China of using coercion."))
    assert (a.speaker, a.description, a.verb) == ("Mark Esper", "U.S. Defense Secretary", "accuse")


def test_a_verb_inside_a_quoted_complement_belongs_to_the_outer_speaker() -> None:
    s = ("\"The cause of the crash is under investigation, however preliminary reports do not "
         "indicate it was caused by enemy fire,\" the statement said.")
    assert [(a.speaker, a.verb) for a in attribution.attributions(nlp.parse(s))] == [
        ("the statement", "say")]


def test_who_acts_in_the_complement_is_read_from_the_parse() -> None:
    (a,) = attribution.attributions(nlp.parse("Russia said Ukrainian drones had struck a refinery."))
    assert a.actor == "Ukrainian drones" and a.actor_entity in ("NORP", "GPE")
    (a,) = attribution.attributions(nlp.parse("The ministry said we will keep the border open."))
    assert (a.actor, a.actor_entity) == ("we", "PRON")


def test_citing_names_the_original_source_and_keeps_the_relay() -> None:
    (a,) = attribution.attributions(nlp.parse(
        "The newspaper, citing two officials, said the plan was dropped."))
    assert (a.speaker, a.relayed_by) == ("two officials", "The newspaper")


def test_verbs_whose_object_is_the_claim_keep_the_verb_phrase() -> None:
    s = "China described the drills as a provocation."
    assert said(s) == [("lead", "China", "described the drills as a provocation")]
    s = "The Afghan government has ruled out Taliban involvement in the latest incident."
    (a,) = attribution.attributions(nlp.parse(s))
    assert (a.speaker, a.verb) == ("The Afghan government", "deny")


def test_a_place_after_an_institution_is_not_the_speaker() -> None:
    s = ("Kadri Liik of the International Centre for Defence and Security in Tallinn said the "
         "drills were a rehearsal.")
    (a,) = attribution.attributions(nlp.parse(s))
    assert a.speaker == "Kadri Liik"
    assert a.description == "of the International Centre for Defence and Security"


@pytest.mark.parametrize(("sentence", "verb", "agent"), [
    ("The harbour master was accused on Tuesday of hiding the inspection reports.", "accused", ""),
    ("The mayor is accused by opposition parties of misleading the council.", "accused",
     "opposition parties"),
    ("The mayor accused the harbour master of hiding the reports.", "accused", None),
])
def test_a_passive_reporting_verb_speaks_through_its_agent_only(sentence, verb, agent) -> None:
    """A passive reporting verb's subject is who the act is about: the speaker is the agent, or
    no one named; an active verb is no passive."""
    assert attribution.passive_agent(nlp.parse(sentence), 0, len(sentence), verb) == agent


def test_a_name_in_apposition_to_a_title_speaks_and_the_title_describes() -> None:
    """'the port's deputy director, Anna-Lena Varga, said': the name speaks (hyphen kept), the
    title is its description."""
    sentence = ("“The cranes will be replaced,” the port’s deputy director of operations, "
                "Anna-Lena Varga, said on Tuesday.")
    (a,) = attribution.attributions(nlp.parse(sentence))
    assert a.speaker == "Anna-Lena Varga"
    assert "deputy director" in a.description


def test_a_hyphen_inside_a_speakers_name_stays() -> None:
    """The parse attaches the hyphen of "Eva-Marie" as punctuation: dropped, the speaker was
    "Eva Marie Persson", another claimant than the "Eva-Marie Persson" of the rest of the story."""
    assert said("Eva-Marie Persson, Sweden's deputy director of public prosecutions, said the "
                "evidence was not strong enough.")[0][1] == "Eva-Marie Persson"
    assert said("Officials - two of them - said the talks had failed.")[0][1] == "Officials"


def test_the_acting_party_is_read_without_its_relative_clause() -> None:
    """'the pier where Captain Okafor was born will be demolished': no named party acts (the
    name is in the relative clause), so what the minister says is a statement, not an
    accusation of Okafor."""
    sentence = ("The pier where Captain Okafor was born will be demolished, the interior minister "
                "said on Tuesday.")
    (a,) = attribution.attributions(nlp.parse(sentence))
    assert a.actor_entity == ""


def test_a_negated_reporting_verb_reports_nothing() -> None:
    """'did not reveal the location' is no reporting act; the coordinated 'and said …' is, with
    the shared subject."""
    sentence = ("The coast guard did not reveal the location of the wreck and said it was "
                "withholding the names of the crew.")
    assert said(sentence) == [("lead", "The coast guard",
                               "it was withholding the names of the crew")]


def test_recognizing_that_is_a_reporting_act_recognizing_a_thing_is_not() -> None:
    """'X have recognized that C' acknowledges C; 'X recognized the new state' reports nothing."""
    assert said("Recent governments have, however, recognized that the port workers were also "
                "to blame.") == [("lead", "Recent governments",
                                  "the port workers were also to blame")]
    assert said("The council recognized the new harbour board in May.") == []


def test_a_verb_after_a_subordinator_or_with_an_object_is_no_tail_attribution() -> None:
    """'… Brandt wrote soon after the council concluded its hearing': 'concluded' is an adjunct's
    verb with an object, not a reporting act whose claim is what comes before it."""
    s = "“We will win the vote in the end,” Brandt wrote soon after the council concluded its hearing."
    assert [(a.speaker, a.verb) for a in attribution.attributions(nlp.parse(s))] == [
        ("Brandt", "write")]


def test_a_possessor_speaks_by_name_without_its_own_title_words() -> None:
    """'A Daily Courier reporter Lena Moss's source inside the camp': the speaker is the source,
    its possessor named as the person, without the words that describe that person."""
    (a,) = attribution.attributions(nlp.parse(
        "A Daily Courier reporter Lena Moss's source inside the camp, a refugee who asked not to "
        "be identified, said that the ministry's claim is absolutely not true."))
    assert a.speaker == "Lena Moss's source inside the camp"


def test_a_conjunct_after_a_closing_quotation_mark_is_a_tail_attribution() -> None:
    """'“…,” Brandt tweeted after …' parsed as a conjunct of the quoted verb (as the model parses
    it after some names): Brandt's tail attribution of the quotation, not a report by the
    committee that 'concluded' its hearing. The parse is written out as the model gave it."""
    rows = [("We", "PRON", "PRP", "nsubj", 2, "we"), ("will", "AUX", "MD", "aux", 2, "will"),
            ("win", "VERB", "VB", "ROOT", 2, "win"), ("and", "CCONJ", "CC", "cc", 2, "and"),
            ("save", "VERB", "VB", "conj", 2, "save"), ("our", "PRON", "PRP$", "poss", 6, "our"),
            ("town", "NOUN", "NN", "dobj", 4, "town"), (",", "PUNCT", ",", "punct", 10, ","),
            ("”", "PUNCT", "''", "punct", 10, "”"), ("Brandt", "PROPN", "NNP", "nsubj", 10, "Brandt"),
            ("tweeted", "VERB", "VBD", "conj", 2, "tweet"), ("after", "SCONJ", "IN", "mark", 14, "after"),
            ("the", "DET", "DT", "det", 13, "the"), ("committee", "NOUN", "NN", "nsubj", 14, "committee"),
            ("concluded", "VERB", "VBD", "advcl", 10, "conclude"),
            ("its", "PRON", "PRP$", "poss", 16, "its"), ("hearing", "NOUN", "NN", "dobj", 14, "hearing"),
            (".", "PUNCT", ".", "punct", 10, ".")]
    words = [r[0] for r in rows]
    spaces = [k + 1 < len(words) and words[k + 1] not in (",", "”", ".") for k in range(len(words))]
    doc = Doc(Vocab(), words=words, spaces=spaces, pos=[r[1] for r in rows], tags=[r[2] for r in rows],
              deps=[r[3] for r in rows], heads=[r[4] for r in rows], lemmas=[r[5] for r in rows])
    assert [(a.kind, a.speaker, doc.text[a.content_start:a.content_end])
            for a in attribution.attributions(doc)] == [("tail", "Brandt", "We will win and save our town")]


@pytest.mark.parametrize(("sentence", "speaker", "content"), [
    ("Harbour master Tomas Lindqvist defended the council's plan, saying the pier was safe.",
     "Tomas Lindqvist", "the pier was safe"),
    ("The port authority issued a statement warning that the pier would stay closed all winter.",
     "The port authority", "the pier would stay closed all winter"),
    ("Critically, however, the agency pointed out that it has no role in the repairs.",
     "the agency", "it has no role in the repairs"),
])
def test_a_participle_or_a_particle_verb_reports_for_the_acting_subject(sentence, speaker,
                                                                         content) -> None:
    """'X defended …, saying C', 'X issued a statement warning that C', 'X pointed out that C':
    X says C (the participle's subject is the main verb's, or the statement's issuer)."""
    assert [(a.speaker, sentence[a.content_start:a.content_end])
            for a in attribution.attributions(nlp.parse(sentence))] == [(speaker, content)]


def test_pointing_at_something_reports_nothing() -> None:
    """'pointed to the map' is no reporting act; only 'pointed out that …' is."""
    assert attribution.attributions(nlp.parse("The mayor pointed to the map of the harbour.")) == []


def test_an_object_claim_ends_before_a_clause_coordinated_with_its_own_subject() -> None:
    """'The ministry rejected the accusations as false, and analysts told the paper the claims are
    untrue': two reporting acts, the rejection not swallowing the analysts' clause."""
    s = ("The ministry rejected these accusations as “patently false,” and both independent "
         "analysts and sources in the camp told the Daily Courier the claims are untrue.")
    got = [(a.speaker, a.verb) for a in attribution.attributions(nlp.parse(s))]
    assert got == [("The ministry", "reject"),
                   ("both independent analysts and sources in the camp", "tell")]


@pytest.mark.parametrize(("sentence", "speaker"), [
    ("The July 25 declaration of Daniel Ortmann (then the acting head of the agency) stated that "
     "the program had not ended.", "Daniel Ortmann"),
    ("On the same day, the Justice Department's opposition to the motion stated that the grants "
     "were not terminated.", "the Justice Department"),
    ("The agency's testimony in a hearing before the committee stated that the funds had been "
     "moved.", "The agency"),
])
def test_a_document_stating_something_speaks_for_its_author(sentence, speaker) -> None:
    """A filing, declaration or testimony that 'states' is its author speaking: its possessor or
    its 'of …' (not 'then the Senior Official', not the filing's title as a claimant)."""
    (a,) = attribution.attributions(nlp.parse(sentence))
    assert (a.speaker, a.through != "") == (speaker, True)


@pytest.mark.parametrize("marks", ['""', "“”"])
def test_the_first_person_inside_a_quotation_is_the_quoted_speaker(marks: str) -> None:
    """'"…, but as my statements said C," Grisham told CNN': 'my statements' is 'I', and 'I'
    inside the reporting clause of a named speaker is that speaker, whichever marks quote it
    (any other speaker inside a quotation is the quoted words)."""
    s = (marks[0] + "We're not going to get into security protocols when it comes to the mayor, "
         "but as my statements said she's in good health and it was a routine visit," + marks[1]
         + " Brekke told reporters.")
    said_ = attribution.attributions(nlp.parse(s))
    assert [(a.verb_text, a.speaker) for a in said_] == [("said", "Brekke"), ("told", "Brekke")]
    assert said_[0].through == "statements"


def test_an_envoys_country_is_part_of_the_title_and_not_of_the_name() -> None:
    """'<country>'s ambassador to <country>' keeps its 'to …' (a title, not a place the speaker
    stands in); the name after it is the speaker without that country; and a reporting verb
    coordinated after an accusation ('accused … and warned that …') is a second act."""
    (named,) = said_all("Japan's ambassador to Canada Sato Kenji has said that Tokyo has the power "
                        "to end the dispute.")
    assert (named.speaker, named.entity) == ("Sato Kenji", "PERSON")
    acts = said_all("Japan's ambassador to Canada accused Ottawa of meddling in the port's affairs "
                    "and warned that Tokyo would not sit on its hands.")
    assert [(a.verb, a.speaker) for a in acts] == [("accuse", "Japan's ambassador to Canada"),
                                                   ("warn", "Japan's ambassador to Canada")]
    assert acts[0].content_end < acts[1].verb_start


def test_of_two_subjects_the_one_next_to_the_verb_speaks() -> None:
    """The parse can split a title from a name into two subjects ('CPUC President Marybel Batjer
    said' read as 'CPUC' and 'Batjer'): the one next to the verb is the speaker, a person."""
    doc = nlp.parse("In a letter calling for the meeting, CPUC President Marybel Batjer said that "
                    "“lack of service is not a mere inconvenience— it endangers lives.”")
    subjects = [t for t in doc if t.dep_ == "nsubj" and t.head.text == "said"]
    assert len(subjects) == 2  # the parse this rule is for
    (a,) = attribution.attributions(doc)
    assert (a.speaker, a.entity) == ("Marybel Batjer", "PERSON")


def test_a_participle_after_a_feeling_reports_for_the_one_who_feels() -> None:
    """'The commission is frustrated with the companies, saying C': the commission says C; 'Two
    officers were charged with falsifying records, stating C' names no one who states."""
    (a,) = said_all("The port commission is frustrated with both carriers and shipping companies, "
                    "saying they failed to share detailed information in real time.")
    assert (a.verb, a.speaker) == ("say", "The port commission")
    assert not said_all("Two harbour officers were charged Tuesday with falsifying records, "
                        "stating they had checked the cargo in the hours before the fire.")


def test_denouncing_complaining_and_worrying_are_reporting_acts() -> None:
    """'X has denounced a ruling …' is X's accusation (the whole verb phrase), 'X complained that
    C' X's allegation, 'They worry C' their judgement: read by the parse (the word rules leave
    these verbs alone)."""
    (denounced,) = said_all("The ministry has denounced a harbour court ruling declaring the "
                            "port's mask ban unconstitutional.")
    assert (denounced.verb, denounced.speaker) == ("accuse", "The ministry")
    (complained,) = said_all("Businesses have complained that the outages were overly broad.")
    assert (complained.verb, complained.speaker) == ("allege", "Businesses")
    (worried,) = said_all("They worry the city is taking back the freedoms given to the port.")
    assert (worried.verb, worried.speaker) == ("believe", "They")


def test_according_to_a_measure_is_no_source_in_the_parse() -> None:
    """The parse's "according to" with a measure as its object (needs, plan, rules) names no
    speaker; with a source it does."""
    assert said_all("So we have shifted our programs according to the needs that we need to "
                    "meet.") == []
    assert [a.speaker for a in said_all("The bridge was closed, according to officials.")] == [
        "officials"]


def test_according_to_evidence_no_one_is_named_with_is_the_writers_report() -> None:
    """'According to evidence presented at trial, X …' is the writer's report of what was found,
    in the document's voice, as 'The video shows …' is; evidence someone is named with speaks
    for them ('according to the coroner's autopsy')."""
    s = ("According to evidence presented at trial, the man grabbed the girl as she and her mother "
         "were walking down the avenue.")
    assert said_all(s) == []
    (c,) = extract.extract(s, "Test Wire", "2025-10-08")
    assert c.claimant.name == "Test Wire"
    (autopsy,) = said_all("According to the coroner's autopsy, the man drowned.")
    assert "coroner" in autopsy.speaker


def test_pleading_with_someone_is_an_appeal_pleading_guilty_is_no_reporting_act() -> None:
    """'X pleaded with Y to do Z' is X's appeal (an urging, as 'begged', 'implored'); 'pleaded not
    guilty', 'pleaded no contest', 'pleaded the Fifth' are pleas in court, no reporting act."""
    (plea,) = said_all("In a letter, the nurses pleaded with the council to reconsider its "
                       "decision to close the clinic.")
    assert (plea.verb, plea.speaker) == ("urge", "the nurses")
    for sentence in ("The two guards pleaded not guilty in federal court on Tuesday.",
                     "The driver pleaded no contest to the charge.",
                     "The witness pleaded the Fifth."):
        assert [a for a in said_all(sentence) if a.verb == "urge"] == [], sentence


def test_citing_evidence_or_a_reason_leaves_the_speaker_and_per_a_source_attributes() -> None:
    """"X, citing Y, said": Y speaks only when Y is a source (a name, "two sources"), not evidence
    or a reason; "per X" attributes like "according to X", but not in a rate or "per se"."""
    (a,) = said_all("The ministry, citing intercepted communications, said the drones were "
                    "launched from the south.")
    assert (a.speaker, a.relayed_by) == ("The ministry", "")
    (a,) = said_all("The agency, citing two sources familiar with the talks, said the deal had "
                    "collapsed.")
    assert (a.speaker, a.relayed_by) == ("two sources familiar with the talks", "The agency")
    assert said("The bacterium is often found in small mammals, per the WHO.") == [
        ("according", "the WHO", "The bacterium is often found in small mammals")]
    (c,) = extract.extract("Per the health commission, the risk of transmission is extremely low.\n",
                           "Example Daily", "2025-03-01")  # the rules read the lead form
    assert (c.first.attribution, c.first.raw_claimant, c.claim) == (
        "according", "the health commission", "The risk of transmission is extremely low.")
    for rate in ("The tyres were inflated to 60 pounds per square inch.",
                 "Plague can be fatal in up to 90 per cent of people infected if not treated.",
                 "Some taxpayers received as much as $1,200 per year from the Energy Credit."):
        assert said(rate) == [], rate
        (c,) = extract.extract(rate + "\n", "Example Daily", "2025-03-01")
        assert c.first.attribution == "document", rate
    for phrase, source in (("two sources familiar with the talks", True), ("the WHO", True),
                           ("Feng", True), ("intercepted communications", False),
                           ("Taliban violence", False), ("internal business issues", False),
                           ("square inch", False)):
        assert clauses.names_a_source(phrase) is source, phrase
    for phrase, source in (("the WHO", True), ("Feng", True), ("a spokesman for the ministry", True),
                           ("cent of people infected", False), ("year from the EEHIC", False),
                           ("se", False)):
        assert clauses.per_a_source(phrase) is source, phrase


def test_an_aside_between_commas_does_not_cut_a_tail_attributions_claim() -> None:
    """"The transfer was not, per se, illegal, the ministry said": the parse hangs "illegal" under
    the comma after the aside, and the claim stopped at "per se"; the words left between the
    complement and its speaker end the claim when none is a verb. A second clause there ("…, and
    the court agreed, the ministry said") is not taken in."""
    assert said("The transfer was not, per se, illegal, the ministry said.") == [
        ("tail", "the ministry", "The transfer was not, per se, illegal")]
    claims = [c.claim for c in extract.extract("The transfer was not, per se, illegal, the ministry "
                                               "said.", "Example News", "2025-03-01")]
    assert claims == ["The transfer was not, per se, illegal."]


@pytest.mark.parametrize(("head_of_in", "claim"), [(2, "Trade rose, in addition"), (8, "Trade rose")])
def test_only_words_hung_on_a_comma_join_the_claim_not_an_adjunct_of_the_report(head_of_in,
                                                                                   claim) -> None:
    """"Trade rose, in addition, the office said": "in addition" joins the claim where the parse
    hangs it on the comma (as it hung "illegal" above), not where it is the report's own adjunct
    ("In addition to the three fatalities …, the office said …" in a real page). The parse is
    written out: the same words, two attachments."""
    rows = [("Trade", "NOUN", "NN", "nsubj", 1, "trade"), ("rose", "VERB", "VBD", "ccomp", 8, "rise"),
            (",", "PUNCT", ",", "punct", 8, ","), ("in", "ADP", "IN", "prep", head_of_in, "in"),
            ("addition", "NOUN", "NN", "pobj", 3, "addition"), (",", "PUNCT", ",", "punct", 8, ","),
            ("the", "DET", "DT", "det", 7, "the"), ("office", "NOUN", "NN", "nsubj", 8, "office"),
            ("said", "VERB", "VBD", "ROOT", 8, "say"), (".", "PUNCT", ".", "punct", 8, ".")]
    words = [r[0] for r in rows]
    spaces = [k + 1 < len(words) and words[k + 1] not in (",", ".") for k in range(len(words))]
    doc = Doc(Vocab(), words=words, spaces=spaces, pos=[r[1] for r in rows], tags=[r[2] for r in rows],
              deps=[r[3] for r in rows], heads=[r[4] for r in rows], lemmas=[r[5] for r in rows])
    assert [(a.kind, a.speaker, doc.text[a.content_start:a.content_end])
            for a in attribution.attributions(doc)] == [("tail", "the office", claim)]


@pytest.mark.parametrize(("sentence", "speaker", "content"), [
    # invented sentences in the manner of the development parts' misses
    ("Mayer hinted that the company was pleased with the early numbers.",
     "Mayer", "the company was pleased with the early numbers"),
    ("The union lamented that the talks had collapsed.", "The union", "the talks had collapsed"),
    ("The minister conceded that the targets would be missed.",
     "The minister", "the targets would be missed"),
])
def test_news_verbs_relay_a_speakers_words_without_a_said(sentence, speaker, content) -> None:
    assert said(sentence)[0][1:] == (speaker, content)


def test_a_reporting_verb_inside_a_quotation_is_the_quoted_speakers_words() -> None:
    """A quotation whose closing mark and speaker come after a sentence break inside it (invented
    sentence, in the manner of an interview feature): its "said" is quoted speech, not a speaker
    "The script". A quotation closed by a straight mark or two apostrophes is closed."""
    assert said("He recalled the worry: “The script just said something along the lines of, "
                "‘She sings an incredible song.") == []
    assert [a[:2] for a in said("“It was an attempt to mislead voters,’’ Moy told the BBC.")] \
        == [("tail", "Moy")]
    # a straight mark opens a quotation as a curly one does (and closes a curly one)
    assert said('He recalled the worry: "The script just said something along the lines of, '
                "‘She sings an incredible song.") == []
    assert [a[:2] for a in said('“It was an attempt to mislead voters," Moy told the BBC.')] \
        == [("tail", "Moy")]


@pytest.mark.parametrize("close", ["”", "’’", '"'])
def test_a_conjunct_verb_after_any_closing_mark_reports_the_quotation(close: str) -> None:
    """'“…,” Trump tweeted' parsed with "tweeted" as a conjunct of the quoted verb: the closing
    mark before it makes it the report, whichever mark closes (`quotation`'s rule)."""
    s = ("“A great day for Republicans, a great day for our Country! In the end, we will win and "
         f"save our Country from certain destruction,{close} Trump tweeted soon after the hearings.")
    assert [(a.verb_text, a.speaker) for a in attribution.attributions(nlp.parse(s))] \
        == [("tweeted", "Trump")]


def test_responding_or_replying_with_a_clause_reports_and_otherwise_does_not() -> None:
    """'X responded that …', 'X replied that …' are X's words; 'Police responded to the call' is
    something done, and such a sentence is not sent to the parser for it at all."""
    (answer,) = said_all("The administrator responded that the rocket is the only vehicle able "
                         "to carry the crew.")
    assert (answer.speaker, answer.verb) == ("The administrator", "say")
    assert said_all("Police responded to the call within minutes.") == []
    assert not attribution.may_report("Firefighters responded within minutes.")
    assert attribution.may_report("The mayor replied that the bridge would reopen.")
