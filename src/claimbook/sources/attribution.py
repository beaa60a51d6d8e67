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

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

# reporting verbs (lemmas) and the speech act they name
REPORTING = {
    "say": "say", "state": "state", "report": "report", "claim": "claim", "allege": "allege",
    "deny": "deny", "tell": "tell", "add": "add", "announce": "announce", "confirm": "confirm",
    "insist": "insist", "maintain": "maintain", "assert": "assert", "warn": "warn",
    "accuse": "accuse", "indicate": "indicate", "suggest": "suggest", "reject": "reject",
    "dismiss": "dismiss", "acknowledge": "acknowledge", "admit": "admit", "argue": "argue",
    "note": "note", "write": "write", "declare": "declare", "conclude": "conclude",
    "assess": "assess", "estimate": "estimate", "reiterate": "reiterate", "stress": "stress",
    "repeat": "repeat", "refute": "refute", "reveal": "reveal", "disclose": "disclose",
    "explain": "explain", "describe": "characterize", "call": "characterize",
    "brand": "characterize", "label": "characterize", "term": "characterize", "tweet": "say",
    "post": "say", "predict": "predict", "believe": "believe", "urge": "urge",
    "contend": "argue", "emphasise": "stress", "emphasize": "stress", "hope": "hope",
    "rule": "deny",  # "ruled out …"
}
# verbs whose object (not a clause) is the claim: "denied the report", "accused China of …"
OBJECT_CLAIMS = {"deny", "reject", "dismiss", "refute", "accuse", "characterize", "urge", "confirm",
                 "announce", "claim", "acknowledge", "admit", "reveal", "disclose", "predict",
                 "report", "warn"}
# "said in a statement", "wrote on social media", "told reporters": the medium, not the claim
MEDIUM_PREPS = {"in", "on", "at", "during", "via", "through", "to", "after", "before", "from"}
SUBJECT_DEPS = {"nsubj"}
PLACE_ENTS = {"GPE", "LOC", "FAC"}
TIME_ENTS = {"DATE", "TIME"}
DROP_IN_SPEAKER = {"appos", "relcl", "acl", "advcl", "punct", "parataxis"}


@dataclass
class Said:
    """One reporting act found in a sentence (character offsets are the sentence's)."""

    kind: str  # lead ("X said C") | tail ("C, X said") | according | citing
    speaker: str  # the speaker's noun phrase as written, without apposition, place, medium
    description: str  # what an apposition says of the speaker ("head of … agency"), or ""
    verb: str  # the reporting verb's normalized lemma (REPORTING)
    verb_text: str
    verb_start: int  # offset of the reporting verb (of "according" for according)
    content_start: int
    content_end: int
    clause_start: int  # the whole reporting clause: speaker, verb and content
    clause_end: int
    to_infinitive: bool = False
    entity: str = ""  # the named entity's label the speaker's head is part of (PERSON, ORG, …)
    relayed_by: str = ""  # "X, citing Y": X relays Y's claim


def _span_chars(tokens: list[Token]) -> tuple[int, int]:
    return min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)


def _drop_subtrees(head: Token, drop) -> list[Token]:
    """`head`'s subtree without the subtrees of the children `drop(child)` says to leave out."""
    out: list[Token] = []
    stack = [head]
    while stack:
        t = stack.pop()
        out.append(t)
        for ch in t.children:
            if not drop(ch):
                stack.append(ch)
    return sorted(out, key=lambda t: t.i)


def _is_place_or_medium(prep: Token) -> bool:
    """`in Tallinn`, `on social media`, `in a statement`, `on Wednesday`: not part of a name."""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if prep.lower_ not in MEDIUM_PREPS or not objs:
        return False
    o = objs[0]
    return o.ent_type_ in PLACE_ENTS | TIME_ENTS or o.lemma_.lower() in {
        "statement", "medium", "media", "interview", "conference", "briefing", "speech", "post",
        "tweet", "video", "address", "remark", "television", "radio", "telegram", "twitter", "x",
        "facebook", "reporter", "journalist", "channel", "broadcast", "meeting", "call"}


def _speaker_tokens(subj: Token) -> list[Token]:
    def drop(ch: Token) -> bool:
        if ch.dep_ in DROP_IN_SPEAKER:
            return True
        if ch.dep_ == "prep" and _is_place_or_medium(ch):
            return True
        return ch.dep_ == "npadvmod" and ch.ent_type_ in TIME_ENTS

    toks = _drop_subtrees(subj, drop)
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "case" and toks[-1].text in ("'s", "’s")):
        toks.pop()
    while toks and toks[0].is_punct:
        toks.pop(0)
    return toks


def _text(tokens: list[Token]) -> str:
    out = ""
    for k, t in enumerate(tokens):
        out += t.text
        if k + 1 < len(tokens):
            nxt = tokens[k + 1]
            out += t.whitespace_ if nxt.i == t.i + 1 else " "
    return out.strip()


def _description(subj: Token) -> str:
    for ch in subj.children:
        if ch.dep_ == "appos":
            return _text(list(ch.subtree)).strip(" ,")
    return ""


def _subject(verb: Token) -> Token | None:
    """The reporting verb's subject; shared from the first verb of a coordination ("X said A
    and added B") or an open complement's controller."""
    v = verb
    for _ in range(3):
        for ch in v.children:
            if ch.dep_ in SUBJECT_DEPS:
                return ch
        if v.dep_ in ("conj", "xcomp") and v.head.pos_ in ("VERB", "AUX"):
            v = v.head
            continue
        return None
    return None


