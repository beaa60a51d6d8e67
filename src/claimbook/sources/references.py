"""Sentences about other texts or about the document itself, which are no claims: a reader sent
to another text ("See CRS Report RL30240, …", "For more information …, see …"), a bare citation
("Precedents (Wickham), ch. 1, §4, p. 38."), the document saying what it is ("This Insight
provides …")."""

from __future__ import annotations

import re

from claimbook.sources import clauses as cl

# A reader sent to another text ("See CRS Report RL30240, …", "See, for example, Rule 10", "For more
# information on field hearings, see …") or a bare citation ("Precedents (Wickham), ch. 1, §4,
# p. 38."): a report's references, no claim
REFERENCE = re.compile(r"^\W*(?:see(?:,\s*(?:for example|e\.g\.|also|generally),)?\s+(?=[\w“\"(])|"
                       r"for (?:more|additional|further|a (?:more )?(?:detailed|full|complete)|an?"
                       r" (?:overview|discussion)|background)\b[^.;]{0,200}?,\s*see\b)", re.I)
CITATION = re.compile(r"\b(?:pp?|vols?|ch|sec|no)\.\s*[\dH]|§\s*\d|\((?:GPO|CRS),?\s*\d{4}\)",
                      re.I)
# The document saying what it is or does ("This Insight provides a brief summary of …", "This
# report was originally written by …"): about the text, not the question
ABOUT_ITSELF = re.compile(r"^\W*this (?:insight|report|in focus|memo|memorandum|paper|brief|article|"
                          r"document|analysis|product|chapter|section|study|fact sheet)\b"
                          r"(?:\s+[\w-]+){0,3}?\s+(?:provides|summarizes|summarises|discusses|"
                          r"describes|examines|reviews|presents|outlines|addresses|focuses|analyzes|"
                          r"analyses|offers|gives|updates|was (?:originally )?(?:written|prepared|"
                          r"updated|authored))\b", re.I)


def is_reference(s: str, toks: list[cl.Token]) -> bool:
    """Is the sentence a reference to another text: the reader sent to it ("See …", "For more
    information …, see …"), or a citation without a verb of its own?"""
    return bool(REFERENCE.match(s)) or (bool(CITATION.search(s))
                                        and not cl.has_finite(toks, 0, len(toks)))
