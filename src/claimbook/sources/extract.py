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

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from claimbook.claims import aliases as alias_mod
from claimbook.claims.aliases import Claimant
from claimbook.claims.dates import PartialDate, parse_partial_date
from claimbook.sources import attribution, doc_aliases, nlp, textdates, worthiness
from claimbook.sources import clauses as cl
from claimbook.sources.segment import Segmented, segment
from claimbook.store import normalize_whitespace


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MERGE_THRESHOLD = 0.47  # rarity-weighted cosine of content words: two mentions state one claim
SAME_DATE_BONUS = 0.1  # two mentions by one claimant that name the same date are likelier one claim
MIN_WORDS = 4  # a clause shorter than this is not a claim ("Post a Comment")

HEDGES = re.compile(r"\b(likely|unlikely|probably|possibly|perhaps|(?-i:may)|might|could|appears?|"
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
                           r"military|statement|kremlin|source|sources|report|leader|minister|"
                           r"service|post|caption|video|governor|institute)$", re.I)
# "a spokesman for the service", "an official at the ministry": that body speaks.
SPOKESPERSON_FOR = re.compile(r"^(?:an?\s+|the\s+)?(?:senior\s+)?(?:spokes(?:man|woman|person)|"
                              r"official|representative|source)\s+(?:for|of|at|from)\s+(?P<org>.+)$",
                              re.I)
# Hedged judgements in the writer's own voice: assessments, confidence words kept in the claim.
ESTIMATIVE = re.compile(
    r"^\W*(?:(?:we|i)\s+(?:\w+ly\s+)?(?:assess|estimate|judge|believe|expect|think|anticipate|"
    r"suspect|conclude|doubt|calculate|predict|forecast)\b|"
    r"(?:it is|it's|it remains|it seems|it appears)\s+(?:very\s+|highly\s+|more\s+|less\s+|quite\s+|"
    r"increasingly\s+|almost\s+)?(?:likely|unlikely|probable|improbable|possible|certain|doubtful|"
    r"plausible)\b|"
    r"in (?:our|my) (?:view|assessment|judge?ment|estimate|estimation)\b|"
    r"our (?:review|analysis|assessment|investigation|research|reporting) (?:found|finds|shows|showed|"
    r"suggests|indicates))", re.I)
# Sentences that assert nothing: a speaker declining to say more, greetings, thanks, closings.
NON_ASSERTION = re.compile(
    r"^\W*(?:(?:i|we)\s+(?:will not|won't|cannot|can't|can not|do not|don't|would not|wouldn't|"
    r"must not|am not going to|are not going to|decline to|refuse to)\s+(?:\w+\s+){0,2}?"
    r"(?:go into|give|say|comment|discuss|disclose|elaborate|reveal|speculate|share|detail|add)\b|"
    r"(?:i|we)\s+(?:have|has)\s+nothing\s+(?:more\s+|further\s+)?to\s+(?:announce|add|say|share)\b|"
    r"thank(?:s| you)\b|good (?:morning|afternoon|evening)\b|"
    r".{0,30}\b(?:concludes|closes|ends) (?:(?:today's|this|the|our) )?(?:briefing|conference|"
    r"interview|programme|program|session)\b|"
    r"(?:subscribe|share|forward this|read (?:more|online)|sign up)\b|"
    r"(?:[\w.'’-]+\s+){0,3}[\w.'’-]+,\s+(?:thank(?:s| you)|welcome(?: back)?)\b)", re.I)
# Label lines that list who takes part ("Guest: Colonel X, spokesman for …", "Host: …").
LISTING_LABELS = re.compile(r"^(?:(?:studio|special|our)\s+)?(?:guests?|hosts?|presenters?|"
                            r"panel(?:ists?)?|moderators?|interviewers?|callers?|participants?|"
                            r"speakers?|with|featuring|producers?|editors?|reporters?|"
                            r"correspondents?|anchors?|by|in the studio|on the line)$", re.I)
