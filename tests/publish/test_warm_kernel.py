"""A warm kernel serves many reports, and no report sees what the one before it did.

One notebook leaves all it can behind (globals, matplotlib rcParams, an open pyplot figure, a
monkeypatched claimbook function, cwd, sys.path, environment, pandas and numpy options, random
state); the next report, in the same kernel process, prints what it sees. A report that kills
or hangs its kernel, or patches what a reset cannot undo, is followed by a fresh kernel. The real
report's HTML is the same byte for byte, but for its generation times, whether it ran first in
a kernel or after others (the leaky one included).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from claimbook.params import RenderConfig, ReportParams
from claimbook.publish import kernel, render, warm_kernel
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
}))"""

LABEL = "Written for tests/publish/test_warm_kernel.py: not a report."


def notebook(folder: Path, name: str, source: str) -> Path:
    """A notebook written for the test: the report's parameters cell, then `source`."""
    real = nbformat.read(NOTEBOOK, as_version=4)
    params = next(c for c in real.cells if "parameters" in c.metadata.get("tags", []))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(LABEL), params,
                                         nbformat.v4.new_code_cell(source)])
    nb.metadata = real.metadata
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def config(tmp_path: Path, nb: Path = NOTEBOOK, month: str = "2025-04", timeout: float = 120
           ) -> RenderConfig:
    last = {"2025-04": 30, "2025-05": 31, "2025-07": 31}[month]
    params = ReportParams.from_notebook(start=f"{month}-01", end=f"{month}-{last}",
                                        data_dir=str(DATA))
    return RenderConfig(params=params, formats=("html",), notebook=nb, timeout=timeout,
                        reports_dir=tmp_path / "reports")


def printed(result: render.Rendered) -> str:
    """What the notebook's last cell printed."""
    nb = nbformat.reads(result.files["report.ipynb"].decode(), as_version=4)
    return "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")


@pytest.fixture
def notebooks(tmp_path: Path) -> Path:
    # beside the real notebook's folder layout: the kernel's cwd is the notebook's folder
    folder = tmp_path / "notebooks"
    folder.mkdir()
    return folder


def test_the_next_report_sees_nothing_the_previous_one_left(tmp_path: Path, notebooks: Path
                                                            ) -> None:
    leak, see = notebook(notebooks, "leak", LEAK), notebook(notebooks, "see", SEE)
    with warm_kernel.WarmKernel() as warm:
        first = render.render_files(config(tmp_path, see), warm)
        leaked = render.render_files(config(tmp_path, leak), warm)
        after = render.render_files(config(tmp_path, see), warm)
        assert warm.started_kernels == 1  # one kernel process served all three
    assert first.ok and leaked.ok and after.ok, (first.message, leaked.message, after.message)
    before, seen = json.loads(printed(first)), json.loads(printed(after))
    assert int(printed(leaked)) == seen["pid"] == before["pid"]
    assert seen == before
    assert seen["global"] is False and seen["figures"] == 0 and seen["to_svg"] == "to_svg"
    assert seen["font_size"] == 9 and seen["linewidth"] != 9.0 and seen["facecolor"] != "#ff0000"
    assert not seen["env"] and not seen["path"] and seen["cwd"] == str(notebooks)
    assert seen["max_rows"] != 3 and seen["numpy_err"] != "raise" and not seen["seeded"]


def test_a_report_that_kills_its_kernel_is_followed_by_a_fresh_one(tmp_path: Path,
                                                                  notebooks: Path) -> None:
    crash = notebook(notebooks, "crash", "import os\nos._exit(1)")
    see = notebook(notebooks, "see", SEE)
    with warm_kernel.WarmKernel() as warm:
        first = render.render_files(config(tmp_path, see), warm)
        crashed = render.render_files(config(tmp_path, crash), warm)
        after = render.render_files(config(tmp_path, see), warm)
        assert warm.started_kernels == 2
    assert not crashed.ok and "kernel died" in crashed.message
    assert after.ok, after.message
    assert json.loads(printed(after))["pid"] != json.loads(printed(first))["pid"]


