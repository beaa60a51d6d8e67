"""Extraction throughput: sentences per second of CPU at 1k, 5k and 20k sentences.

    .venv/bin/python benchmarks/extract_speed.py [--sizes 1000,5000,20000] [--repeated | --one-paragraph]

The text is news-like prose made here: each sentence joins a source, a reporting verb, a claim
and sometimes a date from lists of parts (with numbers and place names drawn at random), so no
two sentences are the same; paragraphs of three sentences. `--repeated` instead repeats the
fixture texts until the size is reached (many near-identical mentions: the worst case for the
merge step); `--one-paragraph` puts similar sentences (the made-up ones) in one paragraph (the
case that was quadratic before issue 24). It prints CPU seconds (process time; the numeric
libraries are held to one thread, so one core), sentences per second and the ratio of time per
sentence to the smallest size (1.0 = linear). Goal since the parse (issue 24): >= 300
sentences/s, linear up to 100,000 sentences.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: set before the numeric libraries load
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # runs from a checkout even without an install

from claimbook.claims import aliases  # noqa: E402
from claimbook.sources import extract, segment  # noqa: E402

SOURCES = ["Ukraine's military intelligence", "The Russian Foreign Ministry", "Officials in Kyiv",
           "A spokesman for the border service", "NATO Secretary General Mark Rutte",
           "China's foreign ministry", "Analysts at the institute", "Residents of {place}",
           "The governor of {place} region", "Diplomats in Vienna", "The State Department"]
VERBS = ["said", "stated", "claimed", "reported", "told reporters", "denied", "warned",
         "said on {weekday}", "said in a statement"]
CLAIMS = ["that {n} drones were launched at {place} overnight",
          "that troops had moved {n} kilometres towards {place}",
          "that a warehouse in {place} was struck by a missile",
          "that {n} civilians were detained at checkpoints near {place}",
          "that supplies of shells to {place} had doubled since {month}",
          "that the talks in {place} would resume within {n} days",
          "that exports of machine tools via {place} continued in {month} 2025"]
TAILS = ["", "", " according to local media", " citing satellite images"]
PLACES = ["Odesa", "Kharkiv", "Lviv", "Kursk", "Belgorod", "Minsk", "Sumy", "Dnipro", "Tula",
          "Brest", "Gomel", "Poltava", "Izmail", "Rivne", "Kherson", "Zhytomyr"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def distinct_text(n: int, seed: int = 7) -> str:
    rnd = random.Random(seed)
    out, para = [], []
    for i in range(n):
        fill = {"place": rnd.choice(PLACES) + ("" if i % 3 else f"-{i}"), "n": rnd.randint(2, 9999),
                "month": rnd.choice(MONTHS), "weekday": rnd.choice(WEEKDAYS)}
        s = " ".join([rnd.choice(SOURCES), rnd.choice(VERBS), rnd.choice(CLAIMS)]).format(**fill)
        para.append(s + rnd.choice(TAILS) + ".")
        if len(para) == 3:
            out.append(" ".join(para))
            para = []
    if para:
        out.append(" ".join(para))
    return "\n\n".join(out)


def repeated_text(n: int) -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/fixtures").glob("*/*.txt"))]
    pool = "\n\n".join(texts)
    per = len(segment.segment(pool).sentences)
    return "\n\n".join([pool] * max(1, n // per))


def measure(text: str) -> tuple[int, float, int]:
    table = aliases.alias_table()
    sentences = len(segment.segment(text).sentences)
    t = time.process_time()
    cands = extract.extract(text, "Test Wire", "2025-06-20", table)
    return sentences, time.process_time() - t, len(cands)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--repeated", action="store_true", help="repeat the fixture texts instead")
    ap.add_argument("--one-paragraph", action="store_true", help="similar sentences, one paragraph")
    args = ap.parse_args(argv)
    measure(distinct_text(50))  # warm-up: imports, caches
    print("| sentences | CPU s | sentences/s | candidates | time per sentence vs first |")
    print("|---:|---:|---:|---:|---:|")
    first = None
    for size in (int(x) for x in args.sizes.split(",")):
        text = repeated_text(size) if args.repeated else distinct_text(size)
        if args.one_paragraph:
            text = " ".join(text.split("\n\n"))
        n, secs, cands = measure(text)
        per = secs / n
        first = first or per
        print(f"| {n:,} | {secs:.2f} | {n / secs:,.0f} | {cands:,} | {per / first:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
