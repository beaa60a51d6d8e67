"""A warm kernel serves many reports, and no report sees what the one before it did: every report
it renders is the report a fresh kernel renders.

One warm kernel, as a batch worker keeps it, renders one sequence of reports (module fixture
`served`; each test reads its part):

* small notebooks written for the test: one leaves all it can behind (globals, matplotlib
  rcParams, an open pyplot figure, a monkeypatched claimbook function, cwd, sys.path,
  environment, pandas and numpy options, random state) and the next prints what it sees; one
  kills its kernel, one hangs, three patch what a reset cannot undo (a pandas method, a
  standard-library function, a thread left running): each is followed by a fresh kernel;
* the real report notebook with one hostile cell appended that leaves something behind and
  prints nothing (its own page is the real report's): IPython input transformers (cleanup and
  post) and an AST transformer; a display formatter; event callbacks (`post_run_cell`,
  `pre_run_cell`); an audit hook; a thread that keeps changing matplotlib's settings; a patched
  third-party class (`matplotlib.figure.Figure.savefig`) and a method patched on a third-party
  object (matplotlib's font manager); then the real notebook itself. Each would change the
  pages of the reports after it. The first three are put back by the reset (the kernel is
  kept); the last four cannot be, are detected, and the next report gets a fresh kernel.

Every real report's HTML is the same byte for byte, but for its generation times, as a fresh
kernel's render of its month, whether it ran first in a kernel or after others (the leaky small
notebook, hostile ones, other months).

One sequence instead of one warm kernel per property: every kernel it starts is one the property
needs (each report that must be followed by a fresh kernel costs one).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from claimbook.params import RenderConfig, ReportParams
from claimbook.publish import batch, kernel, render, warm_kernel
from places import DATA, NOTEBOOK

pytestmark = pytest.mark.slow

LEAK = """import os, sys, random
import numpy as np, pandas as pd, matplotlib, matplotlib.pyplot as plt
import claimbook.report.charts
leaked_global = "from the previous report"
matplotlib.rcParams["axes.facecolor"] = "#ff0000"
matplotlib.rcParams["lines.linewidth"] = 9.0
plt.figure()  # left open
claimbook.report.charts.to_svg = lambda fig: "<svg>patched</svg>"
claimbook.report.charts.STYLE["font.size"] = 30  # a module-level table changed in place
os.environ["CB_LEAKED"] = "1"
sys.path.append("/leaked")
os.chdir("/")
pd.set_option("display.max_rows", 3)
np.seterr(all="raise")
random.seed(1); np.random.seed(1)
print(os.getpid())"""

# What the next report sees: one line of JSON, then pandas' and textwrap's own results.
SEE = """import os, sys, json, random
import numpy as np, pandas as pd, matplotlib, matplotlib.pyplot as plt
import claimbook.report.charts
print(json.dumps({
    "pid": os.getpid(),
    "global": "leaked_global" in globals(),
    "facecolor": matplotlib.rcParams["axes.facecolor"],
    "linewidth": matplotlib.rcParams["lines.linewidth"],
    "figures": len(plt.get_fignums()),
    "to_svg": claimbook.report.charts.to_svg.__name__,
    "font_size": claimbook.report.charts.STYLE["font.size"],
    "env": "CB_LEAKED" in os.environ,
    "path": "/leaked" in sys.path,
    "cwd": os.getcwd(),
    "max_rows": pd.get_option("display.max_rows"),
    "numpy_err": np.geterr()["divide"],
    "seeded": [random.getstate(), np.random.get_state()[1][0]] == [
        (random.seed(1), random.getstate())[1], (np.random.seed(1), np.random.get_state()[1][0])[1]],
}))
import pandas, textwrap
print(pandas.DataFrame({'a': [1]}).to_html()[:6], textwrap.wrap('a b', 1))"""

PATCHES = {
    "patch-pandas": "import pandas\npandas.DataFrame.to_html = lambda self, *a, **k: 'patched'",
    "patch-textwrap": "import textwrap\ntextwrap.wrap = lambda *a, **k: ['patched']",  # charts use it
    "patch-thread": "import threading, time\n"
                    "threading.Thread(target=time.sleep, args=(60,), daemon=True).start()",
}

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
LABEL = "Written for tests/publish/test_warm_kernel.py"


def small(folder: Path, name: str, source: str) -> Path:
    """A notebook written for the test, not a report: the report's parameters cell, then
    `source`."""
    real = nbformat.read(NOTEBOOK, as_version=4)
    params = next(c for c in real.cells if "parameters" in c.metadata.get("tags", []))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"{LABEL}: not a report."),
                                         params, nbformat.v4.new_code_cell(source)])
    nb.metadata = real.metadata
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def hostile(folder: Path, name: str, source: str) -> Path:
    """The real report notebook with `source` appended as its last cell."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"{LABEL} from the real report notebook."))
    nb.cells.append(nbformat.v4.new_code_cell(source))
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def job(tmp: Path, notebook: Path, month: str = "2025-04", timeout: float = 120,
        formats: tuple[str, ...] = ("html",)) -> RenderConfig:
    params = ReportParams.from_notebook(start=f"{month}-01", end=MONTHS[month],
                                        data_dir=str(DATA))
    return RenderConfig(params=params, formats=formats, notebook=notebook, timeout=timeout,
                        reports_dir=tmp / "reports")


