"""How a text is cut into paragraphs and sentences: a footnote mark after a sentence's stop ("… on
the floor.13", as reports print them) ends the sentence and the line, while a number after a stop
that is not a footnote mark ("2.5", "U.S.2", "section 3.12") ends nothing; and what stands under a
document's notice about itself ("Disclaimer", "Author Information") gives no sentence to read for
claims, up to the next heading; a clock time's date or day stays in its sentence; a page's
navigation lines ("SEE MORE: …") and teasers of other stories are no speakers and no sentences;
a bare "Q" that opens two turns or more is a questioner's label; a year cut short with an
opening mark ("back in ‘22") opens no quotation that would hold sentences together; a short
headline line over a page's one-line paragraphs is a heading of its own, and so is a long title
whose only stop is a title's ("Dr.")."""

from __future__ import annotations

from claimbook.sources import segment


def sentences(text: str) -> list[str]:
    seg = segment.segment(text)
    return [seg.view[s.start:s.end] for s in seg.sentences]


def test_a_footnote_mark_after_a_stop_ends_the_sentence() -> None:
    # invented text, in the shape of a congressional report's body
    text = ("The Speaker is elected on the floor.13 Under the rules of the House the Clerk "
            "presides until a Speaker is elected. Turnout rose by 2.5 percent in section 3.12 of "
            "the U.S.2 report.\n")
    assert sentences(text) == [
        "The Speaker is elected on the floor.13",
        "Under the rules of the House the Clerk presides until a Speaker is elected.",
        "Turnout rose by 2.5 percent in section 3.12 of the U.S.2 report.",
    ]


def test_a_line_ending_in_a_footnote_mark_ends_its_paragraph() -> None:
    # invented: a long line ending "floor.13" was taken for a hard wrap into the next paragraph
    text = ("The Speaker is elected by a majority of the Members voting in the chamber, on the "
            "floor.13\nUnder the rules of the House the Clerk presides until a Speaker is elected "
            "by the Members.\n")
    paras = segment.paragraphs(text)
    assert [text[p.start:p.end].rstrip() for p in paras] == [
        text.splitlines()[0], text.splitlines()[1]]
    assert not any(p.is_heading for p in paras)


def test_a_quotation_closed_after_its_stop_takes_a_mark_too() -> None:
    text = 'He called it “a disgrace.”7 The committee met again in May.\n'
    assert sentences(text) == ['He called it “a disgrace.”7', "The committee met again in May."]


def test_nothing_under_a_disclaimer_heading_is_read_for_claims() -> None:
    # invented, in the shape of a congressional research report's last page
    text = ("Congress may consider whether to extend the programme beyond 2027.\n"
            "Author Information\n"
            "A. N. Analyst\n"
            "Specialist in Emergency Management and Disaster Recovery Policy\n"
            "Disclaimer\n"
            "This document was prepared by the research service. It operates solely at the behest of "
            "and under the direction of Congress. Any report may be reproduced without permission.\n")
    assert sentences(text) == ["Congress may consider whether to extend the programme beyond 2027."]
    paras = segment.paragraphs(text)
    assert paras[-1].back_matter and not paras[0].back_matter


def test_back_matter_ends_at_the_next_heading() -> None:
    text = ("Disclaimer\n"
            "Views here are the editors' own and may be quoted without permission.\n"
            "Background\n"
            "The ministry said on Monday that the border crossing would reopen next week.\n")
    assert sentences(text) == [
        "The ministry said on Monday that the border crossing would reopen next week."]


def test_a_clock_time_before_its_date_or_day_ends_no_sentence() -> None:
    """'10:30 p.m. Aug. 9', '9 a.m. Tuesday': the time's date or day is more of the sentence (the
    splitter cut after 'p.m.', leaving the fragment 'Aug. 9 to 6:30 a.m. …'); 'at 5 p.m. The
    roads …' still ends one. Invented text."""
    assert sentences("No checks were made from 10:30 p.m. Aug. 9 to 6:30 a.m. the next morning. "
                     "They met at 9 a.m. Tuesday. It rained at 5 p.m. The roads closed.") == [
        "No checks were made from 10:30 p.m. Aug. 9 to 6:30 a.m. the next morning.",
        "They met at 9 a.m. Tuesday.", "It rained at 5 p.m.", "The roads closed."]


def test_a_pages_navigation_and_a_teaser_are_neither_speakers_nor_sentences() -> None:
    """A 'SEE MORE: <headline>' or 'DON'T MISS' line is the page's navigation: no speaker label, no
    sentence, its own paragraph; a headline glued to a summary that ends unfinished is a link to
    another story. Invented text, in the shape of a news page."""
    text = ("The envoy said: “They are already there. They are there to show sovereignty.\n"
            "SEE MORE: Harbour protests: 800 students under siege in university\n"
            "“If the situation becomes uncontrollable, we will act.”\n"
            "DON'T MISS\n"
            "Mayor's circle eyed: The mayor is gone. Prosecutors could still go after his circle if "
            "they helped him\n"
            "Mayor removed from office\n"
            "The port reopened on Monday.\n")
    seg = segment.segment(text)
    assert not any(p.speaker for p in seg.paragraphs)
    assert sum(p.navigation for p in seg.paragraphs) == 2
    assert sentences(text) == ["The envoy said: “They are already there.",
                               "They are there to show sovereignty.",
                               "“If the situation becomes uncontrollable, we will act.”",
                               "The port reopened on Monday."]
    assert segment.quote_continues(seg.view, seg.paragraphs, 2)


