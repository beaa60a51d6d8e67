"""The word rules' clauses read with the dependency parse: clauses regrouped at the parse's
reporting acts, the parse's attribution of a clause, which reading wins where both find a
speaker, and a speaker typed by the parse's description of them.
"""

from __future__ import annotations

import dataclasses
import re

from spacy.tokens import Doc, Span, Token

from claimbook.claims import aliases as alias_mod
from claimbook.claims.aliases import Claimant
from claimbook.sources import act_made, attribution
from claimbook.sources import clause_attribution as ca
from claimbook.sources import clauses as cl
from claimbook.sources.attribution import Said


def _char_range(toks: list[cl.Token], c: cl.ClauseSpan) -> tuple[int, int]:
    return toks[c.first].start, toks[c.last - 1].end


def regroup(toks: list[cl.Token], spans: list[cl.ClauseSpan], saids: list[Said]) -> list[cl.ClauseSpan]:
    """One clause for a reporting act that the rules cut between its speaker and its complement
    ("Soelistyo, head of …, told local television the search area … would be expanded")."""
    out = _split_before(toks, list(spans), saids)
    for a in saids:
        if not a.own_subject or a.kind == "according":
            continue
        lo = min(a.speaker_start, a.content_start)
        hi = max(a.verb_start + len(a.verb_text), a.content_end)
        hit = [k for k, c in enumerate(out) if _char_range(toks, c)[0] < hi
               and _char_range(toks, c)[1] > lo]
        # a second complement ("… and that …"), a shared verb ("… and denied …") or a relative
        # clause the rules cut off is a claim of its own: the merge stops before it
        cut = next((n for n, k in enumerate(hit) if n and out[k].kind in (
            "complement", "verb_shared", "relative", "reported")), len(hit))
        hit = hit[:cut]
        if len(hit) < 2:
            continue
        first, last = hit[0], hit[-1]
        merged = cl.ClauseSpan(out[first].first, out[last].last, out[first].kind)
        out[first:last + 1] = [merged]
    return out


COORDINATORS = {"and", "but", "while", "whereas", ";", "yet"}
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})  # a verb's tenses and a modal: a finite verb


def without_false_coordinations(toks: list[cl.Token], spans: list[cl.ClauseSpan],
                                doc: Doc | Span | None) -> list[cl.ClauseSpan]:
    """A clause the rules cut as a new subject and a reporting verb ("…, and file status reports
    with the court": 'file status' read as a subject, 'reports' as its verb) is more of the
    clause before when the parse reads that word as a noun, or as a participle describing a noun
    in a clause where it finds no finite verb ("… five proposed rules and one final rule
    promulgated since 2025", "… cheese and milk sold by Raw Farm": the second noun of a
    coordination and its participle, which the rules read as a subject and a past tense), nor after
    a clause whose only verb is a noun in the parse ("Several states and importers have …")."""
    if doc is None or len(spans) < 2:
        return spans
    nouns = {t.idx for t in doc if t.pos_ in ("NOUN", "PROPN")}
    describing = {t.idx for t in doc if t.tag_ in ("VBN", "VBG") and t.dep_ in ("acl", "amod")}
    finite = sorted(t.idx for t in doc if t.tag_ in FINITE_TAGS)
    out = [spans[0]]
    for c in spans[1:]:
        verb = next((k for k in range(c.first, c.last) if cl.is_verb_use(toks, k)), None)
        tense = next((k for k in range(c.first, c.last) if cl.is_finite(toks, k)), None)
        a, b = _char_range(toks, c)
        # the clause before has no verb but a noun the rules read as one ("Several states and
        # importers have filed suits": "states"): a coordination of two nouns, one subject
        tenses_before = [k for k in range(out[-1].first, out[-1].last) if cl.is_finite(toks, k)]
        nouns_before = bool(tenses_before) and all(toks[k].start in nouns for k in tenses_before)
        if c.kind == "coord" and (nouns_before or (
                tense is not None and toks[tense].start in describing
                and not any(a <= i < b for i in finite)) or (
                verb is not None and toks[verb].start in nouns and not any(
                    cl.is_finite(toks, k) for k in range(c.first, c.last) if k != verb))):
            out[-1] = dataclasses.replace(out[-1], last=c.last)  # its kind, antecedent and verb kept
        else:
            out.append(c)
    return out


def _split_before(toks: list[cl.Token], spans: list[cl.ClauseSpan], saids: list[Said]
                  ) -> list[cl.ClauseSpan]:
    """A reporting clause coordinated after another clause ("Trump has been eager to withdraw,
    but General Milley told US media that …", "Vietnam is a critic … and has accused Beijing of
    …") starts a clause of its own: what comes before is not the speaker's."""
    for a in saids:
        if a.kind != "lead":
            continue
        at = a.speaker_start if a.own_subject else a.verb_start
        for k, c in enumerate(spans):
            j = next((i for i in range(c.first, c.last) if toks[i].start >= at), None)
            if j is None or j - c.first < 4:
                continue
            cut = j
            while cut > c.first and toks[cut - 1].low in ("has", "have", "had", "also", "later"):
                cut -= 1  # "and has accused": the auxiliary belongs to the verb
            if cut - 1 <= c.first or toks[cut - 1].low not in COORDINATORS:
                break
            end = cut - 1
            if end - 1 > c.first and toks[end - 1].text == ",":
                end -= 1
            spans[k:k + 1] = [cl.ClauseSpan(c.first, end, c.kind),
                              cl.ClauseSpan(j if a.own_subject else cut, c.last, "reported")]
            break
    return spans


