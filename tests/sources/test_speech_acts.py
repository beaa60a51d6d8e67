"""The claim type in the document's voice read from the clause's main verb (issue 24, item 4):
a modal of judgement on it makes an assessment, an action or event an event report, a copula
with a predicate an assessment. Sentences invented for the test."""

from __future__ import annotations

import pytest

import extracting
from claimbook.claims.aliases import Claimant
from claimbook.sources import attribution, clause_shape, extract, nlp, speech_acts
from claimbook.sources import clause_attribution as ca


@pytest.mark.parametrize(("sentence", "reading"), [
    ("If convicted, the pilot could face decades in jail.", "modal"),
    ("Peace would allow the ferries to run again.", "modal"),
    ("The pilot is currently being held at a prison in the north.", "action"),
    ("The pilot faces three charges of smuggling.", "action"),
    ("The port is one of the region's busiest.", "state"),
    ("The operator will reopen the pier in May.", "action"),  # a plan, reported as such
    ("The ruling means there will be no second trial.", "inference"),
    # "be" saying where or how matters stand, or who did it: the situation reported
    ("Flood watches were in effect for the coast.", "action"),
    ("Half of the county's cell sites were out of service.", "action"),
    ("The council was to publish its plan within 14 days.", "action"),
    ("It was the deputy who took over.", "action"),
    ("With the ruling in Sweden, one long chapter is over.", "state"),  # not a place: a judgement
])
def test_the_main_verb_says_how_a_clause_puts_what_it_says(sentence, reading) -> None:
    assert clause_shape.main_verb(nlp.parse(sentence), 0, len(sentence)) == reading


def test_document_voice_types_follow_the_main_verb() -> None:
    """A modal only in a relative clause does not make the main clause an assessment."""
    cs = extract.extract("The pilot is currently being held at a prison in the north.\n\n"
                         "If convicted, the pilot could face decades in jail.\n\n"
                         "The port is one of the busiest on the coast.\n\n"
                         "The captain faces three charges, which could bring ten years in jail.\n",
                         "Test Wire", "2025-10-08", learned=False)  # the rules' reading
    types = {c.claim.split()[1]: c.claim_type for c in cs}
    assert types == {"pilot": "event_report", "convicted,": "assessment", "port": "assessment",
                     "captain": "event_report"}


@pytest.mark.parametrize(("text", "words", "ctype"), [
    # what a speaker says about his or her own (his, her, my): a statement
    ("The captain always argued that his fear of arrest was why he had stayed at sea.\n",
     "his fear of arrest", "statement"),
    # a speaker's own judgement framed anywhere in the clause: an assessment
    ("“The account has been consistent; however, my overall assessment is that the evidence is "
     "too weak,” Inspector Varga said.\n", "overall assessment", "assessment"),
    # evidence that indicates (like 'suggests'): hedged, an assessment
    ("The port authority said preliminary reports do not indicate the fire was caused by "
     "sabotage.\n", "do not indicate", "assessment"),
    # said as a belief or a suggestion: the speakers' judgement
    ("Dock workers believe the new port law is an example of the city's eroding autonomy.\n",
     "eroding autonomy", "assessment"),
    # 'has been' with an adjective is a state, not an event, in the writer's voice
    ("The mayor has been eager to reopen the pier.\n", "eager to reopen", "assessment"),
])
def test_claim_types_from_who_speaks_of_whom_and_how(text, words, ctype) -> None:
    # the rules' reading: the learned model may re-type an attributed claim (test_learned_types)
    cs = extract.extract(text, "Test Wire", "2025-10-08", learned=False)
    hit = next(c for c in cs if any(words in m.quote for m in c.mentions))
    assert hit.claim_type == ctype


@pytest.mark.parametrize(("text", "words", "ctype"), [
    # a complement that calls something said false is a denial, whatever the reporting verb
    ("Harbour master Ilse Brandt told reporters the ministry's allegations are false.\n",
     "allegations are false", "denial"),
    ("Mayor Tomas Ekberg said the agency's claim was absolutely not true.\n",
     "claim was absolutely not true", "denial"),
    # the negation on the predicate, not the verb, in a quotation
    ("A dock worker said that the agency's claim is “absolutely not true.”\n",
     "absolutely not true", "denial"),
    # "rejected" with an act or a request as object is a decision, not a denial of what was said
    ("Last month, a judge rejected the captain's attempt to delay the hearing.\n",
     "attempt to delay", "event_report"),
    ("The port authority rejected the accusations as baseless.\n", "accusations as baseless",
     "denial"),
])
def test_denial_read_from_what_the_complement_says(text, words, ctype) -> None:
    """A denial is read from the complement's parse: a verdict of falsity on something said is a
    denial; a rejected request is an event."""
    hit = extracting.find(extracting.cands(text), words)
    assert hit.claim_type == ctype


