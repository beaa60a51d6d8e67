"""Mentions and candidates, and the merge of mentions that state one claim into one candidate.

A mention is one place a claim is stated; a candidate is one proposed claim with every mention
of it found in the text. Mentions of the same claimant with compatible dates and similar words
(weighted by how rare they are in the document) are merged, at a constant cost per mention.
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
from claimbook.sources import worthiness


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MERGE_THRESHOLD = 0.47  # rarity-weighted cosine of content words: two mentions state one claim


SAME_DATE_BONUS = 0.1  # two mentions by one claimant that name the same date are likelier one claim


ADJACENT_MERGE = 0.12  # a direct quote right after the same source's paraphrase: one claim


STOPWORDS = _words(
    "the a an of to in on at by for with from and or but as is are was were be been being has "
    "have had will would can could may might that which who this these those it its their "
    "they he she we our than then there also into about over such some any more most very "
    "said says stated reported claimed "
)


# Near-synonyms that reports use interchangeably for one fact (stems, see stem).
SYNONYMS = {"citizen": "national", "enlist": "recruit", "ties": "link", "tie": "link",
            "connection": "link", "soldier": "troop", "personnel": "troop", "servicemen": "troop",
            "serviceman": "troop", "fighter": "combatant", "mercenari": "combatant",
            "drill": "exercis", "arm": "weapon", "weaponry": "weapon"}


NEGATIONS = {"not", "no", "never", "n't", "denied", "denies", "deny", "none", "without"}


# How a claimant named with a reporting act was found ("X said …", "…, X said", "according to X",
# a quotation continued). Who said what is what an analyst records, opinions included; the
# claim-worthiness score ranks what is worth checking and rates an opinion low ("The beauty of
# China is that …", said a professor), so it does not decide keep for these: the learned keep
# model does (`learned_keep`). A transcript speaker's line is not among them: there the score
# sorts claims from housekeeping (benchmarks/README.md).
NAMED_SOURCE = frozenset(("lead", "tail", "according", "relative", "inherited"))


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
    # published | dateline (an attributed statement without a date of its own: the story's date) |
    # quotation | post | sentence+post (an embedded post, by its signature's date)
    date_source: str = ""
    paragraph: int = 0
    quoted: bool = False  # the claim is a direct quote
    proposed_alias: str = ""  # "<name as written> -> <claimant>", from what the document says
    notes: list[str] = field(default_factory=list)
    rule_type: str = ""  # the type the rules read; `claim_type` may be the learned model's

    def evidence(self) -> str:
        parts = []
        if self.attribution == "document":
            parts.append("document's own voice")
        elif self.attribution == "passive":
            parts.append(f"unattributed report ('{self.verb}')")
        else:
            # a transcript's speaker label has no reporting verb: nothing after the name
            parts.append(" ".join(x for x in (f"{self.attribution}: '{self.raw_claimant}'", self.verb) if x))
        if self.date_expression:
            parts.append(f"date: '{self.date_expression}'")
        parts.extend(self.notes)
        return "; ".join(parts)


@dataclass
class Candidate:
    """One proposed claim and every mention of it found in the text."""

    candidate_id: str
    mentions: list[Mention] = field(default_factory=list)
    # why a model doubts it is a claim (sources/learned_keep.py): proposed with keep = no
    doubt: str = ""

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

    @property
    def kept(self) -> bool:
        """Proposed with keep = yes: claim-worthy enough or said by someone the text names with a
        reporting verb (`NAMED_SOURCE`), and no model doubts it is a claim."""
        return (worthiness.keep(self.confidence) or self.first.attribution in NAMED_SOURCE) \
            and not self.doubt


def stem_word(word: str) -> str:
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
                stem = stem_word(low)
                out.add(SYNONYMS.get(stem, stem))
    return frozenset(out)


def idf_weights(mentions: list[Mention]) -> dict[str, float]:
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
    # fsum: exact, so the order a set yields its words in (PYTHONHASHSEED) changes no score
    w = lambda ts: math.fsum(idf.get(t, 1.0) for t in ts)  # noqa: E731
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


NUMBER = re.compile(r"\b\d[\d,.]*\b|\b(?:hundred|thousand|million|billion|trillion)s?\b", re.I)


def numbers(quote: str) -> frozenset[str]:
    """The quantities a mention states ("740", "1,000" as "1000", "a thousand" as "thousand")."""
    return frozenset(n.replace(",", "").lower().rstrip("s.") for n in NUMBER.findall(quote))


def other_figures(a: Mention, b: Mention) -> bool:
    """Do two mentions state different figures ("admitted approximately 740 people … per day",
    "expanding … to reach as many as a thousand people a day")? Then they are two claims, however
    alike their words."""
    x, y = numbers(a.claim), numbers(b.claim)
    return bool(x and y) and not x & y


def other_polarity(a: Mention, b: Mention) -> bool:
    """Does one mention say "not" where the other does not ("In 1984, NOAA issued exploration
    licenses …", "NOAA has not issued exploration licenses since 1984")? Then they are two claims,
    however alike their words (a denial answers a claim, it does not restate it)."""
    return ("¬" in a.tokens) != ("¬" in b.tokens)


def adjacent(a: Mention, b: Mention) -> bool:
    """A direct quote `b` right after the same source's paraphrase `a` (same or next paragraph,
    <= 2 sentences): "X urged A." then "“A in X's words,” X said". A paraphrase after a quote,
    or a third mention, is a new claim more often than a restatement (no chain of neighbours)."""
    return not a.quoted and b.quoted and abs(a.sentence - b.sentence) <= 2 \
        and abs(a.paragraph - b.paragraph) <= 1 and _same_source(a.raw_claimant, b.raw_claimant)


def _same_source(paraphrased: str, quoted: str) -> bool:
    """Does the quote name the paraphrase's source as written: a pronoun ("…,” she said after
    "Williams said …"), a description pointing back ("the caption reads" after "a post
    claims") or the same name ("Grisham")? Not another speaker named anew ("The White House
    called …" then "“…,” Press Secretary Stephanie Grisham said"), nor none."""
    p, q = paraphrased.lower().split(), quoted.split()
    named = any(w[:1].isupper() for w in q[1:]) or (q[:1] and q[0][:1].isupper()
                                                    and q[0].lower() not in ("the", "a", "an"))
    return bool(p and q) and (not named or q[-1].lower() in ("he", "she", "they", "it")
                              or p[-1] == q[-1].lower())


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
    idf = idf_weights(mentions)
    weights: dict[frozenset[str], float] = {}
    candidates: list[Candidate] = []
    dates: list[str] = []  # each candidate's most precise date, kept as mentions join it
    index: dict[tuple[str, str], list[int]] = {}
    recent: dict[str, list[int]] = {}
    for m in mentions:
        name = m.claimant.name
        # ties broken by the word: the same text gives the same candidates in every process
        rare = sorted(m.tokens, key=lambda t: (-idf.get(t, 0.0), t))[:LOOKUP_TOKENS]
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
            if other_figures(ms[0], m) or other_polarity(ms[0], m):
                continue
            sim = max(similarity(x.tokens, m.tokens, idf, weights) for x in compared)
            if m.date and m.date == cand_date and m.date_source not in ("published", "dateline",
                                                                         "quotation"):
                sim += SAME_DATE_BONUS  # both say the date (not both given the story's date)
            if sim < threshold and sim >= ADJACENT_MERGE and len(ms) == 1 and adjacent(ms[0], m):
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
