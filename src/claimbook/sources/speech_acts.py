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
from claimbook.sources import attribution, own_voice
from claimbook.sources import clause_attribution as ca
from claimbook.sources.clause_shape import STATE_VERBS, Shape, shape, words_in
from claimbook.sources.reporting_verbs import DENIAL_VERBS, DISMISSIVE_ALTERNATIVES

HEDGES = re.compile(r"\b(likely|unlikely|probably|possibly|perhaps|(?-i:may)|might|could|appears?|"
                    r"appeared|seems?|seemed|suggests?|suggested|indicates?|indicated|estimated?|believed?|assess(ed)?)\b",
                    re.I)


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
# a possessive in a subject makes it the speaker's own ("two of its soldiers", "their crews")
OWNING_WORDS = re.compile(r"\b(?:its|our|their|my)\b", re.I)
NEGATION = re.compile(r"\b(?:not|never|no|neither|nor)\b|n['’]t\b", re.I)
FIRST_PERSON_WORDS = re.compile(rf"\b(?:{'|'.join(sorted(FIRST_PERSON))})\b", re.I)


# reporting verbs that put what follows as the speaker's judgement, not a fact
JUDGING_VERBS = {"believe", "assess", "estimate", "predict", "suggest", "regard", "express"}
OWN_PARTY_WORDS = {"we", "our", "us", "ours", "ourselves"}
OWN_WORDS = re.compile(rf"\b(?:{'|'.join(sorted(OWN_PARTY_WORDS))})\b", re.I)


def own_state(country: str, claimant_type: str, claimant: Claimant) -> bool:
    """Does a subject of `country` and `claimant_type` stand for the claimant's own state: the
    claimant's country, and a government or head of state?"""
    return bool(claimant.country) and country == claimant.country \
        and claimant_type in ("government", "head_of_state")


# the pronouns that can stand for a body but not for a person, and the reverse
THING_WORDS = {"it", "its", "itself"}
PERSON_WORDS = {"he", "his", "she", "her"}


# the plural pronouns: a body's ("the ministry … their staff"), never a single person's
PLURAL_WORDS = {"they", "their", "them", "theirs", "themselves"}
ADDRESSEE_WORDS = {"you", "your", "yours"}  # in what someone says: the one addressed


def single_person(claimant: Claimant, person: bool | None) -> bool:
    """Is the claimant one person (`person`, else an individual's name that is not a list:
    "Geoffrey Berman", not "Businesses and residents")?"""
    if person is not None:
        return person
    return claimant.claimant_type == "individual" and " and " not in claimant.name \
        and not claimant.name.endswith("s")


def self_reference(content: str, claimant: Claimant, person: bool | None = None,
                   nearer_plural: bool = False) -> bool:
    """Is the reported content about the claimant itself ("it asks its citizens", "we …")?
    A pronoun stands for the claimant only if it can: "it" not for a person, "he" or "she"
    only for one (`person`: is the claimant a person; None when not known), "they" not for one
    person nor past a plural noun nearer to it (`nearer_plural`: "said in a letter to
    communications companies that their level of engagement was …")."""
    words = re.findall(r"[\w'’]+", content.lower())[:3]
    if words and words[0] in PLURAL_WORDS:
        return not (nearer_plural or single_person(claimant, person))
    if words and words[0] in SELF_WORDS:
        return not ((person and words[0] in THING_WORDS)
                    or (person is False and words[0] in PERSON_WORDS))
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


# nouns that name something said: what a denial verb or a verdict of falsity can take as object
# or subject ("rejected the accusations", "the ministry's claim is false"); anything else
# rejected is an act or a request ("rejected Assange's attempt to delay the hearing")
CLAIM_NOUNS = {"claim", "allegation", "accusation", "report", "charge", "assertion", "story",
               "rumour", "rumor", "suggestion", "statement", "idea", "notion", "narrative",
               "information", "speculation", "theory", "version", "account", "remark"}
# a predicate that says what was said is false: the dismissive words, and "(not) true"
FALSITY = re.compile(rf"\b(?:{DISMISSIVE_ALTERNATIVES}|wrong|incorrect|inaccurate|misleading|"
                     r"baseless|ridiculous|nonsense)\b", re.I)
TRUTH_WORDS = {"true", "correct", "accurate", "right", "so"}


