"""Extraction on forms the seed lacks: each failure class of the issue holds as a general rule.

Transcripts (speaker labels, I/we), relayed attribution, quoted posts, estimative language,
place-qualified sources, the document's own date (dateline, banner, liveblog day headings,
date_source), ranges and "since", non-assertions and restatements beside a quote (the merge step's cost:
test_extract_cost.py). Every text here is made up for the test.
"""

from __future__ import annotations

from claimbook.sources import extract, review, textdates
from extracting import find


def cands(text: str, publisher: str = "Test Wire", published: str = "") -> list[extract.Candidate]:
    return extract.extract(text, publisher, published)


def test_transcript_speaker_label_names_the_claimant_and_first_person_resolves_to_them() -> None:
    text = ("Briefing of the ministry\n\nSPOKESMAN IVAN PETROV: We have closed the northern "
            "crossing to all lorries.\n\nQ: Will it reopen soon for traffic?\n\n"
            "PETROV: Our engineers found explosives under the bridge near Hrodna.\n")
    cs = cands(text, "Ministry of Transport")
    assert find(cs, "closed the northern crossing").claimant.name == "Ivan Petrov"
    assert find(cs, "found explosives").claimant.name == "Ivan Petrov"


def test_moderator_closing_and_declined_details_are_not_claims() -> None:
    text = ("MODERATOR: Thank you, that concludes today's briefing for the press.\n\n"
            "PETROV: I will not go into operational details about the raid.\n\n"
            "PETROV: Four suspects were detained at the border post.\n")
    cs = cands(text)
    assert [c.claim for c in cs] == ["Four suspects were detained at the border post."]


def test_relayed_attribution_keeps_the_original_source_and_drops_the_gloss() -> None:
    cs = cands("The drones came from Iran, a spokesman for Ukraine's military intelligence said, "
               "according to the Kyiv Post.\n\nYonhap quoted an army officer as saying that the "
               "shelling had stopped at dawn.\n")
    a = find(cs, "The drones came from Iran")
    assert a.claimant.name == "Ukraine HUR (Defence Intelligence)"
    assert "according" not in a.claim and "relayed by the Kyiv Post" in a.first.evidence()
    b = find(cs, "the shelling had stopped")
    assert "officer" in b.claimant.name.lower() and "Yonhap" not in b.claimant.name


def test_quoted_post_is_the_claimant_of_its_claim_not_the_fact_checker() -> None:
    cs = cands("A post shared 9,000 times on Telegram claims that Poland annexed Lviv in May.\n\n"
               "Our review found no record of any such annexation.\n", "Check Desk")
    post = find(cs, "Poland annexed Lviv")
    assert post.claimant.name.lower() == "post on telegram" and post.claim_type == "allegation"
    assert find(cs, "no record").claim_type == "assessment"


def test_estimative_language_is_an_assessment_kept_with_its_confidence_words() -> None:
    cs = cands("We assess with high confidence that Iran remains the main supplier of drones.\n\n"
               "It is likely that the factories in Tatarstan now build most of them.\n",
               "Brief Analytics")
    for words in ("Iran remains", "factories in Tatarstan"):
        c = find(cs, words)
        assert (c.claimant.name, c.claim_type) == ("Brief Analytics", "assessment")
        assert review.review_rows([c], "d")[0]["keep"] == "yes"
    assert "with high confidence" in find(cs, "Iran remains").claim


def test_a_place_qualifying_a_source_is_not_the_claimant() -> None:
    cs = cands("Diplomats in Vienna said the inspectors were refused entry to the plant.\n\n"
               "The Russian consulate in Geneva denied that any inspector was refused.\n")
    # issue 24: places are stripped from claimant names without eating the name
    assert find(cs, "inspectors were refused").claimant.name == "Diplomats"
    denial = find(cs, "consulate in Geneva")
    assert denial.claimant.name == "Russian consulate" and denial.claim_type == "denial"


def test_dateline_gives_the_reference_date_and_the_row_says_so() -> None:
    cs = cands("KYIV, Monday, 3 March 2025 (Test Wire) — Officials said a depot was hit on "
               "Sunday near the city.\n\nOfficials said the fire was put out yesterday evening.\n")
    c = find(cs, "depot was hit")
    assert (c.date, c.date_source) == ("2025-03-02", "sentence+dateline")
    assert review.review_rows([c], "d")[0]["date_source"] == "sentence+dateline"


