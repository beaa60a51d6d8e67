"""Raw source text -> candidate claims with their mentions, for an analyst to review.

Pure functions: text (plus the document's publisher and published date) in, candidates out; the
command line reads files and writes the review CSV (`review.py`). The steps:

1. `segment`: paragraphs and sentences with exact offsets (headings, bullets, wraps repaired
   without moving a character);
2. `clauses`: each sentence cut into clauses, each clause attributed (`X said …`,
   `according to X`, `"…," X said`, passive `reportedly`) or left in the document's own voice;
3. claimants normalized through the alias table (`aliases`), pronouns and "the ministry"
   resolved to the last claimant that fits;
4. claim type from the reporting verb and cues, the date from the clause or its sentence
   (`textdates`), never invented;
5. a sentence that only continues the previous one ("This training was …", "The drill …") is
   added to the previous mention, and mentions of the same claim by the same claimant elsewhere
   in the text (token overlap weighted by rarity) are merged into one candidate.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from claimbook import aliases as alias_mod
from claimbook import clauses as cl
from claimbook import textdates
from claimbook.aliases import Claimant
from claimbook.dates import parse_partial_date
from claimbook.segment import Segmented, segment
from claimbook.store import normalize_whitespace


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MERGE_THRESHOLD = 0.47  # rarity-weighted cosine of content words: two mentions state one claim
SAME_DATE_BONUS = 0.1  # two mentions by one claimant that name the same date are likelier one claim
MIN_WORDS = 4  # a clause shorter than this is not a claim ("Post a Comment")

HEDGES = re.compile(r"\b(likely|unlikely|probably|possibly|perhaps|may|might|could|appears?|"
                    r"appeared|seems?|seemed|suggests?|suggested|estimated?|believed?|assess(ed)?)\b",
                    re.I)
ASSESSMENT_CUES = re.compile(
    r"\b(critical|crucial|vital|key|significant(ly)?|strategic|important|essential|lifeline|"
    r"signal|despite|although|indirect(ly)?|effectively|clearly|increasingly|frequently|often|"
    r"regularly|routinely|deepen(ed|ing|s)?|strengthen(ed|ing|s)?|bolster(ed|ing|s)?|"
    r"no (confirmed|evidence|indication)|there is no|not|never|unlikely|likely|probably)\b", re.I)
EVENT_CUES = re.compile(r"\b(reportedly|recently|allegedly|(has|have|had) been \w+ed|"
                        r"(was|were) \w+(ed|en)|(has|have|had)\s+(\w+ly\s+|since\s+|now\s+|"
                        r"already\s+)?(\w+ed|\w+en|begun|built|sent|made|held|fought|led|won|lost|"
                        r"shot|struck|sold|bought|brought))\b", re.I)
SELF_WORDS = {"it", "its", "we", "our", "us", "i", "he", "she", "they", "their", "itself"}
GENERIC_HEADS = re.compile(r"^(?:the\s+)?(ministry|spokes(?:man|woman|person)|agency|official|"
                           r"officials|government|president|office|department|embassy|army|"
                           r"military|statement|kremlin|source|sources|report|leader|minister)$",
                           re.I)
ANAPHORA = {"this", "these", "those", "such", "that"}
STOPWORDS = _words(
    "the a an of to in on at by for with from and or but as is are was were be been being has "
    "have had will would can could may might that which who this these those it its their "
    "they he she we our than then there also into about over such some any more most very "
    "said says stated reported claimed "
)
# Near-synonyms that reports use interchangeably for one fact (stems, see _stem).
SYNONYMS = {"citizen": "national", "enlist": "recruit", "ties": "link", "tie": "link",
            "connection": "link", "soldier": "troop", "personnel": "troop", "servicemen": "troop",
            "serviceman": "troop", "fighter": "combatant", "mercenari": "combatant",
            "drill": "exercis", "arm": "weapon", "weaponry": "weapon"}
NEGATIONS = {"not", "no", "never", "n't", "denied", "denies", "deny", "none", "without"}


@dataclass
class Mention:
    start: int
    end: int
    quote: str
    sentence: int
    claimant: Claimant
    raw_claimant: str
    attribution: str  # how the claimant was found: lead, tail, according, relative, …
    verb: str
    claim: str
    claim_type: str
    date: str
    date_expression: str
    confidence: float
    tokens: frozenset[str] = frozenset()

    def evidence(self) -> str:
        parts = []
        if self.attribution == "document":
            parts.append("document's own voice")
        elif self.attribution == "passive":
            parts.append(f"unattributed report ('{self.verb}')")
        else:
            parts.append(f"{self.attribution}: '{self.raw_claimant}' {self.verb}")
        if self.date_expression:
            parts.append(f"date: '{self.date_expression}'")
        return "; ".join(parts)


@dataclass
class Candidate:
    """One proposed claim and every mention of it found in the text."""

    candidate_id: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    @property
    def claim(self) -> str:
        return self.first.claim

    @property
    def claimant(self) -> Claimant:
        return self.first.claimant

    @property
    def claim_type(self) -> str:
        return self.first.claim_type

    @property
    def date(self) -> str:
        """The most precise date among the mentions (they agree, or they were not merged)."""
        dated = [m.date for m in self.mentions if m.date]
        return max(dated, key=len) if dated else ""

    @property
    def confidence(self) -> float:
        base = max(m.confidence for m in self.mentions)
        return round(min(0.95, base + 0.05 * (len(self.mentions) - 1)), 2)


# --- small text helpers ------------------------------------------------------------------------


def _stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    w = re.sub(r"'s?$", "", w)
    if w in alias_mod.COUNTRY_WORDS:
        return alias_mod.COUNTRY_WORDS[w]
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def content_tokens(text: str) -> frozenset[str]:
    """The words that carry a claim's content: stemmed, country words as codes, negation kept."""
    out = set()
    for w in re.findall(r"[\w'’-]+", text):
        for part in w.split("-"):
            low = part.lower()
            if low in NEGATIONS or low.endswith("n't"):
                out.add("¬")
            elif low and low not in STOPWORDS and (len(low) > 2 or low.isdigit()):
                stem = _stem(low)
                out.add(SYNONYMS.get(stem, stem))
    return frozenset(out)


