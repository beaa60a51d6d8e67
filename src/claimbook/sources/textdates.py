"""Dates written in a sentence -> a reduced-precision ISO date, never more precise than the text.

"In July 2025" is `2025-07`, "on 14 April 2025" is `2025-04-14`, "in 2025" is `2025`. Words that
need a reference day ("on Tuesday", "yesterday", "last month", "14 April" without a year) are
resolved only against the document's published date, and only when that date is precise enough;
otherwise the claim stays undated. A date is never invented.

Expressions are found with patterns (so a bare number such as "600" or the "2025" in an
exercise's name is not a date) and turned into dates by `dateparser`, which also reports the
precision ("period") of what it parsed. Weekdays are resolved here: news style means the latest
such day on or before publication ("on Wednesday" in a Wednesday paper is that day), whereas
dateparser would count back a week.

A month or day written without its year ("in November", "on 14 November", "from 4 to 6
October") is the occurrence nearest the reference date that agrees with the tense of the words
just before it (else, for a date that opens its clause, just after it): future wording ("will",
"would", "is to", "plans to", "next", "resumes") takes the first one on or after the reference
date, past wording ("was", "had", "-ed", "said", "began") the last one on or before it, and with
no cue the nearest one (a tie goes to the past). So "will resume in November" in a story of
October is this November, "troops withdrew in November" and "In May, the minister said …" the
last ones. The cue closest to the date wins ("said the talks would resume in November": future).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span

from claimbook.claims.dates import UNDATED, PartialDate, parse_partial_date

log = logging.getLogger("claimbook")

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

# (precision, needs a reference date, pattern); tried in this order at each position. The
# "range" kinds are spans: their date is the smallest partial date that covers both ends.
_PATTERNS: list[tuple[str, bool, re.Pattern[str]]] = [
    ("day_range", False, re.compile(
        rf"\b(?:from\s+)?(?P<a>{_DAYNUM})\s*(?:-|–|to|and|until)\s*(?P<b>{_DAYNUM})\s+"
        rf"(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b")),
    ("month_range", False, re.compile(
        rf"\b(?:(?:from|between)\s+)?(?P<a>{_MONTH})\s*(?:-|–|to|and|until|through)\s*"
        rf"(?P<b>{_MONTH}),?\s+(?P<y>{_YEAR})\b")),
    ("half", False, re.compile(rf"\b(?:first|second|1st|2nd)\s+half\s+of\s+(?P<y>{_YEAR})\b", re.I)),
    ("day", False, re.compile(rf"\b{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b")),
    ("day", False, re.compile(rf"\b{_DAYNUM}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b")),
    ("day", False, re.compile(rf"\b{_MONTH}\s+{_DAYNUM},?\s+{_YEAR}\b")),
    ("quarter", False, re.compile(
        rf"\b(?:Q[1-4]\s+{_YEAR}|(?:first|second|third|fourth)\s+quarter\s+of\s+{_YEAR})\b", re.I)),
    ("month", False, re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b")),
    ("year", False, re.compile(
        rf"\b(?:in|during|throughout)\s+(?P<d>(?:(?:early|late|mid-?)\s*)?{_YEAR})\b", re.I)),
    ("day_range", True, re.compile(
        rf"\b(?:from\s+)?(?P<a>{_DAYNUM})\s*(?:-|–|to|and|until)\s*(?P<b>{_DAYNUM})\s+"
        rf"(?:of\s+)?(?P<m>{_MONTH})\b")),
    ("month_range", True, re.compile(
        rf"\b(?:from|between)\s+(?P<a>{_MONTH})\s+(?:to|and|until|through)\s+(?P<b>{_MONTH})\b")),
    ("day", True, re.compile(rf"\b{_DAYNUM}\s+(?:of\s+)?{_MONTH}\b")),
    ("day", True, re.compile(rf"\b{_MONTH}\s+{_DAYNUM}\b(?!\s*(?:%|per|million|billion))")),
    ("day", True, re.compile(rf"\b{_WEEKDAY}\b")),
    ("day", True, re.compile(r"\b(?:yesterday|today|tonight|earlier today|overnight|"
                             r"this (?:morning|afternoon|evening))\b", re.I)),
    ("week", True, re.compile(r"\b(?:last|this|earlier this|later this|next) week\b", re.I)),
    ("month", True, re.compile(r"\b(?:last|this|earlier this|late last|early last) month\b", re.I)),
    ("month", True, re.compile(
        rf"\b(?i:in|during|early|late|mid-)\s*(?P<d>{_MONTH})(?![\w.]|\s*\d)")),
    ("month", True, re.compile(  # "at the end of August", "by the beginning of May"
        rf"\b(?i:the\s+(?:end|beginning|start|middle)\s+of)\s+(?P<d>{_MONTH})(?![\w.]|\s*\d)")),
    ("year", True, re.compile(r"\b(?:last|this|earlier this) year\b", re.I)),
]
_EARLY_LATE = re.compile(r"^(?:early|late|mid-?)\s*", re.I)


def _period_edge(words: str) -> re.Pattern[str]:
    """One of `words` right before a date (and its "early"/"late"/"mid-"): the date is an edge of
    the period described."""
    return re.compile(rf"\b(?:{words})\s+(?:(?:early|late|mid-?)\s*)?$", re.I)


# A date that only opens the period described ("since March 2023", "from 2022 on"): it is not
# the claim's date, and nothing later in the clause should be read as one either.
_STARTS_PERIOD = _period_edge(r"since|ever since|starting (?:in|from)")
# A date that only closes the period described ("remain in effect until June 2027", "through June
# 2, 2027", "six months prior to June 2, 2027"): a bound or a deadline, not the claim's date.
_ENDS_PERIOD = _period_edge(r"until|till|through|prior to|before")
# A date that only modifies a noun ("in the wake of the September 11, 2001 attacks", "the
# 24 February 2022 invasion") names when that thing happened, not when the clause's claim was
# made or its event took place: determiner + date + a noun. The occasion of a claim itself ("in
# an April 8 statement", "at the 14 May briefing") does date it.
_DETERMINER_BEFORE = re.compile(r"(?:\b(?:the|a|an|its|their|his|her|our|this|that|these|those)|"
                                r"[\w.]+['’]s)\s+$", re.I)  # or a possessor: "Trump's", "the U.K.'s"
# the occasion of a claim dates it only as the reporting act's setting: "in an April 8
# statement", "at the 14 May briefing", "during a June 3 call" (not "the July 25 call made him …")
_OCCASION_PREP = re.compile(r"\b(?:in|at|during)\s+\S+\s+$", re.I)
_NOUN_AFTER = re.compile(r"^\s+(?P<w>[a-z][a-z-]+)\b")
_NOT_NOUNS = {"of", "in", "on", "at", "and", "or", "to", "by", "for", "when", "that", "which", "who",
              "as", "is", "was", "were", "are", "be", "will", "would", "has", "had", "have", "with",
              "from", "after", "before", "until", "since", "but", "if", "while", "where", "than",
              "then", "through", "during", "into", "over", "under", "against", "about", "could",
              "should", "may", "might", "must", "can", "did", "does", "do", "not"}
OCCASIONS = {"statement", "statements", "interview", "speech", "briefing", "meeting", "conference",
             "remarks", "post", "posts", "tweet", "letter", "address", "call", "announcement",
             "report", "press", "session", "hearing", "summit", "talks", "broadcast", "message",
             "communique", "communiqué", "declaration", "video", "testimony", "note"}
# A date inside a participial adjunct ("…, having been annexed by Hitler's Germany in 1938";
# "…, annexed by Germany in 1938") dates that earlier event, not the clause's claim.
_ADJUNCT = re.compile(r"^\s*(?:having\b|(?:\w+ly\s+)?\w+(?:ed|en|wn)\s+by\b)", re.I)


def modifies_a_noun(text: str, start: int, end: int) -> bool:
    """Is the date at text[start:end] a noun's modifier, or inside a participial adjunct?"""
    if _DETERMINER_BEFORE.search(text, max(0, start - 16), start) and (
            m := _NOUN_AFTER.match(text[end:end + 40])) is not None:
        word = m.group("w").lower()
        setting = word in OCCASIONS and _OCCASION_PREP.search(text, max(0, start - 30), start)
        if word not in _NOT_NOUNS and not setting:
            return True
    comma = text.rfind(",", 0, start)
    clause = text[comma + 1:start] if comma >= 0 else ""
    return bool(clause) and _ADJUNCT.match(clause) is not None