def test_it_does_not_stand_for_a_person() -> None:
    """'It' in a person's words is not the person: a hedged 'it could …' is the person's
    assessment, not a statement about the speaker's own conduct."""
    cs = extracting.cands("“It could take years to rebuild the pier,” Ilse Brandt, director of "
                          "the Harbour Trust, told the radio.\n")
    hit = extracting.find(cs, "take years")
    assert hit.claimant.name.endswith("Brandt") and hit.claim_type == "assessment"


@pytest.mark.parametrize(("text", "words", "ctype"), [
    # an act of force by others, or done to people by someone unnamed: an allegation
    ("Residents in Varna said soldiers had searched homes for mobile phones.\n",
     "searched homes", "allegation"),
    ("Monitors reported that at least 14 fishermen were detained at the harbour.\n",
     "were detained", "allegation"),
    # ... not the claimant's own forces acting
    ("The army said two of its soldiers were killed in a crash.\n", "two of its soldiers",
     "statement"),
    # "which accuses him of …": an accusation, whatever it names
    ("The captain faces extradition to Tarnia, which accuses him of smuggling.\n",
     "accuses him", "allegation"),
])
def test_allegations_are_accusations(text, words, ctype) -> None:
    """An allegation names an act against others or is made with an accusing verb; what accuses
    no one is the speaker's statement."""
    hit = extracting.find(extracting.cands(text), words)
    assert hit.claim_type == ctype


@pytest.mark.parametrize(("text", "words", "ctype"), [
    # someone's judgement of what a thing is (a copula with an adjective): an assessment
    ("Harbour analysts say the pier is vital to the town's fishing fleet.\n", "vital to",
     "assessment"),
    # ... but what an act is said to be follows whose act it is, not a judgement of a thing
    ("Officials in Tarnia said the deployment was defensive.\n", "was defensive", "statement"),
    # an ordinal is no judgement
    ("Diplomats in Vienna said the seizure was the third of its kind.\n", "third of its kind",
     "statement"),
])
def test_judgements_and_own_acts_read_from_the_complement(text, words, ctype) -> None:
    """Assessment from an evaluative predicate of a thing; statement when the claimant's own
    body is the one acting."""
    hit = extracting.find(extracting.cands(text), words)
    assert hit.claim_type == ctype


def test_the_claimants_own_body_acting_is_its_statement() -> None:
    """The claimant's own body acting, named with a plural ("border guards" of the "Border Guard
    Service") and not recognized as an entity, even with another country in the complement: a
    statement, not an allegation. So is the side a possessive names in the speaker's title."""
    content = "Polish border guards detained two Belarusian drivers on Monday"
    said = attribution.Said("tail", "the State Border Guard Service", "", "say", "said", 70, 0,
                            len(content), 0, 100, actor="Polish border guards", actor_entity="")
    service = Claimant("State Border Guard Service", "government", "", False)
    assert speech_acts.type_from_structure("allegation", said, service, said.speaker,
                                           content) == "statement"
    # an envoy speaks for the country his title belongs to ("Poland's ambassador to Germany"),
    # whichever country the name resolved to
    content = "Polish engineers had repaired the pipeline"
    said = attribution.Said("lead", "Poland's ambassador to Germany", "", "say", "said", 32, 38,
                            38 + len(content), 0, 100, actor="Polish engineers",
                            actor_entity="NORP")
    envoy = Claimant("Poland's ambassador to Germany", "government", "DE", False)
    assert speech_acts.type_from_structure("allegation", said, envoy, said.speaker,
                                           content) == "statement"


def test_words_that_accuse_no_one_are_the_speakers_statement() -> None:
    """Without a parse of its own (a clause said on after a first one), a complement naming no
    other party as acting is the claimant's statement, not an allegation."""
    said_on = ca.Attribution("inherited", "The harbour office", "say", "added")
    office = Claimant("Harbour office", "government", "", False)
    assert speech_acts.claim_type(said_on, office, "the pier would reopen on Monday", False,
                                  False) == "statement"
    assert speech_acts.claim_type(said_on, office, "Russian divers had damaged the pier", False,
                                  False) == "allegation"


