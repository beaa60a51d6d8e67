"""Who a sentence says said what: attribution read from the dependency parse.

Wherever the source stands — "X said that C", "C, X said", "C, said X", "say oceanographers",
"X told Y C", "X wrote on social media that C", "X said in an April 8 statement C", "according to X,
C", "X, citing Y, said C", "X described A as B", "X accused Y of Z", "X denied C" — the speaker is
the reporting verb's subject and the claim is its complement: the whole clause, never a fragment
(the parse knows where the complement's subtree ends). The speaker is the subject's noun phrase
without what only describes it: an apposition ("Soelistyo, head of Indonesia's search and rescue
agency" speaks as "Soelistyo"; the apposition is kept as `description`), a relative clause ("who
serves in a provisional government"), a place ("in Tallinn") or the medium ("on social media", "in a
statement"). The parse comes from `nlp`; this module only reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimbook.sources import nlp, quotation, reported
from claimbook.sources import speaker_phrase as sp
from claimbook.sources.act_made import (
    UNDERTAKING,
    adds_a_thing,
    claims_a_due,
    evidence_without_maker,
    unmade_evidence,
    unrealized,
)
from claimbook.sources.clauses import names_a_source, per_a_source
from claimbook.sources.reporting_verbs import (
    ANSWERING,
    AS_CHARACTERIZING,
    CHARACTERIZING_VERBS,
    CLAUSE_ONLY,
    EXPRESSED,
    EXPRESSED_FORMS,
    EXPRESSING,
    MEASURE_NOUNS,
    PARSED,
    REPORTING,
    SEEN_AS,
)

# what a plea takes ("pleaded not guilty", "pleaded no contest", "pleaded the Fifth"): "plead" with
# one of these is a plea in court, no appeal ("pleaded with the administration to reconsider …")
PLEA = {"acomp", "oprd", "dobj"}
# what a body issues, whose participle then reports: "issued a statement warning that …"
STATEMENTS = {"statement", "communique", "communiqué", "release", "notice", "declaration", "letter",
              "report", "message", "warning", "note", "advisory", "update", "bulletin", "guidance",
              "memo", "memorandum", "announcement"}
FIRST_PERSON = {"i", "we"}
# verbs of feeling whose passive is the subject's state ("is frustrated", "was concerned")
FEELINGS = {"frustrate", "concern", "worry", "disappoint", "alarm", "anger", "outrage", "dismay",
            "trouble", "satisfy", "please", "encourage", "convince", "surprise", "shock"}


@dataclass
class Said:
    """One reporting act found in a sentence (character offsets are the sentence's)."""

    kind: str  # lead ("X said C") | tail ("C, X said") | according | citing
    speaker: str  # the speaker's noun phrase as written, without apposition, place, medium
    description: str  # what an apposition says of the speaker ("head of … agency"), or ""
    verb: str  # the reporting verb's normalized lemma (PARSED)
    verb_text: str
    verb_start: int  # offset of the reporting verb (of "according" for according)
    content_start: int
    content_end: int
    clause_start: int  # the whole reporting clause: speaker, verb and content
    clause_end: int
    to_infinitive: bool = False
    entity: str = ""  # the named entity's label the speaker's head is part of (PERSON, ORG, …)
    relayed_by: str = ""  # "X, citing Y": X relays Y's claim
    speaker_start: int = 0
    head: str = ""  # the speaker phrase's head word ("doctor" in "A doctor on the scene")
    own_subject: bool = True  # the verb has its own subject (not shared: "X said A and added B")
    actor: str = ""  # who acts in the complement: its subject, or a passive's agent ("" if none)
    actor_entity: str = ""  # that actor's entity label, or PRON for a pronoun
    through: str = ""  # the document the speaker wrote, when it is the subject ("declaration")


def _span_chars(tokens: list[Token]) -> tuple[int, int]:
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


def _actor_tokens(actor: Token) -> list[Token]:
    """The acting party's own words: "Moscow's cooperation", not "… with Pyongyang"."""
    return sp.drop_subtrees(actor, lambda ch: ch.dep_ in sp.DROP_IN_SPEAKER | {"prep"}) or [actor]


def _actor_entity(act: Token | None) -> str:
    if act is None:
        return ""
    return "PRON" if act.pos_ == "PRON" else sp.entity(_actor_tokens(act))


def _actor(content: list[Token]) -> Token | None:
    """The content's acting party: the subject of its main verb, or a passive's agent."""
    inside = set(content)
    roots = [t for t in content if t.head not in inside or t.head == t]
    for root in roots:
        for ch in root.children:
            if ch.dep_ == "agent":
                obj = next((c for c in ch.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
        for ch in root.children:
            if ch.dep_ in ("nsubj", "nsubjpass") and ch in inside:
                return ch  # a passive's subject when no agent is named: who it happened to
    return None


def _subject(verb: Token) -> Token | None:
    """The reporting verb's subject; shared from the first verb of a coordination ("X said A
    and added B") or an open complement's controller."""
    v = verb
    deps = reported.SUBJECT_DEPS
    for _ in range(3):
        subjects = [ch for ch in v.children if ch.dep_ in deps]
        if subjects:
            # two subjects where the parse split a name from its title ("CPUC President Marybel
            # Batjer said": 'CPUC' and 'Batjer'): the one next to the verb
            before = [ch for ch in subjects if ch.i < v.i]
            split = len(before) > 1 and all(ch.pos_ == "PROPN" for ch in before[-2:]) \
                and before[-1].left_edge.i == before[-2].right_edge.i + 1
            return before[-1] if split else subjects[0]
        if reported.second_act(v):  # "X said A and called on …" parsed inside A: X's second act
            v = v.head.head
            continue
        if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
            v = v.head
            continue
        if v.tag_ == "VBG" and v.dep_ == "advcl" and v.head.pos_ in ("VERB", "AUX"):
            v = v.head  # "X defended the party, saying C": X says C
            if v.lemma_.lower() in FEELINGS:  # "X is frustrated with Y, saying C": X says C, but
                deps = reported.SUBJECT_DEPS | {"nsubjpass"}  # not "X were charged …, stating C"
            continue
        if v.dep_ == "xcomp" and v.head.lemma_.lower() in UNDERTAKING and v.head.tag_ != "VBG":
            v = v.head  # "Trump has tried to suggest that …": Trump suggests it (while "analysts
            continue  # are trying to assess …" is at work, no judgement made)
        if v.tag_ == "VBG" and v.dep_ == "acl" and v.head.dep_ == "dobj" \
                and v.head.lemma_.lower() in STATEMENTS:
            v = v.head.head  # "X issued a statement warning that C": X warns C
            continue
        return _taken_by_an_aside(v)
    return None


def _verb_read_as_noun(t: Token) -> bool:
    """A reporting verb the tagger read as a plural noun at the root, with a subject of its own
    and a "that" clause after it ("the Congressional Budget Office projects that …"): no noun
    has a subject."""
    return t.tag_ == "NNS" and t.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in t.children) \
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.subtree if c.i > t.i)


def _taken_by_an_aside(verb: Token) -> Token | None:
    """The subject the parse gave to a writer's aside before the verb: "As we have noted, a 2019
    study by X concluded that C" read "noted a 2019 study", leaving "concluded" without one."""
    for aside in (c for c in verb.children if c.dep_ == "advcl" and c.i < verb.i):
        if any(m.dep_ == "mark" and m.lower_ == "as" for m in aside.children):
            obj = next((c for c in aside.children if c.dep_ == "dobj"), None)
            if obj is not None and all(not reported.is_word(t) for t in obj.doc[obj.right_edge.i + 1:verb.i]):
                return obj
    return None


@lru_cache(maxsize=1)
def _may_report() -> tuple[re.Pattern[str], tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]]:
    # the parse's reporting verbs as the lemmatizer could read them, every word the rules read as
    # one (their reporting and characterizing verbs, a post that "purports"), "according to" and
    # "citing": a superset, so a sentence without any holds nothing either reader attributes; a
    # verb that reports only beside a word of its own ("sees X as Y", "expressed concern") only
    # with that word somewhere in the sentence ("you see", "we'll see" are common in speech)
    def alternatives(words: set[str]) -> re.Pattern[str]:
        return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True))
                          + r")\b", re.I)
    companions = {**dict.fromkeys(SEEN_AS, {"as"}), **dict.fromkeys(EXPRESSING, EXPRESSED_FORMS),
                  **dict.fromkeys(ANSWERING, {"that"})}
    words = (set(nlp.verb_forms(frozenset(PARSED) - set(companions))) | set(REPORTING)
             | set(CHARACTERIZING_VERBS) | {"according", "citing", "per", "purport", "purports"})
    return alternatives(words), tuple(
        (alternatives(set(nlp.verb_forms(frozenset((lemma,))))), alternatives(set(words_of)))
        for lemma, words_of in companions.items())