def _claim_text(text: str) -> str:
    t = normalize_whitespace(text).strip(" ,;:")
    t = t.strip("\"“”'‘’ ")
    t = cl.DISCOURSE.sub("", t)
    if not t:
        return t
    t = t[0].upper() + t[1:]
    if t[-1] not in ".!?":
        t += "."
    return t


def _trim_span(s: str, a: int, b: int) -> tuple[int, int]:
    """Drop discourse markers ("However,") and edge punctuation from a clause span."""
    while a < b and s[a].isspace():
        a += 1
    m = cl.DISCOURSE.match(s[a:b])
    if m and m.end() < b - a:
        a += m.end()
    while b > a and (s[b - 1].isspace() or s[b - 1] in ",;:"):
        b -= 1
    return a, b


def _self_reference(content: str, claimant: Claimant) -> bool:
    """Is the reported content about the claimant itself ("it asks its citizens", "we …")?"""
    words = re.findall(r"[\w'’]+", content.lower())[:3]
    if words and words[0] in SELF_WORDS:
        return True
    first = " ".join(words[:2])
    return bool(claimant.country) and alias_mod.country_of(first) == claimant.country \
        and claimant.claimant_type in ("government", "head_of_state")


def claim_type(att: cl.Attribution, claimant: Claimant, content: str, has_date: bool,
               is_document: bool, self_subject: bool = False) -> str:
    """The speech act: from the reporting verb, the claimant's kind and cues in the content."""
    if att.verb in cl.DENIAL_VERBS:
        return "denial"
    if is_document:
        if self_subject:
            return "statement"
        if ASSESSMENT_CUES.search(content):
            return "assessment"
        if att.kind == "passive" and att.verb == "allege":
            return "allegation"
        if has_date or att.kind == "passive" or EVENT_CUES.search(content) \
                or re.search(r"\b\w+ed\b", content):
            return "event_report"
        return "assessment"
    if claimant.claimant_type == "military_intelligence":
        return "intelligence_report"
    if att.to_infinitive or _self_reference(content, claimant):
        return "statement"
    if HEDGES.search(content):
        return "assessment"
    return "allegation"


# --- the pipeline ------------------------------------------------------------------------------


@dataclass
class _Context:
    """What earlier clauses tell later ones: the last claimants, for pronouns and 'the ministry'."""

    recent: list[tuple[str, Claimant]] = field(default_factory=list)

    def resolve(self, raw: str, table: dict[str, Claimant]) -> tuple[Claimant, float]:
        low = raw.lower().strip()
        if low in cl.PRONOUNS:
            for _, c in reversed(self.recent):
                return c, 0.6
            return Claimant(raw, "unknown", "", False), 0.3
        c = alias_mod.resolve(raw, table)
        if c.known:
            return c, 0.9
        if m := GENERIC_HEADS.match(low):
            head = m.group(1)
            for written, known in reversed(self.recent):
                if head in written.lower() or head in known.name.lower():
                    return known, 0.7
            if self.recent:  # "the agency said" right after a named source: that source
                return self.recent[-1][1], 0.6
        return c, 0.7

    def remember(self, raw: str, c: Claimant) -> None:
        if c.claimant_type != "document":
            self.recent.append((raw, c))


