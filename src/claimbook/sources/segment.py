"""Raw text -> paragraphs and sentences, with offsets into the original text that never shift.

Copy-paste leaves hard-wrapped lines, headings on lines of their own or glued to the next
sentence (`Captured\\nmercenaries: In April 2025, …`), bullets and stray whitespace. The repair
here is *length-preserving*: line breaks inside a paragraph become spaces one for one in a
"view" of the text, and heading words, datelines and bullet marks are skipped by moving a start
offset, never by deleting characters. So every span found in the view is a span of the original
file, and a quote taken from it passes the whitespace rule of `store` unchanged.

Sentence boundaries come from `sentencex` (rule-based, maintained, no model download), which
returns each sentence's start and end in the string it is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import sentencex

from claimbook.sources import apparatus, parentheses, pdf_notes, person_words, quotation

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# a sentence's stop, its closing quotation marks or brackets, and a footnote mark after a word
# ("… on the floor.13" in a report): the line still ends a sentence
_NOTE_MARK = r"(?:(?<=[a-z][.!?])|(?<=[.!?][\"”’)]))\d{1,3}"  # after a word's stop, or its quote
_END_PUNCT = re.compile(r"[.!?…][\"'”’)\]]*(?:" + _NOTE_MARK + ")?$")
_BULLET = re.compile(r"^\s*(?:[-*•‣◦▪·–—]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_WHOLE_QUOTE = re.compile(r"[“\"‘][^“”\"]+[”\"’]")  # one quotation, opened and closed
_URL = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$")
# A dateline of wire copy: "KYIV, July 15 (Reuters) -" / "WASHINGTON —" / "BEIJING (AP) —".
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’-]{2,40}(?:,[^()\n]{0,30})?(?:\s*\([^)]{1,40}\))?\s*[-–—]+\s+")
# Heading words glued to the text they introduce: "Joint training: In July 2025, …"; not a
# speaker's colon ("The ministry said: …"), told by a reporting verb after the first word.
_LABEL = re.compile(r"^\s*([^.!?:;\"“”()\n]{1,60}?):\s+(?=[\"“'‘(]?[A-Z0-9])")
_LABEL_VERBS = re.compile(
    r"\b(?:said|says|say|stated|states|told|tells|added|adds|reported|reports|claimed|claims|"
    r"denied|denies|wrote|writes|announced|asked|warned|insisted|explained|noted|is|are|was|were)\b",
    re.IGNORECASE)
# A transcript's speaker label: "MOROZ:", "SPOKESPERSON HALYNA MOROZ:", "Q:", "A:" — capitals only,
# so a heading glued to prose ("Joint training: …") is not one.
# After the name, the party and the outlet or role the person speaks for ("JAKE TAPPER, CNN:",
# "SEN. BERNIE SANDERS (I), VERMONT:", "HILLARY CLINTON (D-NY), FORMER SECRETARY OF STATE,
# PRESIDENTIAL CANDIDATE:"): not part of the name.
_OUTLET = r"(?:\s*\([A-Z][\w-]{0,9}\))?(?:,\s+(?:[A-Z][\w.&'’-]*\s+){0,3}[A-Z][\w.&'’-]*){0,2}"
_SPEAKER = re.compile(r"^\s*((?:[A-Z][A-Z.'’-]+\s+){0,4}[A-Z][A-Z.'’-]+|Q|A)" + _OUTLET + r"\s*:\s+")
# A label in any case ("Zhou Wei:", "Mr. Miller:", "Moderator:"): a speaker when it opens two or
# more paragraphs of the text (a transcript's turns), never from one line alone.
_NAMED_LABEL = re.compile(r"^\s*((?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w.'’-]*)" + _OUTLET
                          + r"\s*:\s+(?=\S)")
MIN_TURNS = 2
# ... or when it is a name of two to four words opening one paragraph of a speech: several sentences
# in the first person ("Donald Trump: Thank you. … We will …", a one-speaker speech saved as a single
# turn). A heading's words before a report in the third person are no speaker, nor a lone "Name:".
_FIRST_PERSON = re.compile(r"\b(?:I|I['’](?:m|ve|ll|d)|[Ww]e|[Ww]e['’](?:re|ve|ll|d)|[Mm]y|[Oo]ur|[Uu]s)\b")
_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z])")
MIN_SPEECH_SENTENCES = 3
MIN_SPEECH_FIRST_PERSON = 2
# A label in brackets ("(UNKNOWN):", as transcripts print a voice they cannot name): a turn of its own.
_BRACKET_LABEL = re.compile(r"^\s*\(([A-Z][A-Za-z .'’-]{1,40})\)\s*:\s+")
# A questioner's "Q" set off by spaces alone, no colon ("Q    Thanks, John.", as the White
# House prints its transcripts): a label only where it opens MIN_TURNS paragraphs or more.
_BARE_Q = re.compile(r"^\s*(Q)\s+(?=[\"“'‘(]?[A-Z])")
_STAGE = re.compile(r"^\s*(?:\([A-Z][A-Z ,'’-]*\)\s*)+")  # "(APPLAUSE)", "(CROSSTALK) (LAUGHTER)"
NOT_SPEAKERS = {"VERDICT", "UPDATE", "UPDATED", "BREAKING", "NOTE", "NOTES", "EDITOR'S NOTE", "CORRECTION",
                "FACT CHECK", "TRANSCRIPT", "CLAIM", "RATING", "SUMMARY", "LIVE", "WATCH", "READ",
                "CONTEXT", "BACKGROUND", "ANALYSIS", "SOURCE", "SOURCES", "PHOTO", "VIDEO"}
# A page's navigation, a line of its own: a prompt to read or watch more, alone or before the
# linked headline ("SEE MORE: Hong Kong protests: …", "DON'T MISS", "Read more: …", "Related") —
# neither a speaker's label nor a claim, and never more of the line before or after it
_NAVIGATION = re.compile(
    r"^\s*(?:see|read|watch|listen|click|tap|follow us|sign up|subscribe|explore|discover|"
    r"don['’]?t miss|do not miss|more|also|related|trending|popular|recommended|latest|"
    r"top stories|most read|editor['’]?s picks?)(?:\s+(?:more|also|next|here|now|this|on|"
    r"related|stories|coverage|story|articles?|videos?))*\s*(?::|[-–—|]|$)", re.I)
# An editor's note in brackets on a line of its own ("[Written for …]", "[Updated at 10:00]").
_BRACKETED = re.compile(r"^\s*\[[^\]]*\]\s*$")
MAX_LABEL_WORDS = 7
MAX_HEADING_WORDS = 12
UNWRAPPED_LINE = 120  # lines longer than this were not hard-wrapped


@dataclass(frozen=True)
class Paragraph:
    """A run of lines that belong together; `body_start` skips its bullet or heading words."""

    start: int
    end: int
    body_start: int
    label: str  # heading words glued to the body, "" if none
    is_heading: bool  # a heading, URL or signature line: context, not claims
    speaker: str = ""  # a transcript's speaker label ("MOROZ", "Q"), "" if none
    dateline: str = ""  # wire copy's dateline ("KYIV, Sept 17 (Reuters) -"), "" if none
    back_matter: bool = False  # under a heading such as "Disclaimer": the publisher's notice, no claim
    navigation: bool = False  # a page's "SEE MORE: …", "DON'T MISS": between the story's paragraphs
    note: bool = False  # a report's numbered note ("14 Prior to 1839, …"): `label` is its number
    exhibit: bool = False  # a table or figure: caption, cells, source and notes; no claim


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index into the paragraphs list
    first_in_paragraph: bool


@dataclass(frozen=True)
class Segmented:
    """A text cut into paragraphs and sentences; `view` has the length of `text`."""

    text: str
    view: str
    paragraphs: list[Paragraph]
    sentences: list[Sentence]

    def sentence_text(self, s: Sentence) -> str:
        return self.view[s.start:s.end]


def lines(text: str) -> list[tuple[int, int, int]]:
    """(start, end without the line break, end with it) of every line."""
    out, pos = [], 0
    for m in _LINE.finditer(text):
        if m.start() == m.end() and m.start() == len(text):
            break
        body = m.group(0).rstrip("\r\n")
        out.append((m.start(), m.start() + len(body), m.end()))
        pos = m.end()
    del pos
    return out


def _wrap_width(text: str, spans: list[tuple[int, int, int]]) -> int:
    """The width the text was hard-wrapped at, judged from its longest wrapped-looking line."""
    widths = [len(text[s:e].rstrip()) for s, e, _ in spans if len(text[s:e]) <= UNWRAPPED_LINE]
    return max(widths, default=UNWRAPPED_LINE)


def _continues(prev: str, nxt: str, wrap: int) -> bool:
    """Is the break between two non-blank lines a hard wrap inside one paragraph?"""
    p, n = prev.rstrip(), nxt.strip()
    if _BULLET.match(nxt) or _URL.match(nxt) or _URL.match(prev):
        return False
    if _NAVIGATION.match(prev) or _NAVIGATION.match(nxt):
        return False
    if _END_PUNCT.search(p) or _DATELINE.match(nxt):
        return False  # a dateline starts a story's first paragraph (after its headline)
    if _WHOLE_QUOTE.fullmatch(p.strip()):
        return False  # a quotation on a line of its own, closed there: a pull quote
    if p.endswith(":"):
        return True  # "Recruitment:\nChinese nationals have …"
    if n[:1].islower() or n[:1] in ",;)–—-":
        return True  # the sentence goes on: "Joint\ntraining: …"
    # a full line of wrapped text, not a heading; a line longer than any wrapped one is a
    # paragraph of its own ("Hibernating astronauts would need smaller spacecraft" over the
    # one-line paragraphs of a saved page is its headline)
    return len(p) >= max(40, int(0.6 * wrap)) and (len(n) <= UNWRAPPED_LINE or len(p) > UNWRAPPED_LINE)


def paragraphs(text: str) -> list[Paragraph]:
    spans = lines(text)
    wrap = _wrap_width(text, spans)
    groups: list[list[tuple[int, int, int]]] = []
    for span in spans:
        s, e, _ = span
        if not text[s:e].strip():
            groups.append([])
            continue
        if groups and groups[-1] and _continues(text[groups[-1][-1][0]:groups[-1][-1][1]],
                                                text[s:e], wrap):
            groups[-1].append(span)
        else:
            groups.append([span])
    groups = [g for g in groups if g]
    turns = _turn_labels(text, groups)
    paras = _colon_dateline(text, [_paragraph(text, g[0][0], g[-1][1], turns) for g in groups])
    return _apparatus(text, _numbered_notes(text, paras))


def _colon_dateline(text: str, paras: list[Paragraph]) -> list[Paragraph]:
    """A wire story's dateline written with a colon ("NEW DELHI: Their American dream …", as PTI
    prints it) reads like a transcript's capitals label. It is the dateline where it opens the
    story's first paragraph and is the text's only label: a place of one to three words, no title,
    and no first-person speech after it (`_speech`'s test)."""
    labelled = [k for k, p in enumerate(paras) if p.speaker]
    if len(labelled) != 1:
        return paras
    k = labelled[0]
    p = paras[k]
    body = text[p.body_start:p.end]
    if (any(not q.is_heading for q in paras[:k]) or not re.fullmatch(r"[A-Z][A-Z'’ -]+", p.speaker)
            or len(p.speaker.split()) > 3 or p.speaker in NOT_SPEAKERS
            or len(_FIRST_PERSON.findall(body)) >= MIN_SPEECH_FIRST_PERSON):
        return paras
    out = list(paras)
    out[k] = replace(p, speaker="", label="", dateline=text[p.start:p.body_start].strip())
    return out


def _numbered_notes(text: str, paras: list[Paragraph]) -> list[Paragraph]:
    """A report's numbered notes (`pdf_notes.numbered`): the number is their label, not text."""
    spans = [(p.start, p.end) if not p.is_heading and p.body_start == p.start else None
             for p in paras]
    out = list(paras)
    for k, (n, body) in pdf_notes.numbered(text, spans).items():
        out[k] = replace(paras[k], body_start=body, label=str(n), note=True)
    return out


def _apparatus(text: str, paras: list[Paragraph]) -> list[Paragraph]:
    """Back matter and exhibits (`apparatus`): kept in the text, never read for claims."""
    spans = [(p.start, p.end, p.is_heading) for p in paras]
    under, shown = apparatus.back_matter(text, spans), apparatus.exhibits(text, spans)
    return [replace(p, back_matter=k in under, exhibit=k in shown) for k, p in enumerate(paras)]


def _turn_labels(text: str, groups: list[list[tuple[int, int, int]]]) -> frozenset[str]:
    """Labels in any case that open at least MIN_TURNS paragraphs: a transcript's speakers."""
    seen: dict[str, int] = {}
    for g in groups:
        head = text[g[0][0]:g[-1][1]]
        if _NAVIGATION.match(head):
            continue
        if m := _NAMED_LABEL.match(head[st.end():] if (st := _STAGE.match(head)) else head):
            label = " ".join(m.group(1).split())
            if label.upper() not in NOT_SPEAKERS:
                seen[label] = seen.get(label, 0) + 1
        elif _BARE_Q.match(head):
            seen["Q"] = seen.get("Q", 0) + 1
    return frozenset(k for k, n in seen.items() if n >= MIN_TURNS)


def _speech(label: str, body: str) -> bool:
    """Is this paragraph under a label in any case one speaker's speech (`_FIRST_PERSON`)?"""
    words = label.split()
    return (2 <= len(words) <= 4 and label.upper() not in NOT_SPEAKERS
            and len(_SENTENCE_END.findall(body)) + 1 >= MIN_SPEECH_SENTENCES
            and len(_FIRST_PERSON.findall(body)) >= MIN_SPEECH_FIRST_PERSON)


def _paragraph(text: str, start: int, end: int, turns: frozenset[str] = frozenset()) -> Paragraph:
    chunk = text[start:end]
    flat = re.sub(r"[\r\n]", " ", chunk)
    body = 0
    if _BRACKETED.match(flat):
        return Paragraph(start, end, end, "", True)
    if _NAVIGATION.match(flat):
        return Paragraph(start, end, end, "", True, navigation=True)
    if m := _BULLET.match(flat):
        body = m.end()
    dateline = ""
    if m := _DATELINE.match(flat, body):
        dateline = flat[body:m.end()].strip()
        body = m.end()
    label = speaker = ""
    if (m := _STAGE.match(flat[body:])) and (_SPEAKER.match(flat[body + m.end():])
                                             or _NAMED_LABEL.match(flat[body + m.end():])):
        body += m.end()  # "(APPLAUSE) WALLACE: …": the stage direction is not the speaker
    if m := _BRACKET_LABEL.match(flat[body:]):
        speaker = label = " ".join(m.group(1).split())
        body += m.end()
    elif (m := _SPEAKER.match(flat[body:])) and " ".join(m.group(1).split()) not in NOT_SPEAKERS:
        speaker = " ".join(m.group(1).split())
        label = speaker
        body += m.end()
    elif (m := _NAMED_LABEL.match(flat[body:])) and (" ".join(m.group(1).split()) in turns
                                                     or _speech(m.group(1), flat[body + m.end():])):
        speaker = label = " ".join(m.group(1).split())
        body += m.end()
    elif (m := _BARE_Q.match(flat[body:])) and "Q" in turns:
        speaker = label = "Q"
        body += m.end()
    elif (m := _LABEL.match(flat[body:])) and len(m.group(1).split()) <= MAX_LABEL_WORDS \
            and not _LABEL_VERBS.search(m.group(1).strip(), pos=1):
        label = " ".join(m.group(1).split())
        body += m.end()
    while body < len(flat) and flat[body].isspace():
        body += 1
    rest = flat[body:].strip()
    # No sentence ends in it: a heading, title, byline or signature (long ones are titles glued
    # to a byline line), not prose.
    unfinished = not _END_PUNCT.search(rest)
    # a headline glued to a summary that ends unfinished ("Epstein's inner circle eyed: Jeffrey
    # Epstein is dead. Prosecutors could still go after …"): a link to another story
    teaser = unfinished and bool(label) and not speaker and not rest.endswith(":")
    is_heading = (not rest or bool(_URL.match(rest)) or teaser
                  or (unfinished and (len(rest.split()) <= MAX_HEADING_WORDS
                                      or not (_stop_inside(rest)
                                              or rest.endswith(":")))))  # "X said:" + a quote
    return Paragraph(start, end, start + body, label, is_heading, speaker, dateline)


_STOP = re.compile(r"(\w*)([.!?…])\s")


def _stop_inside(line: str) -> bool:
    """Does a sentence end inside the line? Not at a title's stop ("… Director Dr. Renee Wegrzyn
    En Route New Orleans, LA": a long title, one line, no sentence)."""
    return any(m.group(2) != "." or m.group(1).lower() not in person_words.TITLES
               for m in _STOP.finditer(line))


def make_view(text: str, paras: list[Paragraph]) -> str:
    """The text with line breaks inside each paragraph turned into spaces (same length)."""
    chars = list(text)
    for p in paras:
        for i in range(p.start, p.end):
            if chars[i] in "\r\n":
                chars[i] = " "
    return "".join(chars)


def sentences(view: str, paras: list[Paragraph]) -> list[Sentence]:
    out: list[Sentence] = []
    for index, p in enumerate(paras):
        if p.is_heading or p.back_matter or p.exhibit:
            continue
        body = view[p.body_start:p.end]
        first = True
        for start, end in _time_joined(body, p.body_start):
            for s, e in _after_note_marks(view, start, end):
                piece = view[s:e]
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece) - len(piece.rstrip())
                s, e = s + lead, e - trail
                if s < e:
                    out.append(Sentence(s, e, index, first))
                    first = False
    return out


