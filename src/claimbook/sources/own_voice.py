"""The claim type of what a document says in its own voice: an event it reports, or its own
judgement (assessment); and whether the document argues, read from how it addresses its reader.

A story reports: what happened is an `event_report`, a judgement (a modal, a consequence drawn,
"there is little evidence that …") an `assessment`. An opinion or analysis piece argues: its
writer speaks to the reader ("when you consider that …", "And neither should you."), and what
it says without a date of its own is the writer's judgement, an `assessment`, even where it is
put as a fact ("the medical record … was made up").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from claimbook.sources import clause_attribution as ca
from claimbook.sources import quotation
from claimbook.sources.segment import Segmented, in_quotation

ASSESSMENT_CUES = re.compile(
    r"\b(critical|crucial|vital|key|significant(ly)?|strategic|important|essential|lifeline|"
    r"signal|despite|although|indirect(ly)?|effectively|clearly|increasingly|frequently|often|"
    r"regularly|routinely|deepen(ed|ing|s)?|strengthen(ed|ing|s)?|bolster(ed|ing|s)?|"
    r"there is no|unlikely|likely|probably)\b|"
    # a judgement reported without its judge: "has been seen as 'seriously weakening' …", "is
    # widely regarded as …", "is considered a …"
    r"\b(?:is|are|was|were|been|being)\s+(?:\w+ly\s+)?(?:(?:seen|viewed|regarded|described|"
    r"perceived)\s+as|considered)\b|"
    # a verdict on the evidence ("not supported by any evidence", "very little public evidence
    # that …"); a negation alone is no judgement ("pleaded not guilty", "was not announced")
    r"\b(?:no|little|scant|any|insufficient|limited)\s+(?:\w+\s+)?(?:evidence|indications?|"
    r"signs?|proof|confirmation)\b", re.I)


EVENT_CUES = re.compile(r"\b(reportedly|recently|allegedly|(has|have|had) been \w+(ed|en)|"
                        r"(was|were) \w+(ed|en)|(has|have|had)\s+(\w+ly\s+|since\s+|now\s+|"
                        r"already\s+)?(?!been\b)(\w+ed|\w+en|begun|built|sent|made|held|fought|led|won|lost|"
                        r"shot|struck|sold|bought|brought))\b", re.I)

# modals of judgement on a clause's verb (not "will": a plan or schedule is reported as such),
# and the same as words in a text (a cheap test before the parse is asked)
JUDGING_MODALS = {"could", "might", "may", "would", "should"}
MODAL_WORDS = re.compile(rf"\b(?:{'|'.join(sorted(JUDGING_MODALS))})\b", re.I)
# verbs that draw a consequence or a reading from a fact (`clause_shape.INFERENCE_VERBS`)
INFERENCE_WORDS = re.compile(r"\b(?:means?|meant|impl(?:y|ies|ied)|suggest(?:s|ed)?|"
                             r"indicat(?:e|es|ed)|signal(?:s|led|ed)?)\b", re.I)

# the words of `clause_shape.ACCUSING_VERBS` (a cheap test before the parse is asked)
ACCUSING_WORDS = re.compile(r"\b(?:accus|alleg|claim|complain|blam|critici[sz]|condemn|denounc)\w*",
                            re.I)
# the words of `clause_shape.BELIEF_VERBS`
BELIEF_WORDS = re.compile(r"\b(?:believ|think|thought|worr|fear|suspect|doubt)\w*", re.I)
# the words of `clause_shape.SPEAKING_VERBS`
SPEAKING_WORDS = re.compile(r"\b(?:told|tells?|telling|ask|demand|request|recommend|urg|implor|"
                            r"beg|promis|pledg|vow|insist)\w*", re.I)
# the reader addressed: the second person outside quotation marks
SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|yourselves)\b", re.I)
ADDRESSING = 2  # sentences that speak to the reader before the document counts as arguing
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# a judgement word that begins a term the document keeps using ("indirect costs", "critical
# minerals", "key findings") names a thing of its subject; it judges nothing
TERM_REPEATS = 3
PLURAL_S = re.compile(r"(?<=\w\w\w)s$")
WORD_AFTER = re.compile(r"[ \t\n-]+([A-Za-z][\w'’-]*)")
FUNCTION_WORDS = frozenset({"a", "an", "the", "to", "for", "of", "in", "on", "at", "by", "with",
                            "from", "as", "that", "than", "and", "or", "but", "is", "are", "was",
                            "were", "be", "been", "it", "its", "this", "these", "those", "their",
                            "his", "her", "our"})


def _term(text: str, cue: re.Match[str]) -> str:
    """The term a one-word judgement cue begins ("indirect cost" of "Indirect costs"), or ""."""
    nxt = WORD_AFTER.match(text, cue.end())
    word = cue.group(0).lower()
    if nxt is None or " " in word or nxt.group(1).lower() in FUNCTION_WORDS:
        return ""
    return f"{word} {PLURAL_S.sub('', nxt.group(1).lower())}"


def terms(text: str) -> frozenset[str]:
    """The terms of a document that begin with a judgement cue word and that it uses at least
    `TERM_REPEATS` times ("indirect cost" in a report on indirect costs): in them the word is
    part of a name of the subject, not the writer's judgement."""
    counts = Counter(t for m in ASSESSMENT_CUES.finditer(text) if (t := _term(text, m)))
    return frozenset(t for t, n in counts.items() if n >= TERM_REPEATS)


