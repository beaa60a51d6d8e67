"""Who a clause attributes its content to, read by word rules from the clause's tokens.

Attribution is found in the forms news and reports use: `X said/stated/denied … (that) …`,
`"…," X said` / `"…," said X`, `according to X, …`, `X's reports suggest that …`, and the
passive `it was reported that …` / `reportedly` (no claimant named: the document's own voice).
The dependency parse reads the same from a statistical parse (`attribution`); the extraction
takes the two together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimbook.sources import quotation
from claimbook.sources.clauses import (
    ADVERBS,
    AUX,
    DETERMINERS,
    PRONOUNS,
    QUANTIFIERS,
    ROLE_NOUNS,
    STOP,
    ClauseSpan,
    Token,
    has_finite,
    is_finite,
    is_verb_use,
    names_a_source,
    per_a_source,
)
from claimbook.sources.reporting_verbs import (
    CHARACTERIZING_VERBS,
    DISMISSIVE_ALTERNATIVES,
    MEASURE_NOUNS,
    QUOTE_TAIL_FORMS,
    REPORTING,
)

# "it was reported that …": no claimant named, the document's own voice
_PASSIVE = re.compile(r"^\W*it (?:is|was|has been|had been) (?:\w+ly )?(reported|claimed|alleged|"
                      r"said|believed|understood)(?: that)?\s+", re.I)
# "X called the drills a provocation": a characterization of another party's act, an
# allegation by X (a denial when the words are dismissive, see DISMISSIVE).
CHARACTERIZING = re.compile(r"\b(?:an?|the)\s+(?:\w+\s+){0,2}?(provocation|aggression|escalation|"
                            r"threat|violation|attack|act of \w+|war crime|crime|sabotage|"
                            r"blackmail|interference|invasion|occupation)\b", re.I)
DISMISSIVE = re.compile(rf"\b(?:{DISMISSIVE_ALTERNATIVES})\b", re.I)
COMPLEMENTIZERS = {"that", "whether", "if"}


@dataclass
class Attribution:
    kind: str  # lead | tail | according | relative | inherited | passive | document
    subject: str = ""  # as written ("" for the document's own voice)
    verb: str = ""  # reporting verb lemma
    verb_text: str = ""
    content_start: int = 0  # char offset (in the sentence) where the reported content starts
    content_end: int = 0
    to_infinitive: bool = False  # "claimed to be …": a position about oneself
    notes: list[str] = field(default_factory=list)


_TIME_LEADS = frozenset(("on", "in", "last", "this", "earlier", "later"))
_TIME_WORDS = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "week", "month", "year", "weekend"))
_YEAR = re.compile(r"(?:19|20)\d{2}")
# what opens an adjunct, never a speaker, after a reporting verb ("…, said in that statement")
_ADJUNCT_LEADS = _TIME_LEADS | frozenset((
    "at", "during", "after", "before", "via", "through", "from", "with", "to", "late", "early",
    "yesterday", "today", "recently", "repeatedly", "again"))


def _subject_before(toks: list[Token], v: int, lo: int) -> tuple[int, int] | None:
    """Token range of the subject of the reporting verb at v, or None."""
    j = v - 1
    while j >= lo and (toks[j].low in AUX or toks[j].low in ADVERBS
                       or (toks[j].low.endswith("ly") and not toks[j].is_cap and toks[j].is_word)):
        j -= 1
    # a time between the speaker and the verb: "X on Monday said", "Clark in October revealed",
    # "the agency last week announced"
    while j >= lo + 1 and toks[j - 1].low in _TIME_LEADS and (
            toks[j].low in _TIME_WORDS or _YEAR.fullmatch(toks[j].text)):
        j -= 2
    if j < lo:
        return None
    if toks[j].text == "," and j > lo:
        # "WeWork's parent company, The We Company, announced …": the apposition names the speaker
        inner = _subject_before(toks, j, lo)
        if inner is None:
            return None
        a = inner[0] - 1 if inner[0] - 1 >= lo and toks[inner[0] - 1].low in ("the", "a", "an") \
            else inner[0]
        # a noun phrase, named or with its article: not "…, citing an anonymous source, reported"
        if not (a - 1 > lo and toks[a - 1].text == "," and toks[a - 2].is_word) or (
                a == inner[0] and not toks[a].is_cap):
            return None
        if toks[inner[0]].is_cap:
            return inner
        # "Raw Farm, the largest raw milk farm in the country, reported …": the name, not the
        # description
        return _subject_before(toks, a - 1, lo) or inner
    if toks[j].low in PRONOUNS:
        return j, j + 1
    k = j
    while k >= lo and j - k < 12:
        t = toks[k]
        if t.text == ")":
            m = k
            while m >= lo and toks[m].text != "(":
                m -= 1
            if m < lo:
                break
            k = m - 1
            continue
        if t.text == "&" and k > lo and toks[k - 1].is_cap and toks[k + 1].is_cap:
            k -= 1  # "Pacific Gas & Electric officials": one name
            continue
        if t.is_word and (t.low in {"of", "for", "the"} or t.low not in STOP) \
                and not t.text.isdigit() and t.low not in AUX and not is_verb_use(toks, k) \
                and t.low not in QUANTIFIERS:
            k -= 1
            continue
        break
    a = k + 1
    # "diplomats in Vienna", "the consulate in Geneva": the place qualifies the source
    if lo <= a - 2 and a <= j and toks[a - 1].low in {"in", "at"} and toks[a - 2].is_word \
            and toks[a - 2].low not in STOP and toks[a - 2].low not in AUX \
            and not is_verb_use(toks, a - 2) and not is_finite(toks, a - 2):
        head = _subject_before(toks, a - 1, lo)
        if head is not None and head[1] == a - 1:
            a = head[0]
    while a <= j and toks[a].low in {"of", "for", "the", "and"}:
        a += 1
    if a > j:
        return None
    words = toks[a:j + 1]
    definite = a > lo and toks[a - 1].low == "the" or (a > 0 and toks[a - 1].low == "the")
    if not definite and not any(w.is_cap or w.low in ROLE_NOUNS for w in words if w.is_word):
        return None  # "some reports say", "no confirmed information": not a named source
    return a, j + 1


def content_after(s: str, toks: list[Token], v: int, end: int) -> tuple[int, bool]:
    """Where the reported content begins after the verb at v (skips 'that', objects of 'told')."""
    k = v + 1
    while k < end and (toks[k].low in ADVERBS or toks[k].text in {",", ":"}):
        k += 1
    if toks[v].low in {"told", "tell", "tells"}:
        for m in range(k, min(end, k + 10)):
            if toks[m].low == "that":
                return (toks[m + 1].start if m + 1 < end else toks[m].end), False
        while k < end and toks[k].is_word and toks[k].low not in PRONOUNS and k - v < 5:
            k += 1
    for m in range(k, min(end, k + 7)):  # "said last week that …", "said on Tuesday that …"
        if toks[m].low == "that":
            k = m
            break
        if is_finite(toks, m) or toks[m].text in {",", ":", "\"", "“"}:
            break
    if k < end and toks[k].low == "that":
        k += 1
    if k < end and toks[k].low == "to":
        return toks[k].start, True
    return (toks[k].start if k < end else len(s)), False


# Relayed attribution: the relay ("according to TASS", "citing satellite images") closes a clause
# whose own attribution names the original source; "Y quoted X as saying …" names X.
_RELAY_TAIL = re.compile(r",?\s*(according to|citing|per)\s+([^,.;]{2,80}?)\s*[.!]?$", re.I)
# "according to" a measure, not a source: "we have shifted our programs according to the needs
# that we need to meet", "according to plan", "according to the rules"
_NO_SOURCE = re.compile(r"(?:(?:the|their|its|our|his|her|your|my)\s+)?(?:" + "|".join(
    w[:-1] + "(?:y|ies)" if w.endswith("y") else w + "s?" for w in sorted(MEASURE_NOUNS)) + r")\b",
    re.I)
_QUOTED_AS = re.compile(r"^\s*(?P<relay>[^,;]{2,60}?)\s+(?:quoted|cited)\s+(?P<src>[^,;]{2,80}?)\s+as\s+"
                        r"(?:saying|stating|telling \w+)\s+(?:that\s+)?", re.I)
# A quoted post, caption or video as the subject: "A post shared 40,000 times on Telegram claims …".
_POST = re.compile(r"^\W*(?:a|an|the|one|this|that)?\s*(?:[\w-]+\s+){0,3}?(?P<noun>post|caption|video|"
                   r"tweet|message|meme|image|photo|thread|clip)\b(?P<rest>[^.;:\"“]{0,80}?)\s+"
                   r"(?P<verb>claims?|says?|said|states?|alleges?|purports?)\b", re.I)
_PLATFORM = re.compile(r"\bon\s+(Telegram|X|Facebook|TikTok|Instagram|YouTube|VK|Twitter|WhatsApp|"
                       r"Weibo|Threads|Bluesky)\b")


def attribute(s: str, toks: list[Token], c: ClauseSpan) -> Attribution:
    """Find who the clause attributes its content to (see the module doc for the forms)."""
    mask = quotation.mask(s)
    lo, hi = c.first, c.last
    end_char = toks[hi - 1].end if hi > lo else len(s)
    text = s[toks[lo].start:end_char] if hi > lo else ""
    base = toks[lo].start if hi > lo else 0
    if m := _QUOTED_AS.match(text):
        return Attribution("relayed", m.group("src"), "say", "quoted as saying", base + m.end(),
                           end_char, notes=[f"relayed by {m.group('relay')}"])
    if m := _POST.match(text):
        k = next(i for i in range(lo, hi) if toks[i].start >= base + m.start("verb"))
        content, to_inf = content_after(s, toks, k, hi)
        platform = _PLATFORM.search(m.group("rest"))
        name = m.group("noun").lower() + (f" on {platform.group(1)}" if platform else "")
        return Attribution("lead", name, REPORTING.get(toks[k].low, "claim"), toks[k].text,
                           content, end_char, to_inf)
    # according to X, …  /  …, according to X.  (and "per X": only a source that speaks)
    m = re.match(r"\s*(according to|per)\s+([^,]{2,80}?)\s*,\s*", text, re.I)
    if m and (m.group(1).lower() != "per" or per_a_source(m.group(2))):
        return Attribution("according", m.group(2), "say", m.group(1), base + m.end(), end_char)
    m = _RELAY_TAIL.search(text)
    if m and not _NO_SOURCE.match(m.group(2)) and (
            m.group(1).lower() != "per" or per_a_source(m.group(2))):
        cut = base + m.start()
        k = lo
        while k < hi and toks[k].start < cut:
            k += 1
        inner = attribute(s, toks, ClauseSpan(lo, k, c.kind)) if k > lo + 2 else None
        relay = m.group(2)
        if inner is not None and inner.kind not in ("document", "passive"):
            if m.group(1).lower() == "citing" and names_a_source(relay):
                # "TASS said, citing a source in the ministry": the cited source said it.
                return Attribution("according", relay, "say", "citing", inner.content_start,
                                   min(inner.content_end, cut),
                                   notes=[f"relayed by {inner.subject}"])
            inner.content_end = min(inner.content_end, cut)
            inner.notes.append(f"relayed by {relay}" if m.group(1).lower() != "citing"
                               else f"citing {relay}")
            return inner
        if m.group(1).lower() != "citing":
            return Attribution("according", relay, "say", m.group(1), base, cut)
    if m := _PASSIVE.search(text):
        lemma = REPORTING.get(m.group(1).lower(), "report")
        return Attribution("passive", "", lemma, m.group(1), base + m.end(), end_char)
    # "X called the accusation baseless": a denial without a reporting verb; "X called the
    # drills a provocation": X's allegation.
    for v in range(lo, hi):
        if toks[v].low not in CHARACTERIZING_VERBS or mask[toks[v].start]:
            continue
        dismissive = DISMISSIVE.search(s, toks[v].end, end_char)
        if dismissive or CHARACTERIZING.search(s, toks[v].end, end_char):
            subj = _subject_before(toks, v, lo)
            if subj is not None:
                return Attribution("lead", s[toks[subj[0]].start:toks[subj[1] - 1].end],
                                   "deny" if dismissive else "characterize", toks[v].text,
                                   toks[v].end, end_char)
    # Lead: the first reporting verb (outside quotes) with a subject before it.
    for v in range(lo, hi):
        if mask[toks[v].start] or not is_verb_use(toks, v):
            continue
        subj = _subject_before(toks, v, lo)
        if subj is None:
            continue
        np_start = _with_determiner(toks, subj[0], lo)
        before = s[toks[lo].start:toks[np_start].start].rstrip()
        rest = range(v + 1, hi)
        # "…," a spokeswoman said when asked about …: an adjunct, not more content
        adjunct = v + 1 < hi and toks[v + 1].low in {"when", "while", "after", "before", "as"}
        says_more = not adjunct and any(toks[k].low == "that" or is_finite(toks, k) for k in rest)
        if np_start - lo >= 4 and before.endswith((",", "”", '"')) and not says_more \
                and (has_finite(toks, lo, subj[0]) or before.endswith(("”", '"'))):
            # "“Our position is consistent,” spokesperson Mao Ning said at a briefing."
            return Attribution("tail", s[toks[subj[0]].start:toks[subj[1] - 1].end],
                               REPORTING[toks[v].low], toks[v].text, toks[lo].start,
                               toks[lo].start + len(before))
        content, to_inf = content_after(s, toks, v, hi)
        return Attribution("lead", s[toks[subj[0]].start:toks[subj[1] - 1].end],
                           REPORTING[toks[v].low], toks[v].text, content, end_char, to_inf)
    # Tail: "…," the ministry said (on Tuesday).  /  "…," said Wang, a spokesman for …
    tail = _tail(s, toks, lo, hi, mask)
    if tail is not None:
        return tail
    # Passive, no agent: "it was reported that …", "… have reportedly been …".
    if word := re.search(r"\b(reportedly|allegedly|purportedly)\b", text, re.I):
        lemma = "allege" if word.group(1).lower().startswith(("alleg", "purport")) else "report"
        return Attribution("passive", "", lemma, word.group(1), base, end_char)
    return Attribution("document", "", "", "", base, end_char)


def _with_determiner(toks: list[Token], first: int, lo: int) -> int:
    """Where a subject starting at token `first` starts with its article or determiner ("the
    ministry"), not before token `lo`."""
    while first > lo and toks[first - 1].low in DETERMINERS:
        first -= 1
    return first


def _tail(s: str, toks: list[Token], lo: int, hi: int, mask: list[bool]) -> Attribution | None:
    end = hi
    while end > lo and toks[end - 1].text in {".", "!", "”", '"', "’", "'"}:
        end -= 1
    for b in range(end - 2, lo + 2, -1):
        if toks[b].text not in {",", "”", '"'} or (toks[b].text == "," and mask[toks[b].start]
                                                   and b + 1 < hi and toks[b + 1].text not in "”\""):
            continue
        after = b + 1
        while after < end and toks[after].text in {",", "”", '"'}:
            after += 1
        if after >= end or end - after > 40:
            continue
        if toks[b].text in "”\"" and (named := _named_with_long_apposition(toks, after, end, mask)):
            name_end, v = named
            return Attribution("tail", s[toks[after].start:toks[name_end - 1].end],
                               REPORTING[toks[v].low], toks[v].text, toks[lo].start, toks[b].start)
        if end - after > 16:
            continue
        # VERB NP: said Wang Wenbin, a spokesman for the Chinese Foreign Ministry
        if toks[after].low in REPORTING and REPORTING[toks[after].low] in {
                "say", "add", "tell", "write", "state", "claim", "insist", "warn", "note", "read"}:
            subj = s[toks[after + 1].start:toks[end - 1].end] if after + 1 < end else ""
            # "…, said that the claim is untrue": a complement follows the verb, not its speaker
            # nor an adjunct ("…, said in that statement"): no speaker after the verb
            if subj and toks[after + 1].is_word and toks[after + 1].low not in COMPLEMENTIZERS \
                    and toks[after + 1].low not in _ADJUNCT_LEADS:
                return Attribution("tail", _strip_adjuncts(subj), REPORTING[toks[after].low],
                                   toks[after].text, toks[lo].start, toks[b].start)
        # NP VERB (adjuncts): the ministry said in a statement on Tuesday
        for v in range(after + 1, min(end, after + 10)):
            if mask[toks[v].start]:
                break  # "…: “The script just said …": a verb inside a quotation is quoted speech
            quote_tail = toks[b].text in "”\"" and toks[v].low in QUOTE_TAIL_FORMS
            if toks[v].low in REPORTING and is_verb_use(toks, v) or quote_tail:
                subj = _subject_before(toks, v, after)
                # "…,” the director explained": the subject's article starts it
                if subj is not None and _with_determiner(toks, subj[0], after) == after:
                    return Attribution("tail", s[toks[subj[0]].start:toks[subj[1] - 1].end],
                                       REPORTING.get(toks[v].low) or QUOTE_TAIL_FORMS[toks[v].low],
                                       toks[v].text, toks[lo].start, toks[b].start)
                break
    return None


def _named_with_long_apposition(toks: list[Token], a: int, end: int, mask: list[bool]
                                ) -> tuple[int, int] | None:
    """After a closing quotation mark, a name, then a long apposition between commas, then the
    reporting verb ("…,” Jim Chilton, senior vice president for space and launch at Boeing
    Defense, Space, and Security, said in that statement): the name's end and the verb."""
    k = a
    while k < end and k - a < 4 and toks[k].is_cap and toks[k].is_word:
        k += 1
    if k == a or k >= end or toks[k].text != ",":
        return None
    for v in range(k + 2, min(end, k + 30)):
        if mask[toks[v].start] or toks[v].text in {".", "“", "”", '"', ";"}:
            return None
        if toks[v - 1].text == "," and toks[v].low in REPORTING and is_verb_use(toks, v):
            return k, v
    return None


def _strip_adjuncts(subject: str) -> str:
    return re.split(r"\s+(?:in a|on|at a|at the|during|late on|early on)\b", subject, maxsplit=1)[0]


def reporting_word(toks: list[Token], c: ClauseSpan) -> str:
    """The first reporting word of a clause, as written, or "" ("Corbyn, a socialist, is accused
    by critics of …": the apposition hides the subject from the rules, the parse reads the
    passive)."""
    return next((t.text for t in toks[c.first:c.last] if t.low in REPORTING), "")