@pytest.mark.parametrize(("text", "words"), [
    # a country named in a modifier of the subject does not act ("sent to Ukraine")
    ("Germany's defence ministry said all the howitzers sent to Ukraine were accounted for.\n",
     "howitzers sent"),
    # the claimant named by its abbreviation ("the U.N." said by a "U.N. spokesman") acts itself
    ("A U.N. spokesman said the U.N. is working with the Red Crescent to reach the camp.\n",
     "is working with"),
])
def test_who_acts_is_read_from_the_subject_not_from_any_name(text, words) -> None:
    """Another party acts only when named in the complement's subject or a passive's agent;
    the claimant's own name, dots and all, is itself: both are statements."""
    assert extracting.find(extracting.cands(text), words).claim_type == "statement"


def test_an_official_of_an_intelligence_body_reports_intelligence() -> None:
    """An official of a body whose name says it is an intelligence service reports its
    findings, even when the official is typed as government."""
    hit = extracting.find(extracting.cands("A Mossad official said the convoys had doubled since "
                                           "the summer.\n"), "convoys had doubled")
    assert hit.claim_type == "intelligence_report"


@pytest.mark.parametrize(("text", "words", "ctype"), [
    # saying an act of force against others is not happening answers the accusation: a denial
    ("Commander Ada Lind told reporters the coalition is not preventing people from leaving "
     "the camp.\n", "not preventing", "denial"),
    ("A refugee in the camp said neither the army nor the militias are blocking the road.\n",
     "blocking the road", "denial"),
    # ... also said on after a first clause without a reporting verb of its own
    ("Commander Ada Lind said the ministry's claim was false, and that the coalition is not "
     "preventing people from leaving the camp.\n", "not preventing", "denial"),
    # a demand ("must not be forced") is none
    ("Commander Ada Lind said the refugees must not be forced to leave the camp.\n",
     "must not be forced", "statement"),
])
def test_denials_without_a_denial_verb(text, words, ctype) -> None:
    """A denial read from the parse: an act of force against others said not to happen (not a
    demand under a modal)."""
    assert extracting.find(extracting.cands(text), words).claim_type == ctype


@pytest.mark.parametrize(("text", "words", "ctype"), [
    # "claims (that) …" with a clause naming no one of the claimant's own: an allegation
    ("A post on a messaging channel claims the deal was signed in Varna in April.\n",
     "deal was signed", "allegation"),
    # ... not a claim about its own ("its troops"), nor "claimed responsibility/victory"
    ("The ministry claimed that its troops had retaken the village.\n", "its troops",
     "statement"),
    ("The militia claimed responsibility for sinking the ferry.\n", "responsibility",
     "statement"),
])
def test_what_is_claimed_of_others_is_an_allegation(text, words, ctype) -> None:
    """'Claims' with a clause of what others did or what happened is an allegation."""
    assert extracting.find(extracting.cands(text), words).claim_type == ctype


def test_what_a_fact_means_in_the_writers_voice_is_an_assessment() -> None:
    """A consequence drawn in the document's voice ("today's ruling means …") is an
    assessment, even with a date in the sentence."""
    hit = extracting.find(extracting.cands("The ruling by the court today means there will be no "
                                           "second trial.\n"), "no second trial")
    assert hit.claim_type == "assessment"


def test_a_speaker_naming_their_own_side_first_states_it() -> None:
    """A transcript speaker whose line names their own side before any other party ("our
    embassy in Beijing delivered a note") states it; one naming another party first ("Russian
    drones entered our airspace") does not."""
    cs = extracting.cands("SPOKESPERSON ANNA KOVAL: Yesterday our embassy in Beijing delivered a "
                          "note on the detention of two sailors.\n\n"
                          "KOVAL: Three Russian drones entered our airspace at about two.\n",
                          "Ukraine Foreign Ministry")
    assert extracting.find(cs, "our embassy").claim_type == "statement"
    assert extracting.find(cs, "Russian drones").claim_type == "allegation"