# A position held over a span of time ("argued for decades", "has long maintained", "has always
# denied"): said on many days, so the story's date is not its date.
DURATIVE = re.compile(r"\b(?:for (?:decades|years|months|weeks|a long time)|(?:has|have|had) "
                      r"(?:long|always|repeatedly|consistently)|long (?:argued|maintained|insisted|"
                      r"claimed|denied|said)|repeatedly (?:said|denied|claimed|argued|insisted))\b",
                      re.I)
_FUTURE = re.compile(r"\b(?:will|would|shall|'ll|going to|plans? to|planned to|intends? to|"
                     r"is to|are to|expected to|scheduled|due|next|resumes?|starts?|begins?|"
                     r"opens?|upcoming|coming)\b", re.I)
_PAST = re.compile(r"\b(?:was|were|had|did|ago|last|\w{3,}ed|said|began|went|came|took|made|fell|"
                   r"left|met|saw|sent|held|fought|struck|hit|won|lost|built|shot|fled|seized|kept|"
                   r"ran|flew|gave|rose|withdrew|broke|drove|told)\b", re.I)
_SAME_DAY = {"today", "tonight", "earlier today", "overnight", "this morning", "this afternoon",
             "this evening"}


@dataclass(frozen=True)
class FoundDate:
    start: int  # offsets in the string searched
    end: int
    expression: str
    value: PartialDate
    starts_period: bool = False  # "since …": the start of what is described, not its date
    relative: bool = False  # resolved against the reference date ("on Monday", "in April")
    modifier: bool = False  # modifies a noun or sits in a participial adjunct: not the claim's date
    ends_period: bool = False  # "until …", "prior to …": where what is described ends, not its date


