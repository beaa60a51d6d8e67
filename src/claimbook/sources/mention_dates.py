"""The date a mention takes: its own, its liveblog day heading's, or the document's.

A claim is dated by what its sentence writes ("on Tuesday", relative to the document's date);
else, under a liveblog's day heading, that day; else an attributed statement takes the date the
story (or briefing) was published, and `date_source` says which. Never a neighbouring sentence's
year.
"""

from __future__ import annotations

from claimbook.claims.dates import PartialDate
from claimbook.sources import textdates
from claimbook.sources.segment import Segmented


def reference_dates(sg: Segmented, pub: PartialDate, pub_source: str
                     ) -> tuple[PartialDate, str, list[PartialDate | None]]:
    """The document's date (documents.csv, else its dateline or first headings) and, for a
    liveblog, the day heading each paragraph falls under."""
    if not pub.is_known:
        blocks: list[tuple[str, str]] = []
        for p in sg.paragraphs[:12]:
            if p.dateline:
                blocks.append(("dateline", p.dateline))
            if p.is_heading:
                blocks.append(("heading", sg.view[p.start:p.end]))
        pub, pub_source = textdates.document_date(blocks)
    entries: list[PartialDate | None] = []
    current: PartialDate | None = None
    headed = 0
    for p in sg.paragraphs:
        if p.is_heading and (day := textdates.entry_date(sg.view[p.start:p.end], pub)) is not None:
            current = day
            headed += 1
        entries.append(current)
    if headed < 2:  # one dated heading is a title or banner, not a liveblog's day headings
        entries = [None] * len(sg.paragraphs)
    return pub, pub_source, entries


def mention_date(found: textdates.FoundDate | None, entry: PartialDate | None, ref: PartialDate,
                 ref_source: str, may_take_reference: bool, clause_text: str,
                 quotation: tuple[str, str, str] | None = None,
                 event: bool = True) -> tuple[str, str, str]:
    """(date_source, date, date_expression) of one mention.

    `may_take_reference`: the mention is someone's statement (not the document's own voice, not a
    passive report), so with no date of its own it was made when the document was published.
    `quotation`: the date of the sentence that opened the quotation this mention goes on with
    (its speaker's); more of a quotation was said when its speaker said it ("X said on April 16:
    “A. B."), whatever the heading or the document's date.
    `event`: the mention reports an event (dated when it happens); someone's statement,
    judgement or accusation is dated when it was made, so a date wholly after the reference
    date in it is what it is about ("there will be three rockets by 2024", Bridenstine said in
    October 2019), not when it was said.
    """
    if found is not None and not event and may_take_reference and ref.is_known \
            and found.value.is_known and found.value.start > ref.end:
        found = None
    if found is not None:
        source = "sentence" if not found.relative else f"sentence+{ref_source}"
        return source, found.value.text, found.expression
    if quotation is not None:
        _, date, expression = quotation
        return ("quotation" if date else ""), date, expression
    if entry is not None:
        return "heading", entry.text, ""
    if ref.is_known and may_take_reference and not textdates.DURATIVE.search(clause_text):
        # not a position held over time: "argued for decades", "has always denied"
        return ref_source or "published", ref.text, ""
    return "", "", ""