def others_act(sh: Shape, claimant: Claimant) -> bool:
    """Does another party act in the clause: a foreign state or people in its subject, a
    passive's agent not the speaker's own ("Russian drones entered …", "shelled by artillery"),
    or "the enemy"? A country named elsewhere ("tanks delivered to Ukraine") is no actor."""
    if re.search(r"\b(?:enemy|occupiers?|invaders?|aggressors?)\b", sh.actors, re.I) \
            or sh.actors.lower().split()[:1] in ([w] for w in ADDRESSEE_WORDS):
        return True  # "the enemy", or the one addressed: "your officers took bribes"
    if sh.agent_words and not re.search(r"\b(?:we|us|our|its|their)\b", sh.agent_words, re.I):
        return True  # "shelled by artillery": someone other than the speaker acts
    found = {alias_mod.COUNTRY_WORDS[w] for w in re.findall(r"[a-z]+", sh.actors.lower())
             if w in alias_mod.COUNTRY_WORDS}
    return bool(found - {claimant.country})


def rejects_what_was_said(sh: Shape | None) -> bool:
    """Does the clause say that something said is false ("the ministry's allegations are
    false", "the claim is absolutely not true")?"""
    if sh is None or sh.verb != "be" or sh.subject not in CLAIM_NOUNS:
        return False
    if FALSITY.search(sh.predicate):
        return True
    # the negation on the verb or on the predicate itself ("is “absolutely not true”")
    return (sh.negated or bool(NEGATION.search(sh.predicate))) \
        and sh.predicate.lower().split()[-1:] in ([w] for w in TRUTH_WORDS)


# an answer to what was said: "contrary to publicity otherwise", "despite … allegations to the
# contrary"
CONTRARY = re.compile(r"\bcontrary\b", re.I)


def contradicts(sh: Shape | None, content: str) -> bool:
    """Does the clause say that something did not happen, against what was said ("FEMA has not
    ended the BRIC program, contrary to publicity otherwise", "despite Plaintiffs' allegations
    to the contrary, Defendants have not terminated BRIC")?"""
    return sh is not None and sh.negated and bool(CONTRARY.search(content))


def denies(sh: Shape | None, content: str) -> bool:
    """Is the clause a denial without a denial verb: something said called false, an act of
    force said not to happen, or a negation against what was said (`contradicts`)?"""
    return rejects_what_was_said(sh) or (hostile(sh) and sh.negated) or contradicts(sh, content)


# a noun made from a verb names an act ("the deployment", "the seizure", "the detention"):
# what it is said to be follows whose act it is, not a judgement of a thing
DEVERBAL = re.compile(r"\w{3,}(?:ment|tion|sion|ure|al)$")


# acts of force or coercion against others: the claim that one happened accuses whoever did it
HOSTILE_ACTS = {"strike", "hit", "shell", "attack", "target", "bomb", "destroy", "damage", "kill",
                "wound", "injure", "seize", "capture", "kidnap", "abduct", "detain", "arrest",
                "search", "raid", "loot", "torture", "execute", "shoot", "invade", "occupy",
                "violate", "hack", "jam", "threaten", "deport", "bombard", "assault", "burn",
                "prevent", "block", "force", "coerce", "expel"}


def hostile(sh: Shape | None) -> bool:
    """Is the clause's main verb an act of force against others, reported as done ("a missile
    struck a warehouse", "at least 14 civilians were detained"; not "must not be forced")?"""
    return sh is not None and sh.verb in HOSTILE_ACTS and not sh.modal


# verbs of having, perceiving and lacking: what they say of a party is no act it did ("the
# Sierra Nevada has seen a fraction of an inch of rain", "China has the power to …")
STATIVE = {"have", "see", "lack", "contain", "include", "own", "know", "need", "want",
           "experience", "receive"}


def acts(sh: Shape | None) -> bool:
    """Does the clause's subject do something: a verb of action, not a copula or a verb of
    having or perceiving? Unknown (no parse) counts as acting. (A passive's subject counts:
    "North Korean troops have been deployed" is their side's act.)"""
    return sh is None or (bool(sh.verb) and sh.verb not in STATE_VERBS | STATIVE)


def judges(sh: Shape | None) -> bool:
    """Does the clause judge what something is, a copula or verb of seeming with an adjective
    ("the base is vital to …", "the group was fairly secular", "the call seemed unusual"), of
    a thing rather than an act ("the deployment was defensive")?"""
    return sh is not None and sh.verb in STATE_VERBS and sh.predicate_kind == "adj" \
        and not DEVERBAL.match(sh.subject) and not sh.person