def printed(result: render.Rendered) -> list[str]:
    """The lines the notebook's last cell printed."""
    nb = nbformat.reads(result.files["report.ipynb"].decode(), as_version=4)
    return "".join(o.get("text", "") for o in nb.cells[-1].outputs
                   if o.output_type == "stream").splitlines()


def seen(result: render.Rendered) -> dict:
    """What a SEE notebook saw."""
    return json.loads(printed(result)[0])


def page(html: bytes) -> str:
    """The report's page without its generation times."""
    text = html.decode()
    for pattern in GENERATED:
        text, n = pattern.subn("Generated (time)", text)
        assert n == 1, pattern.pattern  # the times are where they are expected, once each
    return text


@dataclass
class Served:
    """One report of the sequence: its notebook's name, month, result, and how many kernels
    the warm kernel had started once it was done."""

    name: str
    month: str
    result: render.Rendered
    kernels: int


@dataclass
class Sequence:
    notebooks: Path  # the folder of every notebook (the kernel's cwd)
    fresh: dict[str, render.Rendered]  # month -> the real report from a fresh kernel
    served: list[Served]  # in the order the warm kernel served them

    def at(self, name: str) -> int:
        return next(i for i, s in enumerate(self.served) if s.name == name)

    def after(self, name: str) -> Served:
        """The report served right after `name`."""
        return self.served[self.at(name) + 1]

    def before(self, name: str) -> Served:
        return self.served[self.at(name) - 1]

    def __getitem__(self, name: str) -> Served:
        return self.served[self.at(name)]


@pytest.fixture(scope="module")
def sequence(tmp_path_factory: pytest.TempPathFactory) -> Sequence:
    tmp = tmp_path_factory.mktemp("warm")
    folder = tmp / "notebooks"  # one folder: one kernel (its working directory)
    folder.mkdir()
    see = small(folder, "see", SEE)
    real = hostile(folder, "real", "")
    fresh = {m: batch.run_job(job(tmp, real, m), kernel.FRESH) for m in MONTHS}
    # (name, notebook, month, timeout, real report?) in the order the warm kernel serves them
    order: list[tuple[str, Path, str, float, bool]] = [
        ("see-first", see, "2025-04", 120, False),
        ("leak", small(folder, "leak", LEAK), "2025-04", 120, False),
        ("see-after-leak", see, "2025-04", 120, False)]
    order += [(name, hostile(folder, name, source), [*MONTHS][i % 2], 120, True)
              for i, (name, source) in enumerate(HOSTILE.items())]
    order += [("real", real, [*MONTHS][len(HOSTILE) % 2], 120, True),
              ("see-before-crash", see, "2025-04", 120, False),
              ("crash", small(folder, "crash", "import os\nos._exit(1)"), "2025-04", 120, False),
              ("see-after-crash", see, "2025-04", 120, False),
              ("hang", small(folder, "hang", "import time\ntime.sleep(120)"), "2025-04", 2, False),
              ("see-after-hang", see, "2025-04", 120, False)]
    for name, patch in PATCHES.items():
        leak = small(folder, name, patch + "\nimport os\nprint(os.getpid())")
        order += [(name, leak, "2025-04", 120, False), (f"see-after-{name}", see, "2025-04", 120,
                                                         False)]
    served = []
    with warm_kernel.WarmKernel() as warm:
        for name, notebook, month, timeout, report in order:
            if report:  # the real reports as a batch worker renders them
                result = batch.run_job(job(tmp, notebook, month, timeout), warm)
            else:  # what the small ones printed is in their executed notebook: no page needed
                result = render.render_files(job(tmp, notebook, month, timeout, ("ipynb",)), warm)
            served.append(Served(name, month, result, warm.started_kernels))
    return Sequence(folder, fresh, served)