# a clock time's "a.m."/"p.m." before the date or day it belongs to ("from 10:30 p.m. Aug. 9 to
# 6:30 a.m.", "at 9 a.m. Tuesday"): the splitter ends a sentence after the abbreviation's stop
_TIME_END = re.compile(r"\b\d{1,2}(?::\d\d)?\s*[ap]\.m\.\s*$", re.I)
_DATE_NEXT = re.compile(r"^(?:(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.|January|February|"
                        r"March|April|May|June|July|August|September|October|November|December|"
                        r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                        r"(?:ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|GMT|UTC|BST|CET)\b)")


_ELIDED_YEAR = re.compile(r"‘(?=\d\d(?:s\b|\b))")
# a reference's abbreviation before its number ("Congressional Record, vol. 169", "ch. 1, §4,
# p. 38", "115th Cong. 1st sess."): no sentence ends after it
_CITATION_END = re.compile(r"\b(?:vol|vols|ch|chs|p|pp|no|nos|sec|secs|art|para|cl|fig|sess|"
                           r"Cong|ed|eds|n)\.\s*$", re.I)
_NUMBER_NEXT = re.compile(r"^[\d§(]")
_ITEM_NEXT = re.compile(r"^\((?:\d{1,2}|[a-z])\)\s")  # "… in these scenarios: (1) …, (2) …"