# A short flat rejection of what was just said: "That is simply false", "This is pure invention".
FLAT_REJECTION = re.compile(
    r"^\W*(?:that|this|it|these|those|(?:all|none) of (?:this|that|it|these|those)|"
    r"(?:this|that|the|these|those|such) (?:claim|claims|report|reports|story|stories|allegation|"
    r"allegations|accusation|accusations|account|rumou?rs?)|all this)\s+(?:is|are|was|were)\s+"
    r"(?:(?:simply|completely|absolutely|utterly|totally|entirely|pure|sheer|total|plainly|just|"
    r"an?|not|outright|a complete|a total|an absolute)\s+)*"
    r"(?:false|untrue|true|a lie|lies|lying|fabricat\w*|invent\w*|fiction|nonsense|baseless|"
    r"groundless|unfounded|fake|absurd|slander|disinformation|propaganda|made up)\b", re.I)
# "I want to stress that …": the speaker's framing, dropped from the claim's text.
FRAMING = re.compile(r"^\W*(?:i|we)\s+(?:want|wish|would like|must|have|need)\s+to\s+"
                     r"(?:stress|emphasi[sz]e|underline|underscore|point out|make (?:it )?clear|"
                     r"note|repeat|say|add)\s+(?:that\s+)?", re.I)
# Another party named as the one acting: a passive agent ("struck by Russian missiles").
AGENT = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?(?:struck|hit|shelled|"
                   r"attacked|targeted|bombed|destroyed|damaged|killed|wounded|injured|seized|"
                   r"captured|kidnapped|abducted|mined|jammed|hacked|threatened|fired on|"
                   r"violated|invaded|occupied)\s+by\s+(?!our\b|us\b|its\b)", re.I)
INTELLIGENCE = re.compile(r"\b(?:intelligence|HUR|GUR|CIA|MI5|MI6|FSB|SVR|GRU|SBU|Mossad|DIA|NSA|NIS|"
                          r"spy|spies|espionage)\b", re.I)
FIRST_PERSON = {"we", "i", "us", "our", "my"}
OWN_WORDS = re.compile(r"\b(?:we|our|us|ours|ourselves)\b", re.I)
# A moderator or questioner asserts nothing of their own; what they relay keeps its source.
SILENT_SPEAKERS = re.compile(r"^(?:Q|MODERATOR|HOST|ANCHOR|INTERVIEWER|PRESENTER|CHAIR|QUESTION)$")
ROLE_WORDS = {"spokesperson", "spokesman", "spokeswoman", "minister", "colonel", "general",
              "president", "ambassador", "dr", "mr", "ms", "mrs", "governor", "deputy", "major",
              "captain", "lieutenant", "commander", "prime", "foreign", "defence", "defense",
              "secretary", "press", "officer", "director", "chief", "senator", "mayor"}
RECENT = 50  # claimants remembered for pronouns and "the ministry": a bounded look back
ADJACENT_MERGE = 0.12  # a direct quote right after the same source's paraphrase: one claim
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
    # sentence | sentence+dateline | sentence+heading | sentence+published | heading |
    # published | dateline (an attributed statement without a date of its own: the story's date)
    date_source: str = ""
    paragraph: int = 0
    quoted: bool = False  # the claim is a direct quote
    proposed_alias: str = ""  # "<name as written> -> <claimant>", from what the document says
    notes: list[str] = field(default_factory=list)

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
        parts.extend(self.notes)
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
    def proposed_alias(self) -> str:
        return next((m.proposed_alias for m in self.mentions if m.proposed_alias), "")

    # Read once the candidate is complete (review rows read them for every mention row):
    # computed once, not again over every merged mention (issue 24: linear cost).
    @cached_property
    def date(self) -> str:
        """The most precise date among the mentions (they agree, or they were not merged)."""
        dated = [m.date for m in self.mentions if m.date]
        return max(dated, key=len) if dated else ""

    @cached_property
    def date_source(self) -> str:
        dated = [m for m in self.mentions if m.date]
        return max(dated, key=lambda m: len(m.date)).date_source if dated else ""

    @cached_property
    def confidence(self) -> float:
        """Claim-worthiness (sources/worthiness.py) of its most claim-worthy mention."""
        return max(m.confidence for m in self.mentions)


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
    t = t.strip("\"“”'‘’ ").strip(" ,;:")  # “… western Ukraine,” the post says
    t = cl.DISCOURSE.sub("", t)
    t = FRAMING.sub("", t)
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