def _word_stems(name: str) -> set[str]:
    """A name's words without plural endings and "the", "of" ("Lithuanian border guards" and
    "State Border Guard Service" share "border" and "guard")."""
    return {re.sub(r"(?<=\w\w\w)s$", "", w.strip(".,;:")) for w in alias_mod.key(name).split()
            } - {"the", "of", ""}


def claim_type(att: ca.Attribution, claimant: Claimant, content: str, has_date: bool,
               is_document: bool, self_subject: bool = False, speaker: bool = False,
               verb: Callable[[], str] | None = None, person: bool | None = None,
               clause: Callable[[], Shape | None] | None = None, argued: bool = False,
               known_terms: frozenset[str] = frozenset()) -> str:
    """The speech act: from the reporting verb, the claimant's kind and cues in the content.

    What a claimant says about its own side, naming no other party as the one acting, is a
    statement; so is what a transcript's speaker says unless it names another party acting.
    In the document's voice a modal on the main verb ("could face", "would allow": `verb`, read
    from the parse when asked) makes an assessment; with no other cue, a clause whose verb is
    an action is an event report, one that characterizes ("is one of …") an assessment.
    """
    if att.verb in DENIAL_VERBS or FLAT_REJECTION.match(content):
        return "denial"
    if att.verb in ("characterize", "accuse", "allege"):
        return "allegation"
    if ESTIMATIVE.match(content) or JUDGEMENT_FRAME.search(content):
        return "assessment"
    if is_document:
        return own_voice.document_type(att, content, has_date, self_subject, verb, argued,
                                       known_terms)
    # what the parse says of a clause read without its own reporting verb ("X said A, and that
    # B"): only where a negation or a verdict of falsity may be found in it (`clause`)
    sh = clause() if clause is not None and (NEGATION.search(content) or FALSITY.search(content)) \
        else None
    if denies(sh, content):
        return "denial"
    if att.to_infinitive or (self_reference(content, claimant, person)
                             and not AGENT.search(content)):
        return "statement"
    if claimant.claimant_type in ("military_intelligence", "government", "unknown") \
            and INTELLIGENCE.search(claimant.name):
        # an intelligence body's findings (its name says so: "an NIS official" too), not any
        # military speaker's
        return "intelligence_report"
    if HEDGES.search(content) or att.verb in JUDGING_VERBS:
        return "assessment"  # hedged, or said as a belief or estimate ("protesters believe …")
    if not accuses_another(content, claimant) or (speaker and own_first(content, claimant)
                                                  and not AGENT.search(content)):
        # "they" that cannot be the claimant, or the one addressed ("your officers took
        # bribes"), is another party acting ("they repeatedly failed to conduct mandated
        # checks", a prosecutor said)
        first = re.findall(r"[\w'’]+", content.lower())[:1]
        return "allegation" if first in ([w] for w in ADDRESSEE_WORDS) or (
            not speaker and first in ([w] for w in PLURAL_WORDS)) else "statement"
    return "allegation"


def abbreviates(words: str, name: str) -> bool:
    """Are `words` the initials of `name`, with or without dots ("the U.N." of "United
    Nations", "FEMA" of "Federal Emergency Management Agency")?"""
    short = re.sub(r"^the\s+|\.", "", words.strip(), flags=re.I)
    initials = "".join(w[0] for w in re.findall(r"[A-Z][\w'’-]*", name))
    return len(short) >= 2 and short.isupper() and short == initials


def own_countries(claimant: Claimant, raw: str) -> set[str]:
    """The claimant's own countries: its own, and the one its name as written belongs to by a
    possessive ("China's ambassador to Britain" speaks for China, whichever country the name
    resolved to)."""
    m = re.match(r"\W*(.+?)['’]s\s", raw)
    return {c for c in (claimant.country, alias_mod.country_of(m.group(1)) if m else "") if c}


def own_first(content: str, claimant: Claimant) -> bool:
    """Is the first party a speaker's words name their own ("Yesterday our embassy in Beijing
    delivered a note": "our" before "Beijing"; not "Russian drones entered our airspace")? The
    word order stands in for the subject where a transcript line is not parsed."""
    for w in re.findall(r"[\w'’]+", content.lower()):
        if w in OWN_PARTY_WORDS:
            return True
        if w in alias_mod.COUNTRY_WORDS or w in ("enemy", "occupiers", "invaders"):
            return alias_mod.COUNTRY_WORDS.get(w) == claimant.country != ""
    return False


