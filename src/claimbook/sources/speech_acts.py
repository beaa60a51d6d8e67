"""The claim type of a mention: which speech act it is, from the reporting verb, who speaks and
who acts in what they say (the parse's reading, `attribution.Said`) and cues in the words.

The vocabulary and its definitions are the README's: a claimant's statement about itself or its
own actions is a `statement`; an accusation about another party's actions an `allegation`;
"denied / rejected / dismissed / ruled out" a `denial`; `intelligence_report` only for an
intelligence body's findings; `assessment` for judgements and the document's analytic voice;
`event_report` for what happened, in the document's voice.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Span

from claimbook.claims import aliases as alias_mod
from claimbook.claims.aliases import Claimant
from claimbook.sources import attribution
from claimbook.sources import clause_attribution as ca
from claimbook.sources.reporting_verbs import DENIAL_VERBS, DISMISSIVE_ALTERNATIVES

HEDGES = re.compile(r"\b(likely|unlikely|probably|possibly|perhaps|(?-i:may)|might|could|appears?|"
                    r"appeared|seems?|seemed|suggests?|suggested|indicates?|indicated|estimated?|believed?|assess(ed)?)\b",
                    re.I)


ASSESSMENT_CUES = re.compile(
    r"\b(critical|crucial|vital|key|significant(ly)?|strategic|important|essential|lifeline|"
    r"signal|despite|although|indirect(ly)?|effectively|clearly|increasingly|frequently|often|"
    r"regularly|routinely|deepen(ed|ing|s)?|strengthen(ed|ing|s)?|bolster(ed|ing|s)?|"
    r"no (confirmed|evidence|indication)|there is no|not|never|unlikely|likely|probably)\b", re.I)


EVENT_CUES = re.compile(r"\b(reportedly|recently|allegedly|(has|have|had) been \w+(ed|en)|"
                        r"(was|were) \w+(ed|en)|(has|have|had)\s+(\w+ly\s+|since\s+|now\s+|"
                        r"already\s+)?(?!been\b)(\w+ed|\w+en|begun|built|sent|made|held|fought|led|won|lost|"
                        r"shot|struck|sold|bought|brought))\b", re.I)


SELF_WORDS = {"it", "its", "we", "our", "us", "i", "my", "he", "his", "she", "her", "they", "their",
              "itself"}


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


# "…; however, my overall assessment is that …": the speaker's own judgement, anywhere in it.
JUDGEMENT_FRAME = re.compile(r"\b(?:our|my) (?:\w+\s+)?(?:view|assessment|judge?ment|estimate|"
                             r"conclusion) (?:is|was) that\b", re.I)


# A short flat rejection of what was just said: "That is simply false", "This is pure invention",
# "That is not true": the dismissive words of `reporting_verbs.DISMISSIVE_WORDS`, and "true".
FLAT_REJECTION = re.compile(
    r"^\W*(?:that|this|it|these|those|(?:all|none) of (?:this|that|it|these|those)|"
    r"(?:this|that|the|these|those|such) (?:claim|claims|report|reports|story|stories|allegation|"
    r"allegations|accusation|accusations|account|rumou?rs?)|all this)\s+(?:is|are|was|were)\s+"
    r"(?:(?:simply|completely|absolutely|utterly|totally|entirely|pure|sheer|total|plainly|just|"
    r"an?|not|outright|a complete|a total|an absolute)\s+)*"
    rf"(?:{DISMISSIVE_ALTERNATIVES}|true)\b", re.I)


# Another party named as the one acting: a passive agent ("struck by Russian missiles").
AGENT = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?(?:struck|hit|shelled|"
                   r"attacked|targeted|bombed|destroyed|damaged|killed|wounded|injured|seized|"
                   r"captured|kidnapped|abducted|mined|jammed|hacked|threatened|fired on|"
                   r"violated|invaded|occupied)\s+by\s+(?!our\b|us\b|its\b)", re.I)


INTELLIGENCE = re.compile(r"\b(?:intelligence|HUR|GUR|CIA|MI5|MI6|FSB|SVR|GRU|SBU|Mossad|DIA|NSA|NIS|"
                          r"spy|spies|espionage)\b", re.I)


FIRST_PERSON = {"we", "i", "us", "our", "my"}


# verbs that join a subject to what it is, not what it does
STATE_VERBS = {"be", "seem", "appear", "become", "look", "sound", "remain"}
# modals of judgement on a clause's verb (not "will": a plan or schedule is reported as such)
JUDGING_MODALS = {"could", "might", "may", "would", "should"}
# the same modals as words in a text (a cheap test before the parse is asked)
MODAL_WORDS = re.compile(rf"\b(?:{'|'.join(sorted(JUDGING_MODALS))})\b", re.I)


OWN_WORDS = re.compile(r"\b(?:we|our|us|ours|ourselves)\b", re.I)


def own_state(country: str, claimant_type: str, claimant: Claimant) -> bool:
    """Does a subject of `country` and `claimant_type` stand for the claimant's own state: the
    claimant's country, and a government or head of state?"""
    return bool(claimant.country) and country == claimant.country \
        and claimant_type in ("government", "head_of_state")


