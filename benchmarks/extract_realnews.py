"""Extraction on real news pages no one here wrote, scored against gold written before the code ran.

    .venv/bin/python benchmarks/extract_realnews.py [--part dev|…|final16|briefings] [-v] [--rules-only]

The pages and their gold are in benchmarks/data/realnews/<part>/ (see the README there:
source, licence, gold conventions). Each page goes through what `claimbook add-source` does (its
main text extracted with trafilatura; a `.pdf` or `.txt` document is read as add-source reads it) and
then `claimbook extract` (publisher and published date from docs.csv, the shipped alias table).
The scoring is `extract_fixtures.py`'s, one candidate to one gold claim, and adds the measures of
issue 24:

* **junk rows**: candidates proposed with keep = yes that match no gold claim, of all proposed;
* **publisher-credited**: of the matched claims that someone other than the publisher makes, the
  share whose candidate credits them to the publisher's own voice;
* **claimant with the gold's names through the alias table**, printed beside the claimant figure
  (never instead of it): the gold writes names as the page does ("White House"), `extract` writes
  the shipped alias table's canonical name ("US government").

`final`, `final2`, `final3` (four news pages and a CRS Insight PDF), `final4` to `final16` (each
five news pages, a CRS Insight or In Focus PDF and a White House press-gaggle transcript as
`.txt`) were each held out, with gold committed before any extraction ran on them, until each was
scored once (6 Dec 2026; 7 Dec 2026, 03:32, 06:05, 09:02, 09:30, 10:47, 11:29, 11:46, 13:01,
14:22, 15:52, 16:42, 17:08, 19:36 and 21:37 UTC; 8 Dec 2026, 00:17 UTC); they are development
data now, like `dev`. A fair next measurement needs new documents with gold written first.
`--rules-only` scores the same code without the learned models (`sources/learned_types.py`,
`sources/learned_keep.py`), for comparison in one run.
`briefings` (three White House press transcripts as `.txt`) is development data for texts of
other forms (speaker labels, questions, answers).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import extract_fixtures as ef  # noqa: E402
from claimbook.sources import fulltext  # noqa: E402

DATA = HERE / "data" / "realnews"


def page_text(path: Path) -> str:
    """The main text of a saved page (gzip-compressed HTML) or a PDF, as add-source extracts it."""
    if not path.name.endswith(".gz"):
        return fulltext.extract(path).text
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / path.name.removesuffix(".gz")
        html.write_bytes(gzip.decompress(path.read_bytes()))
        return fulltext.extract(html).text


def documents(folder: Path) -> list[tuple[dict[str, str], str, list[dict[str, str]]]]:
    """Each document of a part's folder: its docs.csv row, its text as add-source reads it, and its
    gold.csv rows."""
    with open(folder / "docs.csv", encoding="utf-8", newline="") as f:
        metas = list(csv.DictReader(f))
    with open(folder / "gold.csv", encoding="utf-8", newline="") as f:
        gold = list(csv.DictReader(f))
    return [(m, page_text(folder / m["doc"]), [g for g in gold if g["doc"] == m["doc"]]) for m in metas]


def run(part: str, learned: bool = True) -> tuple[list[ef.DocScore], ef.DocScore]:
    per = [ef.score_text(text, meta, gold, learned=learned) for meta, text, gold in documents(DATA / part)]
    total = ef.DocScore("overall")
    for s in per:
        total.add(s)
    return per, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parts = sorted(d.name for d in DATA.iterdir() if (d / "gold.csv").is_file())
    ap.add_argument("--part", default="dev", choices=parts,
                    help="a folder of benchmarks/data/realnews with docs.csv and gold.csv")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    ap.add_argument("--rules-only", action="store_true",
                    help="types as the rules read them, without the learned model (for comparison)")
    args = ap.parse_args(argv)
    per, total = run(args.part, learned=not args.rules_only)
    print(f"part: {args.part}" + (" (rules' types only)" if args.rules_only else ""))
    print(ef.table(per, total))
    junk = (total.proposed - total.matched) / (total.proposed or 1)
    credited = total.publisher_credited / (total.attributed or 1)
    print(f"junk rows {junk:.2f} ({total.proposed - total.matched} of {total.proposed}); "
          f"publisher-credited {credited:.2f} ({total.publisher_credited} of {total.attributed} "
          "matched claims someone else makes)")
    print(f"claimant with the gold's names through the alias table (not instead of the figure "
          f"above): {total.claimant_aliased / (total.matched or 1):.2f}")
    if args.verbose:
        for s in per:
            if s.notes:
                print(s.doc)
                print("\n".join(s.notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
