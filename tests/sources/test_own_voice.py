"""What a document says in its own voice is typed by how the document speaks (issue 24, item 4):
a piece whose writer addresses the reader ("when you consider that …") argues, and what it says
without a date of its own is the writer's judgement (assessment), while a story that reports
puts the same clause as an event. Texts invented for the test."""

from __future__ import annotations

import extracting
from claimbook.sources import extract, own_voice
from claimbook.sources.segment import segment

# the same own-voice sentences, once in a story and once in a piece that speaks to its reader
REPORTED = ("The harbour board released the inspection report on Monday.\n\n"
            "The report on the pier's safety was written by the board's own chairman.\n\n"
            "It was not based on the engineers' measurements.\n\n"
            "The pier was closed in 2019 after a storm.\n")
ARGUED = ("Why you should doubt the harbour board's inspection report.\n\n"
          "The report on the pier's safety was written by the board's own chairman.\n\n"
          "It was not based on the engineers' measurements.\n\n"
          "The pier was closed in 2019 after a storm, if you remember.\n\n"
          "“You can trust us,” the chairman said on Monday.\n\n"
          "And neither should you believe the board's next report.\n")


def test_a_document_argues_when_its_own_voice_speaks_to_the_reader() -> None:
    """Two own-voice sentences in the second person make an argued piece; one, or a "you" in a
    quotation or a transcript's turn, does not."""
    assert own_voice.addresses_reader(segment(ARGUED))
    assert not own_voice.addresses_reader(segment(REPORTED))
    quoted = REPORTED + "\n“You will see the pier open again,” the chairman said. “You will.”\n"
    assert not own_voice.addresses_reader(segment(quoted))
    once = REPORTED + "\nIf you walk there, the pier is fenced off.\n"
    assert not own_voice.addresses_reader(segment(once))
    turns = "HOST: Do you think it is safe?\n\nENGINEER: You should not walk on it. You can see why.\n"
    assert not own_voice.addresses_reader(segment(turns))
    # a turn run on into a paragraph without its label is still a speaker's, not the document's
    turns += "\nThe pier is closed.\n\nYou can see the cracks. You should keep off it.\n"
    assert not own_voice.addresses_reader(segment(turns))


def test_an_argued_piece_judges_what_it_does_not_date() -> None:
    """In the argued piece an undated clause in the writer's voice is an assessment, one set in
    time (a year) an event report; the story reports the same clause as an event. (The rules'
    reading: the learned model may decide again, `test_learned_types`.)"""
    def types(text: str) -> dict[str, str]:
        cs = extract.extract(text, "Harbour Review", "2025-10-08", learned=False)
        return {c.claim.split()[1]: c.claim_type for c in cs if c.claimant.claimant_type == "document"}

    argued, reported = types(ARGUED), types(REPORTED)
    assert argued["report"] == "assessment" and reported["report"] == "event_report"
    assert argued["pier"] == "event_report" and reported["pier"] == "event_report"


def test_a_story_reports_situations_and_negated_events_and_judges_the_evidence() -> None:
    """In a story's own voice a negation is no judgement ("pleaded not guilty", "was not
    announced") and "be" with where or how matters stand is a situation reported; a verdict on
    the evidence is an assessment, so are a judgement reported without its judge ("has been seen
    as …") and what people fear or believe; someone complaining or accusing, an allegation."""
    cs = extract.extract("Two guards pleaded not guilty in the district court on Tuesday afternoon.\n\n"
                         "Flood watches were in effect for the villages east of the river.\n\n"
                         "The visit was not announced to reporters beforehand.\n\n"
                         "The story of a second tanker is not supported by any evidence.\n\n"
                         "Shop owners along the river have complained of poor communication.\n\n"
                         "The ruling has been seen as weakening the harbour board's powers.\n\n"
                         "Many fishermen fear the new quotas will close the harbour for good.\n",
                         "River Wire", "2025-10-08")
    words = ("guards", "watches", "visit", "story", "owners", "ruling", "quotas")
    types = extracting.types_by_word(cs, words)
    assert types == {"guards": "event_report", "watches": "event_report",
                     "visit": "event_report", "story": "assessment", "owners": "allegation",
                     "ruling": "assessment", "quotas": "assessment"}


def test_a_judgement_word_in_a_term_the_report_keeps_using_judges_nothing() -> None:
    """A cue word of judgement ("indirect", "critical") that begins a term the document uses
    three times or more ("indirect costs") names the report's subject: the report's own
    statements with it are event reports; the same word outside the term ("a critical change")
    still judges, and a term used only once or twice is no term."""
    text = ("Indirect costs pay for the laboratories and libraries of a research institution.\n\n"
            "The agency proposed capping indirect costs for new grants in its budget request.\n\n"
            "The committee adopted a provision that kept the indirect cost rates unchanged.\n\n"
            "The proposal was a critical change for the institutions.\n")
    assert own_voice.terms(text) == {"indirect cost"}
    assert not own_voice.terms(text.replace("Indirect costs pay", "Overheads pay"))
    # the rules' reading: the learned model may re-type the document's voice (test_learned_types)
    cs = extract.extract(text, "Research Policy Service", "2026-02-01", learned=False)
    types = {next(w for w in ("laboratories", "proposed", "provision", "proposal")
                  if w in c.claim): c.claim_type for c in cs}
    assert types["proposed"] == "event_report" and types["provision"] == "event_report"
    assert types["proposal"] == "assessment"


def test_a_story_telling_what_someone_told_or_asked_for_gives_their_statement() -> None:
    """In the document's own voice a subject that tells, demands or asks for something (active
    voice) speaks: a statement. Asking a question, testifying or pleading is an event of the
    hearing, and so is being told something (passive)."""
    cs = extract.extract("The harbour doctors recommend flu shots for all the dock workers.\n\n"
                         "The fishermen's lawyers are demanding a new survey of the harbour.\n\n"
                         "The union's motion asked the court to halt the pier's demolition.\n\n"
                         "The board's counsel asked the engineer about the cracks on Tuesday.\n\n"
                         "The harbour master testified before the council on Tuesday.\n\n"
                         "The contractors were told to leave the site by Friday.\n",
                         "River Wire", "2025-10-08")
    words = ("doctors", "lawyers", "motion", "counsel", "master", "contractors")
    types = extracting.types_by_word(cs, words)
    assert types == {"doctors": "statement", "lawyers": "statement", "motion": "statement",
                     "counsel": "event_report", "master": "event_report",
                     "contractors": "event_report"}