def self_reference(content: str, claimant: Claimant) -> bool:
    """Is the reported content about the claimant itself ("it asks its citizens", "we …")?"""
    words = re.findall(r"[\w'’]+", content.lower())[:3]
    if words and words[0] in SELF_WORDS:
        return True
    first = " ".join(words[:2])
    return own_state(alias_mod.country_of(first), claimant.claimant_type, claimant)


def accuses_another(content: str, claimant: Claimant) -> bool:
    """Does the content name another party as the one acting (a foreign state, "the enemy",
    a passive agent "struck by …")? Then it is an allegation, whoever says it."""
    if AGENT.search(content) or re.search(r"\b(?:enemy|occupiers?|invaders?|aggressors?)\b",
                                          content, re.I):
        return True
    found = {alias_mod.COUNTRY_WORDS[w] for w in re.findall(r"[a-z]+", content.lower())
             if w in alias_mod.COUNTRY_WORDS}
    return bool(found - {claimant.country})


def own_side(content: str, claimant: Claimant) -> bool:
    """Is the subject of the content the claimant's own side ("our patrols", "two of our
    plants", "Polish border guards" said by a Polish ministry)?"""
    head = " ".join(re.findall(r"[\w'’]+", content)[:6])
    if OWN_WORDS.search(head):
        return True
    return bool(claimant.country) and alias_mod.country_of(
        " ".join(head.split()[:3])) == claimant.country


def main_verb(doc: Doc | Span, start: int, end: int) -> str:
    """How the clause at characters start..end of a parsed sentence puts what it says, read
    from its main verb: "modal" (could, might, may, would, should: "could face decades in
    jail"), "action" (an act or event: "is being held", "faces 18 charges", "is serving a
    term") or "state" (a copula or verb of seeming with a predicate: "is one of the region's
    critics"; also no verb found)."""
    words = [t for t in doc if start <= t.idx < end]
    verb = next((t for t in words if (t.head.i == t.i or not start <= t.head.idx < end)
                 and t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return "state"
    if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in JUDGING_MODALS
           for c in verb.children):
        return "modal"
    if verb.lemma_.lower() in STATE_VERBS or any(c.dep_ in ("acomp", "attr", "oprd")
                                                 for c in verb.children):
        return "state"
    return "action"


def claim_type(att: ca.Attribution, claimant: Claimant, content: str, has_date: bool,
               is_document: bool, self_subject: bool = False, speaker: bool = False,
               verb: Callable[[], str] | None = None) -> str:
    """The speech act: from the reporting verb, the claimant's kind and cues in the content.

    What a claimant says about its own side, naming no other party as the one acting, is a
    statement; so is what a transcript's speaker says unless it names another party acting.
    In the document's voice a modal on the main verb ("could face", "would allow": `verb`, read
    from the parse when asked) makes an assessment; with no other cue, a clause whose verb is
    an action is an event report, one that characterizes ("is one of …") an assessment.
    """
    if att.verb in DENIAL_VERBS or FLAT_REJECTION.match(content):
        return "denial"
    if att.verb == "characterize":
        return "allegation"
    if ESTIMATIVE.match(content) or JUDGEMENT_FRAME.search(content):
        return "assessment"
    if is_document:
        if self_subject:
            return "statement"
        if ASSESSMENT_CUES.search(content) or (
                MODAL_WORDS.search(content) and verb is not None and verb() == "modal"):
            return "assessment"
        if att.kind == "passive" and att.verb in ("allege", "accuse"):
            return "allegation"
        if has_date or att.kind == "passive" or EVENT_CUES.search(content) \
                or re.search(r"\b\w+ed\b", content):
            return "event_report"
        return "event_report" if verb is not None and verb() == "action" else "assessment"
    if att.to_infinitive or (self_reference(content, claimant) and not AGENT.search(content)):
        return "statement"
    if claimant.claimant_type == "military_intelligence" and INTELLIGENCE.search(claimant.name):
        return "intelligence_report"  # an intelligence body's findings, not any military speaker
    if HEDGES.search(content):
        return "assessment"
    if not accuses_another(content, claimant) and (speaker or own_side(content, claimant)):
        return "statement"
    return "allegation"


def type_from_structure(ctype: str, said: attribution.Said, claimant: Claimant, raw: str,
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
            and not accuses_another(content, claimant):
        return "statement"
    return ctype
