"""Sentences -> clauses, and who each clause attributes its content to.

One sentence often carries several claims: "Troops are not stationed in Russia, though Beijing
has deepened cooperation and some citizens have been recruited" is three, "X stated it was
verifying … and denied that …" is two by one claimant. The rules here are English grammar, not
rules about any one document: a clause boundary is a conjunction or a comma followed by a new
subject and a finite verb, a reporting verb that shares the subject ("… and denied that"), a
second complement ("… and that …"), or a relative clause that reports ("…, who claimed …").

Attribution is found in the forms news and reports use: `X said/stated/denied … (that) …`,
`"…," X said` / `"…," said X`, `according to X, …`, `X's reports suggest that …`, and the
passive `it was reported that …` / `reportedly` (no claimant named: the document's own voice).
Everything works on tokens with offsets into the sentence, so clause spans are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\d+(?:[.,]\d+)*%?|\w+(?:['’\-–]\w+)*['’]?|[^\w\s]")

REPORTING: dict[str, str] = {}
for _lemma, _forms in {
    "say": "say says said", "state": "state states stated", "report": "report reports reported",
    "claim": "claim claims claimed", "allege": "allege alleges alleged",
    "deny": "deny denies denied", "tell": "tell tells told", "add": "adds added",
    "announce": "announce announces announced", "confirm": "confirm confirms confirmed",
    "insist": "insist insists insisted", "maintain": "maintain maintains maintained",
    "assert": "assert asserts asserted", "warn": "warn warns warned",
    "accuse": "accuse accuses accused", "indicate": "indicate indicates indicated",
    "suggest": "suggest suggests suggested", "reject": "reject rejects rejected",
    "dismiss": "dismiss dismisses dismissed", "acknowledge": "acknowledge acknowledges acknowledged",
    "admit": "admit admits admitted", "argue": "argue argues argued", "note": "notes noted",
    "write": "write writes wrote", "declare": "declare declares declared",
    "conclude": "conclude concludes concluded", "assess": "assess assesses assessed",
    "estimate": "estimates estimated", "reiterate": "reiterate reiterates reiterated",
    "stress": "stress stresses stressed", "repeat": "repeat repeats repeated",
    "refute": "refute refutes refuted",
    "reveal": "reveals revealed", "disclose": "discloses disclosed", "read": "reads",
}.items():
    for _f in _forms.split():
        REPORTING[_f] = _lemma

DENIAL_VERBS = {"deny", "reject", "dismiss", "refute"}
_PASSIVE = re.compile(r"^\W*it (?:is|was|has been|had been) (?:\w+ly )?(reported|claimed|alleged|"
                      r"said|believed|understood)(?: that)?\s+", re.I)
DISMISSIVE_VERBS = {"called", "calls", "described", "describes", "branded", "brands", "labelled",
                    "labeled", "termed"}
# "X called the drills a provocation": a characterization of another party's act, an
# allegation by X (a denial when the words are dismissive, see DISMISSIVE).
CHARACTERIZING = re.compile(r"\b(?:an?|the)\s+(?:\w+\s+){0,2}?(provocation|aggression|escalation|"
                            r"threat|violation|attack|act of \w+|war crime|crime|sabotage|"
                            r"blackmail|interference|invasion|occupation)\b", re.I)
DISMISSIVE = re.compile(r"\b(baseless|false|groundless|unfounded|fabricat\w*|lies|absurd|"
                        r"nonsense|untrue|slander\w*|fake|disinformation|propaganda)\b", re.I)

AUX = _words(
    "is are was were be been being has have had will would can could may might must shall "
    "should does do did 's 've "
)
PRONOUNS = {"it", "he", "she", "they", "we", "i"}
ADVERBS = _words(
    "also again later earlier repeatedly previously recently once still already further then "
    "now separately publicly officially firmly flatly categorically strongly reportedly "
    "allegedly initially subsequently "
)
DETERMINERS = _words(
    "the a an this these those that such his her its their our my your "
)
QUANTIFIERS = _words(
    "some many several most all both few hundreds thousands dozens two three four five six "
    "seven eight nine ten no "
)
_STOP = _words(
    "in on at by with from to into about after before during since following despite over "
    "under against between among through as than like amid via and but or nor while though "
    "although because if when whereas that which who whom whose where why how there not no "
    "never also more less very so "
)
# Present-tense verbs common in news that no suffix marks ("the bridge remains open").
PRESENT_VERBS = _words(
    "remains remain stays continues resumes seems seem appears exists lacks intends "
)
IRREGULAR_PAST = _words(
    "sent held took made gave went began met saw fought led left struck hit won lost built "
    "brought bought sold kept shot spoke wrote drew grew knew became came ran fell flew stood "
    "caught found sought fled seized launched "
)
DISCOURSE = re.compile(
    r"^(?:however|meanwhile|moreover|furthermore|additionally|in addition|still|yet|but|and|so|"
    r"nevertheless|nonetheless|indeed|separately|instead|also|overall|in fact|at the same time)"
    r"\b\s*,?\s*", re.I)
SUBORDINATORS = {"while", "although", "though", "whereas"}
COORD_AFTER_COMMA = {"though", "although", "while", "whereas", "but", "yet"}
ROLE_NOUNS = _words(
    "officials official spokesman spokeswoman spokesperson ministry minister government "
    "intelligence president analysts experts diplomats embassy authorities agency office "
    "department service services sources source reports report media military army forces "
    "command commander council administration residents witnesses observers researchers "
    "investigators prosecutors police nationals citizens soldiers fighters men women people "
    "statement leadership directorate staff "
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def is_cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()


def tokenize(s: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(s)]


def quote_mask(s: str) -> list[bool]:
    """True for characters inside quotation marks (“…” or straight double quotes)."""
    mask, inside = [False] * len(s), False
    for i, ch in enumerate(s):
        if ch in "“\"" and not inside:
            inside = True
            mask[i] = True
            continue
        if ch in "”\"" and inside:
            mask[i] = True
            inside = False
            continue
        mask[i] = inside
    return mask


def _is_verb_use(toks: list[Token], i: int) -> bool:
    """A reporting-verb form used as a verb, not as a noun ("Zelensky's claims", "reports suggest")."""
    t = toks[i]
    if t.low not in REPORTING or (t.is_cap and i > 0):  # "the US State Department"
        return False
    if i > 0 and (toks[i - 1].low in DETERMINERS or toks[i - 1].low.endswith(("'s", "'"))
                  or toks[i - 1].low in {"of", "despite", "following", "amid", "after"}):
        return False
    return not (i + 1 < len(toks) and toks[i + 1].low in REPORTING and t.low.endswith("s"))


def is_finite(toks: list[Token], i: int) -> bool:
    t = toks[i].low
    if t in AUX or t in IRREGULAR_PAST or t in PRESENT_VERBS or _is_verb_use(toks, i):
        return True
    return (t.endswith("ed") and len(t) > 4 and toks[i].is_word and not toks[i].is_cap
            and "-" not in t and not (i > 0 and toks[i - 1].low in DETERMINERS))


def _np_word(t: Token) -> bool:
    return t.is_word and t.low not in _STOP and t.low not in AUX and t.low not in REPORTING \
        and t.low not in ADVERBS


def np_then_verb(toks: list[Token], j: int) -> bool:
    """Does a new clause start at token j: a subject (pronoun or noun phrase), then a finite verb?"""
    n = len(toks)
    if j >= n:
        return False
    if toks[j].low in PRONOUNS:
        k = j + 1
        # after a subject pronoun a plain lowercase word is its verb ("and I want to stress")
        if k < n and toks[k].is_word and not toks[k].is_cap and toks[k].low not in _STOP:
            return True
    elif toks[j].low == "there" and j + 1 < n and toks[j + 1].low in AUX:
        return True  # "and there is no plan …"
    else:
        k = j
        if toks[k].low in DETERMINERS or toks[k].low in QUANTIFIERS:
            k += 1
        first = k
        while k < n and k - first < 6 and _np_word(toks[k]) and not is_finite(toks, k):
            k += 1
        if k == first:
            return False
    while k < n and (toks[k].low in ADVERBS or toks[k].low in {"not", "never"}
                     or (toks[k].low.endswith("ly") and not toks[k].is_cap)):
        k += 1
    return k < n and is_finite(toks, k)


def _has_finite(toks: list[Token], a: int, b: int) -> bool:
    return any(is_finite(toks, i) for i in range(a, b))


@dataclass
class ClauseSpan:
    """A clause of a sentence: token range, kind of boundary that opened it, and its antecedent."""

    first: int  # first token of the clause (after a conjunction or comma)
    last: int  # one past the last token
    kind: str = "main"  # main | coord | verb_shared | complement | relative | subordinate
    antecedent: tuple[int, int] | None = None  # token range of "two nationals" in ", who said"
    verb: int | None = None  # the shared reporting verb (verb_shared) token index


def split(s: str, toks: list[Token]) -> list[ClauseSpan]:
    """Cut a sentence's tokens into clauses at the boundaries described in the module doc."""
    mask = quote_mask(s)
    depth, n = 0, len(toks)
    bounds: list[tuple[int, int, str, tuple[int, int] | None]] = []  # (cut, first, kind, ante)
    start = 0
    while start < n and not toks[start].is_word:
        start += 1
    # A leading subordinate clause: "While China denies X, it has supplied Y."
    lead = start
    if lead < n and toks[lead].low == "even" and lead + 1 < n and toks[lead + 1].low == "though":
        lead += 1
    if lead < n and toks[lead].low in SUBORDINATORS:
        for i in range(lead + 1, n):
            if toks[i].text == "," and not mask[toks[i].start] and np_then_verb(toks, i + 1):
                if _has_finite(toks, lead + 1, i):
                    bounds.append((i, i + 1, "coord", None))
                    start = lead + 1
                break
    clause_start = start
    for i, t in enumerate(toks):
        if t.text in "([":
            depth += 1
        elif t.text in ")]":
            depth = max(0, depth - 1)
        if depth or mask[t.start] or i <= start or i + 1 >= n:
            continue
        prev_comma = toks[i - 1].text == ","
        nxt = i + 1
        while nxt < n and toks[nxt].low in ADVERBS:
            nxt += 1
        cut = i - 1 if prev_comma else i
        if t.low in COORD_AFTER_COMMA and prev_comma and np_then_verb(toks, i + 1) \
                and _has_finite(toks, clause_start, i):
            bounds.append((cut, i + 1, "coord", None))
            clause_start = i + 1
        elif t.low in {"and", "but"}:
            if nxt < n and _is_verb_use(toks, nxt) and any(
                    _is_verb_use(toks, k) for k in range(clause_start, i)):
                bounds.append((cut, i + 1, "verb_shared", None))
                clause_start = i + 1
            elif nxt < n and toks[nxt].low == "that" and any(
                    _is_verb_use(toks, k) for k in range(clause_start, i)):
                bounds.append((cut, nxt, "complement", None))
                clause_start = nxt
            elif np_then_verb(toks, i + 1) and _has_finite(toks, clause_start, i):
                bounds.append((cut, i + 1, "coord", None))
                clause_start = i + 1
        elif t.low in {"who", "which"} and prev_comma:
            k = i + 1
            while k < n and (toks[k].low in AUX or toks[k].low in ADVERBS):
                k += 1
            if k < n and toks[k].low in REPORTING:
                bounds.append((i - 1, i, "relative", _antecedent(toks, i - 1)))
                clause_start = i
        elif t.text == ";" and _has_finite(toks, clause_start, i) and _has_finite(toks, i + 1, n):
            bounds.append((i, i + 1, "coord", None))
            clause_start = i + 1
    spans: list[ClauseSpan] = []
    first, kind, ante = start, "main", None
    for cut, nxt_first, nxt_kind, nxt_ante in bounds:
        spans.append(ClauseSpan(first, cut, kind, ante))
        first, kind, ante = nxt_first, nxt_kind, nxt_ante
    spans.append(ClauseSpan(first, n, kind, ante))
    return [c for c in spans if c.first < c.last]