@lru_cache(maxsize=64)
def _parser(base: date | None) -> DateDataParser:
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


def _iso(d: date, precision: str) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    return f"{d.year:04d}"


def _reference(published: PartialDate, needed: str) -> date | None:
    """The published date as a reference, if it is at least as precise as `needed`."""
    order = ["year", "quarter", "month", "day"]
    if not published.is_known or order.index(published.precision) < order.index(
            "month" if needed == "quarter" else needed):
        return None
    return published.end  # the latest day the document could have been written


def _weekday(expr: str, published: PartialDate) -> PartialDate | None:
    ref = _reference(published, "day")
    if ref is None:
        return None
    target = _WEEKDAYS.index(expr.lower())
    return parse_partial_date((ref - timedelta(days=(ref.weekday() - target) % 7)).isoformat())


def _quarter(expr: str) -> PartialDate:
    m = re.search(r"Q([1-4])\s+(\d{4})", expr) or re.search(
        r"(first|second|third|fourth)\s+quarter\s+of\s+(\d{4})", expr, re.I)
    assert m
    q = m.group(1)
    n = int(q) if q.isdigit() else _QUARTERS[q.lower()]
    return parse_partial_date(f"{m.group(2)}-Q{n}")


def _week(expr: str, published: PartialDate) -> PartialDate | None:
    """ "last week", "this week", "next week": the calendar week (Monday to Sunday) before, of or
    after the reference day, as the smallest partial date that holds all of it (a week inside
    one month is that month)."""
    ref = _reference(published, "day")
    if ref is None:
        return None
    low = expr.lower()
    monday = ref - timedelta(days=ref.weekday()) + timedelta(
        days=-7 if low.startswith("last") else 7 if low.startswith("next") else 0)
    value = _covering(monday, monday + timedelta(days=6))
    return value if value.is_known else None