def extract(text: str, publisher: str = "", published: str = "",
            table: dict[str, Claimant] | None = None,
            segmented: Segmented | None = None) -> list[Candidate]:
    """Candidates (with mentions, in order of first mention) proposed from one source text."""
    table = alias_mod.alias_table() if table is None else table
    pub = parse_partial_date(published)
    doc_voice = Claimant(publisher.strip() or "the document", "document",
                         _publisher_country(publisher, table), True)
    sg = segmented or segment(text)
    ctx = _Context()
    mentions: list[Mention] = []
    previous_sentence: list[Mention] = []
    for index, sent in enumerate(sg.sentences):
        s = sg.view[sent.start:sent.end]
        if s.rstrip().endswith("?"):
            previous_sentence = []
            continue
        toks = cl.tokenize(s)
        if not toks:
            continue
        spans = cl.split(s, toks)
        sentence_date = textdates.first_date(s, pub)
        current: list[Mention] = []
        prev_att: cl.Attribution | None = None
        prev_claimant: tuple[str, Claimant, float] | None = None
        for c in spans:
            att = cl.attribute(s, toks, c)
            raw, confidence = att.subject, 0.6
            if c.kind == "relative" and c.antecedent and att.kind == "document":
                a, b = c.antecedent
                raw = s[toks[a].start:toks[b - 1].end] if a < b else ""
                k = c.first + 1
                while k < c.last and toks[k].low not in cl.REPORTING:
                    k += 1
                verb = cl.REPORTING.get(toks[k].low, "say") if k < c.last else "say"
                content, to_inf = cl.content_after(s, toks, k, c.last) if k < c.last else (0, False)
                att = cl.Attribution("relative", raw, verb, toks[k].text if k < c.last else "",
                                     content, toks[c.last - 1].end, to_inf)
            elif c.kind == "verb_shared" and att.kind == "document" and prev_att is not None:
                content, to_inf = cl.content_after(s, toks, c.first, c.last)
                att = cl.Attribution("inherited", prev_att.subject, cl.REPORTING[toks[c.first].low],
                                     toks[c.first].text, content, toks[c.last - 1].end, to_inf)
            elif c.kind == "complement" and att.kind == "document" and prev_att is not None \
                    and prev_att.kind not in ("document", "passive"):
                att = cl.Attribution("inherited", prev_att.subject, prev_att.verb,
                                     prev_att.verb_text, toks[c.first].start + len("that "),
                                     toks[c.last - 1].end, prev_att.to_infinitive)
            if att.kind in ("document", "passive"):
                claimant, confidence = doc_voice, (0.6 if att.kind == "document" else 0.5)
            elif att.kind == "inherited" and prev_claimant is not None:
                raw, claimant, confidence = prev_claimant
            else:
                raw = att.subject
                claimant, confidence = ctx.resolve(raw, table)
            a, b = _trim_span(s, toks[c.first].start, toks[c.last - 1].end)
            clause_text = s[a:b]
            if len(clause_text.split()) < MIN_WORDS or not re.search(r"[a-z]", clause_text):
                continue
            content = s[att.content_start:att.content_end] if att.kind not in (
                "document", "passive") else clause_text
            if att.kind in ("document", "passive") or not content.strip() or att.verb in (
                    cl.DENIAL_VERBS | {"maintain"}) or att.to_infinitive:
                claim = clause_text
            else:
                claim = content
            found = textdates.first_date(clause_text, pub) or sentence_date
            is_doc = claimant is doc_voice
            ctype = claim_type(att, claimant, content, found is not None, is_doc,
                               is_doc and _publisher_speaks(s, toks, c, doc_voice, table))
            if c.kind != "main":
                confidence -= 0.05
            if not claimant.known:
                confidence -= 0.1
            m = Mention(
                start=sent.start + a, end=sent.start + b,
                quote=normalize_whitespace(sg.text[sent.start + a:sent.start + b]),
                sentence=index, claimant=claimant, raw_claimant=raw, attribution=att.kind,
                verb=att.verb_text, claim=_claim_text(claim), claim_type=ctype,
                date=found.value.text if found else "",
                date_expression=found.expression if found else "",
                confidence=round(max(0.1, confidence), 2),
                tokens=content_tokens(content if not is_doc else clause_text),
            )
            if not is_doc:
                ctx.remember(raw, claimant)
            current.append(m)
            prev_att = att
            prev_claimant = (raw, claimant, confidence)
        if _continues_previous(sg, index, s, current, previous_sentence):
            last = previous_sentence[-1]
            extra = current[0]
            last.end = extra.end
            last.quote = normalize_whitespace(sg.text[last.start:last.end])
            last.tokens = last.tokens | extra.tokens
            current = []
        mentions.extend(current)
        previous_sentence = current or previous_sentence
    return merge(mentions)