def type_from_structure(ctype: str, said: attribution.Said, claimant: Claimant, raw: str,
                         content: str, doc: Doc | Span | None = None,
                         span: tuple[int, int] | None = None) -> str:
    """The type read from the complement's parse (`doc`, the sentence `said` was read in;
    `span`, the complement's characters in it, when not all of `said`'s).

    A complement that says something said is false ("the ministry's allegations are false") is
    a denial; "rejected" or "dismissed" with an act or a request as object ("rejected
    Assange's attempt to delay the hearing"), not something said, is a decision reported, an
    event. Then statement or allegation from who acts in the complement: the claimant itself
    ("we", its own name) → statement; another named party → allegation; no named actor → a
    statement unless another party is named acting in it."""
    sh = shape(doc, *(span or (said.content_start, said.content_end)))
    person = True if said.entity == "PERSON" else None
    # a plural noun between the reporting verb and what is said is nearer to a "they" or
    # "their" opening it than the speaker ("… in a letter to communications companies that
    # their level of engagement was …")
    nearer = doc is not None and said.kind == "lead" and any(
        t.tag_ in ("NNS", "NNPS") for t in words_in(
            doc, min(said.verb_start, said.speaker_start + len(said.speaker)), said.content_start))
    if rejects_what_was_said(sh) or contradicts(sh, content):
        return "denial"
    if ctype == "denial" and said.verb in ("reject", "dismiss") and sh is not None and (
            sh.noun_head or (sh.verb == said.verb and sh.object)) \
            and (sh.noun_head or sh.object) not in CLAIM_NOUNS:
        return "event_report"
    if ctype not in ("statement", "allegation"):
        return ctype
    if said.verb in ("accuse", "allege", "characterize") or (sh is not None and sh.alleged):
        return "allegation"  # "a review of the video allegedly showed the officers asleep"
    if hostile(sh) and sh.negated:
        return "denial"  # "the United States is not preventing people from leaving"
    actor = said.actor.lower()
    if actor in FIRST_PERSON or actor.split()[:1] == ["our"] or (
            actor in ADDRESSEE_WORDS and raw.strip().lower() in ADDRESSEE_WORDS):
        return "statement"  # "we …"; "you stated that you support …": the one addressed
    if actor in PLURAL_WORDS and nearer and acts(sh):
        return "allegation"  # "… is frustrated with utilities companies, saying they failed to …"
    if judges(sh) and not self_reference(sh.subject_words, claimant, person, nearer):
        return "assessment"
    own = _word_stems(claimant.name) | _word_stems(raw)
    same = said.actor_entity != "PRON" and bool(said.actor) and (
        bool(_word_stems(said.actor) & own)
        or alias_mod.resolve(said.actor, alias_mod.alias_table()).name == claimant.name
        or abbreviates(said.actor, claimant.name)
        or alias_mod.country_of(said.actor) in own_countries(claimant, raw))
    if same and not AGENT.search(content):
        return "statement"  # the claimant's own body or side acts ("Lithuanian border guards")
    if said.actor_entity in ("PERSON", "ORG", "GPE", "NORP") and acts(sh):
        return "allegation"
    if said.verb == "claim" and sh is not None and sh.verb and sh.verb != "claim" \
            and not self_reference(content, claimant, person) \
            and not OWNING_WORDS.search(sh.subject_words):
        return "allegation"  # "the post claims the deal was signed …" (not "claimed victory")
    if hostile(sh) and not self_reference(said.actor, claimant, person) \
            and not FIRST_PERSON_WORDS.search(content) \
            and not OWNING_WORDS.search(sh.subject_words):
        return "allegation"  # harm done by or to others: "soldiers searched homes", "… were detained"
    if ctype == "allegation" and (said.actor_entity == "" or (
            said.actor_entity == "PRON" and (self_reference(said.actor, claimant, person)
                or FIRST_PERSON_WORDS.search(content)))) \
            and not (others_act(sh, claimant) if sh is not None and sh.verb
                     else accuses_another(content, claimant)):
        return "statement"
    return ctype