def test_a_report_that_hangs_is_stopped_and_the_next_gets_a_fresh_kernel(
        tmp_path: Path, notebooks: Path) -> None:
    hang = notebook(notebooks, "hang", "import time\ntime.sleep(120)")
    see = notebook(notebooks, "see", SEE)
    with warm_kernel.WarmKernel() as warm:
        hung = render.render_files(config(tmp_path, hang, timeout=2), warm)
        after = render.render_files(config(tmp_path, see), warm)
        assert warm.started_kernels == 2
    assert not hung.ok and "ran longer than --timeout 2 s" in hung.message
    assert after.ok and json.loads(printed(after))["global"] is False


@pytest.mark.parametrize("patch", [
    "import pandas\npandas.DataFrame.to_html = lambda self, *a, **k: 'patched'",
    "import textwrap\ntextwrap.wrap = lambda *a, **k: ['patched']",  # charts wrap names with it
    "import threading, time\nthreading.Thread(target=time.sleep, args=(60,), daemon=True).start()",
])
def test_what_a_reset_cannot_undo_gets_a_fresh_kernel(tmp_path: Path, notebooks: Path,
                                                     patch: str) -> None:
    """A third-party class or function patched, a thread left running: not undone, detected."""
    leak = notebook(notebooks, "patch", patch + "\nimport os\nprint(os.getpid())")
    see = notebook(notebooks, "see", SEE + "\nimport pandas, textwrap\n"
                   "print(pandas.DataFrame({'a': [1]}).to_html()[:6], textwrap.wrap('a b', 1))")
    with warm_kernel.WarmKernel() as warm:
        patched = render.render_files(config(tmp_path, leak), warm)
        after = render.render_files(config(tmp_path, see), warm)
        assert warm.started_kernels == 2
    assert patched.ok and after.ok, (patched.message, after.message)
    seen, table = printed(after).splitlines()
    assert json.loads(seen)["pid"] != int(printed(patched))
    assert table == "<table ['a', 'b']"


GENERATED = [re.compile(r"Generated \d{2} \w+ \d{4}, \d{2}:\d{2}[^<]*"),  # the header
             re.compile(r"Generated \d{4}-\d{2}-\d{2}T[\d:]+[+-]\d{2}:\d{2}\.")]  # provenance


def without_times(html: bytes) -> str:
    text = html.decode()
    for pattern in GENERATED:
        text, n = pattern.subn("Generated (time)", text)
        assert n == 1, pattern.pattern  # the times are where they are expected, once each
    return text


def test_a_report_is_the_same_first_in_a_kernel_or_after_others(tmp_path: Path,
                                                               notebooks: Path) -> None:
    leak = notebook(notebooks, "leak", LEAK)
    real = notebooks / NOTEBOOK.name  # one folder, one kernel (its cwd)
    shutil.copy(NOTEBOOK, real)
    fresh = render.render_files(config(tmp_path, real, month="2025-07"), kernel.FRESH)
    with warm_kernel.WarmKernel() as warm:
        first = render.render_files(config(tmp_path, real, month="2025-07"), warm)
        others = [render.render_files(config(tmp_path, real, month=m), warm)
                  for m in ("2025-04", "2025-05")]
        render.render_files(config(tmp_path, leak), warm)
        later = render.render_files(config(tmp_path, real, month="2025-07"), warm)
        assert warm.started_kernels == 1
    assert all(r.ok for r in (fresh, first, *others, later))
    html = [without_times(r.files["report.html"]) for r in (fresh, first, later)]
    assert "<svg" in html[0] and "July 2025" in html[0]
    assert html[1] == html[0] and html[2] == html[0]
    assert others[0].files["report.html"] != fresh.files["report.html"]  # other months differ
