"""The CheckThat! debate transcripts by part, for the ranking and speaker benchmarks.

Development data: the CLEF 2019 lab's training and test transcripts (the 2019 test part was scored
once and is spent) and the 2020 lab's training transcripts that are not in the 2019 data
(`data/checkthat2020/training`). Held out: the 2020 lab's 20 test transcripts
(`data/checkthat2020/test`), scored once at the end. Sources and licences: the README of each folder.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
FOLDERS = {
    "dev2019": ("checkthat2019/training",),
    "test2019": ("checkthat2019/test",),  # spent: scored once on 6 Dec 2026, now development data
    "dev2020": ("checkthat2020/training",),
    "test2020": ("checkthat2020/test",),  # held out: scored once at the end
}
FOLDERS["dev"] = FOLDERS["dev2019"] + FOLDERS["test2019"] + FOLDERS["dev2020"]
HELD_OUT = frozenset({"test2020"})


def files(part: str) -> list[Path]:
    """The part's transcripts, folder by folder, each folder's files by name."""
    return [p for folder in FOLDERS[part] for p in sorted((DATA / folder).glob("*.tsv"))]


def load(part: str) -> dict[str, list[tuple[int, str, str, int]]]:
    """Transcript name -> [(line number, speaker, text, label)]."""
    out = {}
    for path in files(part):
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            number, speaker, text, label = line.split("\t")
            rows.append((int(number), speaker, text, int(label)))
        out[path.stem] = rows
    return out
