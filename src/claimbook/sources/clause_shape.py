"""How a clause is built, read from its dependency parse: its main verb, subject, predicate,
object, a passive's agent, negation and modal (`Shape`), and how its main verb puts what it
says (`main_verb`: a modal judgement, an inference, an action or a state). The claim type is
decided from these in `speech_acts` and `own_voice`."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimbook.sources.own_voice import JUDGING_MODALS

# verbs that join a subject to what it is, not what it does
STATE_VERBS = {"be", "seem", "appear", "become", "look", "sound", "remain"}
# verbs that draw a consequence or a reading from a fact: in the writer's voice, a judgement
INFERENCE_VERBS = {"mean", "imply", "suggest", "indicate", "signal"}


# verbs of accusing, complaining or claiming: the subject's allegation, told by the document
ACCUSING_VERBS = {"accuse", "allege", "claim", "complain", "blame", "criticize", "criticise",
                  "condemn", "denounce"}
# verbs of believing or fearing: what follows is the subject's judgement
BELIEF_VERBS = {"believe", "think", "worry", "fear", "suspect", "doubt"}
# verbs of telling, demanding or asking for something: the subject speaks ("has reportedly told
# friends …", "the lawyers are demanding …", "the motion asked the court to …"), told by the
# document without a reporting clause of its own ("ask" only with what is asked for: a question
# asked in a hearing, like testifying or pleading not guilty, is an event of the hearing)
SPEAKING_VERBS = {"tell", "ask", "demand", "request", "recommend", "urge", "implore", "beg",
                  "promise", "pledge", "vow", "insist"}
# subjects that are people: what they are or feel ("he was frustrated", "the two were
# prepared to fight the charges") is said of a person, not a judgement of a thing
PERSON_SUBJECTS = {"i", "we", "you", "he", "she", "they"}


@dataclass(frozen=True)
class Shape:
    """How a clause is built, read from its parse: its main verb, subject and predicate."""

    verb: str = ""  # the main verb's lemma ("be" for a copula); "" when the clause has none
    subject: str = ""  # the subject's head, lower case ("" none)
    subject_words: str = ""  # the subject's words as written
    negated: bool = False  # "not", "never", "no one" on the main verb or as its subject's word
    predicate: str = ""  # a copula's complement: its words ("patently false", "vital to …")
    predicate_kind: str = ""  # "adj" | "noun" | ""
    passive: bool = False
    agent: str = ""  # a passive's agent ("by Russian drones"), lower case head
    noun_head: str = ""  # a clause without a verb: its head noun ("attempt" in "X's attempt to …")
    object: str = ""  # the main verb's direct object if a noun, lower-case lemma of its head
    actors: str = ""  # the subject's and a passive agent's own words, without their modifying
    # phrases and clauses ("All Leopard tanks", not "… delivered to Ukraine")
    agent_words: str = ""  # a passive's agent, its own words ("artillery", "our F-16s")
    modal: bool = False  # a modal on the main verb ("must not be forced", "could face")
    person: bool = False  # the subject is a person or people ("Vindman", "she", "the two")
    alleged: bool = False  # the main verb said to be alleged ("allegedly showed")


def core(head: Token) -> str:
    """A noun phrase's own words: its head with its determiners, modifiers and conjuncts, not
    its prepositional phrases, clauses or appositions."""
    words, stack = [], [head]
    while stack:
        t = stack.pop()
        words.append(t)
        stack.extend(c for c in t.children
                     if c.dep_ not in ("prep", "acl", "relcl", "appos", "punct", "advcl"))
    return " ".join(t.text for t in sorted(words, key=lambda t: t.i))


def words_in(doc: Doc | Span, start: int, end: int) -> list[Token]:
    """The tokens that start at characters start..end (a sentence's own parse: its offsets)."""
    span = doc.char_span(start, end, alignment_mode="expand") if isinstance(doc, Doc) else None
    if span is None:
        return [t for t in doc if start <= t.idx < end]
    return [t for t in span if start <= t.idx < end]


def _root(words: list[Token], start: int, end: int, pos: tuple[str, ...]) -> Token | None:
    return next((t for t in words if (t.head.i == t.i or not start <= t.head.idx < end)
                 and t.pos_ in pos), None)


def shape(doc: Doc | Span | None, start: int, end: int) -> Shape | None:
    """The shape of the clause at characters start..end of a parsed sentence (None unparsed)."""
    if doc is None:
        return None
    words = words_in(doc, start, end)
    verb = _root(words, start, end, ("VERB", "AUX"))
    if verb is None:
        noun = _root(words, start, end, ("NOUN", "PROPN"))
        return Shape(noun_head=noun.lemma_.lower() if noun is not None else "")
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    pred = next((c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd")), None)
    agent = next((g for c in verb.children if c.dep_ == "agent" for g in c.children
                  if g.dep_ == "pobj"), None)
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")),
               None)
    negated = any(c.dep_ == "neg" for c in verb.children) or (
        subj is not None and any(c.lower_ in ("no", "none", "not", "neither")
                                 for c in subj.children)) or (
        subj is not None and subj.lower_ in ("nobody", "none", "nothing", "neither"))
    return Shape(
        verb=verb.lemma_.lower(),
        subject=subj.lemma_.lower() if subj is not None else "",
        subject_words=" ".join(t.text for t in subj.subtree) if subj is not None else "",
        negated=negated,
        predicate=" ".join(t.text for t in pred.subtree) if pred is not None else "",
        predicate_kind=("adj" if pred.pos_ == "ADJ" and not pred.like_num and not any(
            c.dep_ in ("det", "xcomp") for c in pred.children)  # not "prepared to fight"
                        else "noun" if pred.pos_ in ("NOUN", "PROPN") else "")
        if pred is not None else "",
        person=subj is not None and (subj.ent_type_ == "PERSON" or subj.pos_ == "NUM"
                                     or subj.lower_ in PERSON_SUBJECTS),
        passive=any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children),
        agent=agent.lemma_.lower() if agent is not None else "",
        object=obj.lemma_.lower() if obj is not None else "",
        actors=" ".join(core(t) for t in (subj, agent) if t is not None),
        agent_words=core(agent) if agent is not None else "",
        modal=any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children),
        alleged=any(c.lower_ in ("allegedly", "purportedly") for c in verb.children))


