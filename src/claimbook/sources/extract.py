"""Raw source text -> candidate claims with their mentions, for an analyst to review.

Pure functions: text (plus the document's publisher and published date) in, candidates out; the
command line reads files and writes the review CSV (`review.py`). The steps:

1. `segment`: paragraphs and sentences with exact offsets (headings, bullets, wraps repaired
   without moving a character);
2. `clauses`: each sentence cut into clauses, each clause attributed (`X said …`,
   `according to X`, `"…," X said`, passive `reportedly`) or left in the document's own voice;
3. claimants normalized through the alias table (`aliases`), pronouns and "the ministry"
   resolved to the last claimant that fits;
4. claim type from the reporting verb and cues (`speech_acts`), the date from the clause or its
   sentence, else the document's (`mention_dates`), never invented;
5. a sentence that only continues the previous one ("This training was …", "The drill …") is
   added to the previous mention, and mentions of the same claim by the same claimant elsewhere
   in the text (token overlap weighted by rarity) are merged into one candidate;
6. `learned_types`: a candidate's type decided again, from the rules' type and the candidate's
   words, by models trained on real text; `learned_keep`: what someone says that an analyst would
   not record is proposed with keep = no.
"""

from __future__ import annotations

import functools
import re

from claimbook.claims import aliases as alias_mod
from claimbook.claims.aliases import Claimant
from claimbook.claims.dates import parse_partial_date
from claimbook.sources import (
    attribution,
    doc_aliases,
    embedded_posts,
    learned_keep,
    learned_types,
    mention_dates,
    nlp,
    own_voice,
    references,
    referents,
    reported,
    rules_with_parse,
    textdates,
    worthiness,
)
from claimbook.sources import clause_attribution as ca
from claimbook.sources import clauses as cl
from claimbook.sources.candidates import (  # noqa: F401 - the candidates' model, for callers
    Candidate,
    Mention,
    content_tokens,
    merge,
    similarity,
    stem_word,
)
from claimbook.sources.clause_shape import has_finite_verb, main_verb, shape
from claimbook.sources.reporting_verbs import DENIAL_VERBS, REPORTING
from claimbook.sources.segment import (
    Segmented,
    in_quotation,
    quote_closed_by,
    quote_continues,
    quote_open_at,
    segment,
    story_before,
)
from claimbook.sources.speakers import SAYS_NOTHING, Speakers
from claimbook.sources.speech_acts import (
    ESTIMATIVE,
    FLAT_REJECTION,
    accuses_another,
    claim_type,
    others_act,
    own_state,
    type_from_structure,
)
from claimbook.store import normalize_whitespace

VERBLESS_TOKENS = 20  # a sentence this short without a verb is a caption or title (parsed to see)
MIN_WORDS = 4  # a clause shorter than this is not a claim ("Post a Comment")
SAYING = {"say", "add", "report", "tell", "write", "state"}  # verbs whose claim is all in what follows
QUESTION = re.compile(r"\?[\s\"”’']*$")  # content that ends in a question mark asks, not asserts

