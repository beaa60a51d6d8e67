"""Extraction work per sentence does not grow with the length of a text, distinct or repeated.

Counted, not timed (a shared machine's clock says little): the merge step's comparisons of a
mention with earlier ones, and the mentions read to learn a candidate's date. Both must stay a
constant per mention from a short text to one four times longer, or the cost of a text is not
linear in it. The texts: the throughput benchmark's distinct news prose
(benchmarks/extract_speed.py), and one made-up paragraph repeated, whose near-identical mentions
all fall on the same few candidates (the case that once cost minutes). And whether a sentence
is quoted speech is read without copying its paragraph: the same answer, at a cost that does not
grow with the paragraph.
"""

from __future__ import annotations

import importlib.util

import pytest

from claimbook.claims import aliases
from claimbook.claims.aliases import Claimant
from claimbook.sources import candidates, extract, person_names, quotation, referents, segment
from places import ROOT


def _speed_module():  # noqa: ANN202 - the benchmark script, loaded from its file
    spec = importlib.util.spec_from_file_location("extract_speed", ROOT / "benchmarks" / "extract_speed.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _work_per_mention(text: str, monkeypatch: pytest.MonkeyPatch) -> float:
    work = [0]
    real_similarity = candidates.similarity
    real_date = extract.Candidate.date.func  # a cached_property: computed once per candidate

    def counted_similarity(*args, **kwargs) -> float:  # noqa: ANN002, ANN003
        work[0] += 1
        return real_similarity(*args, **kwargs)

    def counted_date(self: extract.Candidate) -> str:
        work[0] += len(self.mentions)
        return real_date(self)

    monkeypatch.setattr(candidates, "similarity", counted_similarity)  # what merge calls
    monkeypatch.setattr(extract.Candidate, "date", property(counted_date))
    mentions = extract.extract(text, "Test Wire", "2025-06-20", aliases.alias_table())
    n = sum(len(c.mentions) for c in mentions)
    monkeypatch.undo()
    # the review file reads each candidate's date once: that is not per-comparison work
    return work[0] / n


def test_merge_work_per_mention_is_constant_from_500_to_2k_distinct_sentences(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Not smaller: the work per mention settles only after some hundred sentences (1.56 at 125,
    3.5 at 300, 4.45 at 500, 5.9 at 1,200, 6.32 at 2,000), so 300 -> 1,200 would fail the bound on
    linear code."""
    speed = _speed_module()
    small = _work_per_mention(speed.distinct_text(500), monkeypatch)
    large = _work_per_mention(speed.distinct_text(2000), monkeypatch)
    assert large <= 50, (small, large)  # a constant bound, whatever the length
    assert large <= 1.5 * small, (small, large)


REPEATED = ("Officials said drones struck the depot at Odesa on Monday. Officials said the "
            "depot held grain for export. Analysts said the strikes were likely to continue.\n\n")


def test_merge_work_per_mention_is_constant_from_120_to_480_repeated_sentences(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Flat from 90 mentions on (2.85 per mention at 120, 2.96 at 480). Comparing a mention with
    every mention of its candidate gives 19.5 and 79.5 at these sizes, reading a candidate's date
    from its mentions at each comparison 36 and 136: both fail both bounds."""
    small = _work_per_mention(REPEATED * 40, monkeypatch)
    large = _work_per_mention(REPEATED * 160, monkeypatch)
    assert large <= 50, (small, large)
    assert large <= 1.5 * small, (small, large)


class _CountedView(str):
    """A text that counts the characters copied out of it by slicing."""

    copied = 0

    def __getitem__(self, key):  # noqa: ANN001, ANN204
        if isinstance(key, slice):
            _CountedView.copied += len(range(*key.indices(len(self))))
        return str.__getitem__(self, key)


def _copied_per_sentence(n: int) -> float:
    speed = _speed_module()
    sg = segment.segment(" ".join(speed.distinct_text(n).split("\n\n")))  # one paragraph
    view = _CountedView(sg.view)
    _CountedView.copied = 0
    for sent in sg.sentences:
        para = sg.paragraphs[sent.paragraph]
        segment.in_quotation(view, para, sent.start)
        segment.quote_closed_by(view, para, sent.start)
    return _CountedView.copied / len(sg.sentences)


def test_reading_whether_a_sentence_is_quoted_costs_the_same_in_a_long_paragraph() -> None:
    """Whether a sentence is inside a quotation (and who closes it) is read from where the marks
    stand: the text copied per sentence does not grow with the paragraph (it was the paragraph
    up to the sentence, and the rest of it: the square of a one-paragraph text's length)."""
    small, large = _copied_per_sentence(300), _copied_per_sentence(1200)
    assert large <= small + 200, (small, large)


def _in_quotation_by_slices(view: str, para: segment.Paragraph, start: int) -> bool:
    """The definition, read by copying the text and taking its marks one by one."""
    before, rest = view[para.body_start:start], view[start:para.end]
    inside = False
    for m in quotation.MARKS.finditer(before):
        inside = quotation.after(m.group(), inside)
    return inside or rest.lstrip()[:1] in quotation.OPENING


# made-up quotations: closed, left open over a sentence, straight marks, nested
QUOTED = ('The minister said: "We will not retreat. We will hold the line." Then he left. '
          '“It is over,” she said. “There is nothing more. We go home. '
          'Nobody believed it. "Not again," they said. ‘Well’ said one.')


def test_quotation_read_from_marks_is_what_the_text_says() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "fixtures").glob("*/*.txt"))]
    checked = quoted = 0
    for text in [*texts, QUOTED, QUOTED.replace(". ", ".\n\n")]:
        sg = segment.segment(text)
        for sent in sg.sentences:
            para = sg.paragraphs[sent.paragraph]
            want = _in_quotation_by_slices(sg.view, para, sent.start)
            assert segment.in_quotation(sg.view, para, sent.start) == want, sg.view[sent.start:sent.end]
            checked += 1
            quoted += want
    assert checked > 150 and quoted > 10, (checked, quoted)


class _CountedSet(set):
    """A set that counts how often it is searched through."""

    searched = 0

    def __iter__(self):  # noqa: ANN204
        _CountedSet.searched += 1
        return super().__iter__()


def test_whom_a_sentence_is_about_is_looked_up_not_searched(monkeypatch: pytest.MonkeyPatch) -> None:
    """For 'he'/'she' in the next sentence, `Context.about` reads the person a sentence opens
    with: the persons quoted so far are looked up by surname (not searched, each sentence, through
    all of a long text's persons), and where a surname is first written is searched for once per
    surname (not once per sentence, from the text's start). Invented names."""
    searches: list[str] = []
    real = person_names.introduced
    monkeypatch.setattr(person_names, "introduced",
                        lambda text, surname: searches.append(surname) or real(text, surname))
    people = [f"Alma Tester{i}" for i in range(200)]
    sentences = [f"Diplomats in Vienna said the talks would resume in {i} days." for i in range(300)]
    ctx = referents.Context(text=" ".join(sentences), persons=_CountedSet())
    for name in people:
        ctx.remember(name, Claimant(name, "individual", "", False), person=True)
    _CountedSet.searched = 0
    for k, s in enumerate(sentences):
        ctx.upto = k * 60
        ctx.about(s, {})
        assert ctx.topic is None
    assert _CountedSet.searched == 0
    assert searches == ["Diplomats"]
    ctx.about("Tester7 said it again.", {})  # a person quoted before, by surname
    assert ctx.topic is not None and ctx.topic.name == "Alma Tester7"
