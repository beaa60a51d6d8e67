"""Every report a warm kernel renders is the report a fresh kernel renders: byte for byte but
for its generation times, whatever the report before it left in the kernel.

One warm kernel, as a batch worker keeps it, renders seven hostile report notebooks in a row and
then the real one. Each hostile notebook is the real report notebook with one cell appended
that leaves something behind and prints nothing (its own page is the real report's): IPython
input transformers (cleanup and post) and an AST transformer; a display formatter; event
callbacks (`post_run_cell`, `pre_run_cell`); an audit hook; a thread that keeps changing
matplotlib's settings; a patched third-party class (`matplotlib.figure.Figure.savefig`) and a
method patched on a third-party object (matplotlib's font manager). Each would change the
pages of the reports after it. The first three are put back by the reset (the
kernel is kept); the last four cannot be, are detected, and the next report gets a fresh kernel.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from claimbook.params import RenderConfig, ReportParams
from claimbook.publish import batch, kernel, warm_kernel

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "claims_report.ipynb"
DATA = ROOT / "data"
LABEL = "Written for tests/publish/test_warm_kernel_sealed.py from the real report notebook."

pytestmark = pytest.mark.slow

HOSTILE = {
    "transformers": '''import ast, re
ip = get_ipython()
ip.input_transformers_cleanup.append(  # the next report's range starts in March
    lambda lines, re=re: [re.sub(r'^start = "[^"]*"', 'start = "2025-03-01"', line)
                          for line in lines])
ip.input_transformers_post.append(  # and shows "who" where "matrix" was
    lambda lines: [line.replace('"matrix"', '"who"') for line in lines])
class Undated(ast.NodeTransformer):  # and its "undated" section is the "imprecise" one
    def visit_Constant(self, node, ast=ast):
        return ast.Constant("imprecise") if node.value == "undated" else node
ip.ast_transformers.append(Undated())''',
    "formatter": '''ip = get_ipython()
ip.display_formatter.formatters["text/html"].for_type_by_name(
    "IPython.core.display", "HTML", lambda h: h.data.replace("Claims", "Tampered claims"))
ip.display_formatter.formatters["image/svg+xml"].for_type(
    object, lambda o: None)''',
    "callbacks": '''def _later_start(result, ip=get_ipython()):
    ns = ip.user_ns
    if ns.get("start"):
        ns["start"] = "2025-01-01"
def _hush(info):
    pass
get_ipython().events.register("post_run_cell", _later_start)
get_ipython().events.register("pre_run_cell", _hush)''',
    "audit_hook": '''import sys, matplotlib
def _red(event, args, rc=matplotlib.rcParams):  # its globals are emptied with the namespace
    if event == "exec":
        rc["axes.facecolor"] = "#ff0000"
sys.addaudithook(_red)''',
    "thread": '''import threading, time, matplotlib
def _keep_red(rc=matplotlib.rcParams, sleep=time.sleep):
    while True:
        rc["axes.facecolor"] = "#ff0000"
        sleep(0.005)
threading.Thread(target=_keep_red, daemon=True).start()''',
    "patched_class": '''import matplotlib.figure
_savefig = matplotlib.figure.Figure.savefig
def savefig(self, *args, **kwargs):
    self.patch.set_facecolor("#ff0000")
    return _savefig(self, *args, **kwargs)
matplotlib.figure.Figure.savefig = savefig''',
    "patched_object": '''from matplotlib import font_manager
_serif = font_manager.fontManager._find_fonts_by_props(
    font_manager.FontProperties(family="DejaVu Serif"))
font_manager.fontManager._find_fonts_by_props = lambda *args, fonts=_serif, **kwargs: fonts''',
}
KEPT = ("transformers", "formatter", "callbacks")  # put back by the reset: the kernel stays
MONTHS = {"2025-04": "2025-04-30", "2025-07": "2025-07-31"}
GENERATED = [re.compile(r"Generated \d{2} \w+ \d{4}, \d{2}:\d{2}[^<]*"),  # the header
             re.compile(r"Generated \d{4}-\d{2}-\d{2}T[\d:]+[+-]\d{2}:\d{2}\.")]  # provenance


def hostile(folder: Path, name: str, source: str) -> Path:
    """The real report notebook with `source` appended as its last cell."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(LABEL))
    nb.cells.append(nbformat.v4.new_code_cell(source))
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def job(tmp_path: Path, notebook: Path, month: str) -> RenderConfig:
    params = ReportParams.from_notebook(start=f"{month}-01", end=MONTHS[month],
                                        data_dir=str(DATA))
    return RenderConfig(params=params, formats=("html",), notebook=notebook, timeout=120,
                        reports_dir=tmp_path / "reports")


def page(html: bytes) -> str:
    """The report's page without its generation times."""
    text = html.decode()
    for pattern in GENERATED:
        text, n = pattern.subn("Generated (time)", text)
        assert n == 1, pattern.pattern
    return text


def test_each_report_of_a_warm_kernel_is_the_report_of_a_fresh_one(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"  # one folder: one kernel (its working directory)
    folder.mkdir()
    real = hostile(folder, "real", "")
    fresh = {m: batch.run_job(job(tmp_path, real, m), kernel.FRESH) for m in MONTHS}
    assert all(r.ok for r in fresh.values()), [r.message for r in fresh.values()]
    expected = {m: page(r.files["report.html"]) for m, r in fresh.items()}
    assert "<svg" in expected["2025-07"] and expected["2025-04"] != expected["2025-07"]
    order = [(hostile(folder, name, source), [*MONTHS][i % 2])
             for i, (name, source) in enumerate(HOSTILE.items())]
    order.append((real, [*MONTHS][len(HOSTILE) % 2]))
    with warm_kernel.WarmKernel() as warm:
        done = []
        for notebook, month in order:
            result = batch.run_job(job(tmp_path, notebook, month), warm)
            done.append((notebook.stem, month, result, warm.started_kernels))
    before = "a new kernel"
    for name, month, result, _ in done:
        assert result.ok, (name, result.message)
        assert page(result.files["report.html"]) == expected[month], (
            f"{name} ({month}), rendered after {before}, differs from a fresh render")
        before = name
    # the kernel was kept after what a reset puts back, replaced after what it cannot
    kernels = [started for *_, started in done]
    assert kernels == [1, 1, 1, 1, 2, 3, 4, 5], list(zip(HOSTILE, kernels, strict=False))
    assert [n for n, *_ in done][:3] == list(KEPT)
