"""A clause that shares a reporting verb after an adverb ("… and then tells everybody else that …")
is read, not a crash: the shared verb is found past the adverb.

The line is real: a 2020 CheckThat! development transcript (benchmarks/data/checkthat2020/training/
20151110_GOP_milwuakee.tsv, source and licence in the README there), where `extract` raised
KeyError('then').
"""

from __future__ import annotations

from claimbook.sources import extract

LINE = ("CARSON: But, you know, when I look at somebody like Hillary Clinton, who sits there and tells "
        "her daughter and a government official that no, this was a terrorist attack, and then tells "
        "everybody else that it was a video. Where I came from, they call that a lie.\n")


def test_a_shared_reporting_verb_after_an_adverb_is_read() -> None:
    mentions = [m for c in extract.extract(LINE, "Debate transcript") for m in c.mentions]
    shared = [m for m in mentions if "it was a video" in m.quote]
    assert len(shared) == 1
    assert shared[0].verb == "tells"