def _antecedent(toks: list[Token], comma: int) -> tuple[int, int]:
    """The noun phrase before ", who …": back over words to a verb, preposition or comma,
    dropping a trailing participle phrase ("two Chinese nationals fighting for Russia")."""
    k = comma - 1
    while k >= 0 and toks[k].is_word and toks[k].low not in AUX and toks[k].low not in REPORTING \
            and toks[k].low not in {"of", "by", "with", "from", "that", "and", "to"}:
        k -= 1
    a = k + 1
    b = comma
    for j in range(a, comma):
        if toks[j].low.endswith("ing") and j > a:
            b = j
            break
    while a < b and (toks[a].low in DETERMINERS or toks[a].low in QUANTIFIERS
                     or toks[a].text.isdigit()):
        a += 1
    return a, b


# --- attribution -----------------------------------------------------------------------------


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


def _subject_before(toks: list[Token], v: int, lo: int) -> tuple[int, int] | None:
    """Token range of the subject of the reporting verb at v, or None."""
    j = v - 1
    while j >= lo and (toks[j].low in AUX or toks[j].low in ADVERBS
                       or (toks[j].low.endswith("ly") and not toks[j].is_cap and toks[j].is_word)):
        j -= 1
    if j >= lo + 1 and toks[j - 1].low == "on" and toks[j].low in (
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"):
        j -= 2
    if j < lo:
        return None
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
        if t.is_word and (t.low in {"of", "for", "the"} or t.low not in _STOP) \
                and not t.text.isdigit() and t.low not in AUX and not _is_verb_use(toks, k) \
                and t.low not in QUANTIFIERS:
            k -= 1
            continue
        break
    a = k + 1
    # "diplomats in Vienna", "the consulate in Geneva": the place qualifies the source
    if lo <= a - 2 and a <= j and toks[a - 1].low in {"in", "at"} and toks[a - 2].is_word \
            and toks[a - 2].low not in _STOP and toks[a - 2].low not in AUX \
            and not _is_verb_use(toks, a - 2) and not is_finite(toks, a - 2):
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
_RELAY_TAIL = re.compile(r",?\s*(according to|citing)\s+([^,.;]{2,80}?)\s*[.!]?$", re.I)
_QUOTED_AS = re.compile(r"^\s*(?P<relay>[^,;]{2,60}?)\s+(?:quoted|cited)\s+(?P<src>[^,;]{2,80}?)\s+as\s+"
                        r"(?:saying|stating|telling \w+)\s+(?:that\s+)?", re.I)
_EVIDENCE = re.compile(r"\b(?:imagery|images?|photos?|footage|data|documents?|records?|figures|"
                       r"statistics|evidence|analysis|intercepts?|videos?)\b", re.I)
# A quoted post, caption or video as the subject: "A post shared 40,000 times on Telegram claims …".
_POST = re.compile(r"^\W*(?:a|an|the|one|this|that)?\s*(?:[\w-]+\s+){0,3}?(?P<noun>post|caption|video|"
                   r"tweet|message|meme|image|photo|thread|clip)\b(?P<rest>[^.;:\"“]{0,80}?)\s+"
                   r"(?P<verb>claims?|says?|said|states?|alleges?|purports?)\b", re.I)
_PLATFORM = re.compile(r"\bon\s+(Telegram|X|Facebook|TikTok|Instagram|YouTube|VK|Twitter|WhatsApp|"
                       r"Weibo|Threads|Bluesky)\b")


def attribute(s: str, toks: list[Token], c: ClauseSpan) -> Attribution:
    """Find who the clause attributes its content to (see the module doc for the forms)."""
    mask = quote_mask(s)
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
    # according to X, …  /  …, according to X.
    m = re.match(r"\s*according to\s+([^,]{2,80}?)\s*,\s*", text, re.I)
    if m:
        return Attribution("according", m.group(1), "say", "according to", base + m.end(), end_char)
    m = _RELAY_TAIL.search(text)
    if m:
        cut = base + m.start()
        k = lo
        while k < hi and toks[k].start < cut:
            k += 1
        inner = attribute(s, toks, ClauseSpan(lo, k, c.kind)) if k > lo + 2 else None
        relay = m.group(2)
        if inner is not None and inner.kind not in ("document", "passive"):
            if m.group(1).lower() == "citing" and not _EVIDENCE.search(relay) and (
                    relay[:1].isupper() or any(w.lower() in ROLE_NOUNS for w in relay.split())):
                # "TASS said, citing a source in the ministry": the cited source said it.
                return Attribution("according", relay, "say", "citing", inner.content_start,
                                   min(inner.content_end, cut),
                                   notes=[f"relayed by {inner.subject}"])
            inner.content_end = min(inner.content_end, cut)
            inner.notes.append(f"relayed by {relay}" if m.group(1).lower() == "according to"
                               else f"citing {relay}")
            return inner
        if m.group(1).lower() == "according to":
            return Attribution("according", relay, "say", "according to", base, cut)
    if m := _PASSIVE.search(text):
        lemma = REPORTING.get(m.group(1).lower(), "report")
        return Attribution("passive", "", lemma, m.group(1), base + m.end(), end_char)
    # "X called the accusation baseless": a denial without a reporting verb; "X called the
    # drills a provocation": X's allegation.
    for v in range(lo, hi):
        if toks[v].low not in DISMISSIVE_VERBS or mask[toks[v].start]:
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
        if mask[toks[v].start] or not _is_verb_use(toks, v):
            continue
        subj = _subject_before(toks, v, lo)
        if subj is None:
            continue
        np_start = subj[0]
        while np_start > lo and toks[np_start - 1].low in DETERMINERS:
            np_start -= 1
        before = s[toks[lo].start:toks[np_start].start].rstrip()
        rest = range(v + 1, hi)
        # "…," a spokeswoman said when asked about …: an adjunct, not more content
        adjunct = v + 1 < hi and toks[v + 1].low in {"when", "while", "after", "before", "as"}
        says_more = not adjunct and any(toks[k].low == "that" or is_finite(toks, k) for k in rest)
        if np_start - lo >= 4 and before.endswith((",", "”", '"')) and not says_more \
                and (_has_finite(toks, lo, subj[0]) or before.endswith(("”", '"'))):
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
    if re.search(r"\b(?:reportedly|allegedly|purportedly)\b", text, re.I):
        word = re.search(r"\b(reportedly|allegedly|purportedly)\b", text, re.I)
        assert word
        lemma = "allege" if word.group(1).lower().startswith(("alleg", "purport")) else "report"
        return Attribution("passive", "", lemma, word.group(1), base, end_char)
    return Attribution("document", "", "", "", base, end_char)


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
        if after >= end or end - after > 16:
            continue
        # VERB NP: said Wang Wenbin, a spokesman for the Chinese Foreign Ministry
        if toks[after].low in REPORTING and REPORTING[toks[after].low] in {
                "say", "add", "tell", "write", "state", "claim", "insist", "warn", "note", "read"}:
            subj = s[toks[after + 1].start:toks[end - 1].end] if after + 1 < end else ""
            if subj and toks[after + 1].is_word:
                return Attribution("tail", _strip_adjuncts(subj), REPORTING[toks[after].low],
                                   toks[after].text, toks[lo].start, toks[b].start)
        # NP VERB (adjuncts): the ministry said in a statement on Tuesday
        for v in range(after + 1, min(end, after + 10)):
            if toks[v].low in REPORTING and _is_verb_use(toks, v):
                subj = _subject_before(toks, v, after)
                if subj is not None and subj[0] == after:
                    return Attribution("tail", s[toks[subj[0]].start:toks[subj[1] - 1].end],
                                       REPORTING[toks[v].low], toks[v].text, toks[lo].start,
                                       toks[b].start)
                break
    return None


def _strip_adjuncts(subject: str) -> str:
    return re.split(r"\s+(?:in a|on|at a|at the|during|late on|early on)\b", subject, maxsplit=1)[0]