def may_report(sentence: str) -> bool:
    """Can the sentence hold a reporting act at all: a word that is a form of a reporting verb
    (as the pipeline's lemmatizer reads verbs, or as the rules do), "according" or "citing"?
    A sentence without one has no attribution to read, so it need not be parsed."""
    words, paired = _may_report()
    return words.search(sentence) is not None or any(
        verb.search(sentence) is not None and companion.search(sentence) is not None
        for verb, companion in paired)


def needs_entities(doc: Doc | Span) -> bool:
    """Will `attributions` read the named entities of this parsed sentence (it reads them only
    around a reporting verb, "according to" or "citing")?"""
    return any(t.lower_ in ("according", "citing", "per") or (
        t.pos_ == "VERB" and t.lemma_.lower() in PARSED) for t in doc)


def inside_quotation(doc: Doc | Span, t: Token) -> bool:
    """Is `t` inside a quotation the sentence opens before it (“The script just said …,”
    Harper said.)? A reporting verb there is the quoted speaker's words, not an act of its own
    (`attributions` keeps one exception: the quoted speaker citing their own words, "as I said")."""
    return quotation.left_open(doc.text[:t.idx - doc[0].idx])


def according_source(t: Token) -> Token | None:
    """The source an "according to" or "per" names, None where it names none: a measure
    ("according to the needs …", "according to plan"), a rate or a phrase ("per square inch",
    "per se"), or evidence no one is named as making ("according to evidence presented at trial":
    the writer's report)."""
    to = next((c for c in t.children if c.lower_ == "to"), None)
    obj = next((c for c in (to.children if to is not None else t.children) if c.dep_ == "pobj"), None)
    if obj is None or obj.lemma_.lower() in MEASURE_NOUNS or unmade_evidence(obj):
        return None
    if t.lower_ == "per" and not per_a_source(sp.text(list(obj.subtree))):
        return None
    return obj


