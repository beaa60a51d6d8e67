"""Claim-worthiness: how much a sentence (or clause) is worth an analyst's reading as a claim.

`score(text)` is a number in [0, 1] from a logistic regression over the text's words, word pairs,
character n-grams and a few structural signs (numbers, years, percentages, money, length), each
feature worth 1/sqrt(the text's number of features), so that a long sentence's many n-grams do not
outweigh a short one's by their number alone (chosen on development transcripts: MAP 0.160 -> 0.176,
benchmarks/README.md). The
weights were trained on the ClaimBuster sentences (US presidential debates, CC BY 4.0) by
`tools/train_worthiness.py`; their provenance, licence and figures are in `worthiness_model/README.md`
beside them. Nothing is downloaded: the weights ship with the package.

Housekeeping — greetings and thanks, a moderator's turn-taking, stage directions such as
"(APPLAUSE)", disclaimers, navigation, sidebars and page furniture, a report's notes on its own
figures and method — is recognised by the patterns
below and always scores below every other text: its score is squeezed into [0, HOUSEKEEPING_CEILING)
and everything else into [HOUSEKEEPING_CEILING, 1].

In a transcript, a speaker whose lines are questions more often than `ASKER_QUESTION_SHARE` (a
moderator, an interviewer, a questioner at a press conference) puts questions and topics to others;
the facts in their lines are what the others are asked about, seldom what a fact-checker checks. Such
a speaker's lines score `ASKER_PENALTY` lower on the model's log-odds scale (`score(text,
asker=True)`; `rank_lines` reads the roles from the transcript itself). Both figures were chosen on
development transcripts only (benchmarks/README.md).

`KEEP_THRESHOLD` is the score at or above which extraction proposes a candidate with keep = yes;
it was chosen on development data only (the CheckThat! 2019 training transcripts and the real-news
development pages: the highest threshold that keeps at least 85 % of what each should keep, see
`benchmarks/README.md`), never on a test part.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from typing import Any

from claimbook.sources import model_files

MODEL_FILE = "weights.json.gz"
KEEP_THRESHOLD = 0.05  # chosen on development data: CheckThat! transcripts, real news (benchmarks/README.md)
HOUSEKEEPING_CEILING = 0.01
ASKER_QUESTION_SHARE = 0.1  # chosen on development transcripts (benchmarks/README.md)
ASKER_PENALTY = 8.0  # log-odds; chosen on development transcripts (benchmarks/README.md)
ASKER_RELATIVE = 0.5  # of the highest question share in the transcript (a press gaggle's answerer)

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,:]\d+)*|[$%€£?!]")
_YEAR = re.compile(r"(?:1[89]\d\d|20\d\d)s?")
_NUMBER_WORDS = frozenset((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "hundred", "hundreds", "thousand", "thousands", "million",
    "millions", "billion", "billions", "trillion", "trillions", "percent", "half", "double", "triple",
    "dozen", "dozens"))
_LENGTH_EDGES = (2, 4, 7, 12, 20, 35)
_CAPS_EDGES = (0, 1, 3)

# Text that is never a claim, whatever its words: it ranks below everything else.
HOUSEKEEPING = re.compile(
    r"""^\W*(?:
        (?:thank\s+you|thanks|thank\s+(?:you\s+)?(?:all|very\s+much|so\s+much))\b
      | good\s+(?:evening|morning|afternoon|night)\b
      | (?:hello|hi|hey|welcome|goodbye|bye|congratulations|ladies\s+and\s+gentlemen)\b
      | (?:we(?:'|’)?re|we\s+are|we(?:'|’)ll|we\s+will|let(?:'|’)s|let\s+us)\s+(?:going\s+to\s+)?
        (?:move\s+on|turn\s+to|go\s+to|take\s+a\s+(?:short\s+|quick\s+)?break|be\s+right\s+back|
           come\s+back|get\s+to|start\s+with|begin\s+with)\b
      | (?:your|the)\s+time\s+is\s+up\b
      | (?:also\s+on|also\s+read|read\s+also|more\s+on\s+this|recommended|watch|listen|
           more\s+from|you\s+may\s+also\s+like|editor(?:'|’)?s\s+pick)\b\s*(?::|\S+\.\w{2,4}\b)
      | (?:subscribe|sign\s+up|sign\s+in|log\s+in|click|tap|read\s+more|see\s+also|related\s+
           (?:articles?|stories|coverage|content)|share\s+(?:this|on)|follow\s+us|skip\s+to|
           back\s+to\s+top|advertisement|sponsored|most\s+(?:read|popular|viewed)|trending|
           newsletter|cookies?\b|privacy\s+policy|terms\s+(?:of|and)|all\s+rights\s+reserved|
           copyright|©|disclaimer|photo\s*:|image\s*:|video\s*:|listen\s+to\s+this|download\s+
           (?:the|our)\s+app)
    )""", re.I | re.X)
# Anywhere in the text: stage directions, disclaimers, contact lines and web furniture.
HOUSEKEEPING_ANYWHERE = re.compile(
    r"""(?-i:^\W*[(\[][A-Za-z ,'-]{3,40}[)\]]\W*$)
      | \b(?:does|do)\s+not\s+(?:necessarily\s+)?(?:reflect|represent|constitute|endorse)\b
      | \bviews\s+(?:expressed|of\s+the\s+authors?)\b
      | \bfor\s+(?:general\s+)?informational\s+purposes\b
      | \bnot\s+(?:be\s+)?(?:intended|construed)\s+as\b
      | \bshould\s+not\s+be\s+(?:construed|relied|considered)\b
      | \b(?:legal|investment|financial|medical)\s+advice\b
      | \ball\s+rights\s+reserved\b
      | \bsubscribe\s+(?:to|now|for)\b
      | \b(?:click|tap)\s+(?:here|the\s+link|below)\b
      | \b(?:sign\s+up|register)\s+(?:for|to)\s+(?:our|the)\s+(?:newsletter|updates|alerts)\b
      | \bterms\s+of\s+(?:use|service)\b|\bprivacy\s+(?:policy|notice)\b
      | \bcookies?\s+(?:policy|settings|to\s+(?:improve|give|ensure))\b
      | \b(?:e-?mail|contact)\s+us\b|\b(?:https?://|www\.)\S+\s*$
      | \bcorrections?\s+(?:policy|were\s+made)\b|\bthis\s+(?:article|story)\s+(?:was|has\s+been)\s+
        (?:updated|corrected|amended)\b
      | \b(?:reporting|writing|editing)\s+by\s+(?-i:[A-Z])
      | \bcontributed\s+(?:reporting\b|to\s+(?:this|the)\s+(?:report|story|article)\W*$)
      | ^\W*follow\s+(?:us|(?-i:[A-Z])[^.,;]{0,50}?)\s+on\s+
        (?:facebook|twitter|instagram|tiktok|youtube|threads|bluesky|linkedin|x)\b
    """, re.I | re.X)
# A report's notes on its own apparatus: what one of its exhibits shows or holds, a caption's
# "Source: X, based on ...", how its own figures were calculated. They describe the document, not
# the world (designed from the CRS reports of real-news final3 and final4).
APPARATUS = re.compile(
    r"""^\W*(?:(?:figure|table|chart|graph|exhibit)\s+[A-Z]?\d+[a-z]?
              |(?:this|the\s+(?:above|following))\s+(?:figure|table|chart|graph|exhibit|map|example)
              |example)
        \s+(?:shows|holds|presents|illustrates|depicts|compares|summarizes|lists|displays|assumes|
        excludes|includes|uses|provides)\b
      | \bsources?\s*:\s*[^.;]{0,60}?\bbased\s+on\b
      | ^\W*(?:calculated|compiled|computed|tabulated|adapted)\s+by\b
      | \b(?:calculated|computed|compiled)\s+by\s+\S+\s+rather\s+than\b
    """, re.I | re.X)


def is_housekeeping(text: str) -> bool:
    """Greetings, thanks, turn-taking, stage directions, disclaimers, navigation, page furniture,
    a report's notes on its own exhibits and method."""
    return bool(HOUSEKEEPING.match(text) or HOUSEKEEPING_ANYWHERE.search(text) or APPARATUS.search(text))


def tokens(text: str) -> list[str]:
    """Lower-cased words; digits become <year> or <num>; $ % ? ! are kept as tokens."""
    out = []
    for t in _TOKEN.findall(text):
        if t[0].isdigit():
            out.append("<year>" if _YEAR.fullmatch(t) else "<num>")
        else:
            out.append(t.lower().replace("’", "'"))
    return out


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def features(text: str) -> set[str]:
    """The model's binary features of one text (the training script uses this very function)."""
    toks = tokens(text)
    f = {"w=" + t for t in toks}
    seq = ["<s>", *toks, "</s>"]
    f.update("b=" + a + " " + b for a, b in zip(seq, seq[1:], strict=False))
    low = " " + " ".join(toks) + " "
    for n in (3, 4, 5):
        f.update("c=" + low[i:i + n] for i in range(len(low) - n + 1))
    words = [t for t in toks if t[0].isalpha() or t[0] == "<"]
    f.add("len=" + _bucket(len(words), _LENGTH_EDGES))
    if "<num>" in toks or not _NUMBER_WORDS.isdisjoint(toks):
        f.add("s=number")
    if "<year>" in toks:
        f.add("s=year")
    if "%" in toks or "percent" in toks:
        f.add("s=percent")
    if "$" in toks or "dollars" in toks:
        f.add("s=money")
    if text.rstrip().endswith("?"):
        f.add("s=question")
    caps = len(re.findall(r"\b[A-Z][a-z]+", text[1:]))
    f.add("caps=" + _bucket(caps, _CAPS_EDGES))
    return f


@lru_cache(maxsize=1)
def model() -> dict[str, Any]:
    """The shipped weights (loaded once per process)."""
    return model_files.load(
        "worthiness_model", MODEL_FILE, "claim-worthiness", "tools/train_worthiness.py",
        lambda m: {"weights": m["weights"], "bias": float(m["bias"]),
                   "meta": {k: v for k, v in m.items() if k != "weights"}})


def log_odds(text: str) -> float:
    """The model's log-odds that the text is a check-worthy factual claim (no housekeeping rule)."""
    m = model()
    feats = features(text)
    # the features in the set's own order: the same sum to the last bit in every run
    total = sum(map(m["weights"].get, feats, repeat(0.0)))
    return m["bias"] + total * feature_value(len(feats))


def feature_value(count: int) -> float:
    """The value of each present feature in a text that has `count` features (the training script
    scales its rows by the same function)."""
    return 1.0 / math.sqrt(count) if count else 0.0


def probability(text: str, shift: float = 0.0) -> float:
    """The model's probability that the text is a check-worthy factual claim (no housekeeping rule),
    its log-odds moved by `shift`."""
    return model_files.logistic(log_odds(text) + shift)


def is_question(text: str) -> bool:
    return text.rstrip().endswith("?")


def asks(questions: int, lines: int) -> bool:
    """Is a speaker with this many questions among their lines one who puts questions to others?"""
    return lines > 0 and questions / lines > ASKER_QUESTION_SHARE


def score(text: str, doc: Any = None, asker: bool = False) -> float:
    """Claim-worthiness of `text` in [0, 1]; housekeeping always below everything else.

    `asker`: the text is a line of a speaker who puts questions to others (`asks`). `doc` may be
    the text's parsed spaCy span (or None). The shipped weights read the text alone, so the parse is
    only used for its text when `text` is empty (parse features were measured on the development
    transcripts without gain: benchmarks/README.md).
    """
    if not text.strip() and doc is not None:
        text = str(getattr(doc, "text", ""))
    if not text.strip():
        return 0.0
    p = probability(text, -ASKER_PENALTY if asker else 0.0)
    if is_housekeeping(text):
        return HOUSEKEEPING_CEILING * p * 0.999
    return HOUSEKEEPING_CEILING + (1.0 - HOUSEKEEPING_CEILING) * p


def askers(speakers: Sequence[str], texts: Sequence[str]) -> set[str]:
    """The speakers of a transcript (one speaker and text a line) who put questions to others: more
    than ASKER_QUESTION_SHARE of their lines are questions, and at least ASKER_RELATIVE of the share
    of the speaker who asks most — an official who answers with a few rhetorical questions ("What
    do they call spending?") is answering the reporters, not interviewing."""
    lines: Counter[str] = Counter(speakers)
    questions: Counter[str] = Counter(sp for sp, t in zip(speakers, texts, strict=True) if is_question(t))
    most = max((questions[sp] / n for sp, n in lines.items()), default=0.0)
    return {sp for sp, n in lines.items()
            if asks(questions[sp], n) and questions[sp] / n >= ASKER_RELATIVE * most}


def rank_lines(lines: Sequence[tuple[str, str]]) -> list[float]:
    """Each (speaker, text) line of one transcript scored in the transcript's context: the lines of
    a speaker who puts questions to others (a moderator, an interviewer) score lower."""
    speakers = [sp for sp, _ in lines]
    asking = askers(speakers, [t for _, t in lines])
    return [score(t, asker=sp in asking) for sp, t in lines]


def keep(value: float) -> bool:
    """Is a candidate of this score proposed with keep = yes?"""
    return value >= KEEP_THRESHOLD