def test_the_next_report_sees_nothing_the_previous_one_left(sequence: Sequence) -> None:
    first, leaked, after = (sequence[n] for n in ("see-first", "leak", "see-after-leak"))
    assert first.result.ok and leaked.result.ok and after.result.ok, (
        first.result.message, leaked.result.message, after.result.message)
    assert first.kernels == leaked.kernels == after.kernels == 1  # one process served all three
    before, now = seen(first.result), seen(after.result)
    assert int(printed(leaked.result)[0]) == now["pid"] == before["pid"]
    assert now == before
    assert now["global"] is False and now["figures"] == 0 and now["to_svg"] == "to_svg"
    assert now["font_size"] == 9 and now["linewidth"] != 9.0 and now["facecolor"] != "#ff0000"
    assert not now["env"] and not now["path"] and now["cwd"] == str(sequence.notebooks)
    assert now["max_rows"] != 3 and now["numpy_err"] != "raise" and not now["seeded"]


def test_a_report_that_kills_its_kernel_is_followed_by_a_fresh_one(sequence: Sequence) -> None:
    first, crashed, after = (sequence[n] for n in ("see-before-crash", "crash", "see-after-crash"))
    assert first.result.ok, first.result.message
    assert not crashed.result.ok and "kernel died" in crashed.result.message
    assert after.result.ok, after.result.message
    assert first.kernels == crashed.kernels and after.kernels == crashed.kernels + 1
    assert seen(after.result)["pid"] != seen(first.result)["pid"]


def test_a_report_that_hangs_is_stopped_and_the_next_gets_a_fresh_kernel(sequence: Sequence
                                                                         ) -> None:
    before, hung, after = (sequence[n] for n in ("see-after-crash", "hang", "see-after-hang"))
    assert not hung.result.ok and "ran longer than --timeout 2 s" in hung.result.message
    assert hung.kernels == before.kernels and after.kernels == hung.kernels + 1
    assert after.result.ok and seen(after.result)["global"] is False
    assert seen(after.result)["pid"] != seen(before.result)["pid"]


@pytest.mark.parametrize("patch", PATCHES)
def test_what_a_reset_cannot_undo_gets_a_fresh_kernel(sequence: Sequence, patch: str) -> None:
    """A third-party class or function patched, a thread left running: not undone, detected."""
    patched, after = sequence[patch], sequence.after(patch)
    assert after.name == f"see-after-{patch}"
    assert patched.result.ok and after.result.ok, (patched.result.message, after.result.message)
    assert patched.kernels == sequence.before(patch).kernels and after.kernels == patched.kernels + 1
    assert seen(after.result)["pid"] != int(printed(patched.result)[0])
    assert printed(after.result)[1] == "<table ['a', 'b']"


def test_a_report_is_the_same_first_in_a_kernel_or_after_others(sequence: Sequence) -> None:
    """The fresh renders are the expected pages; the first real report of the warm sequence
    ran after the leaky small notebook, the last one first in its kernel."""
    expected = {m: page(r.files["report.html"]) for m, r in sequence.fresh.items()}
    assert all(r.ok for r in sequence.fresh.values())
    assert "<svg" in expected["2025-07"] and "July 2025" in expected["2025-07"]
    assert expected["2025-04"] != expected["2025-07"]  # other months differ
    after_leak = sequence.after("see-after-leak")
    assert after_leak.name == "transformers" and after_leak.kernels == 1
    alone = sequence["real"]
    assert alone.kernels != sequence.before("real").kernels  # a kernel of its own
    for served in (after_leak, alone):
        assert served.result.ok, served.result.message
        assert page(served.result.files["report.html"]) == expected[served.month], served.name


def test_each_report_of_a_warm_kernel_is_the_report_of_a_fresh_one(sequence: Sequence) -> None:
    expected = {m: page(r.files["report.html"]) for m, r in sequence.fresh.items()}
    reports = [s for s in sequence.served if s.name in HOSTILE or s.name == "real"]
    assert [s.name for s in reports] == [*HOSTILE, "real"]
    before = sequence.before(reports[0].name).name
    for served in reports:
        assert served.result.ok, (served.name, served.result.message)
        assert page(served.result.files["report.html"]) == expected[served.month], (
            f"{served.name} ({served.month}), rendered after {before}, differs from a fresh render")
        before = served.name
    # the kernel was kept after what a reset puts back, replaced after what it cannot
    kernels = [s.kernels for s in reports]
    assert kernels == [1, 1, 1, 1, 2, 3, 4, 5], list(zip(HOSTILE, kernels, strict=False))
    assert [s.name for s in reports][:3] == list(KEPT)