def has_finite_verb(doc: Doc | Span, start: int, end: int) -> bool:
    """Has the text at characters start..end of a parsed sentence a finite verb or a modal (a
    tense of its own), not only participles, infinitives or nouns?"""
    return any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in words_in(doc, start, end))


def main_verb(doc: Doc | Span, start: int, end: int) -> str:
    """How the clause at characters start..end of a parsed sentence puts what it says, read
    from its main verb: "modal" (could, might, may, would, should: "could face decades in
    jail"), "inference" (what something means: "the decision means there will be no …"),
    "accusation" (someone complains, claims or accuses: "residents have complained of poor
    communications", "a video claims to show …"), "speech" (someone tells or asks, in the active
    voice: "has reportedly told friends …", "the motion asked the court …"), "belief" (someone
    believes, fears or worries: "they worry China is taking back …"), "action" (an act or
    event: "is being held", "faces 18 charges", "is serving a term") or "state" (a copula or
    verb of seeming with a predicate: "is one of the region's critics"; also no verb found)."""
    words = [t for t in doc if start <= t.idx < end]
    verb = next((t for t in words if (t.head.i == t.i or not start <= t.head.idx < end)
                 and t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return "state"
    if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in JUDGING_MODALS
           for c in verb.children):
        return "modal"
    if verb.lemma_.lower() in INFERENCE_VERBS:
        return "inference"
    if verb.lemma_.lower() in ACCUSING_VERBS:
        return "accusation"
    if verb.lemma_.lower() in BELIEF_VERBS:
        return "belief"
    if verb.lemma_.lower() in SPEAKING_VERBS and not any(
            c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) and (
            verb.lemma_.lower() != "ask" or any(c.dep_ == "xcomp" for c in verb.children)):
        return "speech"
    lemma = verb.lemma_.lower()
    pred = [c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd")]
    cleft = any(c.dep_ in ("nsubj", "expl") and c.lower_ == "it" for c in verb.children) and any(
        g.dep_ == "relcl" for c in pred for g in c.children)
    if lemma == "be" and (cleft or pred and all(c.pos_ in ("PROPN", "PRON") for c in pred) or (
            not pred and any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.i > verb.i and any(
                g.dep_ in ("pobj", "prep") for g in c.children)) for c in verb.children))):
        # "be" saying where or how matters stand ("watches were in effect", "sites were out of
        # service", "FEMA was to communicate …") or who did it ("it was Morrison who took
        # over"), not what a thing is: the situation or event reported
        return "action"
    if lemma in STATE_VERBS or pred:
        return "state"
    return "action"