def _publisher_country(publisher: str, table: dict[str, Claimant]) -> str:
    if not publisher:
        return ""
    return alias_mod.resolve(publisher, table).country


def _publisher_speaks(s: str, toks: list[cl.Token], c: cl.ClauseSpan, publisher: Claimant,
                      table: dict[str, Claimant]) -> bool:
    """Is the subject of a clause in the document's own voice the publisher itself?

    A ministry's press release saying "The Ministry condemns …", "Ukraine calls on …" or
    "We …" states its own position: a statement, not an assessment or an event report.
    """
    first = c.first
    if toks[first].low in ("we", "our"):
        return True
    for k in range(first + 1, min(c.last, first + 7)):
        subject = s[toks[first].start:toks[k - 1].end]
        words = subject.lower().split()
        if words[0] == "the" and len(words) == 2 and len(words[1]) > 3 \
                and words[1] in publisher.name.lower():
            return True  # "The Ministry has informed …" in the ministry's own release
        said = table.get(alias_mod.key(subject))
        if said is not None:
            return bool(publisher.country) and said.country == publisher.country \
                and said.claimant_type in ("government", "head_of_state")
    return False


def _continues_previous(sg: Segmented, index: int, s: str, current: list[Mention],
                        previous: list[Mention]) -> bool:
    """Is this sentence only more of the previous one's claim ("This training was …")?

    It must be in the same paragraph, be one clause in the document's voice, and open with a
    demonstrative ("This", "These", "Such") or "The <noun>" naming something already said in
    the previous sentence or its heading words.
    """
    if not previous or len(current) != 1 or index == 0:
        return False
    sent, before = sg.sentences[index], sg.sentences[index - 1]
    if sent.paragraph != before.paragraph or current[0].attribution not in ("document", "passive"):
        return False
    words = re.findall(r"[\w'’-]+", s)
    if len(words) < 2:
        return False
    first, second = words[0].lower(), words[1]
    if first in ANAPHORA:
        return True
    if first == "the":
        para = sg.paragraphs[sent.paragraph]
        earlier = sg.view[before.start:before.end] + " " + para.label
        stems = {_stem(w) for w in re.findall(r"[\w'’-]+", earlier)}
        return _stem(second) in stems
    return False


def _idf(mentions: list[Mention]) -> dict[str, float]:
    df = Counter(t for m in mentions for t in m.tokens)
    n = len(mentions)
    return {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}


def similarity(a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    """Cosine of two word sets, each word weighted by its rarity in the document (idf).

    Symmetric on purpose: a mention that adds details of its own ("recruited via social media
    platforms like TikTok") is a different claim from a shorter one it contains.
    """
    if not a or not b:
        return 0.0
    w = lambda ts: sum(idf.get(t, 1.0) for t in ts)  # noqa: E731
    return w(a & b) / math.sqrt(w(a) * w(b))


def merge(mentions: list[Mention], threshold: float = MERGE_THRESHOLD) -> list[Candidate]:
    """Group mentions of one claim: same claimant, compatible dates, similar content."""
    idf = _idf(mentions)
    candidates: list[Candidate] = []
    for m in mentions:
        best, best_sim = None, threshold
        for cand in candidates:
            if cand.claimant.name != m.claimant.name:
                continue
            if any(x.sentence == m.sentence for x in cand.mentions):
                continue
            if m.date and cand.date and not (m.date.startswith(cand.date)
                                             or cand.date.startswith(m.date)):
                continue
            sim = max(similarity(x.tokens, m.tokens, idf) for x in cand.mentions)
            if m.date and m.date == cand.date:
                sim += SAME_DATE_BONUS
            if sim >= best_sim:
                best, best_sim = cand, sim
        if best is not None:
            best.mentions.append(m)
        else:
            candidates.append(Candidate(f"K{len(candidates) + 1:03d}", [m]))
    return candidates