def _covering(first: date, last: date) -> PartialDate:
    """The smallest partial date (month, quarter or year) that holds both days."""
    if first.year != last.year:
        return UNDATED
    if first.month == last.month:
        return parse_partial_date(f"{first.year:04d}-{first.month:02d}")
    if (first.month - 1) // 3 == (last.month - 1) // 3:
        return parse_partial_date(f"{first.year:04d}-Q{(first.month - 1) // 3 + 1}")
    return parse_partial_date(f"{first.year:04d}")


def _month_number(word: str) -> int:
    return _MONTHS.index(word.lower().rstrip(".")[:3]) + 1


def _range(expr: str, kind: str, published: PartialDate, tense: str = "") -> PartialDate | None:
    """A span written in the text ("from 4 to 6 October", "between March and May 2025")."""
    for precision, _, pattern in _PATTERNS:
        if precision == kind and (m := pattern.fullmatch(expr)):
            break
    else:
        return None
    groups = m.groupdict()
    if groups.get("y"):
        year = int(groups["y"])
    else:  # no year: the span nearest the reference day that agrees with the tense
        ref = _reference(published, "day")
        if ref is None:
            return None
        end_month = _month_number(groups["m"] if kind == "day_range" else groups["b"])
        end_day = int(re.match(r"\d+", groups["b"]).group(0)) if kind == "day_range" else 1
        near = nearest_year(end_month, end_day, ref, tense)
        if near is None:
            return None
        year = near
    if kind == "half":
        return parse_partial_date(f"{year:04d}")
    if kind == "day_range":
        month = _month_number(groups["m"])
        first, last = month, month
    else:
        first, last = _month_number(groups["a"]), _month_number(groups["b"])
    if first > last:
        return None
    value = _covering(date(year, first, 1), date(year, last, 1))
    return value if value.is_known else None


def tense_at(text: str, start: int, end: int) -> str:
    """ "future", "past" or "" for the date written at `start`..`end`: from the cue word closest
    before it, else the first after it (see the module doc)."""
    window = text[max(0, start - 80):start]
    future = [m.end() for m in _FUTURE.finditer(window)]
    past = [m.end() for m in _PAST.finditer(window)]
    if future or past:
        return "future" if max(future, default=-1) > max(past, default=-1) else "past"
    # a date that opens its sentence ("In May, the administrator said …") takes its clause's
    # tense: with no cue at all, May is nearer to a November paper in the coming year by two days
    after = text[end:end + 80]
    cues = [(m.start(), "future") for m in _FUTURE.finditer(after)] + \
        [(m.start(), "past") for m in _PAST.finditer(after)]
    return min(cues)[1] if cues else ""


def nearest_year(month: int, day: int, ref: date, tense: str) -> int | None:
    """The year of `day month` (no year written) by the rule in the module doc."""
    options = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    if day == 1 and (month, 1) == (ref.month, 1):  # a month: this month is both past and future
        return ref.year
    if tense == "future":
        later = [d for d in options if d >= ref]
        return min(later).year if later else None
    if tense == "past":
        earlier = [d for d in options if d <= ref]
        return max(earlier).year if earlier else None
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - ref).days), d > ref)).year


def _without_year(expr: str, precision: str, published: PartialDate, tense: str
                  ) -> PartialDate | None:
    """ "November", "mid-November", "14 November", "Nov. 14" -> by `nearest_year`."""
    month_word = re.search(_MONTH, expr)
    if month_word is None:
        return None
    ref = _reference(published, precision)
    if ref is None:
        return None
    month = _month_number(month_word.group(0))
    if precision == "month":
        year = nearest_year(month, 1, ref.replace(day=1), tense)
        return parse_partial_date(f"{year:04d}-{month:02d}") if year else None
    digits = re.search(r"\d{1,2}", expr)
    if digits is None:
        return None
    year = nearest_year(month, int(digits.group(0)), ref, tense)
    if year is None:
        return None
    return parse_partial_date(date(year, month, int(digits.group(0))).isoformat())