# Sentences that assert nothing: a speaker declining to say more, greetings, thanks, closings.
NON_ASSERTION = re.compile(
    r"^\W*(?:(?:i|we)\s+(?:will not|won't|cannot|can't|can not|do not|don't|would not|wouldn't|"
    r"must not|am not going to|are not going to|decline to|refuse to)\s+(?:\w+\s+){0,2}?"
    r"(?:go into|give|say|comment|discuss|disclose|elaborate|reveal|speculate|share|detail|add)\b|"
    r"(?:i|we)\s+(?:have|has)\s+nothing\s+(?:more\s+|further\s+)?to\s+(?:announce|add|say|share)\b|"
    r"thank(?:s| you)\b(?!\s+to\b)|good (?:morning|afternoon|evening)\b|"  # not "Thanks to X, …"
    r".{0,30}\b(?:concludes|closes|ends) (?:(?:today's|this|the|our) )?(?:briefing|conference|"
    r"interview|programme|program|session)\b|"
    # a page's prompts to its reader: "Listen to Newsbeat live at …", "Email Tariq Malik at …",
    # "Catch up on the 2020 election campaign …", "Get the day's top headlines …"
    r"(?:subscribe|share|forward this|read (?:more|online)|sign up|listen (?:to|live|back|again)|"
    r"email \w+|follow (?:us|him|her|them|@)|click|tap|download|catch up on|get (?:the day|access|"
    r"our|the latest)|watch (?:live|the full|more|now)|read the (?:original|full) (?:article|story))\b|"
    # a republished story's note and a page's note on its comments: "This article was originally
    # published by Futurism.", "Originally published on Live Science.", "This article is
    # republished from … under a Creative Commons license.", "Note: we are temporarily moderating
    # all comments …"
    r"this (?:article|story|piece|post) (?:was|is|has been) (?:originally |first )?"
    r"(?:published|republished|posted)\b|originally (?:published|posted) (?:on|in|by|at)\b|"
    r"(?:note:\s*)?(?:we are|we're) (?:temporarily )?moderating (?:all )?comments\b|"
    r"(?:[\w.'’-]+\s+){0,3}[\w.'’-]+,\s+(?:thank(?:s| you)|welcome(?: back)?)\b|"
    # the reporting process, not the story: "He gave no details on …", "There was no immediate
    # comment from X", "X did not respond to (X's) request for comment", "It did not reveal the
    # crash location", "WeWork declined to comment", "He declined to say when …", "The price
    # wasn't announced" (the real pages' gold never records them: 9 rows junk on 8 pages)
    r"(?:[\w.'’-]+\s+){0,6}?(?:gave|provided|offered)\s+no\s+(?:further\s+|other\s+|more\s+)?"
    r"(?:details?|information|timeline|time\s?frame)\b|"
    r"there\s+(?:was|has been|is)\s+no\s+(?:immediate\s+)?(?:comment|response|reaction|word)\b|"
    r"(?:[\w.'’-]+\s+){0,6}?(?:(?:declined|refused)\s+to|would not|wouldn't)\s+(?:comment|say|"
    r"address|discuss|elaborate|specify|disclose|detail|answer|confirm|name|give|provide)\b|"
    r"(?:[\w.'’-]+\s+){0,6}?(?:(?:did not|didn't)\s+(?:immediately\s+)?"
    r"(?:respond|reply)\s+to\s+(?:[\w.'’-]+\s+){0,3}?(?:requests?|"
    r"emails?|calls?|messages?|inquir(?:y|ies))\b|"
    r"(?:did not|didn't)\s+(?:immediately\s+)?(?:reveal|disclose|specify|give details|(?:provide|"
    r"release|give)\s+(?:any\s+)?(?:other\s+|further\s+|more\s+)?(?:details?|information))\b|"
    r"could not (?:immediately )?be reached\b|"
    # "The price wasn't announced.", "It didn't say when the wagon will go on sale."
    r"(?:[\w.'’&-]+\s+){0,6}?(?:was|were|has|have)(?:\s+not|n't|n’t)\s+(?:yet\s+)?(?:been\s+)?"
    r"(?:announced|disclosed|released|made public)\W*$|"
    r"(?:it|they|he|she|the company)\s+(?:did not|didn't|didn’t)\s+say\s+(?:when|how|whether|why|"
    r"where|what)\b)|"
    # a quotation its asker closes is a question, no claim ("“What is … by 2024,” Aderholt asked.")
    r".*[,?][\"”]\s+(?:(?:the|a|one)\s+)?[\w.'’-]+(?:\s+[A-Z][\w.'’-]*){0,3}\s+asked\W*$)", re.I)
# Label lines that list who takes part ("Guest: Colonel X, spokesman for …", "Host: …").
LISTING_LABELS = re.compile(r"^(?:(?:studio|special|our)\s+)?(?:guests?|hosts?|presenters?|"
                            r"panel(?:ists?)?|moderators?|interviewers?|callers?|participants?|"
                            r"speakers?|with|featuring|producers?|editors?|reporters?|"
                            r"correspondents?|anchors?|by|in the studio|on the line)$", re.I)
