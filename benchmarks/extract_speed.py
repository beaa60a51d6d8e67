"""Extraction throughput: sentences per second of CPU, and how it grows with the text.

    .venv/bin/python benchmarks/extract_speed.py [--sizes 1000,5000,20000]
        [--repeated | --one-paragraph | --debates] [--no-baseline]

The text is news-like prose made here: each sentence joins a source, a reporting verb, a claim
and sometimes a date from lists of parts (with numbers and place names drawn at random), so no
two sentences are the same; paragraphs of three sentences. Every sentence is attributed: the worst
case for the parse (each needs the parser and the entity recognizer). `--repeated` instead repeats
the fixture texts until the size is reached (many near-identical mentions: the worst case for the
merge step); `--one-paragraph` puts the made-up sentences in one paragraph (the case that was
quadratic before issue 24); `--debates` is real text: the CheckThat! 2019 development transcripts
(benchmarks/data/checkthat2019/training), repeated when the size asks for more.

It prints the spaCy build (its version changes the parse's cost: benchmarks/README.md), then CPU
seconds (process time; the numeric libraries are held to one thread, so one core),
sentences per second and the ratio of time per sentence to the smallest size (1.0 = linear).
The baseline, measured in the same run on the same sentences, is spaCy's pipeline as shipped
parsing every sentence (all components, spaCy's own attribute matcher): what extraction's parse
alone cost before it parsed only the sentences that can report (issue 24). Goal since the parse
(issue 24): >= 300 sentences/s, linear up to 100,000 sentences.
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

import spacy  # noqa: E402

from claimbook.claims import aliases  # noqa: E402
from claimbook.sources import extract, nlp, segment  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from extract_transcripts import layout  # noqa: E402

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


def debates_text(n: int) -> str:
    paths = sorted((ROOT / "benchmarks/data/checkthat2019/training").glob("*.tsv"))
    pool = "\n\n".join(layout(p, "upper")[0] for p in paths)
    per = len(segment.segment(pool).sentences)
    whole, rest = divmod(n, per)
    if not rest:
        return "\n\n".join([pool] * whole)
    sg = segment.segment(pool)
    return "\n\n".join([pool] * whole + [pool[:sg.sentences[rest - 1].end]])


def measure(text: str) -> tuple[int, float, int]:
    table = aliases.alias_table()
    sentences = len(segment.segment(text).sentences)
    t = time.process_time()
    cands = extract.extract(text, "Test Wire", "2025-06-20", table)
    return sentences, time.process_time() - t, len(cands)


def stock_parse(text: str, stock: spacy.language.Language) -> float:
    """CPU seconds of spaCy's shipped pipeline parsing every sentence (the baseline)."""
    sg = segment.segment(text)
    t = time.process_time()
    for _ in stock.pipe((sg.view[x.start:x.end] for x in sg.sentences), batch_size=nlp.BATCH):
        pass
    return time.process_time() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,20000")
    ap.add_argument("--repeated", action="store_true", help="repeat the fixture texts instead")
    ap.add_argument("--one-paragraph", action="store_true", help="similar sentences, one paragraph")
    ap.add_argument("--debates", action="store_true", help="real debate transcripts, repeated")
    ap.add_argument("--no-baseline", action="store_true", help="skip the stock pipeline's parse")
    args = ap.parse_args(argv)
    stock = None if args.no_baseline else spacy.load(nlp.MODEL, exclude=list(nlp.DISABLED))
    measure(distinct_text(50))  # warm-up: imports, caches
    if stock is not None:
        stock_parse(distinct_text(50), stock)
    print(f"spaCy {spacy.__version__}, model {nlp.MODEL} {nlp.MODEL_VERSION}, one thread")
    print("| sentences | CPU s | sentences/s | candidates | time per sentence vs first "
          "| baseline: stock parse CPU s | stock parse sentences/s | extract speed / stock parse |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    first = None
    for size in (int(x) for x in args.sizes.split(",")):
        text = (repeated_text(size) if args.repeated else debates_text(size) if args.debates
                else distinct_text(size))
        if args.one_paragraph:
            text = " ".join(text.split("\n\n"))
        n, secs, cands = measure(text)
        per = secs / n
        first = first or per
        row = f"| {n:,} | {secs:.2f} | {n / secs:,.0f} | {cands:,} | {per / first:.2f} |"
        if stock is not None:
            base = stock_parse(text, stock)
            row += f" {base:.2f} | {n / base:,.0f} | {base / secs:.2f} |"
        else:
            row += " | | |"
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