def _accuses_another(content: str, claimant: Claimant) -> bool:
    """Does the content name another party as the one acting (a foreign state, "the enemy",
    a passive agent "struck by …")? Then it is an allegation, whoever says it."""
    if AGENT.search(content) or re.search(r"\b(?:enemy|occupiers?|invaders?|aggressors?)\b",
                                          content, re.I):
        return True
    found = {alias_mod.COUNTRY_WORDS[w] for w in re.findall(r"[a-z]+", content.lower())
             if w in alias_mod.COUNTRY_WORDS}
    return bool(found - {claimant.country})


def _own_side(content: str, claimant: Claimant) -> bool:
    """Is the subject of the content the claimant's own side ("our patrols", "two of our
    plants", "Polish border guards" said by a Polish ministry)?"""
    head = " ".join(re.findall(r"[\w'’]+", content)[:6])
    if OWN_WORDS.search(head):
        return True
    return bool(claimant.country) and alias_mod.country_of(
        " ".join(head.split()[:3])) == claimant.country


def claim_type(att: cl.Attribution, claimant: Claimant, content: str, has_date: bool,
               is_document: bool, self_subject: bool = False, speaker: bool = False) -> str:
    """The speech act: from the reporting verb, the claimant's kind and cues in the content.

    What a claimant says about its own side, naming no other party as the one acting, is a
    statement; so is what a transcript's speaker says unless it names another party acting.
    """
    if att.verb in cl.DENIAL_VERBS or FLAT_REJECTION.match(content):
        return "denial"
    if att.verb == "characterize":
        return "allegation"
    if ESTIMATIVE.match(content):
        return "assessment"
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
    if att.to_infinitive or (_self_reference(content, claimant) and not AGENT.search(content)):
        return "statement"
    if claimant.claimant_type == "military_intelligence" and INTELLIGENCE.search(claimant.name):
        return "intelligence_report"  # an intelligence body's findings, not any military speaker
    if HEDGES.search(content):
        return "assessment"
    if not _accuses_another(content, claimant) and (speaker or _own_side(content, claimant)):
        return "statement"
    return "allegation"


# --- the pipeline ------------------------------------------------------------------------------


@dataclass
class _Context:
    """What earlier clauses tell later ones: the last claimants, for pronouns and 'the ministry'."""

    recent: list[tuple[str, Claimant]] = field(default_factory=list)
    persons: set[str] = field(default_factory=set)  # claimants named as people (he/she fit them)

    def resolve(self, raw: str, table: dict[str, Claimant]) -> tuple[Claimant, float]:
        low = raw.lower().strip()
        if low in cl.PRONOUNS:
            # "he"/"she" is the nearest person named before; "it" the nearest body
            person = {"he": True, "she": True, "it": False}.get(low)
            for _, c in reversed(self.recent[-RECENT:]):
                if person is None or (c.name in self.persons) == person:
                    return c, 0.6
            for _, c in reversed(self.recent):
                return c, 0.5
            return Claimant(raw, "unknown", "", False), 0.3
        if re.fullmatch(r"[A-Z][\w'’-]+", raw.strip()):  # "Kiper" after "Governor Oleh Kiper"
            for written, known in reversed(self.recent[-RECENT:]):
                if raw.strip() in (written.split()[-1:] + known.name.split()[-1:]) \
                        and raw.strip() not in (written.strip(), known.name):
                    return known, 0.8
        if m := SPOKESPERSON_FOR.match(raw.strip()):
            org, conf = self.resolve(m.group("org"), table)
            if org.known or org.name.lower() != m.group("org").lower().removeprefix("the "):
                return org, conf
        c = alias_mod.resolve(raw, table)
        if c.known:
            return c, 0.9
        if m := GENERIC_HEADS.match(low):
            head = m.group(1)
            for written, known in reversed(self.recent[-RECENT:]):
                if head in written.lower() or head in known.name.lower():
                    return known, 0.7
            if self.recent and (low.startswith("the ") or head not in ("officials", "sources")):
                # "the agency said" right after a named source: that source; a bare plural
                # ("officials said") names no one said before
                return self.recent[-1][1], 0.6
        return c, 0.7

    def remember(self, raw: str, c: Claimant, person: bool = False) -> None:
        if person:
            self.persons.add(c.name)
        if c.claimant_type != "document":
            self.recent.append((raw, c))
            if len(self.recent) > 2 * RECENT:
                del self.recent[:RECENT]


