"""The CheckThat! 2019 development transcripts as the worthiness tests read them (real public debate
transcripts, benchmarks/data/checkthat2019: source and licence in its README), and the lab's
average precision of a ranking."""

from __future__ import annotations

from places import ROOT

TRANSCRIPTS = ROOT / "benchmarks" / "data" / "checkthat2019" / "training"


def lines(name: str) -> list[tuple[str, str, int]]:
    """(speaker, text, label) of each line of one training transcript."""
    out = []
    for row in (TRANSCRIPTS / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        _, speaker, text, label = row.split("\t")
        out.append((speaker, text, int(label)))
    return out


def average_precision(scores: list[float], labels: list[int]) -> float:
    order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
    hits, total = 0, 0.0
    for rank, i in enumerate(order, start=1):
        if labels[i]:
            hits += 1
            total += hits / rank
    return total / sum(labels)
