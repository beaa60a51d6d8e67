"""Sentences -> tokens with offsets -> clauses.

One sentence often carries several claims: "Troops are not stationed in Russia, though Beijing
has deepened cooperation and some citizens have been recruited" is three, "X stated it was
verifying … and denied that …" is two by one claimant. The rules here are English grammar, not
rules about any one document: a clause boundary is a conjunction or a comma followed by a new
subject and a finite verb, a reporting verb that shares the subject ("… and denied that"), a
second complement ("… and that …"), or a relative clause that reports ("…, who claimed …").
Everything works on tokens with offsets into the sentence, so clause spans are exact; who each
clause attributes its content to is `clause_attribution`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimbook.sources import person_words, quotation
from claimbook.sources.reporting_verbs import REPORTING


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# one token for a word joined by an apostrophe, a hyphen or an ampersand ("PG&E", "AT&T": a
# name cut at "&" made "E officials" of "PG&E officials")
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\d+(?:[.,]\d+)*%?|\w+(?:['’\-–&]\w+)*['’]?|[^\w\s]")

AUX = _words(
    "is are was were be been being has have had will would can could may might must shall "
    "should does do did 's 've "
)
PRONOUNS = {"it", "he", "she", "they", "we", "i"}
# a subject pronoun never ends a clause: before "and" it begins a joined subject ("… grabbed the
# girl as she and her mother were walking" is one clause, not "… as she" and "her mother were …")
NOMINATIVE = {"he", "she", "they", "we", "i"}
ADVERBS = _words(
    "also again later earlier repeatedly previously recently once still already further then "
    "now separately publicly officially firmly flatly categorically strongly reportedly "
    "allegedly initially subsequently always never first currently presently eventually "
    "ultimately finally meanwhile "
)
DETERMINERS = _words(
    "the a an this these those that such his her its their our my your "
)
QUANTIFIERS = _words(
    "some many several most all both few hundreds thousands dozens two three four five six "
    "seven eight nine ten no "
)
STOP = _words(
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

# what is cited as evidence, not as someone who speaks: "citing satellite images"
EVIDENCE = re.compile(r"\b(?:imagery|images?|photos?|footage|data|documents?|records?|figures|"
                      r"statistics|evidence|analysis|intercepts?|videos?|communications)\b", re.I)


def names_a_source(phrase: str) -> bool:
    """Is a phrase cited as a source ("citing X", "per X") someone who speaks: a source's role noun
    ("two sources familiar with …", "officials", "the health commission") or a name (its last word
    capitalised: "TASS", "the WHO", "Feng") — not evidence ("intercepted communications") nor a
    reason ("Taliban violence", "internal business issues")?"""
    words = phrase.split()
    return bool(words) and not EVIDENCE.search(phrase) and (
        any(w.lower().strip(",.") in ROLE_NOUNS | person_words.BODY_HEADS for w in words)
        or words[-1][:1].isupper())


def per_a_source(phrase: str) -> bool:
    """Does "per" open a source ("per the WHO", "per Feng") and not a rate ("per cent of people
    infected", "per year from the credit", "per square inch") or "per se"? The source is named
    with a determiner or a capital, and `names_a_source`."""
    first = phrase.split()[0] if phrase.split() else ""
    return (first.lower() in DETERMINERS or first[:1].isupper()) and names_a_source(phrase)


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


def is_verb_use(toks: list[Token], i: int) -> bool:
    """A reporting-verb form used as a verb, not as a noun ("Zelensky's claims", "reports suggest")."""
    t = toks[i]
    if t.low not in REPORTING or t.is_cap:  # "the US State Department", "State media have …"
        return False
    if i > 0 and (toks[i - 1].low in DETERMINERS or toks[i - 1].low.endswith(("'s", "'"))
                  or toks[i - 1].low in {"of", "despite", "following", "amid", "after"}):
        return False
    return not (i + 1 < len(toks) and toks[i + 1].low in REPORTING and t.low.endswith("s"))


def is_finite(toks: list[Token], i: int) -> bool:
    t = toks[i].low
    if t in AUX or t in IRREGULAR_PAST or t in PRESENT_VERBS or is_verb_use(toks, i):
        return True
    return (t.endswith("ed") and len(t) > 4 and toks[i].is_word and not toks[i].is_cap
            and "-" not in t and not (i > 0 and toks[i - 1].low in DETERMINERS))


def _np_word(t: Token) -> bool:
    return t.is_word and t.low not in STOP and t.low not in AUX and t.low not in REPORTING \
        and t.low not in ADVERBS


def np_then_verb(toks: list[Token], j: int) -> bool:
    """Does a new clause start at token j: a subject (pronoun or noun phrase), then a finite verb?"""
    n = len(toks)
    if j >= n:
        return False
    if toks[j].low in PRONOUNS:
        k = j + 1
        # after a subject pronoun a plain lowercase word is its verb ("and I want to stress")
        if k < n and toks[k].is_word and not toks[k].is_cap and toks[k].low not in STOP:
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


def has_finite(toks: list[Token], a: int, b: int) -> bool:
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
    mask = quotation.mask(s)
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
                if has_finite(toks, lead + 1, i):
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
                and has_finite(toks, clause_start, i):
            bounds.append((cut, i + 1, "coord", None))
            clause_start = i + 1
        elif t.low in {"and", "but"} and not _enumerated(toks, i):  # "…, and (5) …": a list
            if nxt < n and is_verb_use(toks, nxt) and any(
                    is_verb_use(toks, k) for k in range(clause_start, i)):
                bounds.append((cut, i + 1, "verb_shared", None))
                clause_start = i + 1
            elif nxt < n and toks[nxt].low == "that" and (any(
                    is_verb_use(toks, k) for k in range(clause_start, i))
                    or _participle_report(toks, clause_start, i)):
                bounds.append((cut, nxt, "complement", None))
                clause_start = nxt
            elif np_then_verb(toks, i + 1) and has_finite(toks, clause_start, i) \
                    and toks[i - 1].low not in NOMINATIVE:
                bounds.append((cut, i + 1, "coord", None))
                clause_start = i + 1
        elif t.low in {"who", "which"} and (prev_comma or t.low == "who" and toks[i - 1].is_word
                                             and has_finite(toks, clause_start, i)):
            # ", who said …", and "… outraged customers who accused the utility of …" (no comma:
            # restrictive, after the clause's verb; "Officials who said A were wrong" is one clause)
            k = i + 1
            while k < n and (toks[k].low in AUX or toks[k].low in ADVERBS):
                k += 1
            if k < n and toks[k].low in REPORTING:
                cut = i - 1 if prev_comma else i
                bounds.append((cut, i, "relative", _antecedent(toks, cut)))
                clause_start = i
        elif t.text == ";" and has_finite(toks, clause_start, i) and has_finite(toks, i + 1, n) \
                and not _enumerated(toks, i + 1):
            bounds.append((i, i + 1, "coord", None))
            clause_start = i + 1
    spans: list[ClauseSpan] = []
    first, kind, ante = start, "main", None
    for cut, nxt_first, nxt_kind, nxt_ante in bounds:
        spans.append(ClauseSpan(first, cut, kind, ante))
        first, kind, ante = nxt_first, nxt_kind, nxt_ante
    spans.append(ClauseSpan(first, n, kind, ante))
    return [c for c in spans if c.first < c.last]


def _enumerated(toks: list[Token], j: int) -> bool:
    """Does an item of a list run into the sentence start at j ("…; (2) all projects moved …;
    and (3) …", "…; • file a status report …")? Its items are the sentence's, not clauses."""
    if j < len(toks) and toks[j].low in ("and", "or"):
        j += 1
    if j < len(toks) and toks[j].text in "•‣◦▪·":
        return True
    return j + 2 < len(toks) and toks[j].text == "(" and toks[j + 2].text == ")" and (
        toks[j + 1].text.isdigit() or (len(toks[j + 1].text) == 1 and toks[j + 1].text.isalpha()))


def _participle_report(toks: list[Token], lo: int, hi: int) -> bool:
    """A reporting verb's participle between lo and hi ("issued an advisory saying that A"), so
    that "and that B" is its second complement."""
    return any(t.low.endswith("ing") and (t.low[:-3] in REPORTING or f"{t.low[:-3]}e" in REPORTING)
               for t in toks[lo:hi])


def _antecedent(toks: list[Token], comma: int) -> tuple[int, int]:
    """The noun phrase before ", who …": back over words to a verb, preposition or comma,
    dropping a trailing participle phrase ("two Chinese nationals fighting for Russia")."""
    k = comma - 1
    # a capitalized reporting form is a name's word ("the United States, which accuses …")
    while k >= 0 and toks[k].is_word and toks[k].low not in AUX \
            and (toks[k].low not in REPORTING or toks[k].is_cap) \
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