def no_verb_there(doc: Doc | Span | None, a0: int, b0: int, verb_text: str) -> bool:
    """The rules' reporting word is not a verb in the parse ("critics of China's claims"), a
    negated or future one ("It did not reveal the location", "will announce"), a thing claimed as
    one's due ("taxpayers claimed the credit") or a participle describing a noun ("the breakdown
    revealed by …"): no reporting act."""
    if doc is None:
        return False
    words = [t for t in doc if a0 <= t.idx < b0 and t.text == verb_text]
    # nor a participle that only describes the noun before it ("the security breakdown revealed
    # by Epstein's suicide": no one named "Security breakdown" reveals anything), unless it says
    # something: a participle with a "that" clause of its own is a verb the parse misread ("The
    # We Company, announced on Sept. 30 that it was withdrawing …")
    return bool(words) and not any(t.pos_ == "VERB" and not act_made.unrealized(t)
                                   and not act_made.claims_a_due(t)
                                   and not act_made.adds_a_thing(t)
                                   and not act_made.evidence_without_maker(t)
                                   and not (t.tag_ == "VBN" and t.dep_ == "acl"
                                            and not _says_that(t)) for t in words)


def no_source_there(doc: Doc | Span | None, a0: int, b0: int) -> bool:
    """The rules' "according to X" names no source in the parse (`attribution.according_source`:
    "according to evidence presented at trial", "according to plan")."""
    if doc is None:
        return False
    words = [t for t in doc if a0 <= t.idx < b0 and t.lower_ in ("according", "per")
             and t.dep_ == "prep"]
    return bool(words) and all(attribution.according_source(t) is None for t in words)


def _says_that(verb: Token) -> bool:
    return any(c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that"
                                         for g in c.children) for c in verb.children)


def for_clause(toks: list[cl.Token], c: cl.ClauseSpan, saids: list[Said]
               ) -> tuple[ca.Attribution, Said] | None:
    """The parse's attribution of a clause: the first reporting act whose verb (or "according")
    is inside the clause and whose complement is too — or, for a participle reporting for the
    subject ("FEMA issued an advisory saying that A and that B"), whose complement starts inside
    it (the rest is a clause of its own, "that B", the same speaker's)."""
    a0, b0 = _char_range(toks, c)
    for a in saids:
        if a0 <= a.verb_start < b0 and a.content_start >= a0 - 1 and (
                a.content_end <= b0 + 1 or not a.own_subject and a.verb_text.endswith("ing")
                and a.content_start < b0):
            notes = [f"relayed by {a.relayed_by}"] if a.relayed_by else []
            if a.description:
                notes.append(f"speaker described as '{a.description}'")
            return ca.Attribution(a.kind, a.speaker, a.verb, a.verb_text, max(a.content_start, a0),
                                  min(a.content_end, b0), a.to_infinitive, notes), a
    return None


def agreed(rules: ca.Attribution, parsed: ca.Attribution, said: Said
            ) -> ca.Attribution:
    """The parse's attribution, unless the rules found the same speaker (its head word is in
    theirs): then the rules' richer reading ("post on Telegram", a relay) with the parse's
    name of a person ("U.S. Defense Secretary Mark Esper" speaks as "Mark Esper")."""
    head = said.head or (said.speaker.split()[-1].lower() if said.speaker else "")
    if rules.kind == "document" or head not in rules.subject.lower().split() or said.through:
        return parsed  # the parse's author of a document ("FEMA's testimony stated"): FEMA
    bare = re.sub(r"^(?:the|a|an)\s+", "", said.speaker, flags=re.I).lower()
    rest = rules.subject.lower().removeprefix("the ").removeprefix(bare)
    if said.entity != "PERSON" and rules.subject.lower().removeprefix("the ").startswith(bare) \
            and rest.startswith((" in ", " at ")):
        rules.subject = said.speaker  # "Diplomats in Vienna": the place is not the name
    if said.speaker.lower() in attribution.FIRST_PERSON:
        rules.subject = said.speaker  # "Let me say that …": the rules' "Let me" is "I"
    if re.search(r"\s(?:and|&)\s+" + re.escape(rules.subject.lower().removeprefix("the ")) + "$",
                 bare):
        # the rules' name begins after a coordinator inside the parse's one name, whose head is
        # after it: "the Food and Drug Administration", "the House Ways and Means Committee"
        rules.subject = said.speaker
    if rules.kind in ("lead", "tail", "according"):  # the complement's extent from the parse
        rules.content_start, rules.content_end = parsed.content_start, parsed.content_end
    return rules


def typed_by_description(claimant: Claimant, said: Said,
                          table: dict[str, Claimant]) -> Claimant:
    """A person named with a title or an apposition ("Interior Minister Wolfgang Peschorn",
    "Soelistyo, head of … agency"): typed and placed by those words, named without them —
    unless title and name are an alias ("NATO Secretary General Mark Rutte" is NATO)."""
    if claimant.known:
        return claimant
    if said.description and (whole := alias_mod.resolve(f"{said.description} {said.speaker}",
                                                        table)).known:
        return whole
    if not said.description:
        return claimant
    if said.entity == "PERSON" and claimant.name != said.speaker:
        claimant = Claimant(said.speaker, claimant.claimant_type, claimant.country, False)
    ctype = alias_mod.guess_type(said.description)
    if ctype == "unknown":
        ctype = "individual" if said.entity == "PERSON" else claimant.claimant_type
    return Claimant(claimant.name, ctype, claimant.country or alias_mod.country_of(said.description),
                    False)