# "I want to stress that …": the speaker's framing, dropped from the claim's text.
FRAMING = re.compile(r"^\W*(?:i|we)\s+(?:want|wish|would like|must|have|need)\s+to\s+"
                     r"(?:stress|emphasi[sz]e|underline|underscore|point out|make (?:it )?clear|"
                     r"note|repeat|say|add)\s+(?:that\s+)?", re.I)
# a year written in full or a modal: the parse may be read for the date's attachment
# (`textdates.modifies_in_parse`) or the clause's verb (`clause_shape.main_verb`)
READ_WITH_PARSE = re.compile(rf"\b(?:1[89]|20)\d{{2}}\b|{own_voice.MODAL_WORDS.pattern}|"
                             rf"{own_voice.INFERENCE_WORDS.pattern}|"  # or a verb of inference
                             rf"{textdates.WRITTEN_DAY.pattern}", re.I)  # or a day with its month
ANAPHORA = {"this", "these", "those", "such", "that"}


# --- small text helpers ------------------------------------------------------------------------


def _claim_text(text: str) -> str:
    t = normalize_whitespace(text).strip(" ,;:")
    t = t.strip("\"“”'‘’ ").strip(" ,;:")  # “… western Ukraine,” the post says
    t = cl.DISCOURSE.sub("", t)
    t = FRAMING.sub("", t)
    if not t:
        return t
    t = t[0].upper() + t[1:]
    if t[-1] not in ".!?":
        t += "."
    return t


def _trim_span(s: str, a: int, b: int) -> tuple[int, int]:
    """Drop discourse markers ("However,") and edge punctuation from a clause span."""
    while a < b and s[a].isspace():
        a += 1
    m = cl.DISCOURSE.match(s[a:b])
    if m and m.end() < b - a:
        a += m.end()
    while b > a and (s[b - 1].isspace() or s[b - 1] in ",;:"):
        b -= 1
    return a, b


# --- the pipeline ------------------------------------------------------------------------------