def test_liveblog_entries_take_their_day_heading() -> None:
    text = ("LIVE: Talks\nUpdated 12 June 2025, 18:40\n\nThursday 12 June\n\n18:30\n"
            "Officials said the delegations met again in the afternoon.\n\nWednesday 11 June\n\n"
            "09:00\nOfficials said a drone struck a grain ship this evening.\n")
    cs = cands(text)
    assert (find(cs, "delegations met").date, find(cs, "delegations met").date_source) == (
        "2025-06-12", "heading")
    assert find(cs, "drone struck").date == "2025-06-11"


def test_ranges_cover_the_span_and_since_is_not_the_date() -> None:
    pub = "2025-10-10"
    assert textdates.first_date("detained from 4 to 6 October", pub).value.text == "2025-10"
    assert textdates.first_date("between March and May 2025", pub).value.text == "2025"
    assert textdates.first_date("from July to September 2025", pub).value.text == "2025-Q3"
    assert textdates.first_date("deployed there since March 2023", pub) is None
    c = find(cands("Russia has bought machine tools through Kazakhstan since March 2023.\n"),
             "machine tools")
    assert c.date == "" and "since 2023-03" in c.first.evidence()


def test_direct_quote_after_the_same_sources_paraphrase_merges_but_other_claims_do_not() -> None:
    text = ("Governor Oleh Kiper said that one worker was killed and four were injured.\n\n"
            "\"We have one dead and four wounded,\" Kiper said in a video address.\n\n"
            "Kiper said a second missile hit a school in the north of the city.\n")
    cs = cands(text)
    assert len(find(cs, "one worker was killed").mentions) == 2
    assert find(cs, "hit a school") is not find(cs, "one worker was killed")


def test_a_quote_merges_with_the_paraphrase_before_it_only_not_a_chain_of_neighbours() -> None:
    """A paraphrase then its quote is one claim; a paraphrase after a quote, or a third
    neighbour sharing a word with the last, is a claim of its own (no chain through the
    neighbours: '"At no time was I aware …," Volker said. Volker later said he would have
    objected …')."""
    text = ("\"At no time was I aware of an effort to pressure the harbour board,\" Ivo Brandt "
            "said in his opening statement.\n\n"
            "Brandt later said he would have objected to pressure on the board over the pier "
            "inquiry and did not know the mayor saw the inquiry as a favour.\n\n"
            "Mayor Lena Moss said the ferry company had cut its timetable to save fuel.\n\n"
            "\"The ferry company cut the timetable to save fuel for the winter,\" Moss said.\n\n"
            "Moss also said the ferry company would sell two boats in the winter.\n")
    cs = cands(text)
    assert find(cs, "later said") is not find(cs, "At no time")
    assert find(cs, "to save fuel for the winter") is find(cs, "cut its timetable")
    assert find(cs, "sell two boats") is not find(cs, "cut its timetable")


def test_a_quote_by_another_speaker_named_anew_is_not_the_paraphrases_restatement() -> None:
    """'The White House called the inquiry a sham.' then '“…,” White House Press Secretary Anna
    Varga said': one body in the alias table, but a speaker named anew says something of her
    own; a quote naming its source by pronoun or description ('the caption reads') still
    restates the paraphrase before it."""
    cs = cands("The White House called the harbour inquiry a sham.\n\n"
               "\"Today's hearing is over, and the central allegation in this harbour sham has been "
               "debunked,\" White House Press Secretary Anna Varga said at the end of the hearing.\n\n"
               "A post shared on Telegram claims that the mayor sold the harbour ferries for cash. "
               "\"The mayor sold the harbour ferries for cash,\" the caption reads.\n")
    assert find(cs, "called the harbour inquiry") is not find(cs, "has been debunked")
    assert find(cs, "caption reads") is find(cs, "claims that the mayor sold")