def _time_joined(body: str, offset: int) -> list[tuple[int, int]]:
    """The splitter's sentences of `body` (offsets plus `offset`), a piece ending in a clock
    time joined to the next one when that opens with the time's date, day or zone, and one
    ending in a reference's abbreviation ("vol.", "p.") to the next when that opens with its
    number, and one ending in a colon to a list that opens "(1) …" after it."""
    out: list[tuple[int, int]] = []
    # a year cut short with an opening mark for its apostrophe ("back in ‘22"): no quotation, or
    # the splitter pairs it with a later apostrophe ("we’re") and ends no sentence in between
    for b in sentencex.get_sentence_boundaries("en", _ELIDED_YEAR.sub("’", body)):
        start, end = b["start_index"], b["end_index"]
        nxt = body[start:end].lstrip()
        before = body[out[-1][0]:out[-1][1]].rstrip() if out else ""
        if out and ((_TIME_END.search(body, out[-1][0], out[-1][1]) and _DATE_NEXT.match(nxt))
                    or (_CITATION_END.search(body, out[-1][0], out[-1][1])
                        and _NUMBER_NEXT.match(nxt))
                    or (before.endswith(":") and _ITEM_NEXT.match(nxt))):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return [(offset + a, offset + b) for a, b in out]


# a stop after a word, then a footnote mark, then the next sentence ("… on the floor.13 Under
# the rules …"): the splitter reads "floor.13" as one word, so the sentence ends after the mark
_NOTE_MARK_END = re.compile(_NOTE_MARK + r"(?=\s+[A-Z“\"])")


