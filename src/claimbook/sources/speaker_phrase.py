"""The speaker's noun phrase, read from the parse: the reporting verb's subject without what only
describes it — an apposition ("Soelistyo, head of Indonesia's search and rescue agency" speaks as
"Soelistyo", the apposition kept as its description), a relative clause, a place ("in Tallinn") or
the medium ("on social media", "in a statement") — the person named in it, and the author of a
document that speaks ("the Justice Department's Opposition … stated": the Justice Department).
`attribution` reads the reporting acts; this module reads who is named as their speaker.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimbook.sources import person_words

# "said in a statement", "wrote on social media", "told reporters": the medium, not the claim
MEDIUM_PREPS = {"in", "on", "at", "during", "via", "through", "to", "after", "before", "from"}
PLACE_ENTS = {"GPE", "LOC", "FAC"}
TIME_ENTS = {"DATE", "TIME"}
DROP_IN_SPEAKER = {"appos", "relcl", "acl", "advcl", "punct", "parataxis"}
# what a speaker files, gives or writes: when it "states" something, its author speaks ("the
# Justice Department's Opposition to Plaintiff's Motion stated", "the July 25 declaration of
# David Richardson stated", "FEMA's testimony … stated", "as my statements said")
DOCUMENTS = {"declaration", "testimony", "opposition", "motion", "filing", "brief", "complaint",
             "affidavit", "letter", "statement", "release", "memo", "memorandum", "submission",
             "petition", "advisory", "announcement", "report", "remark", "comment", "post", "tweet",
             "analysis", "survey", "study", "review", "data", "datum"}
# documents whose "of" names what they are about ("the National Survey of Children's Health",
# "data of the last quarter"), never their maker: "by" or "from" names who made them
ABOUT_OF = {"analysis", "survey", "study", "review", "data", "datum"}  # spaCy: data -> datum
AUTHOR_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
# "officials speaking in Geneva", "a source speaking on condition of anonymity": how a source
# speaks, not who it is
SPEAKING = {"speak", "talk", "request", "ask", "decline", "insist"}
# a possessor written as a pronoun speaks as that pronoun ("my statements said" is "I said"), and
# so does a pronoun in the object case that is the act's subject ("let me say that …")
PRONOUN_OF = {"my": "I", "our": "we", "his": "he", "her": "she", "its": "it", "their": "they",
              "me": "I", "us": "we", "him": "he", "them": "they"}


def drop_subtrees(head: Token, drop) -> list[Token]:
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


HYPHENS = frozenset(("-", "‐"))  # the hyphen and the Unicode hyphen a word is joined with
# a speaker written as a share of a people or place ("Many in Hong Kong", "Some in Congress")
QUANTIFIERS = {"many", "some", "most", "few", "several", "others", "all", "both"}


def is_place_or_medium(prep: Token) -> bool:
    """`in Tallinn`, `on social media`, `in a statement`, `on Wednesday`: not part of a name."""
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    if prep.lower_ not in MEDIUM_PREPS or not objs:
        return False
    o = objs[0]
    if prep.lower_ == "to" and o.ent_type_ in PLACE_ENTS | {"ORG"}:
        return False  # "China's ambassador to Britain", "the envoy to the UN": the title's words
    return o.ent_type_ in PLACE_ENTS | TIME_ENTS or o.lemma_.lower() in {
        "statement", "medium", "media", "interview", "conference", "briefing", "speech", "post",
        "tweet", "video", "address", "remark", "television", "radio", "telegram", "twitter", "x",
        "facebook", "reporter", "journalist", "channel", "broadcast", "meeting", "call"}


def speaker_tokens(subj: Token) -> list[Token]:
    """The subject's words that name the speaker: without apposition, relative clause, place,
    medium or a time; the possessor of a named person by name only. A source the story does not
    name keeps the participle that describes it: "two people briefed on the talks" is who
    speaks, "two people" no one."""
    def drop(ch: Token) -> bool:
        if ch.dep_ == "punct" and ch.text == "-" and not ch.whitespace_ and ch.i > 0 \
                and not ch.doc[ch.i - 1].whitespace_:
            return False  # the hyphen inside a name ("Eva-Marie Persson"), not punctuation
        if ch.dep_ in DROP_IN_SPEAKER:
            return True
        if ch.head.dep_ == "poss" and ch.head.ent_type_ and ch.dep_ in ("compound", "det", "amod") \
                and ch.ent_type_ != ch.head.ent_type_:
            return True  # "a desk reporter Nisan Ahmado's source": the possessor by name only
        if ch.dep_ == "amod" and ch.tag_ in ("VBG", "VBN") and ch.head.pos_ == "PROPN" \
                and any(g.text in HYPHENS for g in ch.children):
            return True  # "the conservative-leaning Tax Foundation", "the London-based Centre
            # for …": a description of a named body, not its name ("a state-run newspaper" keeps it)
        if ch.dep_ == "prep" and is_place_or_medium(ch) and not (
                ch.head == subj and subj.lower_ in QUANTIFIERS and ch.lower_ == "in"):
            return True  # not "Many in Hong Kong fear …": the place is who they are
        # a time, not the "year" of "the 56-year-old" (joined to "old" by its hyphen)
        return ch.dep_ == "npadvmod" and ch.ent_type_ in TIME_ENTS and not (
            not ch.whitespace_ and ch.i + 1 < len(ch.doc) and ch.doc[ch.i + 1].text in HYPHENS)

    toks = drop_subtrees(subj, drop)
    if subj.lemma_.lower() in person_words.UNNAMED_SOURCES and not subj.ent_type_:
        # the participle's subtree, which `drop` left out whole (an "acl")
        described = [t for ch in subj.children if ch.dep_ == "acl" and ch.i > subj.i
                     and ch.lemma_.lower() not in SPEAKING for t in ch.subtree]
        toks = sorted([*toks, *described], key=lambda t: t.i)
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "case" and toks[-1].text in ("'s", "’s")):
        toks.pop()
    while toks and toks[0].is_punct:
        toks.pop(0)
    return toks


def author(subj: Token) -> Token | None:
    """Who wrote the document that is the subject ("the Justice Department's Opposition …",
    "the declaration of David Richardson"), or None: the subject is no document, or names no
    author."""
    if subj.lemma_.lower() not in DOCUMENTS:
        return None
    for ch in subj.children:
        if ch.dep_ == "poss":
            return ch
    for ch in subj.children:
        if ch.dep_ == "prep" and (ch.lower_ in ("by", "from") or ch.lower_ == "of"
                                  and subj.lemma_.lower() not in ABOUT_OF):
            obj = next((c for c in ch.children if c.dep_ == "pobj"), None)
            if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_ in AUTHOR_ENTS):
                return obj
    # "credible reports received by Amnesty", "a survey conducted by Gallup": the agent of the
    # participle that describes the document; "National Science Foundation data": the body
    # named before it
    for ch in subj.children:
        if ch.dep_ == "compound" and ch.i == subj.i - 1 and ch.ent_type_ == "ORG" \
                and subj.lemma_.lower() in ABOUT_OF:
            return ch
        if ch.dep_ == "acl" and ch.tag_ == "VBN":
            for agent in (c for c in ch.children if c.dep_ == "agent"):
                obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if obj is not None and (obj.pos_ == "PROPN" or obj.ent_type_ in AUTHOR_ENTS):
                    return obj
    return None


def text(tokens: list[Token]) -> str:
    out = ""
    for k, t in enumerate(tokens):
        out += t.text
        if k + 1 < len(tokens):
            nxt = tokens[k + 1]
            out += t.whitespace_ if nxt.i == t.i + 1 else " "
    return out.strip()


def description(subj: Token) -> str:
    for ch in subj.children:
        if ch.dep_ == "appos":
            return text(list(ch.subtree)).strip(" ,")
    return ""


def named_apposition(subj: Token) -> Token | None:
    """A proper name in apposition to a subject that is a common noun (a title or role), not
    a place or a date: "the deputy director, Eva-Marie Persson"."""
    if subj.pos_ != "NOUN":
        return None
    return next((ch for ch in subj.children if ch.dep_ == "appos" and ch.pos_ == "PROPN"
                 and ch.ent_type_ not in ("GPE", "LOC", "DATE", "TIME", "NORP")), None)


def person(tokens: list[Token], head: Token | None = None) -> tuple[str, str] | None:
    """A speaker phrase holding a person's name: the name, and the words around it (a title).
    Of several names, the one the phrase's head word is in ("Trump adviser Kellyanne Conway",
    "Goddard planetary scientist Avi Mandell": the adviser and the scientist), else the first."""
    runs: list[list[Token]] = []
    for t in tokens:
        if t.ent_type_ == "PERSON" and runs and runs[-1] and t.i == runs[-1][-1].i + 1 \
                and t.ent_iob_ == "I":
            runs[-1].append(t)
        elif t.ent_type_ == "PERSON":
            runs.append([t])
    run = next((r for r in runs if head is not None and head in r), runs[0] if runs else [])
    if len(run) < 1 or (len(run) == 1 and len(tokens) == 1):
        return None
    rest = [t for t in tokens if t not in run and not t.is_punct and t.dep_ != "case"]
    return text(run), text(rest)


def entity(tokens: list[Token]) -> str:
    labels = [t.ent_type_ for t in tokens if t.ent_type_]
    for want in ("PERSON", "ORG", "NORP", "GPE"):
        if want in labels:
            return want
    return ""
