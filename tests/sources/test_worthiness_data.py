"""The ranking benchmark's development data never includes the held-out transcripts: the `dev` part
reads the 2019 lab's training and (spent) test transcripts and the 2020 lab's training transcripts
that are not 2019 transcripts again; the 2020 test transcripts are a part of their own, and no
development transcript shares a name or an event date with a held-out one.

Only file names of the held-out folder are read here, never their lines.
"""

from __future__ import annotations

import sys

from places import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import checkthat_parts  # noqa: E402


def test_the_development_part_is_the_three_development_folders_and_nothing_held_out():
    dev = checkthat_parts.files("dev")
    folders = {p.parent.relative_to(checkthat_parts.DATA).as_posix() for p in dev}
    assert folders == {"checkthat2019/training", "checkthat2019/test", "checkthat2020/training"}
    assert len(dev) == 19 + 7 + 34
    held = checkthat_parts.files("test2020")
    assert len(held) == 20
    assert not {p.name for p in held} & {p.name for p in dev}
    assert not {p.name[:8] for p in held} & {p.name[:8] for p in dev}  # no event twice
    assert {"test2020"} == checkthat_parts.HELD_OUT


def test_the_2020_development_transcripts_are_not_2019_transcripts_again():
    names_2019 = [p.name for part in ("dev2019", "test2019") for p in checkthat_parts.files(part)]
    days_2019 = {n[:8] for n in names_2019}
    new = checkthat_parts.files("dev2020")
    assert new and not {p.name[:8] for p in new} & days_2019
    lines_2019 = {t for part in ("dev2019", "test2019")
                  for rows in checkthat_parts.load(part).values() for _, _, t, _ in rows}
    for name, rows in checkthat_parts.load("dev2020").items():
        shared = sum(t in lines_2019 for _, _, t, _ in rows)
        assert shared < 0.1 * len(rows), name