@lru_cache(maxsize=4096)
def resolve(expr: str, precision: str, relative: bool, published: PartialDate,
            tense: str = "") -> PartialDate | None:
    """One found expression -> a partial date, or None when it cannot be known.

    Cached (bounded): news repeats "on Monday", "in March" and dateparser is the costly step.
    """
    if precision == "quarter":
        return _quarter(expr)
    if precision in ("day_range", "month_range", "half"):
        return _range(expr, precision, published, tense)
    if expr.lower() in _SAME_DAY:
        ref = _reference(published, "day")
        return parse_partial_date(ref.isoformat()) if ref else None
    if expr.lower() in _WEEKDAYS:
        return _weekday(expr, published)
    if precision == "week":
        return _week(expr, published)
    if relative and precision in ("month", "day") and re.search(_MONTH, expr) \
            and not re.search(r"\d{4}", expr):
        return _without_year(expr, precision, published, tense)
    base = _reference(published, precision) if relative else None
    if relative and base is None:
        return None
    text = _EARLY_LATE.sub("", expr).replace("earlier ", "").replace("late last", "last")
    text = text.replace("early last", "last")
    found = _parser(base).get_date_data(text)
    if found is None or found.date_obj is None:
        log.debug("dateparser could not read %r", expr)
        return None
    period = found.period if found.period in ("day", "month", "year") else None
    if period is None:
        return None
    # Never more precise than the words: "July 2025" is a month even if a day was filled in.
    order = ["year", "month", "day"]
    precision = order[min(order.index(period), order.index(precision))]
    value = parse_partial_date(_iso(found.date_obj.date(), precision))
    if base is not None and value.start and value.start > base:
        return None  # a relative expression resolved into the future of the document: distrust
    return value


def find_dates(text: str, published: PartialDate | str = "") -> list[FoundDate]:
    """Every date expression in `text` that can be resolved, left to right, not overlapping."""
    if isinstance(published, str):
        published = parse_partial_date(published)
    return list(_find_dates(text, published))


@lru_cache(maxsize=256)  # a clause and its sentence are searched more than once
def _find_dates(text: str, published: PartialDate) -> tuple[FoundDate, ...]:
    hits: list[tuple[int, int, str, bool]] = []
    for precision, relative, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span("d") if "d" in pattern.groupindex else m.span()
            while s < e and text[s].isspace():
                s += 1
            if any(s < he and hs < e for hs, he, _, _ in hits):
                continue  # a longer, more precise pattern got it first
            hits.append((s, e, precision, relative))
    out: list[FoundDate] = []
    hits.sort()
    for k, (s, e, precision, relative) in enumerate(hits):
        if k + 1 < len(hits) and text[s:e].lower() in _WEEKDAYS \
                and not text[e:hits[k + 1][0]].strip(", "):
            continue  # "on Saturday, May 18": the written date says which Saturday
        value = resolve(text[s:e], precision, relative, published,
                        tense_at(text, s, e) if relative else "")
        if value is not None:
            before = text[max(0, s - 20):s]  # the words an edge of a period is written with
            out.append(FoundDate(s, e, text[s:e], value, bool(_STARTS_PERIOD.search(before)),
                                 relative, modifies_a_noun(text, s, e),
                                 bool(_ENDS_PERIOD.search(before))))
    return tuple(out)


# a day written with its month ("Oct. 31", "25 July"): its attachment is read like a full year's
WRITTEN_DAY = re.compile(rf"{_MONTH}\.?\s+{_DAYNUM}\b|\b{_DAYNUM}\s+(?:of\s+)?{_MONTH}")