def test_a_quotation_introduced_by_a_colon_runs_on_over_list_items() -> None:
    """'The agency issued an advisory … with these guidelines:' then list items inside one
    quotation ('• “A. B.', '• C.', '• D.”'): every item is the agency's, not the writer's, said
    on the advisory's date."""
    text = ("The port agency issued an advisory on April 16 saying that the pier grants were "
            "cancelled, with these guidelines for open projects:\n"
            "• “Recipients will be able to complete projects that have started construction. The "
            "agency will also pay the costs of projects already signed.\n"
            "• Projects that have not started construction will not be approved and will end.\n"
            "• For phased projects, the agency will work with applicants to find the best path.”\n"
            "In July, twenty towns filed a lawsuit against the agency.\n")
    cs = cands(text, "Research Service", "2026-04-09")
    for words in ("complete projects that have started", "pay the costs",
                  "will not be approved", "work with applicants"):
        assert find(cs, words).claimant.name.lower() == "port agency", words
    assert find(cs, "filed a lawsuit").claimant.claimant_type == "document"
    # said when the advisory said it, not when the report was published; and not one claim for
    # sharing that date (a date carried over is no sign of a restatement)
    said_when = find(cs, "grants were cancelled").date
    assert said_when == "2025-04-16"
    later = find(cs, "will not be approved")
    assert (later.date, later.date_source) == (said_when, "quotation")
    assert find(cs, "complete projects that have started") is not later


def test_a_list_run_into_a_sentence_is_one_claim_not_clauses() -> None:
    """'… was to • communicate …; • identify (1) …; (2) …; and (3) …; and • file a status report …':
    the items are the sentence's (no fragment rows '(2) all projects moved to phase 2.'), and a
    noun written like a reporting verb ('file status reports') starts no clause."""
    text = ("Within 14 days of the order, the agency was to • communicate to each town the status "
            "of its projects; • identify for the court (1) all projects that have been awarded; "
            "(2) all projects moved to phase 2; and (3) all extensions; and • file a status report "
            "on steps remaining.\n\n"
            "The motion asked the court to require the agency to make funds available, notify "
            "the towns, and file status reports with the court detailing actions taken.\n")
    cs = cands(text, "Research Service", "2026-04-09")
    assert len(cs) == 2, [c.claim for c in cs]
    assert not any(c.claim.startswith(("(", "•", "File")) for c in cs)


def test_a_reports_references_are_no_claims() -> None:
    """'See CRS Report …', 'For more information on X, see …' and a bare citation ('Precedents,
    ch. 1, §4, p. 38.') send the reader elsewhere: no candidates; the note's own sentence is
    one, without its number; a list '…, and (5) …' is not cut into clauses."""
    text = ("The Clerk presides until a Speaker is elected.\n"
            "1 For more information on field hearings, see Port Report RS20928, Field Hearings.\n"
            "2 Precedents (Harbour), ch. 1, §4, p. 38. The House takes no action to accept the "
            "resignation of a Speaker.\n"
            "3 See, for example, committee Rule 10 of the Harbour Relations Committee.\n"
            "The plan adds that the board could act in five cases: (1) a storm at sea, (2) a "
            "strike of the dock workers, and (5) a fire on the pier that poses a threat to the "
            "port.\n")
    cs = cands(text, "Research Service", "2026-04-09")
    assert [c.claim for c in cs] == [
        "The Clerk presides until a Speaker is elected.",
        "The House takes no action to accept the resignation of a Speaker.",
        "The board could act in five cases: (1) a storm at sea, (2) a strike of the dock workers, "
        "and (5) a fire on the pier that poses a threat to the port."]
    assert cs[2].claimant.name.lower() == "plan"


def test_a_caption_a_title_and_the_document_on_itself_are_no_claims() -> None:
    """A short sentence without a verb (a table's caption, a title run into the text, a cheer) and
    the document saying what it does ('This Insight provides a brief summary …', 'This report was
    originally written by …') propose nothing; the sentences around them do."""
    text = ("This Insight provides a brief summary of developments related to the harbour grant "
            "program in 2025.\n\n"
            "The port board awarded $40 million in grants in 2024.\n\n"
            "Table 1. National Harbour Grant Obligations as of March 29, 2026 Fiscal Year.\n\n"
            "A great day for the harbour, a great day for our town!\n\n"
            "This report was originally written by Anna Brekke, formerly an analyst at the "
            "service.\n")
    cs = cands(text, "Research Service", "2026-04-09")
    assert [c.claim for c in cs] == ["The port board awarded $40 million in grants in 2024."]