def test_a_bare_q_is_a_speaker_label_where_it_opens_two_turns_or_more() -> None:
    """"Q    Thanks, John." (no colon, spaces or non-breaking spaces, as the White House prints
    its transcripts) is the questioner's label when it opens two paragraphs or more; once alone,
    or before a lower-case word, it is text."""
    text = ("MR. BERG: The bridge is open.\n\nQ\u00a0\u00a0 Thanks, John. Is it safe?\n\n"
            "MR. BERG: It is.\n\nQ Two more. When will the ferry stop?\n")
    sg = segment.segment(text)
    assert [p.speaker for p in sg.paragraphs] == ["MR. BERG", "Q", "MR. BERG", "Q"]
    assert sg.view[sg.paragraphs[1].body_start:].startswith("Thanks, John.")
    once = segment.segment("Q Thanks, John. Is it safe?\n\nMR. BERG: It is.\n\nQ and A ends.\n")
    assert [p.speaker for p in once.paragraphs] == ["", "MR. BERG", ""]


def test_a_year_cut_short_with_an_opening_mark_ends_no_quotation() -> None:
    """"When Russia invaded Ukraine back in ‘22, … every month. Thanks to …, we’re …" was one
    sentence (a real White House gaggle): the splitter paired ‘ with the apostrophe of "we’re"."""
    text = ("When the war began back in ‘22, the plant made about 14,000 shells every month. "
            "Thanks to new lines, we’re now making twice that number.\n")
    assert sentences(text) == ["When the war began back in ‘22, the plant made about 14,000 "
                               "shells every month.",
                               "Thanks to new lines, we’re now making twice that number."]


def test_a_reports_numbered_notes_and_references_keep_their_sentences_whole() -> None:
    """A run of paragraphs numbered one after another ('3 …', '4 …') are a report's notes: the
    number is their label, not their text; a reference's abbreviation before its number ('vol.
    169', 'ch. 1, §4, p. 38') ends no sentence, nor does a colon before a list '(1) …, (2) …'.
    Invented text in the shape of a congressional report's notes."""
    text = ("The Clerk presides until a Speaker is elected.\n"
            "3 Precedents (Harbour), ch. 1, §4, p. 38. The House takes no action on it.\n"
            "4 See Port Record, daily edition, vol. 169 (October 3, 2023), pp. H4969-4978.\n"
            "The document adds that the board could act in these cases: (1) a storm, (2) a "
            "strike.\n")
    seg = segment.segment(text)
    assert [p.label for p in seg.paragraphs if p.note] == ["3", "4"]
    assert sentences(text) == [
        "The Clerk presides until a Speaker is elected.",
        "Precedents (Harbour), ch. 1, §4, p. 38.", "The House takes no action on it.",
        "See Port Record, daily edition, vol. 169 (October 3, 2023), pp. H4969-4978.",
        "The document adds that the board could act in these cases: (1) a storm, (2) a strike."]


def test_a_short_line_over_a_long_paragraph_is_a_headline_of_its_own() -> None:
    """In a page saved one paragraph to a line, a short line without a stop before a paragraph
    longer than any wrapped line is its headline: a paragraph of its own (a heading), never the
    start of the first sentence. A long line that lost its stop still runs on into the next.
    Invented text, in the shape of a saved page."""
    body = ("If a ship does not come with a fast drive then it is usually fitted with sleeping "
            "pods instead, and the crew sleeps through the long months of the crossing to the "
            "outer planets.")
    text = "Sleeping crews on long voyages would need much smaller ships\n" + body + "\n"
    seg = segment.segment(text)
    assert [p.is_heading for p in seg.paragraphs] == [True, False]
    assert sentences(text) == [body]
    glued = ("On Monday the label issued a statement that appeared to allow the singer to perform "
             "her songs at the awards show after she scolded the label in public\n" + body + "\n")
    assert len(segment.segment(glued).paragraphs) == 1


def test_a_long_title_with_a_titles_stop_is_a_heading() -> None:
    """A transcript's title line runs long and holds "Dr." but ends no sentence: a heading, not a
    claim; a line with a sentence's stop inside is prose. Invented titles in the shape of the
    White House's."""
    title = ("Press Gaggle by Press Secretary Ada Brandt and Agency for Health Director Dr. Lena "
             "Ortiz En Route New Orleans, LA")
    seg = segment.segment(title + "\nAugust 13, 2024\nMS. BRANDT: The program will save lives.\n")
    assert seg.paragraphs[0].is_heading
    assert sentences(title + "\n") == []