def judges(content: str, known_terms: frozenset[str] = frozenset()) -> bool:
    """Does `content` carry a judgement cue outside the document's own terms (`terms`)?"""
    return any(not known_terms or _term(content, m) not in known_terms
               for m in ASSESSMENT_CUES.finditer(content))


def addresses_reader(sg: Segmented) -> bool:
    """Does the document argue: do at least `ADDRESSING` of its own sentences (not a
    transcript's turns, not quoted speech, not headings) speak to the reader in the second
    person ("Especially when you consider that …", "And neither should you.")? News stories
    and reports quote people who say "you"; their own voice does not; nor does a transcript
    (any paragraph with a speaker label), whose "you" is one speaker's to another."""
    if any(p.speaker for p in sg.paragraphs):
        return False  # a transcript: its "you" is one speaker's to another, run on or not
    count = 0
    for s in sg.sentences:
        para = sg.paragraphs[s.paragraph]
        if para.speaker or para.is_heading or in_quotation(sg.view, para, s.start):
            continue
        if SECOND_PERSON.search(quotation.unquoted(sg.view[s.start:s.end])):
            count += 1
            if count >= ADDRESSING:
                return True
    return False


def document_type(att: ca.Attribution, content: str, has_date: bool, self_subject: bool,
                  verb: Callable[[], str] | None, argued: bool = False,
                  known_terms: frozenset[str] = frozenset()) -> str:
    """The type of a clause the document says in its own voice (`att` its reading: "document"
    or an agentless "passive" report), from cues in `content` and its main verb (`verb`, read
    from the parse when asked: `clause_shape.main_verb`).

    The publisher speaking of itself (`self_subject`) states; a judgement (a cue word, a modal
    of judgement, a consequence drawn) is an assessment; a dated clause or an action an event
    report; a clause that says what something is, an assessment. In a document that argues
    (`argued`: `addresses_reader`), a clause without a date of its own is the writer's
    judgement. A cue word in a term the document keeps using (`known_terms`: `terms`) judges
    nothing."""
    if self_subject:
        return "statement"
    if ACCUSING_WORDS.search(content) and verb is not None and verb() == "accusation":
        return "allegation"  # "Businesses and residents also have complained of …"
    if BELIEF_WORDS.search(content) and verb is not None and verb() == "belief":
        return "assessment"  # "They worry China is taking back the freedoms …"
    if judges(content, known_terms) or (
            MODAL_WORDS.search(content) and verb is not None and verb() == "modal") or (
            INFERENCE_WORDS.search(content) and verb is not None and verb() == "inference"):
        return "assessment"
    if SPEAKING_WORDS.search(content) and verb is not None and verb() == "speech":
        return "statement"  # the subject's words told without a reporting clause
    if att.kind == "passive" and att.verb in ("allege", "accuse"):
        return "allegation"
    if argued:  # the writer judges, unless the clause is set in time ("in the 2016 campaign")
        return "event_report" if has_date or YEAR.search(content) else "assessment"
    if has_date or att.kind == "passive" or EVENT_CUES.search(content) \
            or re.search(r"\b\w+ed\b", content):
        return "event_report"
    return "event_report" if verb is not None and verb() == "action" else "assessment"
