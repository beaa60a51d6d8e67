"""Whether a reporting verb's act is made: not negated ("did not reveal"), not to come ("will
announce", "is expected to announce", "will try to argue"), not the claiming of a thing one is
due ("taxpayers claimed the credit"), not the adding of a thing ("the stock added 2%"), not a
piece of evidence no one is named as reading ("Blood tests revealed that …", "according to
evidence presented at trial": the writer's report of what was found). One reading for the
parse's attributions (`attribution`) and for the word rules' reporting words checked against the
parse (`rules_with_parse`).
"""

from __future__ import annotations

from spacy.tokens import Token

# what is claimed as one's due, not as true ("2.2 million taxpayers claimed the credit", "the storm
# claimed the lives of 12 people", "claimed asylum"): no claim is made; "claimed victory" and
# "claimed credit for the deal" do assert
CLAIMED_THINGS = {"credit", "deduction", "benefit", "refund", "exemption", "allowance", "asylum",
                  "life", "prize", "title", "seat", "trophy", "medal", "crown", "compensation",
                  "damages", "reimbursement", "status", "land", "territory"}
# what shows a thing without saying it: "The scan revealed …", "Blood tests showed that …",
# "Images of bullet casings indicate …" — the writer's report unless someone is named with it
# ("tests by the lab", "the coroner's autopsy", "images released by Maxar")
EVIDENCE = {"scan", "test", "x-ray", "image", "photo", "photograph", "footage", "video", "autopsy",
            "sample", "recording", "picture", "screenshot", "biopsy", "evidence"}
SHOWING = {"reveal", "show", "indicate", "confirm", "suggest", "find"}
# verbs whose open complement is an act their subject makes ("tried to suggest that …", "sought
# to reassure …", "went on to say"), not one to come (`unrealized`)
UNDERTAKING = {"try", "seek", "attempt", "continue", "begin", "start", "rush", "hasten", "move"}


def negated(verb: Token) -> bool:
    """Is the verb negated ("did not reveal", "never said")?"""
    return any(c.dep_ == "neg" for c in verb.children)


def claims_a_due(verb: Token) -> bool:
    """Is this "claim" the claiming of a thing (`CLAIMED_THINGS`), not of something true?"""
    return verb.lemma_.lower() == "claim" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in CLAIMED_THINGS
        and not (c.lemma_.lower() == "credit" and not any(g.dep_ in ("det", "amod", "compound")
                                                         for g in c.children))
        for c in verb.children)  # "claimed the credit", "claim a tax credit"; not "claimed credit"


def adds_a_thing(verb: Token) -> bool:
    """Is this "add" the adding of a thing ("The stock added more than 2%", "the economy added
    130,000 jobs", "added two names to the list"), not more words ("he added that …", "…, she
    added")? Speech takes a clause or nothing, never an object."""
    return verb.lemma_.lower() == "add" and any(
        c.dep_ == "dobj" or c.dep_ == "npadvmod" and any(g.like_num for g in c.subtree)
        for c in verb.children)  # "shares added more than 2%": the amount read as an adverb


def unrealized(verb: Token) -> bool:
    """Is the reporting act not (yet) made: negated, or to come ("President Biden will announce
    today that …", "is expected to announce", "plans to say")? What follows is the voice of whoever
    tells of it, not the announcer's words."""
    if negated(verb) or any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "’ll", "shall")
                            for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in UNDERTAKING:
        return unrealized(verb.head)  # "will try to argue", "did not try to suggest"
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("expect", "plan", "intend", "go") \
        and (verb.head.lemma_.lower() != "go" or verb.head.tag_ == "VBG")


def evidence_without_maker(verb: Token) -> bool:
    """Is the verb's subject a piece of evidence with no one named as its maker (`EVIDENCE`)?"""
    if verb.lemma_.lower() not in SHOWING:
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and unmade_evidence(subj)


def unmade_evidence(noun: Token) -> bool:
    """Is the noun a piece of evidence (`EVIDENCE`) with no one named as its maker ("the video",
    "evidence presented at trial"; not "the coroner's autopsy", "images released by Maxar")?"""
    if noun.lemma_.lower() not in EVIDENCE:
        return False
    return not any(c.dep_ == "poss" or c.dep_ == "compound" and c.pos_ == "PROPN"
                   or c.dep_ == "prep" and c.lower_ in ("by", "from")
                   or c.dep_ == "acl" and any(g.dep_ == "agent" for g in c.children)
                   for c in noun.children)
