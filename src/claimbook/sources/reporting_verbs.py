"""Reporting verbs: each lemma, the speech act it names, and the forms the word rules read.

One list serves both readers of attribution. The dependency parse (`attribution`) gives a verb's
lemma and reads `PARSED`; the word rules (`clauses`, `clause_attribution`) see only the words as
written and read their forms, derived here from the lemma (`inflect`): deny -> denies, denied;
stress -> stresses; admit -> admitted. What a reader leaves out is said once, in `RULES_READ`.
"""

from __future__ import annotations

# verbs that name their own speech act ("deny" a denial, "warn" a warning)
_OWN_ACT = ("say state report claim allege deny tell add announce confirm insist maintain assert "
            "warn accuse indicate suggest reject dismiss acknowledge admit argue note write declare "
            "conclude assess estimate reiterate stress repeat refute reveal disclose read explain "
            "predict believe urge hope welcome")
# news writing's verbs for a speaker's words without a "said", read by the parse only: as words
# alone each is as often something done ("a blast", "the counter"). Not "recommend", "view",
# "think": on the development parts each credited as many claims wrongly as it found
# ("guidelines recommend", "when he thought"); "respond", "reply" and "recall" only with a clause.
NEWS_RELAYS = {
    "boast": "say", "lament": "say", "marvel": "say", "recount": "say", "comment": "say",
    "assail": "accuse", "blast": "accuse", "slam": "accuse", "lambast": "accuse",
    "caution": "warn", "concede": "admit", "observe": "note", "remark": "note",
    "counter": "argue", "speculate": "suggest", "hint": "suggest", "signal": "indicate",
    "forecast": "predict",
    # a forecast, a finding, a view and a memory without a "said": "Edmunds expects 16.6 million
    # vehicles will be sold", "the Congressional Budget Office projects that the tariffs will
    # reduce …", "A survey by Gallup found that most voters …", "Many businesses
    # agree that …", "Cook remembered that …" (`CLAUSE_ONLY`; not "think": "when he thought the
    # time was right" credited as many claims wrongly as it found)
    "expect": "predict", "find": "conclude", "project": "predict",
    "agree": "believe", "recall": "say", "remember": "say",
    **dict.fromkeys(("respond", "reply"), "say"),
}
# verbs that report only with a clause of their own after them ("found that the pilot had not
# rested"), never with an object or a small clause ("found the car", "found it hard to believe")
CLAUSE_ONLY = {"expect", "find", "project", "agree", "recall", "remember", "respond", "reply"}
# answering verbs: "Bridenstine responded that SLS is the only …" reports, "police responded to
# the call" does not; read by the parse only with a clause after them (`CLAUSE_ONLY`), and a
# sentence goes to the parser for them only with a "that" in it
ANSWERING = ("respond", "reply")
# a thing shown as something ("touted the plan as making strides", "portrayed the strike as
# self-defence"): characterizing verbs the parse reads, only with their "as" (`AS_CHARACTERIZING`)
SHOWN_AS = ("tout", "portray", "depict", "hail", "characterize", "characterise")
# a thing seen as something ("Apple views privacy as a fundamental human right", "an analyst sees
# the lineup as its Achilles heel"): a view held, not an accusation; read by the parse only with
# its "as" (not "saw the car", "we'll see")
SEEN_AS = ("see", "view", "regard")
# a view expressed ("The World Bank has also expressed concern about …", "many have voiced concerns
# that …"): read by the parse only with one of these nouns as its object (`EXPRESSED`)
EXPRESSING = ("express", "voice")
# (not a feeling shown: "lawmakers expressed outrage over the breakdown" is what happened)
EXPRESSED = frozenset(("concern", "confidence", "doubt", "hope", "fear", "optimism", "skepticism",
                       "scepticism", "worry", "support", "opposition", "belief"))
EXPRESSED_FORMS = EXPRESSED | {f"{noun}s" for noun in EXPRESSED}  # "voiced concerns that …"
# lemma -> the speech act it names
SPEECH_ACTS: dict[str, str] = {
    **{lemma: lemma for lemma in _OWN_ACT.split()},
    "describe": "characterize", "call": "characterize", "brand": "characterize",
    "label": "characterize", "term": "characterize",
    **dict.fromkeys(SHOWN_AS, "characterize"),
    **dict.fromkeys(SEEN_AS, "regard"),
    **dict.fromkeys(EXPRESSING, "express"),
    "tweet": "say", "post": "say",
    "contend": "argue", "emphasise": "stress", "emphasize": "stress",
    "rule": "deny",  # "ruled out …"
    "recognize": "note", "recognise": "note",  # "recognized that …" (a thing recognized: no act)
    "point": "note",  # "pointed out that …" (read by the parse with its particle only)
    "testify": "say",  # "Morrison testified that …" (testifying before a committee: no complement)
    "dispute": "deny",  # "disputed the notion that …"
    "beg": "urge", "implore": "urge",  # "begged lawmakers not to lose sight of …"
    "plead": "urge",  # "the doctors pleaded with the administration to reconsider …"
    "pledge": "say", "vow": "say", "promise": "say",  # "Twitter pledged to take action …"
    # what another did, condemned ("China has denounced a court ruling", read by the parse only)
    "denounce": "accuse", "criticize": "accuse", "criticise": "accuse",
    "complain": "allege",  # "residents have complained that the outages were too broad"
    "worry": "believe", "fear": "believe",  # "They worry China is taking back the freedoms"
    **NEWS_RELAYS,
}
# the characterizing verbs that characterize only with an "as" ("described the report as false")
AS_CHARACTERIZING = {"describe", *SHOWN_AS}
DENIAL_VERBS = {"deny", "reject", "dismiss", "refute", "dispute"}
# what "according to" can take that is a measure, not a source ("we have shifted our programs
# according to the needs that we need to meet", "according to plan", "according to the rules")
MEASURE_NOUNS = {"need", "plan", "schedule", "law", "rule", "instruction", "guideline",
                 "procedure", "standard", "protocol", "circumstance", "condition", "priority",
                 "merit"}