def _complement(verb: Token) -> tuple[list[Token], bool] | None:
    """The tokens of what is reported, and whether it is a to-infinitive ("claimed to be")."""
    lemma = REPORTING[verb.lemma_.lower()]
    for ch in verb.children:
        if ch.dep_ == "ccomp":
            toks = [t for t in ch.subtree if not (t.dep_ == "mark" and t.head == ch and
                                                   t.lower_ in ("that", "whether"))]
            return toks, False
    for ch in verb.children:
        if ch.dep_ == "xcomp":
            return list(ch.subtree), True
    if lemma in OBJECT_CLAIMS:
        # the whole verb phrase is the claim: "accused China of using coercion …"
        toks = [t for t in verb.subtree if not any(
            t in set(c.subtree) for c in verb.children if c.dep_ in SUBJECT_DEPS | {"punct"}
            and (c.dep_ != "punct" or c.i < verb.i))]
        toks = [t for t in toks if t.i >= verb.i]
        objs = [c for c in verb.children if c.dep_ in ("dobj", "prep", "prt", "oprd", "advcl")]
        if objs:
            return toks, False
    return None


def _parataxis_content(verb: Token) -> list[Token] | None:
    """"C, X said" parsed with the reporting verb under C's verb: C is the head's clause."""
    if verb.dep_ not in ("parataxis", "advcl", "ccomp") or verb.head.pos_ not in ("VERB", "AUX"):
        return None
    if verb.i < verb.head.i:
        return None
    own = set(verb.subtree)
    toks = [t for t in verb.head.subtree if t not in own]
    return toks or None


def _trim(content: list[Token]) -> list[Token]:
    """Without edge punctuation (opening quotes kept) and a leading "that"."""
    content = [x for x in content if not x.is_space]
    while content and ((content[0].is_punct and content[0].text not in "“\"‘'")
                       or content[0].lower_ in ("that", "whether")):
        content.pop(0)
    while content and content[-1].is_punct and content[-1].text in ",;:.":
        content.pop()
    return content


def _entity(tokens: list[Token]) -> str:
    labels = [t.ent_type_ for t in tokens if t.ent_type_]
    for want in ("PERSON", "ORG", "NORP", "GPE"):
        if want in labels:
            return want
    return ""


def attributions(doc: Doc | Span) -> list[Said]:
    """Every reporting act of one parsed sentence, in text order."""
    out: list[Said] = []
    relays: dict[int, str] = {}
    for t in doc:
        if t.lower_ == "according" and t.dep_ == "prep":
            to = next((c for c in t.children if c.lower_ == "to"), None)
            obj = next((c for c in (to.children if to is not None else t.children)
                        if c.dep_ == "pobj"), None)
            if obj is None:
                continue
            phrase = set(t.subtree)
            head = t.head
            while head.dep_ not in ("ROOT", "ccomp", "conj") and head.head != head:
                head = head.head
            content = [x for x in head.subtree if x not in phrase and not (
                x.is_punct and x.i + 1 < len(doc) and doc[x.i + 1] in phrase)]
            content = _trim(content)
            spk = _speaker_tokens(obj)
            if not content or not spk:
                continue
            cs, ce = _span_chars(content)
            ks, ke = _span_chars(list(head.subtree))
            out.append(Said("according", _text(spk), _description(obj), "say", "according to",
                            t.idx, cs, ce, ks, ke, entity=_entity(spk)))
        elif t.lower_ == "citing" and t.dep_ in ("advcl", "acl", "xcomp", "conj"):
            obj = next((c for c in t.children if c.dep_ == "dobj"), None)
            if obj is not None:
                relays[t.head.i] = _text(_speaker_tokens(obj))
    for t in doc:
        lemma = t.lemma_.lower()
        if lemma not in REPORTING or t.pos_ not in ("VERB",):
            continue
        if lemma == "rule" and not any(c.lower_ == "out" for c in t.children):
            continue
        if lemma in ("call", "post", "hope", "believe", "note", "add", "report", "write",
                     "confirm", "announce", "urge") and t.tag_ == "VBN" and any(
                c.dep_ == "auxpass" for c in t.children):
            continue  # "a meeting called for Monday", "it was reported": not a speaker
        subj = _subject(t)
        if subj is None or subj.lower_ in ("it", "there", "which", "that", "who"):
            continue
        comp = _complement(t)
        to_inf = False
        if comp is not None:
            content, to_inf = comp
        else:
            content = _parataxis_content(t)
            if content is None:
                continue
        content = _trim(content)
        if not content:
            continue
        spk = _speaker_tokens(subj)
        if not spk:
            continue
        cs, ce = _span_chars(content)
        clause = [*content, *spk, t]
        ks, ke = _span_chars(clause)
        kind = "tail" if cs < t.idx else "lead"
        name = relays.get(t.i, "")
        speaker = _text(spk)
        said = Said(kind, name or speaker, _description(subj), REPORTING[lemma], t.text, t.idx,
                    cs, ce, ks, ke, to_inf, _entity(spk), relayed_by=speaker if name else "")
        out.append(said)
    out.sort(key=lambda s: s.verb_start)
    return out
