"""Source text kept whole on real PDFs: running headers, footers and page numbers removed (even in
the middle of a sentence that crosses a page), and no line of content lost.

    .venv/bin/python benchmarks/pdf_pages.py [-v]

The PDFs and their gold are in benchmarks/data/govpdf/ (US federal publications, public domain;
see the README there). The gold (`gold.json`) was written by reading each page's raw text before
`claimbook add-source` was run on them: per page, the lines that are running headers, footers or
page numbers; every other line is content; and the sentences that cross a page break. Each PDF
goes through what `add-source` stores (`fulltext.extract`) and is scored on that stored text:

* **running left**: gold running lines still in the stored text of their page (counted by
  occurrences beyond those inside the page's content lines: "Congressional Research Service" is
  also a phrase of the disclaimer);
* **content kept**: gold content lines found whole in the stored text (whitespace collapsed; a
  word hyphenated at the line's end may be joined);
* **crossing whole**: sentences across a page break that read whole in the stored text;
* **removed = gold**: pages whose removed lines (`fulltext.running_lines`) are exactly the gold's;
* **footnote blocks** (gold: a page's footnote block, its first and last line; the two Reports):
  **found = gold**, pages whose block as `pdf_notes.footnotes` finds it (from pypdf's font sizes)
  runs from the gold's first line to its last, and **found, not gold**, blocks found on a page
  the gold gives none; **on their page**, gold blocks whose first and last lines are in the
  stored text of their own page (the crossing sentences say the blocks stand outside them).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pypdf import PdfReader

from claimbook.sources import fulltext, pdf_notes

DATA = Path(__file__).resolve().parent / "data" / "govpdf"


def _flat(text: str) -> str:
    return " ".join(text.split())


def score(path: Path, gold: dict, verbose: bool) -> dict[str, int]:
    read = [pdf_notes.page_text(p) for p in PdfReader(path).pages]
    raw = [text for text, _ in read]
    lines = [[" ".join(ln.split()) for ln in p.splitlines() if ln.strip()] for p in raw]
    assert [len(page) for page in lines] == gold["lines"], f"{path.name}: the PDF's lines changed"
    stored = fulltext.extract(path).text
    pages = stored.split(fulltext.PAGE_BREAK)
    whole = _flat(stored)
    removed = fulltext.running_lines(lines, [sizes for _, sizes in read])
    out = dict.fromkeys(("running", "running_left", "content", "content_kept", "crossing",
                         "crossing_whole", "pages", "pages_exact", "notes", "notes_found",
                         "notes_extra", "notes_kept"), 0)
    found = pdf_notes.footnotes(lines, [sizes for _, sizes in read], removed)
    for p, block in enumerate(found):
        gold_block = gold.get("footnotes", {}).get(str(p + 1))
        got = [lines[p][i] for i in sorted(block)]
        if gold_block:
            out["notes"] += 1
            out["notes_found"] += got[:1] + got[-1:] == gold_block
            out["notes_kept"] += all(ln in _flat(pages[p]) for ln in gold_block)
        elif block:
            out["notes_extra"] += 1
        if verbose and (got[:1] + got[-1:] != (gold_block or [])):
            print(f"{path.name} page {p + 1}: footnote block found {got[:1] + got[-1:]}")
    out["pages"] = len(lines)
    for p, page in enumerate(lines):
        running = gold["running"].get(str(p + 1), [])
        content = list(page)
        for ln in running:
            content.remove(ln)
        exact = {i for i, ln in enumerate(page) if ln in running} == removed[p]
        out["pages_exact"] += exact
        if verbose and not exact:
            print(f"{path.name} page {p + 1}: removed {sorted(page[i] for i in removed[p])}")
        text, inside = _flat(pages[p]), " ".join(content)
        for ln in running:
            out["running"] += 1
            if text.count(ln) > inside.count(ln):
                out["running_left"] += 1
                if verbose:
                    print(f"{path.name} page {p + 1}: running line left: {ln!r}")
        for ln in content:
            out["content"] += 1
            if ln in whole or (ln[-1:] in "-\u00ad" and ln[:-1] in whole):
                out["content_kept"] += 1
            elif verbose:
                print(f"{path.name} page {p + 1}: content line lost: {ln!r}")
    for sentence in gold["crossing"]:
        out["crossing"] += 1
        if sentence in whole:
            out["crossing_whole"] += 1
        elif verbose:
            print(f"{path.name}: sentence across pages not whole: {sentence[:70]!r}…")
    assert out["content"] == gold["content_lines"], path.name
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = ap.parse_args(argv)
    gold = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))
    print("| PDF | pages | running lines | running left | content lines | content kept | "
          "crossing sentences | crossing whole | pages removed = gold | footnote blocks | "
          "found = gold | found, not gold | on their page |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    total: dict[str, int] = {}
    for name in sorted(k for k in gold if not k.startswith("_")):
        s = score(DATA / name, gold[name], args.verbose)
        total = {k: total.get(k, 0) + v for k, v in s.items()}
        print(f"| {name} | {s['pages']} | {s['running']} | {s['running_left']} | {s['content']} | "
              f"{s['content_kept']} | {s['crossing']} | {s['crossing_whole']} | "
              f"{s['pages_exact']}/{s['pages']} | {s['notes']} | {s['notes_found']} | "
              f"{s['notes_extra']} | {s['notes_kept']} |")
    t = total
    print(f"| all | {t['pages']} | {t['running']} | {t['running_left']} | {t['content']} | "
          f"{t['content_kept']} | {t['crossing']} | {t['crossing_whole']} | "
          f"{t['pages_exact']}/{t['pages']} | {t['notes']} | {t['notes_found']} | "
          f"{t['notes_extra']} | {t['notes_kept']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