# The words that dismiss what was said, one list for both readers of them: "X called the report
# baseless" (a denial without a denial verb, `clause_attribution.DISMISSIVE`) and "That is simply
# false." (a flat rejection, `speech_acts.FLAT_REJECTION`, which adds "(not) true"). Regular
# expression alternatives, matched case-insensitively and followed by a word boundary.
DISMISSIVE_WORDS = (
    "baseless", "false", "groundless", "unfounded", r"fabricat\w*", "lies", "absurd", "nonsense",
    "untrue", r"slander\w*", "fake", "disinformation", "propaganda", "a lie", "lying",
    r"invent\w*", "fiction", "made up")
DISMISSIVE_ALTERNATIVES = "|".join(DISMISSIVE_WORDS)
# Past forms no suffix rule makes (a doubled consonant, both spellings of "labelled").
PASTS = {"say": ("said",), "tell": ("told",), "write": ("wrote",), "admit": ("admitted",),
         "label": ("labeled", "labelled")}
# The forms the word rules read of a verb, when not all three (base, -s, past). A base form or a
# past that is as often a noun, an order or a person reading ("a note", "an estimate", "add …",
# "the statement reads") is left out; "": a verb only the parse reads, which sees its use.
RULES_READ = {
    **dict.fromkeys(("add", "note", "estimate", "reveal", "disclose", "call", "describe",
                     "brand", "welcome", "dispute", "pledge", "vow", "promise"), "s past"),
    "read": "s", "label": "past", "term": "past",
    **dict.fromkeys(("explain", "predict", "believe", "urge", "hope", "tweet", "post", "contend",
                     "emphasise", "emphasize", "rule", "recognize", "recognise", "testify", "point",
                     "implore", "plead", "denounce", "criticize", "criticise", "complain", "worry",
                     "fear", *SHOWN_AS, *SEEN_AS, *EXPRESSING, *NEWS_RELAYS), ""),
}
PARSE_SKIPS = {"read"}  # the parse's "read" is mostly a person reading


def inflect(lemma: str) -> dict[str, tuple[str, ...]]:
    """A verb's base, third-person, past and -ing forms: deny, denies, denied, denying; stress,
    stresses; refute, refuting."""
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        s, past = lemma[:-1] + "ies", lemma[:-1] + "ied"
    else:
        s = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
        past = lemma + ("d" if lemma.endswith("e") else "ed")
    ing = (lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma) + "ing"
    return {"base": (lemma,), "s": (s,), "past": PASTS.get(lemma, (past,)), "ing": (ing,)}


def rule_forms(lemma: str) -> tuple[str, ...]:
    """The forms of `lemma` the word rules read (`RULES_READ`)."""
    forms = inflect(lemma)
    return tuple(f for kind in RULES_READ.get(lemma, "base s past").split() for f in forms[kind])


# form -> lemma: the reporting verbs the word rules read ("denied" -> "deny")
REPORTING: dict[str, str] = {form: lemma for lemma, act in SPEECH_ACTS.items()
                             if act != "characterize" for form in rule_forms(lemma)}
# verbs that name speech only right after a closing quotation mark and its speaker ("…,” Lucas
# responded with a sigh.", "…,” she explained."): anywhere else each is as often something done
# ("police responded to the call"). Not "continued": the voice a quote goes on in is already known
# ("…,” the statement continued." is the company's, whose statement it is)
QUOTE_TAILS = {"respond": "say", "reply": "say", "explain": "explain",
               "recall": "say", "comment": "say", "recount": "say", "observe": "note",
               "remark": "note", "concede": "admit", "counter": "argue"}
QUOTE_TAIL_FORMS = {form: act for lemma, act in QUOTE_TAILS.items()
                    for kind in ("s", "past") for form in inflect(lemma)[kind]}
# "X called the drills a provocation", "X described the report as false": read by the word rules
# as a characterization (an allegation) or, with dismissive words, a denial
CHARACTERIZING_VERBS = {form for lemma, act in SPEECH_ACTS.items() if act == "characterize"
                        for form in rule_forms(lemma)}
# lemma -> speech act: the reporting verbs the parse reads
PARSED: dict[str, str] = {lemma: act for lemma, act in SPEECH_ACTS.items()
                          if lemma not in PARSE_SKIPS}
# The words of a denial that introduce what it denies ("denied that …", "rejecting the
# report", "ruled out …", "called the report a lie"): every form of a denial verb, "rule" only
# with "out", and the forms the word rules read of a characterizing verb.
DENYING_FORMS = {f"{form} out" if lemma == "rule" else form
                 for lemma in (*sorted(DENIAL_VERBS), "rule")
                 for forms in inflect(lemma).values() for form in forms} | CHARACTERIZING_VERBS