def first_date(text: str, published: PartialDate | str = "",
               parsed: Callable[[], Doc | Span | None] | None = None,
               offset: int = 0) -> FoundDate | None:
    """The first date of `text` that dates what it says (not one that only opens a period,
    modifies a noun or sits in a participial adjunct). With `parsed` (the parse of the sentence
    `text` starts at `offset` in, asked for only when a date written in full or a day with its
    month is found: "on Tuesday", "last week" are the clause's own), a date the parse reads as
    a modifier is skipped too (`modifies_in_parse`: "his vow that Britain would leave the EU on
    Oct. 31" dates the vow's content, not the clause)."""
    for found in find_dates(text, published):
        if found.starts_period or found.modifier or found.ends_period:
            continue
        if parsed is not None and (not found.relative or WRITTEN_DAY.search(found.expression)) \
                and (doc := parsed()) is not None \
                and modifies_in_parse(doc, offset + found.start, offset + found.end,
                                      (offset, offset + len(text))):
            continue
        return found
    return None


def modifies_in_parse(doc: Doc | Span, start: int, end: int, clause: tuple[int, int]) -> bool:
    """Does the date written at characters start..end of a parsed sentence date something
    other than its clause (characters `clause`): it sits in a phrase on a noun ("his role in the
    release of … in 2010"), a participle or relative clause on a noun ("an allegation made
    against him in 2010") or a gerund after a preposition ("after seeking refuge … in 2012"),
    and the clause's own verb is not in the past ("is seeking", "have dropped"; in "were
    abducted by gunmen wearing uniforms in August 2016" the date is the clause's too)."""
    words = [t for t in doc if start <= t.idx < end]
    if not words:
        return False
    inside = {t.i for t in words}
    x = next((t for t in words if t.head.i not in inside or t.head.i == t.i), words[0])
    modifier = False
    for _ in range(16):
        if x.head.i == x.i or not clause[0] <= x.head.idx < clause[1] \
                or x.dep_ in ("ROOT", "ccomp", "conj", "parataxis", "xcomp"):
            break
        modifier = modifier or x.dep_ in ("acl", "relcl", "pcomp") or (
            x.dep_ == "prep" and x.head.pos_ in ("NOUN", "PROPN", "PRON"))
        x = x.head
    verb = x if x.pos_ in ("VERB", "AUX") else x.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False  # the parse found no verb for the clause: not read well enough to judge
    past = verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD"
                                     for c in verb.children)
    return modifier and not past


def period_start(text: str, published: PartialDate | str = "") -> FoundDate | None:
    """The first "since …" date of `text`, if any (shown as evidence, never as the date)."""
    for found in find_dates(text, published):
        if found.starts_period:
            return found
    return None


_BANNER_WORDS = re.compile(r"^\W*(?:updated|last updated|published|posted|broadcast|first published|"
                           r"issue\s+\d+)\b", re.I)
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b(?:\s*[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|CET|EET|BST))?", re.I)


def document_date(blocks: list[tuple[str, str]]) -> tuple[PartialDate, str]:
    """The document's own date from its dateline or its first headings and banner lines.

    `blocks` are (kind, text) in reading order, kind "dateline" or "heading". The first date
    written in full (a day or a month with its year) wins; a headline's bare year or quarter
    is too coarse to resolve "on Monday" against and is passed over.
    """
    for kind, text in blocks:
        for found in find_dates(text):
            if found.value.precision in ("day", "month") and re.search(r"\d{4}", found.expression):
                return found.value, kind
    return UNDATED, ""


def entry_date(heading: str, reference: PartialDate) -> PartialDate | None:
    """The day a heading that is only a date names ("Thursday 12 June", "12.06.2025 09:00").

    Banner lines ("Updated 12 June 2025, 18:40", "Published …") are the document's date, not an
    entry's, and a heading with words besides the date is a title: both give None.
    """
    if _BANNER_WORDS.match(heading):
        return None
    text = _TIME.sub(" ", heading)
    found = [f for f in find_dates(text, reference) if f.expression.lower() not in _WEEKDAYS]
    if len(found) != 1 or found[0].value.precision != "day":
        return None
    rest = (text[:found[0].start] + text[found[0].end:]).lower()
    rest = re.sub(r"\b(?:" + "|".join(_WEEKDAYS) + r")\b", " ", rest)
    return found[0].value if not re.search(r"[a-z0-9]", rest) else None