def attributions(doc: Doc | Span | None) -> list[Said]:
    """Every reporting act of one parsed sentence, in text order (none without a parse)."""
    out: list[Said] = []
    if doc is None:
        return out
    relays: dict[int, str] = {}
    for t in doc:
        if t.lower_ in ("according", "per") and t.dep_ == "prep":
            if (obj := according_source(t)) is None:
                continue
            phrase = set(t.subtree)
            head = t.head
            while head.dep_ not in ("ROOT", "ccomp", "conj") and head.head != head:
                head = head.head
            content = [x for x in head.subtree if x not in phrase and not (
                x.is_punct and x.i + 1 < len(doc) and doc[x.i + 1] in phrase)]
            content = reported.trim(content)
            # "according to credible reports received by Amnesty": the reports' author speaks
            wrote = sp.author(obj)
            spk = sp.speaker_tokens(wrote if wrote is not None else obj)
            if not content or not spk:
                continue
            cs, ce = _span_chars(content)
            ks, ke = _span_chars(list(head.subtree))
            act = _actor(content)
            out.append(Said("according", sp.text(spk), sp.description(obj), "say",
                            "according to" if t.lower_ == "according" else t.text,
                            t.idx, cs, ce, ks, ke, entity=sp.entity(spk), speaker_start=t.idx,
                            head=obj.lower_,
                            actor=sp.text(_actor_tokens(act)) if act is not None else "",
                            actor_entity=_actor_entity(act),
                            through=obj.lower_ if wrote is not None else ""))
        elif t.lower_ == "citing" and t.dep_ in ("advcl", "acl", "xcomp", "conj"):
            obj = next((c for c in t.children if c.dep_ == "dobj"), None)
            if obj is not None and names_a_source(sp.text(list(obj.subtree))):
                # "Reuters, citing two sources, said …": the sources said it; "the ministry,
                # citing intercepted communications, said …": the ministry did
                relays[t.head.i] = sp.text(sp.speaker_tokens(obj))
    for t in doc:
        lemma = t.lemma_.lower()
        if lemma not in PARSED or not (t.pos_ == "VERB" or _verb_read_as_noun(t)):
            continue
        quoted = inside_quotation(doc, t)
        if (lemma in ("rule", "point") and not any(c.lower_ == "out" for c in t.children)) \
                or (lemma == "plead" and any(c.dep_ in PLEA for c in t.children)) \
                or unrealized(t) or claims_a_due(t) or adds_a_thing(t) or evidence_without_maker(t):
            continue  # "did not reveal …", "will announce …", "did not rule out …", "pointed
            # to", "pleaded not guilty", "pleaded the Fifth" (a plea; "pleaded with them to …" an
            # appeal): no act
        name = PARSED[lemma]
        if lemma == "call" and t.dep_ == "conj" and any(
                c.dep_ == "prep" and c.lower_ in ("on", "for") for c in t.children):
            name = "urge"  # "called on the government to withdraw", "called for talks"
        elif name == "characterize" and (
                not any(c.dep_ in ("oprd", "attr") for c in t.children)
                and not (lemma in AS_CHARACTERIZING and any(c.lower_ == "as" for c in t.children))):
            continue  # "calls on the governments to …", "called for talks": not a characterization
        elif name == "regard" and not any(c.lower_ == "as" for c in t.children):
            continue  # "saw the car", "we'll see": no view of a thing as something
        elif name == "express" and not any(c.dep_ == "dobj" and c.lemma_.lower() in EXPRESSED
                                           for c in t.children):
            continue  # "expressed its goods", "voiced the character": no view expressed
        if lemma in ("call", "post", "hope", "believe", "note", "add", "report", "write",
                     "confirm", "announce", "urge") and t.tag_ == "VBN" and any(
                c.dep_ == "auxpass" for c in t.children):
            continue  # "a meeting called for Monday", "it was reported": not a speaker
        subj = _subject(t)
        if subj is None or subj.lower_ in ("there", "which", "that", "who", "this") or (
                subj.lower_ == "it" and subj.dep_ == "expl"):
            continue
        if lemma in CLAUSE_ONLY and not (
                subj.head == t and subj.lower_ not in FIRST_PERSON and t.dep_ not in ("acl", "relcl")
                and not any(c.dep_ == "auxpass" for c in t.children)
                and (t.tag_ != "VBN" or any(c.dep_ == "aux" for c in t.children))
                and any(c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX") and c.i > t.i
                        for c in t.children)):
            continue  # "found the car", "found it hard to believe", "a bacteria usually found in
            # …", "…, but expect X to …" (no subject of its own): no finding, no forecast; the
            # clause comes after the verb ("found that …"), never before it; "we found" is the
            # writer's own voice, read as before
        comp = reported.complement(t, name)
        to_inf = False
        if comp is not None:
            content, to_inf = comp
        else:
            content = reported.clause_before(t) or reported.quoted_after_colon(t)
            if content is None:
                continue
        content = reported.trim(content)
        if not content:
            continue
        content += reported.dangling(content, subj)
        through = ""
        if (author := sp.author(subj)) is not None:
            subj, through = author, subj.lower_
        spk = sp.speaker_tokens(subj)
        if not spk:
            continue
        cs, ce = _span_chars(content)
        clause = [*content, *spk, t]
        ks, ke = _span_chars(clause)
        kind = "tail" if cs < t.idx else "lead"
        relay = relays.get(t.i, "")
        speaker, description = sp.text(spk), sp.description(subj)
        speaker = sp.PRONOUN_OF.get(speaker.lower(), speaker)
        if quoted and not (speaker.lower() in FIRST_PERSON
                           and any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children)):
            continue  # the quoted words ("The script just said …", "… and I'll tell you …");
            # "as I said" / "as my statements said" is the quoted speaker citing their own act
            # (`_first_person_quoted`)
        head_word = subj.lower_
        named_spk: list[Token] = []
        if subj.ent_type_ == "PERSON" and (person := sp.person(spk, subj)) is not None:
            speaker = person[0]
            description = description or person[1]
        elif (named := sp.named_apposition(subj)) is not None:
            # "Sweden's deputy director of public prosecutions, Eva-Marie Persson, said": the
            # name in apposition to a title speaks; the title describes
            name_run = list(named.doc[named.left_edge.i:named.i + 1])  # "Eva-Marie Persson"
            if not all(x.pos_ == "PROPN" or x.text in "-‐" for x in name_run):
                name_run = sp.speaker_tokens(named)
            if named.ent_type_ == "PERSON":  # "ambassador to Britain Liu Xiaming": not Britain
                while len(name_run) > 1 and name_run[0].ent_type_ in sp.PLACE_ENTS | {"NORP", "ORG"}:
                    name_run = name_run[1:]
            speaker, description, head_word = sp.text(name_run), speaker, named.lower_
            named_spk = name_run  # its entity is the name's (a PERSON), not the title's place
        act = _actor(content) if comp is None or not comp[1] else None
        said = Said(kind, relay or speaker, description, name, t.text, t.idx,
                    cs, ce, ks, ke, to_inf, sp.entity(named_spk or spk),
                    relayed_by=speaker if relay else "",
                    speaker_start=spk[0].idx, own_subject=subj.head == t, head=head_word,
                    actor=sp.text(_actor_tokens(act)) if act is not None else "",
                    actor_entity=_actor_entity(act), through=through)
        out.append(said)
    # a reporting verb inside another's complement is what that speaker says ("…, however
    # preliminary reports do not indicate …," the statement said): one claim, the outer speaker's
    kept = []
    for a in out:
        outer = next((b for b in out if b is not a and b.kind != "according"
                      and b.clause_start <= a.verb_start < b.clause_end
                      and (b.content_start <= a.verb_start < b.content_end or a.kind == "according")),
                     None)
        if outer is None:
            kept.append(a)
        elif a.kind == "according" and not outer.relayed_by:
            outer.relayed_by = a.speaker  # "…, X said, according to the Kyiv Post": a relay
    out = kept
    out.sort(key=lambda s: s.verb_start)
    _first_person_quoted(out)
    return out