def extract(text: str, publisher: str = "", published: str = "",
            table: dict[str, Claimant] | None = None,
            segmented: Segmented | None = None, learned: bool = True) -> list[Candidate]:
    """Candidates (with mentions, in order of first mention) proposed from one source text;
    `learned=False` leaves every type as the rules read it and every keep to the claim-worthiness
    score (to train or measure the models)."""
    table = alias_mod.alias_table() if table is None else table
    doc_voice = Claimant(publisher.strip() or "the document", "document",
                         _publisher_country(publisher, table), True)
    sg = segmented or segment(text)
    given = parse_partial_date(published)
    pub, pub_source, entries = mention_dates.reference_dates(sg, given, "published" if given.is_known else "")
    speakers = Speakers(sg.view, table, doc_voice)
    posted = embedded_posts.posts(sg.view, sg.paragraphs, pub)  # a post's text: its author's
    # names the document equates ("…, known as HUR"; appositions and titles as they are read)
    book = doc_aliases.DocNames(sg.view, table)
    ctx = referents.Context(text=sg.view)
    argued = own_voice.addresses_reader(sg)  # an opinion piece: its own voice judges
    known_terms = own_voice.terms(sg.view)  # "indirect costs": a term, not a judgement
    mentions: list[Mention] = []
    previous_sentence: list[Mention] = []
    last_speaker: tuple[int, str] = (-2, "")
    answering: Claimant | None = None  # the last speaker whose turn held a claim: a question's "you"
    # only a sentence that can hold a reporting verb is parsed; entities only where read
    # (and one with a year or a modal, whose date attachment or verb may be read: in the same
    # batches, as a parse of one sentence alone costs many times its share of a batch)
    parsed = nlp.parse_many((t if attribution.may_report(t) or READ_WITH_PARSE.search(t) else None
                             for t in (sg.view[x.start:x.end] for x in sg.sentences)),
                            entities_if=attribution.needs_entities)
    quoting: dict[int, Claimant] = {}  # paragraph -> who speaks in its quote (for the next one)
    continued: set[int] = set()  # paragraphs that go on with a quotation opened before them
    quote_dates: dict[int, tuple[str, str, str]] = {}  # the quoted speaker's date, paragraph by paragraph
    # a transcript's moderators and interviewers: their lines score lower (sources/worthiness.py)
    labelled = [(sg.paragraphs[x.paragraph].speaker, sg.view[x.start:x.end]) for x in sg.sentences
                if sg.paragraphs[x.paragraph].speaker]
    asking = worthiness.askers([sp for sp, _ in labelled], [t for _, t in labelled])
    for index, sent in enumerate(sg.sentences):
        s = sg.view[sent.start:sent.end]
        ctx.upto = sent.start
        parse = next(parsed)
        if sent.first_in_paragraph and (who := quoting.get(
                before := story_before(sg.paragraphs, sent.paragraph))) is not None \
                and quote_continues(sg.view, sg.paragraphs, sent.paragraph):
            quoting[sent.paragraph] = who  # "“…" opening a paragraph after an unclosed quote
            quote_dates[sent.paragraph] = quote_dates[before]
            continued.add(sent.paragraph)
        saids = attribution.attributions(parse)
        # the sentence's parse, made only when a date must be read in it
        whole = functools.cache(lambda s=s, parse=parse: parse if parse is not None
                                else nlp.parse_syntax(s))
        if s.rstrip().endswith("?"):
            previous_sentence = []
            continue
        toks = cl.tokenize(s)
        if not toks:
            continue
        para = sg.paragraphs[sent.paragraph]
        if not para.speaker and para.label and LISTING_LABELS.match(para.label):
            continue  # "Guest: Colonel X, spokesman for …": who takes part, not a claim
        post = posted.get(sent.paragraph)
        label = para.speaker or (post.author if post is not None else "")
        if not label and last_speaker[0] in (sent.paragraph - 1, sent.paragraph) \
                and not para.is_heading:
            label = last_speaker[1]  # an answer that runs on into the next paragraph, every sentence
        if label:
            last_speaker = (sent.paragraph, label)
        if references.is_reference(s, toks) or references.ABOUT_ITSELF.match(s) or not (
                len(toks) > VERBLESS_TOKENS or cl.has_finite(toks, 0, len(toks))
                or any(t.pos_ in ("VERB", "AUX") for t in whole())):
            continue  # a reference, the document on itself, or no verb (a caption, a title)
        speaker = speakers.claimant(label)
        silent = bool(label) and speaker is None and label != "A"
        # the speaker quoted before speaks on only inside a quotation ("…," she said. "…")
        quoted_voice = quoting.get(sent.paragraph) if in_quotation(sg.view, para, sent.start) or (
            sent.paragraph in continued and quote_open_at(sg.view, para, sent.start)) else None
        if not label and (closer := quote_closed_by(sg.view, para, sent.start)):
            # the quotation this sentence is in closes later with its speaker ("“A. B,” she said")
            quoted_voice = ctx.resolve(closer, table)[0]
        voice = speaker or quoted_voice or doc_voice
        entry = entries[sent.paragraph]
        ref, ref_source = (entry, "heading") if entry is not None else (pub, pub_source)
        if post is not None:
            ref, ref_source = post.date, "post"
        spans = rules_with_parse.regroup(
            toks, rules_with_parse.without_false_coordinations(toks, cl.split(s, toks), parse),
            saids)
        current: list[Mention] = []
        prev_att: ca.Attribution | None = None
        prev_claimant: tuple[str, Claimant, float] | None = None
        for c in spans:
            att = ca.attribute(s, toks, c)
            said: attribution.Said | None = None
            proposed = ""
            if att.kind in ("document", "lead", "tail", "according", "relayed") and (
                    from_parse := rules_with_parse.for_clause(toks, c, saids)) is not None:
                att = rules_with_parse.agreed(att, *from_parse)
                said = from_parse[1]
            elif att.kind in ("lead", "tail") and rules_with_parse.no_verb_there(
                    parse, toks[c.first].start, toks[c.last - 1].end, att.verb_text) \
                    or att.kind == "according" and rules_with_parse.no_source_there(
                        parse, toks[c.first].start, toks[c.last - 1].end):
                att = ca.Attribution("document", "", "", "", toks[c.first].start,
                                     toks[c.last - 1].end)
            elif att.kind in ("lead", "document") and (agent := attribution.passive_agent(
                    parse, toks[c.first].start, toks[c.last - 1].end,
                    word := att.verb_text or ca.reporting_word(toks, c))) is not None:
                # "X was accused of …": about X; said by the agent ("by critics"), else reported
                att = ca.Attribution("lead" if agent else "passive", agent,
                                     att.verb or REPORTING.get(word.lower(), ""), word,
                                     toks[c.first].start, toks[c.last - 1].end)
            raw, confidence = att.subject, 0.6
            if c.kind == "relative" and c.antecedent and att.kind == "document":
                a, b = c.antecedent
                raw = s[toks[a].start:toks[b - 1].end] if a < b else ""
                k = c.first + 1
                while k < c.last and toks[k].low not in REPORTING:
                    k += 1
                verb = REPORTING.get(toks[k].low, "say") if k < c.last else "say"
                content, to_inf = ca.content_after(s, toks, k, c.last) if k < c.last else (0, False)
                if k < c.last and verb in reported.OBJECT_CLAIMS and not to_inf:
                    content = toks[k].start  # "who accused the utility of overkill": the whole act
                att = ca.Attribution("relative", raw, verb, toks[k].text if k < c.last else "",
                                     content, toks[c.last - 1].end, to_inf)
            elif c.kind == "verb_shared" and att.kind == "document" and prev_att is not None:
                # the shared verb may follow an adverb ("… and then tells everybody that …")
                k = next((k for k in range(c.first, c.last) if toks[k].low in REPORTING), c.first)
                content, to_inf = ca.content_after(s, toks, k, c.last)
                att = ca.Attribution("inherited", prev_att.subject,
                                     REPORTING.get(toks[k].low, prev_att.verb),
                                     toks[k].text, content, toks[c.last - 1].end, to_inf)
            elif c.kind == "complement" and att.kind == "document" and prev_att is not None \
                    and prev_att.kind not in ("document", "passive"):
                att = ca.Attribution("inherited", prev_att.subject, prev_att.verb,
                                     prev_att.verb_text, toks[c.first].start + len("that "),
                                     toks[c.last - 1].end, prev_att.to_infinitive)
            elif c.kind == "coord" and att.kind == "document" and prev_att is not None \
                    and prev_att.kind == "lead" and toks[c.first].low in ("he", "she", "they") \
                    and prev_att.subject.lower() == toks[c.first].low:
                # "He said A, but he did worry B": the reported speech goes on in the same voice
                att = ca.Attribution("inherited", prev_att.subject, prev_att.verb,
                                     prev_att.verb_text, toks[c.first].start, toks[c.last - 1].end)
            a, b = _trim_span(s, toks[c.first].start, toks[c.last - 1].end)
            clause_text = s[a:b]
            if (len(clause_text.split()) < MIN_WORDS and not FLAT_REJECTION.match(clause_text)) \
                    or not re.search(r"[a-z]", clause_text) or NON_ASSERTION.match(clause_text) \
                    or (label and SAYS_NOTHING.match(clause_text)):
                continue
            if att.kind == "document" and clause_text[:1].islower() \
                    and not has_finite_verb(whole(), a, b):
                continue  # a piece of a sentence cut off its verb ("small-business owners
                # impacted by Hurricane Ian.", "a third undisclosed buyer."): no assertion
            first_person = att.subject.lower().strip() in ("we", "i")
            estimative = bool(ESTIMATIVE.match(clause_text))
            if (estimative and att.kind not in ("tail", "according")) or (
                    first_person and (att.kind == "lead" or label and att.kind == "tail")):
                # "We assess …", "I believe …": the writer or speaker judges; keep every word
                att = ca.Attribution("document", "", att.verb, att.verb_text, a, b)
            if att.kind in ("document", "passive"):
                if silent:
                    continue  # a moderator's or questioner's own words
                claimant = voice
                confidence = 0.7 if speaker is not None or estimative else (
                    0.6 if att.kind == "document" else 0.5)
            elif att.kind == "inherited" and prev_claimant is not None:
                raw, claimant, confidence = prev_claimant
            else:
                raw = att.subject
                claimant, confidence = ctx.resolve(raw, table)
                if said is not None:
                    claimant = rules_with_parse.typed_by_description(claimant, said, table)
                claimant, proposed = doc_aliases.through(raw, claimant, book.links)
                claimant, proposed = book.read(raw, claimant, proposed, said)
                if silent and answering is not None and raw.strip().lower() == "you":
                    claimant = answering  # "John, you said yesterday that …" in a question
            content = s[att.content_start:att.content_end] if att.kind not in (
                "document", "passive") else clause_text
            if QUESTION.search(content) or (
                    (att.kind == "tail" or att.kind == "lead" and att.verb in SAYING)
                    and len(content.split()) < MIN_WORDS
                    and not FLAT_REJECTION.match(content.strip(" “”\"'‘’,"))):
                continue  # a question quoted ("… the 'Giuliani problem'?" Schiff asked), or an
                # answer without its question ("“That's correct,” Volker said")
            if att.kind in ("document", "passive") or not content.strip() or att.verb in (
                    DENIAL_VERBS | {"maintain", "characterize", "regard", "express", "welcome"}) \
                    or att.to_infinitive:
                claim = clause_text
            else:
                claim = content
            # the clause's own date, else one written before it in the sentence ("On Monday,
            # X said A, and B"), never one from a clause after it
            found = textdates.first_date(clause_text, ref, whole, a) or (
                textdates.first_date(s[:a], ref, whole) if a > 0 else None)
            since = textdates.period_start(clause_text, ref)
            is_doc = claimant is doc_voice
            if claimant is speaker and speaker is not None:
                ctype = claim_type(att, claimant, clause_text, found is not None, False,
                                   speaker=True)
                if ctype == "allegation" and (sh := shape(whole(), a, b)) is not None \
                        and not others_act(sh, claimant):
                    ctype = "statement"  # a speaker's own words that name another party, but
                    # not as the one acting ("artillery shells have been critical for Ukraine")
            else:
                span = (att.content_start, att.content_end) if content.strip() else (a, b)
                ctype = claim_type(att, claimant, content, found is not None, is_doc,
                                   is_doc and _publisher_speaks(s, toks, c, doc_voice, table),
                                   verb=lambda a=a, b=b, w=whole: main_verb(w(), a, b),
                                   person=True if said is not None and said.entity == "PERSON" else None,
                                   clause=None if parse is None else lambda p=parse, x=span: shape(p, *x),
                                   argued=argued, known_terms=known_terms)
            if said is not None and not is_doc and claimant is not speaker:
                ctype = type_from_structure(ctype, said, claimant, raw, content, parse, span)
            if att.kind == "inherited" and current and current[-1].claim_type == "statement" \
                    and ctype == "allegation" and not accuses_another(content, claimant):
                ctype = "statement"  # "X said A and that B": the same speech act goes on
            if c.kind != "main":
                confidence -= 0.05
            if not claimant.known and claimant is not speaker:
                confidence -= 0.1
            notes = list(att.notes)
            if since is not None:
                notes.append(f"since {since.value.text} ('{since.expression}'): start of the period, "
                             "not the claim's date")
            date_source, date, date_expression = mention_dates.mention_date(
                found, entry, ref, ref_source, not is_doc and att.kind != "passive", clause_text,
                quote_dates.get(sent.paragraph) if quoted_voice is not None
                and claimant is quoted_voice else None, event=ctype == "event_report")
            m = Mention(
                start=sent.start + a, end=sent.start + b,
                quote=normalize_whitespace(sg.text[sent.start + a:sent.start + b]),
                sentence=index, claimant=claimant, raw_claimant=raw or label.title(),
                attribution=att.kind if claimant is not speaker else "speaker",
                verb=att.verb_text, claim=_claim_text(claim), claim_type=ctype, rule_type=ctype,
                date=date, date_expression=date_expression,
                # a silent questioner's own words are dropped above: what is left of their turn
                # is a claim they relay, someone else's, not an asker's line
                confidence=round(worthiness.score(clause_text, asker=label in asking
                                                  and not silent), 4),
                tokens=content_tokens(content if not is_doc else clause_text),
                date_source=date_source, paragraph=sent.paragraph,
                quoted=bool(re.search(r"[“\"]", s[max(0, att.content_start - 2):att.content_start + 1])),
                proposed_alias=proposed,
                notes=notes,
            )
            if not is_doc and claimant is not speaker:
                quoting[sent.paragraph] = claimant
                quote_dates[sent.paragraph] = (date_source, date, date_expression)
                ctx.remember(raw, claimant, claimant.claimant_type == "individual" or (
                    said is not None and said.entity == "PERSON"))
            current.append(m)
            prev_att = att
            prev_claimant = (raw, claimant, confidence)
        if _continues_previous(sg, index, s, current, previous_sentence):
            last = previous_sentence[-1]
            extra = current[0]
            last.end = extra.end
            last.quote = normalize_whitespace(sg.text[last.start:last.end])
            last.tokens = last.tokens | extra.tokens
            current = []
        mentions.extend(current)
        if speaker is not None and current:
            answering = speaker
        previous_sentence = current or previous_sentence
        ctx.about(s, table)  # whom this sentence is about: "he"/"she" in the next one
    candidates = merge(mentions)
    return learned_keep.judge(learned_types.decide(candidates, argued)) if learned else candidates