def _after_note_marks(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence of the splitter cut again after a note's mark and around parenthetical
    sentences (`parentheses`)."""
    cuts = sorted({m.end() for m in _NOTE_MARK_END.finditer(view, start, end)}
                  | set(parentheses.cuts(view, start, end)))
    return list(zip([start, *cuts], [*cuts, end], strict=True))


def segment(text: str) -> Segmented:
    """Paragraphs and sentences of a raw text; all offsets index `text` itself."""
    paras = paragraphs(text)
    view = make_view(text, paras)
    return Segmented(text, view, paras, sentences(view, paras))


def quote_continues(view: str, paragraphs: list[Paragraph], index: int) -> bool:
    """Does paragraph `index` open with a quotation mark while the paragraph before left its
    quotation open (or introduced it with a colon)? Then it is more of that speaker's quote (news
    style: no closing mark at a paragraph's end when the quote goes on); so is a list item after
    an item that left a quotation open."""
    if (at := story_before(paragraphs, index)) is None:
        return False
    before, this = paragraphs[at], paragraphs[index]
    if quotation.opens(view, this.body_start, this.end):
        # or a quotation the paragraph before introduced ("… with these guidelines:" / "X said:"),
        # or a paragraph that is all quotation after one that quoted someone ("“A,” X said." /
        # "“B.”": news style gives the speaker once)
        return quotation.open_at(view, before.body_start, before.end) \
            or view[before.body_start:before.end].rstrip().endswith(":") \
            or (quoted_whole(view[this.body_start:this.end])
                and bool(quotation.MARKS.search(view, before.body_start, before.end)))
    # a list item inside a quotation that an item before it opened ("• “A. • B. • C.”")
    while at is not None and _BULLET.match(view[this.start:this.end]):
        this = paragraphs[at]
        if not _BULLET.match(view[this.start:this.end]):
            return False
        if quotation.open_at(view, this.body_start, this.end):
            return True
        if quotation.MARKS.search(view, this.body_start, this.end):
            return False
        at = story_before(paragraphs, at)
    return False


def quoted_whole(text: str) -> bool:
    """Is `text` (a paragraph) one quotation and nothing else: no word outside its marks?"""
    return not re.search(r"\w", quotation.unquoted(text)) and not quotation.left_open(text)


def quote_open_at(view: str, paragraph: Paragraph, start: int) -> bool:
    """In a paragraph that goes on with a quotation opened before it (`quote_continues`), is the
    sentence at `start` still inside it: not closed before it in the paragraph?"""
    # news style opens each paragraph of a quote that goes on with its mark again: that mark
    # reopens the quotation, it does not close it (a straight one would turn it over)
    after = quotation.past_opening(view, paragraph.body_start, paragraph.end)
    return start < after or quotation.open_at(view, after, start, opened=True)


def story_before(paragraphs: list[Paragraph], index: int) -> int | None:
    """The paragraph of the story before paragraph `index`, over the page's navigation lines
    between them (a quote goes on after a "SEE MORE: …" line), or None at the start."""
    at = index - 1
    while at >= 0 and paragraphs[at].navigation:
        at -= 1
    return at if at >= 0 else None


def in_quotation(view: str, paragraph: Paragraph, start: int) -> bool:
    """Is the sentence starting at `start` quoted speech: opened by a quotation mark, or inside
    one opened earlier in its paragraph and not yet closed? Only such a sentence continues the
    words of the speaker quoted before it; one after the quote is the writer's again."""
    return quotation.open_at(view, paragraph.body_start, start) \
        or quotation.opens(view, start, paragraph.end)


# the attribution right after a closing quotation mark: "…,” she said", "…,” Grisham added at …"
_CLOSER = re.compile(r"[\s,]*(?:(?P<who>(?:[A-Z][\w.'’-]*|he|she|they|the\s+[a-z]+)"
                     r"(?:\s+[A-Z][\w.'’-]*){0,6})\s+(?:also\s+|later\s+)?"
                     r"(?:said|says|added|adds|told\s+\w+|wrote|writes|tweeted|continued|insisted|warned)|"
                     r"(?:said|says|added)\s+(?P<after>(?:[A-Z][\w.'’-]*|he|she)"
                     r"(?:\s+[A-Z][\w.'’-]*){0,3}))\b")


def quote_closed_by(view: str, paragraph: Paragraph, start: int) -> str:
    """Who the attribution after the closing mark names, for the quoted sentence starting at
    `start` ("“We have learned nothing new. However, …,” she added." gives "she"), or "" when the
    sentence is not quoted speech, its quotation does not close in the paragraph, or no
    attribution follows the closing mark."""
    if not in_quotation(view, paragraph, start):
        return ""
    at = start
    while at < paragraph.end and (view[at] == " " or view[at] in quotation.OPENING):
        at += 1  # the opening mark of this sentence's own quotation
    close = quotation.close_after(view, at, paragraph.end)
    if close < 0:
        return ""
    m = _CLOSER.match(view, close, min(paragraph.end, close + 119))
    return (m.group("who") or m.group("after")) if m else ""