def test_a_party_named_without_an_act_of_its_own_is_accused_of_nothing() -> None:
    """Another party named in the complement makes an allegation only when it acts: not when
    it is what a copula says, or what has or sees something; a named party that acts is still
    accused. What people are or feel ("the two were prepared to fight", "she had become
    frustrated") is no judgement of a thing (not an assessment)."""
    cs = extract.extract(
        "Meteorologist Anna Berg said the Northern Valley has seen a fraction of its usual rain.\n\n"
        "Defence lawyer Tom Reyes said Mark Olsen is a single father of two young children.\n\n"
        "The dockers' union said the Harbour Authority has the power to close the pier.\n\n"
        "Defence lawyer Tom Reyes said Harbour Authority inspectors shredded the records.\n\n"
        "Defence lawyers said the two were prepared to fight the charges in court.\n\n"
        "Harbour pilot Eva Lind said she had become frustrated with the delays at the lock.\n",
        "Test Wire", "2025-10-08")
    words = ("Valley", "Olsen", "power", "shredded", "prepared", "frustrated")
    types = extracting.types_by_word(cs, words)
    assert types == {"Valley": "statement", "Olsen": "statement", "power": "statement",
                     "shredded": "allegation", "prepared": "statement", "frustrated": "statement"}


def test_they_stands_for_the_speaker_only_where_it_can() -> None:
    """"They" or "their" opening a complement is not one person speaking (then another party
    acts: an allegation), nor the speaker past a plural noun nearer to it (then what is judged
    is that noun's); it is a body or a group speaking of itself. "Your" is the one addressed:
    another party."""
    cs = extract.extract(
        "Prosecutor Anna Holm said they repeatedly failed to check the cells and lied on forms.\n\n"
        "The harbour office said in a letter to shipping companies that their response was "
        "unacceptable.\n\n"
        "The shipping companies said they would resume sailings to the island on Monday.\n\n"
        "A television channel in the capital says your officers took bribes from the smugglers.\n\n"
        "The harbour board is angry with the ferry companies, saying they failed to report the "
        "oil spill.\n",
        "Test Wire", "2025-10-08", learned=False)  # the rules' reading (the model's may differ)
    words = ("cells", "response", "sailings", "bribes", "spill")
    types = extracting.types_by_word(cs, words)
    assert types == {"cells": "allegation", "response": "assessment", "sailings": "statement",
                     "bribes": "allegation", "spill": "allegation"}


def test_a_denial_against_what_was_said_and_an_allegation_by_its_adverb() -> None:
    """A clause saying something did not happen "contrary to" what was said is a denial (a
    negation alone is not); a main verb said to be "allegedly" so is an allegation, not a
    word deeper in the clause."""
    cs = extract.extract(
        "The port director said that the ferry company has not sold the ferry, contrary to "
        "reports in the local press.\n\n"
        "The port director said the ferry company has not sold the old tug yet.\n\n"
        "According to court papers, the two pilots allegedly slept through the whole night shift.\n\n"
        "The mayor said the council had approved the sale of a pier that allegedly needs repairs.\n",
        "Test Wire", "2025-10-08")
    words = ("ferry,", "tug", "pilots", "council")
    types = extracting.types_by_word(cs, words)
    assert types == {"ferry,": "denial", "tug": "statement", "pilots": "allegation",
                     "council": "statement"}


def test_the_claimants_initials_are_the_claimant() -> None:
    """The claimant's initials, with or without dots ("the U.N." of "United Nations"), stand
    for the claimant acting: its statement, not an allegation against another party."""
    assert speech_acts.abbreviates("the U.N.", "United Nations")
    assert speech_acts.abbreviates("FEMA", "Federal Emergency Management Agency")
    assert not speech_acts.abbreviates("the UK", "United Nations")
    assert not speech_acts.abbreviates("Un", "United Nations")
    content = "the U.N. is working with the coalition forces on a convoy"
    said = attribution.Said("lead", "United Nations spokesman Karl Lind", "", "tell", "told", 35,
                            40, 40 + len(content), 0, 120, actor="the U.N.", actor_entity="ORG")
    un = Claimant("United Nations", "organization", "", True)
    assert speech_acts.type_from_structure("allegation", said, un, said.speaker,
                                           content) == "statement"


def test_you_said_that_you_is_the_one_addressed_speaking_of_itself() -> None:
    """A questioner's "you stated that you support …" credits the one addressed, and the "you"
    acting in it is that claimant itself: a statement, not an allegation."""
    content = "you support the Swedish plan for the islands"
    said = attribution.Said("lead", "you", "", "state", "stated", 4, 16, 16 + len(content), 0, 80,
                            actor="you", actor_entity="PRON")
    envoy = Claimant("Karl Lind", "individual", "", True)
    assert speech_acts.type_from_structure("allegation", said, envoy, "you", content) == "statement"