def _first_person_quoted(out: list[Said]) -> None:
    """"'…, but as I said / as my statements said C,' Grisham told CNN": a speaker in the first
    person inside another's reporting clause is that speaker."""
    for a in out:
        if a.speaker.lower() not in FIRST_PERSON:
            continue
        outer = next((b for b in out if b is not a and b.speaker.lower() not in FIRST_PERSON
                      and b.kind != "according" and b.clause_start <= a.verb_start < b.clause_end),
                     None)
        if outer is not None:
            a.speaker, a.entity, a.head = outer.speaker, outer.entity, outer.head
            a.description = a.description or outer.description


def passive_agent(doc: Doc | Span | None, a0: int, b0: int, verb_text: str) -> str | None:
    """Is the reporting word `verb_text` (between characters a0 and b0) a passive in the parse
    ("Assange was accused of rape", "the plan was criticised by the UN")? Its subject is then
    who the act is about, not who speaks: the speaker is the agent ("the UN"), "" when none is
    named. None when the parse reads no passive there."""
    if doc is None:
        return None
    for t in doc:
        if not (a0 <= t.idx < b0 and t.text == verb_text and t.tag_ == "VBN"):
            continue
        if not any(c.dep_ in ("auxpass", "nsubjpass") for c in t.children):
            continue
        by = next((c for c in t.children if c.dep_ == "agent"), None)
        pobj = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if pobj is None:
            return ""
        # "by a woman and sexual assault by another", "by critics of misleading the council":
        # a coordination or the accusation's own "of …" is often attached to the agent
        drop = {x.i for c in pobj.children for x in c.subtree if c.dep_ in ("cc", "conj") or (
            c.dep_ == "prep" and any(g.dep_ == "pcomp" for g in c.children))}
        return sp.text([x for x in sp.speaker_tokens(pobj) if x.i not in drop])
    return None