def _reference_dates(sg: Segmented, pub: PartialDate, pub_source: str
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


class _Speakers:
    """Transcript speaker labels -> claimants: "SPOKESPERSON HALYNA MOROZ", then "MOROZ"."""

    def __init__(self, text: str, table: dict[str, Claimant], publisher: Claimant) -> None:
        self.text, self.table, self.publisher = text, table, publisher
        self.known: dict[str, Claimant] = {}

    def claimant(self, label: str) -> Claimant | None:
        if not label or label == "A" or SILENT_SPEAKERS.match(label.upper()):
            return None
        words = label.split()
        name_words = [w for w in words if w.lower().strip(".") not in ROLE_WORDS]
        if not name_words:
            return None
        surname = name_words[-1].title()
        if surname in self.known:
            return self.known[surname]
        name = " ".join(w.title() for w in name_words)
        context = " ".join(words)
        if len(name_words) == 1 and (m := re.search(
                rf"\b((?:[A-Z][a-z'’-]+\s+){{1,2}}){re.escape(surname)}\b(?P<after>[^.\n]{{0,90}})",
                self.text)):
            name = m.group(1).split()[-1] + " " + surname
            context += " " + m.group(0)
        known = alias_mod.resolve(name, self.table)
        if known.known:
            c = known
        else:
            ctype = alias_mod.guess_type(context)
            if ctype == "unknown" and self.publisher.claimant_type == "document":
                ctype = alias_mod.guess_type(self.publisher.name)
            c = Claimant(name, "individual" if ctype == "unknown" else ctype,
                         alias_mod.country_of(context) or self.publisher.country, False)
        self.known[surname] = c
        return c


def extract(text: str, publisher: str = "", published: str = "",
            table: dict[str, Claimant] | None = None,
            segmented: Segmented | None = None) -> list[Candidate]:
    """Candidates (with mentions, in order of first mention) proposed from one source text."""
    table = alias_mod.alias_table() if table is None else table
    doc_voice = Claimant(publisher.strip() or "the document", "document",
                         _publisher_country(publisher, table), True)
    sg = segmented or segment(text)
    given = parse_partial_date(published)
    pub, pub_source, entries = _reference_dates(sg, given, "published" if given.is_known else "")
    speakers = _Speakers(sg.view, table, doc_voice)
    links = doc_aliases.links(sg.view, table)  # names the document equates ("…, known as HUR")
    ctx = _Context()
    mentions: list[Mention] = []
    previous_sentence: list[Mention] = []
    last_speaker: tuple[int, str] = (-2, "")
    parsed = nlp.parse_many(sg.view[x.start:x.end] for x in sg.sentences)
    for index, sent in enumerate(sg.sentences):
        s = sg.view[sent.start:sent.end]
        parse = next(parsed)
        saids = attribution.attributions(parse)
        if s.rstrip().endswith("?"):
            previous_sentence = []
            continue
        toks = cl.tokenize(s)
        if not toks:
            continue
        para = sg.paragraphs[sent.paragraph]
        if not para.speaker and para.label and LISTING_LABELS.match(para.label):
            continue  # "Guest: Colonel X, spokesman for …": who takes part, not a claim
        label = para.speaker
        if not label and last_speaker[0] == sent.paragraph - 1 and not para.is_heading:
            label = last_speaker[1]  # an answer that runs on into the next paragraph
        if label:
            last_speaker = (sent.paragraph, label)
        speaker = speakers.claimant(label)
        silent = bool(label) and speaker is None and label != "A"
        voice = speaker or doc_voice
        entry = entries[sent.paragraph]
        ref, ref_source = (entry, "heading") if entry is not None else (pub, pub_source)
        spans = attribution.regroup(toks, cl.split(s, toks), saids)
        current: list[Mention] = []
        prev_att: cl.Attribution | None = None
        prev_claimant: tuple[str, Claimant, float] | None = None
        for c in spans:
            att = cl.attribute(s, toks, c)
            said: attribution.Said | None = None
            proposed = ""
            if att.kind in ("document", "lead", "tail", "according", "relayed") and (
                    from_parse := attribution.for_clause(toks, c, saids)) is not None:
                att = _agreed(att, *from_parse)
                said = from_parse[1]
            elif att.kind in ("lead", "tail") and attribution.no_verb_there(
                    parse, toks[c.first].start, toks[c.last - 1].end, att.verb_text):
                att = cl.Attribution("document", "", "", "", toks[c.first].start,
                                     toks[c.last - 1].end)
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
            a, b = _trim_span(s, toks[c.first].start, toks[c.last - 1].end)
            clause_text = s[a:b]
            if (len(clause_text.split()) < MIN_WORDS and not FLAT_REJECTION.match(clause_text)) \
                    or not re.search(r"[a-z]", clause_text) or NON_ASSERTION.match(clause_text):
                continue
            first_person = att.subject.lower().strip() in ("we", "i")
            estimative = bool(ESTIMATIVE.match(clause_text))
            if estimative or (first_person and att.kind == "lead"):
                # "We assess …", "I believe …": the writer or speaker judges; keep every word
                att = cl.Attribution("document", "", att.verb, att.verb_text, a, b)
            if att.kind in ("document", "passive"):
                if silent:
                    continue  # a moderator's or questioner's own words
                claimant = voice
                confidence = 0.7 if speaker is not None or estimative else (
                    0.6 if att.kind == "document" else 0.5)
            elif att.kind == "inherited" and prev_claimant is not None:
                raw, claimant, confidence = prev_claimant
            else:
                raw = att.subject
                claimant, confidence = ctx.resolve(raw, table)
                if said is not None:
                    claimant = _typed_by_description(claimant, said, table)
                claimant, proposed = doc_aliases.through(raw, claimant, links)
            content = s[att.content_start:att.content_end] if att.kind not in (
                "document", "passive") else clause_text
            if att.kind in ("document", "passive") or not content.strip() or att.verb in (
                    cl.DENIAL_VERBS | {"maintain", "characterize"}) or att.to_infinitive:
                claim = clause_text
            else:
                claim = content
            # the clause's own date, else one written before it in the sentence ("On Monday,
            # X said A, and B"), never one from a clause after it
            found = textdates.first_date(clause_text, ref) or (
                textdates.first_date(s[:a], ref) if a > 0 else None)
            since = textdates.period_start(clause_text, ref)
            is_doc = claimant is doc_voice
            if claimant is speaker and speaker is not None:
                ctype = claim_type(att, claimant, clause_text, found is not None, False,
                                   speaker=True)
            else:
                ctype = claim_type(att, claimant, content, found is not None, is_doc,
                                   is_doc and _publisher_speaks(s, toks, c, doc_voice, table))
            if said is not None and not is_doc and claimant is not speaker:
                ctype = _type_from_structure(ctype, said, claimant, raw, content)
            if att.kind == "inherited" and current and current[-1].claim_type == "statement" \
                    and ctype == "allegation" and not _accuses_another(content, claimant):
                ctype = "statement"  # "X said A and that B": the same speech act goes on
            if c.kind != "main":
                confidence -= 0.05
            if not claimant.known and claimant is not speaker:
                confidence -= 0.1
            notes = list(att.notes)
            if since is not None:
                notes.append(f"since {since.value.text} ('{since.expression}'): start of the period, "
                             "not the claim's date")
            if found is not None:
                date_source = "sentence" if not found.relative else f"sentence+{ref_source}"
                date, date_expression = found.value.text, found.expression
            elif entry is not None:
                date_source, date, date_expression = "heading", entry.text, ""
            elif ref.is_known and not is_doc and att.kind != "passive":
                # a statement with no date of its own was made when the story (or the
                # briefing) was published: its date, and date_source says so
                date_source, date, date_expression = ref_source or "published", ref.text, ""
            else:
                date_source = date = date_expression = ""
            m = Mention(
                start=sent.start + a, end=sent.start + b,
                quote=normalize_whitespace(sg.text[sent.start + a:sent.start + b]),
                sentence=index, claimant=claimant, raw_claimant=raw or label.title(),
                attribution=att.kind if claimant is not speaker else "speaker",
                verb=att.verb_text, claim=_claim_text(claim), claim_type=ctype,
                date=date, date_expression=date_expression,
                confidence=round(worthiness.score(clause_text), 4),
                tokens=content_tokens(content if not is_doc else clause_text),
                date_source=date_source, paragraph=sent.paragraph,
                quoted=bool(re.search(r"[“\"]", s[max(0, att.content_start - 2):att.content_start + 1])),
                proposed_alias=proposed,
                notes=notes,
            )
            if not is_doc and claimant is not speaker:
                ctx.remember(raw, claimant, said is not None and (
                    said.entity == "PERSON" or claimant.claimant_type == "individual"))
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


def _agreed(rules: cl.Attribution, parsed: cl.Attribution, said: attribution.Said
            ) -> cl.Attribution:
    """The parse's attribution, unless the rules found the same speaker (its head word is in
    theirs): then the rules' richer reading ("post on Telegram", a relay) with the parse's
    name of a person ("U.S. Defense Secretary Mark Esper" speaks as "Mark Esper")."""
    head = said.head or (said.speaker.split()[-1].lower() if said.speaker else "")
    if rules.kind == "document" or head not in rules.subject.lower().split():
        return parsed
    bare = re.sub(r"^(?:the|a|an)\s+", "", said.speaker, flags=re.I).lower()
    rest = rules.subject.lower().removeprefix("the ").removeprefix(bare)
    if said.entity != "PERSON" and rules.subject.lower().removeprefix("the ").startswith(bare) \
            and rest.startswith((" in ", " at ")):
        rules.subject = said.speaker  # "Diplomats in Vienna": the place is not the name
    if rules.kind in ("lead", "tail", "according"):  # the complement's extent from the parse
        rules.content_start, rules.content_end = parsed.content_start, parsed.content_end
    return rules


def _typed_by_description(claimant: Claimant, said: attribution.Said,
                          table: dict[str, Claimant]) -> Claimant:
    """A person named with a title or an apposition ("Interior Minister Wolfgang Peschorn",
    "Soelistyo, head of … agency"): typed and placed by those words, named without them —
    unless title and name are an alias ("NATO Secretary General Mark Rutte" is NATO)."""
    if claimant.known:
        return claimant
    if said.description and (whole := alias_mod.resolve(f"{said.description} {said.speaker}",
                                                        table)).known:
        return whole
    if not said.description:
        return claimant
    if said.entity == "PERSON" and claimant.name != said.speaker:
        claimant = Claimant(said.speaker, claimant.claimant_type, claimant.country, False)
    ctype = alias_mod.guess_type(said.description)
    if ctype == "unknown":
        ctype = "individual" if said.entity == "PERSON" else claimant.claimant_type
    return Claimant(claimant.name, ctype, claimant.country or alias_mod.country_of(said.description),
                    False)


def _type_from_structure(ctype: str, said: attribution.Said, claimant: Claimant, raw: str,
                         content: str) -> str:
    """Statement or allegation from who acts in the complement: the claimant itself ("we",
    its own name) → statement; another named party → allegation; no named actor → a statement
    unless another party is named acting in it."""
    if ctype not in ("statement", "allegation"):
        return ctype
    if said.verb in ("accuse", "allege", "characterize"):
        return "allegation"
    actor = said.actor.lower()
    if actor in FIRST_PERSON or actor.split()[:1] == ["our"]:
        return "statement"
    if said.actor_entity in ("PERSON", "ORG", "GPE", "NORP"):
        own = set(alias_mod.key(claimant.name).split()) | set(alias_mod.key(raw).split())
        same = bool(set(alias_mod.key(said.actor).split()) & own - {"the", "of"}) or (
            bool(claimant.country) and alias_mod.country_of(said.actor) == claimant.country)
        return "statement" if same else "allegation"
    if ctype == "allegation" and said.actor_entity in ("", "PRON") \
            and not _accuses_another(content, claimant):
        return "statement"
    return ctype


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


def similarity(a: frozenset[str], b: frozenset[str], idf: dict[str, float],
               weights: dict[frozenset[str], float] | None = None) -> float:
    """Cosine of two word sets, each word weighted by its rarity in the document (idf).

    Symmetric on purpose: a mention that adds details of its own ("recruited via social media
    platforms like TikTok") is a different claim from a shorter one it contains.
    """
    if not a or not b:
        return 0.0
    w = lambda ts: sum(idf.get(t, 1.0) for t in ts)  # noqa: E731
    if weights is None:
        return w(a & b) / math.sqrt(w(a) * w(b))
    for ts in (a, b):  # a mention's own weight is summed once, not at every comparison
        if ts not in weights:
            weights[ts] = w(ts)
    return w(a & b) / math.sqrt(weights[a] * weights[b])


LOOKUP_TOKENS = 6  # a mention is compared with the candidates sharing one of its rarest words
LOOKUP_LATEST = 4  # the latest candidates looked up per rare word (plus the first two per word)
COMPARED_CANDIDATES = 4  # of those, the ones sharing most words (plus the claimant's last three)
COMPARED_MENTIONS = 3  # and with at most this many mentions of each (first ones and the last)


def _adjacent(a: Mention, b: Mention) -> bool:
    """A direct quote next to the same source's paraphrase (same or next paragraph, <= 2 sentences)."""
    return (a.quoted != b.quoted) and abs(a.sentence - b.sentence) <= 2 \
        and abs(a.paragraph - b.paragraph) <= 1


def merge(mentions: list[Mention], threshold: float = MERGE_THRESHOLD) -> list[Candidate]:
    """Group mentions of one claim: same claimant, compatible dates, similar content.

    A mention is compared only with candidates of its claimant that share one of its rarest
    words (an inverted index), at most `COMPARED_CANDIDATES` of them (those sharing most of its
    words) plus the claimant's last three, and with a bounded number of each one's mentions: the
    work per mention is a constant, so the cost stays linear in the text, however long it is and
    however often it repeats itself. A restatement in other words
    merges when it is a direct quote beside the same source's paraphrase and they share a
    content word (`ADJACENT_MERGE`).
    """
    idf = _idf(mentions)
    weights: dict[frozenset[str], float] = {}
    candidates: list[Candidate] = []
    dates: list[str] = []  # each candidate's most precise date, kept as mentions join it
    index: dict[tuple[str, str], list[int]] = {}
    recent: dict[str, list[int]] = {}
    for m in mentions:
        name = m.claimant.name
        rare = sorted(m.tokens, key=lambda t: -idf.get(t, 0.0))[:LOOKUP_TOKENS]
        shared: Counter[int] = Counter()
        for t in rare:
            bucket = index.get((name, t), ())
            shared.update(bucket[:2])
            shared.update(bucket[-LOOKUP_LATEST:])
        pool = {i for i, _ in heapq.nlargest(COMPARED_CANDIDATES, shared.items(),
                                             key=lambda kv: (kv[1], kv[0]))}
        pool.update(recent.get(name, [])[-3:])
        best, best_sim = None, threshold
        for i in sorted(pool):
            cand = candidates[i]
            if any(x.sentence == m.sentence for x in cand.mentions[-2:]):
                continue
            cand_date = dates[i]
            if m.date and cand_date and not (m.date.startswith(cand_date)
                                             or cand_date.startswith(m.date)):
                continue
            ms = cand.mentions
            compared = ms if len(ms) <= COMPARED_MENTIONS else ms[:COMPARED_MENTIONS - 1] + ms[-1:]
            sim = max(similarity(x.tokens, m.tokens, idf, weights) for x in compared)
            if m.date and m.date == cand_date and m.date_source not in ("published", "dateline"):
                sim += SAME_DATE_BONUS  # both say the date (not both given the story's date)
            if sim < threshold and sim >= ADJACENT_MERGE and _adjacent(ms[-1], m):
                sim = threshold
            if sim >= best_sim:
                best, best_sim = i, sim
        if best is None:
            candidates.append(Candidate(f"K{len(candidates) + 1:03d}", [m]))
            dates.append(m.date)
            best = len(candidates) - 1
        else:
            candidates[best].mentions.append(m)
            if len(m.date) > len(dates[best]):
                dates[best] = m.date
        for t in m.tokens:
            bucket = index.setdefault((name, t), [])
            if not bucket or bucket[-1] != best:
                bucket.append(best)
        r = recent.setdefault(name, [])
        if not r or r[-1] != best:
            r.append(best)
    return candidates
