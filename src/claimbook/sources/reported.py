"""What a reporting verb reports, read from the dependency parse: its complement ("X said that
C", "X accused Y of Z", "X claimed to be …"), the clause before it ("C, X said"), a quotation after
a colon ('X told reporters: "C"'), the words the parse left between a complement and its speaker,
each trimmed of edge punctuation and a leading "that". Who reports it is read in `attribution`.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimbook.sources import quotation
from claimbook.sources.reporting_verbs import PARSED

# verbs whose object (not a clause) is the claim: "denied the report", "accused China of …"
OBJECT_CLAIMS = {"deny", "reject", "dismiss", "refute", "accuse", "characterize", "regard", "express",
                 "urge",
                 "confirm", "welcome", "announce", "claim", "acknowledge", "admit", "reveal",
                 "disclose", "predict", "report", "warn"}
SUBJECT_DEPS = {"nsubj"}


def second_act(v: Token) -> bool:
    """A reporting verb with no subject of its own coordinated inside another's complement."""
    return (v.dep_ == "conj" and v.head.dep_ == "ccomp" and v.lemma_.lower() in PARSED
            and v.head.head.lemma_.lower() in PARSED
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children))


def complement(verb: Token, act: str) -> tuple[list[Token], bool] | None:
    """The tokens of what is reported, and whether it is a to-infinitive ("claimed to be")."""
    for ch in verb.children:
        if ch.dep_ == "ccomp":
            second = [c for c in ch.children if second_act(c)]
            drop = {t for c in second for t in c.subtree}
            if second:  # and the "and" before it
                drop |= {c for c in ch.children if c.dep_ == "cc" and c.i < second[0].i}
            toks = [t for t in ch.subtree if t not in drop and not (
                t.dep_ == "mark" and t.head == ch and t.lower_ in ("that", "whether"))]
            return toks, False
    if (misread := _that_clause_in_setting(verb)) is not None:
        return misread, False
    for ch in verb.children:
        if ch.dep_ == "xcomp":
            return list(ch.subtree), True
    if act in OBJECT_CLAIMS:
        # the whole verb phrase is the claim: "accused China of using coercion …", without a
        # clause coordinated after it with a subject of its own ("…, and analysts told …")
        # nor a reporting verb coordinated after it ("accused X of Y and warned that Z": two acts)
        own = [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
               and (any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
                    or c.lemma_.lower() in PARSED)]
        cut = min((c.left_edge.i for c in own), default=len(verb.doc))
        toks = [t for t in verb.subtree if t.i < cut and not any(
            t in set(c.subtree) for c in verb.children if c.dep_ in SUBJECT_DEPS | {"punct"}
            and (c.dep_ != "punct" or c.i < verb.i))]
        while toks and (toks[-1].dep_ == "cc" or toks[-1].is_punct and toks[-1].text in ",;"):
            toks.pop()
        toks = [t for t in toks if t.i >= verb.i]
        objs = [c for c in verb.children if c.dep_ in ("dobj", "prep", "prt", "oprd", "advcl")]
        if objs:
            return toks, False
    return None


def _that_clause_in_setting(verb: Token) -> list[Token] | None:
    """A "that" clause the parse hung on the noun of the report's setting ("told reporters at a
    press conference that the airline will …", read as a relative clause of "conference"): a
    relative clause has no complementizer of its own beside its subject, a reported one does."""
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for t in prep.subtree:
            if t.dep_ == "relcl" and t.i > prep.i and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in t.children) and any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
                return [x for x in t.subtree if not (x.dep_ == "mark" and x.head == t)]
    return None


def clause_before(verb: Token) -> list[Token] | None:
    """"C, X said" parsed with the reporting verb under C's verb: C is the head's clause."""
    closed = quotation.closes_within(verb.doc.text[verb.head.idx + len(verb.head):verb.idx])
    if verb.dep_ not in ("parataxis", "advcl", "ccomp") and not (verb.dep_ == "conj" and closed) \
            or verb.head.pos_ not in ("VERB", "AUX"):
        return None  # a conjunct only after a closing quotation mark ("…,” Trump tweeted)
    if verb.i < verb.head.i:
        return None
    if any(c.dep_ in ("mark", "dobj") for c in verb.children):
        return None  # "… after the committee concluded its hearings": an adjunct, no report
    first = min(t.i for t in verb.subtree)
    toks = [t for t in verb.head.subtree if t.i < first]  # what comes before "…, X said"
    return toks or None


def quoted_after_colon(verb: Token) -> list[Token] | None:
    """'X told Newsweek: "Although …, this could …"' parsed with no complement (the quotation's
    first clause hung under the verb as an adjunct): what the quotation after the colon says, to
    its closing mark or the sentence's end."""
    doc = verb.doc
    at = max((c.right_edge.i for c in verb.children
              if c.dep_ in ("dobj", "dative", "prep", "npadvmod") and c.i > verb.i), default=verb.i) + 1
    if at + 2 >= len(doc) or doc[at].text != ":" or doc[at + 1].text not in quotation.OPENING:
        return None
    toks = []
    for t in doc[at + 2:verb.sent.end]:
        if quotation.closes_within(t.text):
            break
        toks.append(t)
    return toks or None


def dangling(content: list[Token], subj: Token) -> list[Token]:
    """The words the parse left between a complement and its speaker in "C, X said" ("The
    transfer was not, per se, illegal, the ministry said": "illegal" hung under the comma after the
    aside, and C stopped at "per se"): they end C when each hangs on a punctuation mark there and
    none is a verb — not an adjunct of the report ("In addition to …, X said"), not a clause of its
    own. Up to the last word, without the punctuation before the speaker."""
    gap = list(subj.doc[content[-1].i + 1:subj.left_edge.i])
    words = [x for x in gap if is_word(x)]
    if not words or any(x.pos_ in ("VERB", "AUX") or not _hung_on_punctuation(x, gap) for x in words):
        return []
    return gap[:gap.index(words[-1]) + 1]


def is_word(t: Token) -> bool:
    return any(ch.isalnum() for ch in t.text)


def _hung_on_punctuation(t: Token, gap: list[Token]) -> bool:
    """Does `t` hang, through words of `gap`, on a punctuation mark of `gap`?"""
    inside = {x.i for x in gap}
    head = t.head
    while head.i in inside and head.i != head.head.i:  # up to the root (its own head)
        if not is_word(head):
            return True
        head = head.head
    return False


def _is_complementizer(that: Token, content: list[Token]) -> bool:
    """"that" opening a complement clause, not its subject ("That is false"): a mark, or a
    word the clause's verb has another subject beside."""
    if that.dep_ == "mark":
        return True
    return any(t is not that and t.dep_ in ("nsubj", "nsubjpass") and t.head == that.head
               for t in content)


def trim(content: list[Token]) -> list[Token]:
    """Without edge punctuation (opening quotes kept) and a leading "that"."""
    content = [x for x in content if not x.is_space]
    while content and ((content[0].is_punct and content[0].text not in "“\"‘'")
                       or (content[0].lower_ in ("that", "whether") and _is_complementizer(
                           content[0], content))):
        content.pop(0)
    while content and content[-1].is_punct and content[-1].text in ",;:.":
        content.pop()
    return content