def _publisher_country(publisher: str, table: dict[str, Claimant]) -> str:
    if not publisher:
        return ""
    return alias_mod.resolve(publisher, table).country


def _publisher_speaks(s: str, toks: list[cl.Token], c: cl.ClauseSpan, publisher: Claimant,
                      table: dict[str, Claimant]) -> bool:
    """Is the subject of a clause in the document's own voice the publisher itself?

    A ministry's press release saying "The Ministry condemns …", "Ukraine calls on …" or
    "We …" states its own position: a statement, not an assessment or an event report.
    """
    first = c.first
    if toks[first].low in ("we", "our"):
        return True
    for k in range(first + 1, min(c.last, first + 7)):
        subject = s[toks[first].start:toks[k - 1].end]
        words = subject.lower().split()
        if words[0] == "the" and len(words) == 2 and len(words[1]) > 3 \
                and words[1] in publisher.name.lower():
            return True  # "The Ministry has informed …" in the ministry's own release
        said = table.get(alias_mod.key(subject))
        if said is not None:
            return own_state(said.country, said.claimant_type, publisher)
    return False


def _continues_previous(sg: Segmented, index: int, s: str, current: list[Mention],
                        previous: list[Mention]) -> bool:
    """Is this sentence only more of the previous one's claim ("This training was …")?

    It must be in the same paragraph, be one clause in the document's own voice (not a quoted
    speaker's next sentence), and open with a
    demonstrative ("This", "These", "Such") or "The <noun>" (a common noun, not a name: "The
    U.S. base …" is news of its own) naming something already said in the previous sentence or
    its heading words.
    """
    if not previous or len(current) != 1 or index == 0:
        return False
    sent, before = sg.sentences[index], sg.sentences[index - 1]
    if sent.paragraph != before.paragraph or current[0].attribution not in ("document", "passive") \
            or current[0].claimant.claimant_type != "document":
        return False  # a quoted speaker's next sentence ("These arrests are important …") is theirs
    words = re.findall(r"[\w'’-]+", s)
    if len(words) < 2:
        return False
    first, second = words[0].lower(), words[1]
    if first in ANAPHORA:
        return True
    if first == "the" and second[:1].islower():  # "The drill …", not "The U.S. base …"
        para = sg.paragraphs[sent.paragraph]
        earlier = sg.view[before.start:before.end] + " " + para.label
        stems = {stem_word(w) for w in re.findall(r"[\w'’-]+", earlier)}
        return stem_word(second) in stems
    return False


