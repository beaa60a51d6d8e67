"""Time per document of `add-source` + `extract` on generated web pages and PDFs.

The claim behind taking web pages and PDFs as sources is that registering one (extracting its
main text once: trafilatura for a page, pypdf for a PDF) and extracting its claims costs about
as much per document as a plain text file does, so an analyst can register dozens. This script
generates N saved web pages (with the boilerplate a saved page has: cookie banner, navigation,
related links, footer, scripts) and N two-page PDFs (WeasyPrint, with a running header and
footer), copies the shipped data folder, and times, per document, `register.add_source` and
`extract_review.extract_to_review` in one process (what the commands do after Python starts),
then reports the median, the 90th percentile and the total per format. Generating the files is not
timed. It is a measurement, not a test: it exits 0 unless a step fails.

    .venv/bin/python benchmarks/bench_sources.py [--n 100]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "sources"))

from make_fixture import BRIEF, page  # noqa: E402  (the fixture's page and PDF makers)

WIRE_SENTENCES = [
    "Ukraine's defence intelligence said on Tuesday that Russia would train about {n} Chinese "
    "military personnel at its facilities.",
    "China's foreign ministry denied that Chinese troops are fighting in Ukraine.",
    "The ministry said that China has never provided lethal weapons to any party to the conflict.",
    "Officials in Moscow did not respond to a request for comment on report {n}.",
    "Analysts said the exercises near the border involved about {n} troops.",
]


def make_pages(folder: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        paras = [s.format(n=100 + i) for s in WIRE_SENTENCES] * 3
        html = page(f"Outlet {i % 7}", f"Story number {i}", "Staff", f"2025-07-{1 + i % 28:02d}",
                    f"https://outlet{i % 7}.example/story/{i}", paras)
        path = folder / f"page-{i:03d}.html"
        path.write_text(html, encoding="utf-8")
        out.append(path)
    return out


def make_pdfs(folder: Path, n: int) -> list[Path]:
    from weasyprint import HTML

    out = []
    for i in range(n):
        path = folder / f"brief-{i:03d}.pdf"
        HTML(string=BRIEF.replace("about 600", f"about {600 + i}")).write_pdf(path)
        out.append(path)
    return out


def time_documents(data: Path, files: list[Path], work: Path) -> list[float]:
    from claimbook.sources import extract_review, register

    seconds = []
    for f in files:
        t0 = time.perf_counter()
        src = register.add_source(data, f, published="2025-07-18")
        extract_review.extract_to_review(data, src.doc_id, work / f"review-{src.doc_id}.csv")
        seconds.append(time.perf_counter() - t0)
    return seconds


def describe(name: str, seconds: list[float]) -> str:
    q = statistics.quantiles(seconds, n=10)[-1] if len(seconds) > 1 else seconds[0]
    return (f"{name:>10}: {len(seconds)} documents, median {statistics.median(seconds):.3f} s, "
            f"p90 {q:.3f} s, total {sum(seconds):.1f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100, help="documents of each format")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sources-") as tmp:
        work = Path(tmp)
        data = work / "data"
        shutil.copytree(ROOT / "data", data)
        (work / "in").mkdir()
        pages, pdfs = make_pages(work / "in", args.n), make_pdfs(work / "in", args.n)
        time_documents(data, [ROOT / "tests" / "fixtures" / "sources" / "wire.html"], work)  # warm
        results = {"web pages": time_documents(data, pages, work),
                   "PDFs": time_documents(data, pdfs, work)}
    for name, seconds in results.items():
        print(describe(name, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
