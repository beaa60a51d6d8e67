"""Where analysts work: a real JupyterLab (127.0.0.1, a random token) opens notebooks/explore.ipynb
in headless Debian chromium (tests/cdp.py), runs every cell through the page in the project's
`claimbook` kernel, and shows the charts and tables in its output areas with no error.

The server runs on a private copy (the notebook and a data folder) with its own settings,
workspaces and runtime folders; a screenshot of the run notebook is written for a person to
look at (`jupyterlab.png` in the test's temporary folder, its path printed).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdp import Browser, chromium
from places import ROOT
from publish.test_render_browser import require_chromium

pytestmark = [pytest.mark.slow, pytest.mark.serial]  # a JupyterLab server and a browser

JUPYTER = Path(sys.executable).parent / "jupyter"
START_TIMEOUT = 120  # seconds for the server to answer, the page to load, the cells to run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float, what: str, step: float = 0.5):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(step)
    raise TimeoutError(f"{what} within {timeout:g} s")


@contextlib.contextmanager
def jupyterlab(root: Path, private: Path) -> Iterator[str]:
    """A JupyterLab server on `root`; yields its base URL with the token. Its output goes to
    `private/server.log`, shown when the test fails."""
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(private / "config"),
           "JUPYTER_RUNTIME_DIR": str(private / "runtime"), "JUPYTER_NO_CONFIG": "1",
           "JUPYTER_DATA_DIR": str(private / "data")}  # its notebook-signing key too
    log = (private / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(JUPYTER), "lab", "--no-browser", "--ip", "127.0.0.1", "--port", str(port),
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--ServerApp.port_retries=0", "--LabApp.expose_app_in_browser=True",
         "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         f"--LabApp.user_settings_dir={private / 'settings'}",
         f"--LabApp.workspaces_dir={private / 'workspaces'}",
         *(["--allow-root"] if os.geteuid() == 0 else [])],  # CI containers run as root
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        if proc.poll() is not None:
            raise RuntimeError("jupyter lab exited:\n" + server_log(private))
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                return r.status == 200
        except OSError:
            return False

    try:
        wait_for(answers, START_TIMEOUT, "jupyter lab did not answer")
        yield f"{base}/lab/tree/notebooks/explore.ipynb?token={token}"
    finally:
        with contextlib.suppress(OSError):  # shuts its kernels down, then the server
            urllib.request.urlopen(urllib.request.Request(
                f"{base}/api/shutdown?token={token}", method="POST"), timeout=10).close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=15)
        log.close()


def server_log(private: Path) -> str:
    return (private / "server.log").read_text(encoding="utf-8", errors="replace")[-4000:]


def page(b: Browser, script: str, timeout: float, what: str) -> dict:
    """Evaluate `script` (an expression giving an object with `done`) until done."""
    return wait_for(lambda: (lambda r: r if r and r.get("done") else None)(b.evaluate(script)),
                    timeout, what)


NOTEBOOK_STATE = """(() => {
    const app = window.jupyterapp;
    const panel = app && app.shell.currentWidget;
    const ctx = panel && panel.sessionContext;
    const kernel = ctx && ctx.session && ctx.session.kernel;
    if (!kernel || !panel.content) { return {done: false}; }
    const cells = panel.content.widgets.filter(c => c.model.type === 'code');
    return {done: true, kernel: kernel.name, status: kernel.status, path: panel.context.path,
            cells: cells.length, ran: cells.filter(c => c.model.executionCount).length};
})()"""

OUTPUT_FACTS = """(() => {
    const out = mime => '.jp-OutputArea-output[data-mime-type="' + mime + '"]';
    const q = s => document.querySelectorAll(s).length;
    return {
        svgs: q(out('image/svg+xml') + ' img'),
        pngs: q(out('image/png') + ' img'),
        images: q('.jp-OutputArea-output img, .jp-OutputArea-output svg'),
        tables: q(out('text/html') + ' table'),
        stderr: q('.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"], '
                  + out('application/vnd.jupyter.stderr')),
        tracebacks: q('.jp-OutputArea-output[data-mime-type*="error"]') + Array.from(
            document.querySelectorAll('.jp-OutputArea-output pre'))
            .filter(p => /Traceback|Error\b/.test(p.textContent)).length,
        untrusted: document.body.textContent.includes('Cannot display an untrusted SVG'),
        headline: Array.from(document.querySelectorAll('.claimbook-selection'))
            .map(e => e.textContent),
        svgText: Array.from(document.querySelectorAll(out('image/svg+xml') + ' img'))
            .map(i => decodeURIComponent(i.getAttribute('src'))).join(' '),
    };
})()"""


SAVED_STATE = """(() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const q = s => panel.node.querySelectorAll(s).length;
    const opened = panel && panel.context && panel.context.path === 'notebooks/saved.ipynb';
    return {done: !!opened && q('.jp-OutputArea-output') > 0,
            pngs: opened && q('.jp-OutputArea-output[data-mime-type="image/png"] img'),
            svgs: opened && q('.jp-OutputArea-output[data-mime-type="image/svg+xml"] img'),
            untrusted: opened && panel.node.textContent.includes('Cannot display')};
})()"""


def saved_notebook(path: Path) -> None:
    """A notebook saved with a chart in its output, as a colleague sends one: JupyterLab does
    not trust it (it shows no SVG from it), so the chart must come with its PNG."""
    import nbformat
    from IPython.core.formatters import DisplayFormatter
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    import claimbook

    data, _ = DisplayFormatter().format(claimbook.open(ROOT / "data").select().chart("by_type"))
    if "image/png" in data:  # notebooks store it as base64
        data["image/png"] = base64.b64encode(data["image/png"]).decode("ascii")
    cell = new_code_cell('wb.select().chart("by_type")', execution_count=1, outputs=[
        new_output("execute_result", data=data, execution_count=1)])
    nbformat.write(new_notebook(cells=[cell], metadata={"kernelspec": {
        "display_name": "claimbook (Python 3)", "language": "python", "name": "claimbook"}}),
        path)


def test_explore_runs_in_jupyterlab_and_shows_charts_and_tables(tmp_path: Path) -> None:
    executable = require_chromium()
    root, private = tmp_path / "lab", tmp_path / "private"
    (root / "notebooks").mkdir(parents=True)
    private.mkdir()
    shutil.copy(ROOT / "notebooks" / "explore.ipynb", root / "notebooks" / "explore.ipynb")
    shutil.copytree(ROOT / "data", root / "data")
    saved_notebook(root / "notebooks" / "saved.ipynb")
    # every cell of the notebook in the page, not only those scrolled into view
    settings = private / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    news = private / "settings" / "@jupyterlab" / "apputils-extension"  # no news prompt over it
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))

    with jupyterlab(root, private) as url, chromium(executable, ("127.0.0.1",)) as b:
        try:
            b.page("Emulation.setDeviceMetricsOverride", width=1280, height=2200,
                   deviceScaleFactor=1, mobile=False)
            b.open(url, settle=1.0)
            state = page(b, NOTEBOOK_STATE, START_TIMEOUT, "the notebook did not open with a kernel")
            assert state["kernel"] == "claimbook", state  # the project's kernel, as pinned
            assert state["path"] == "notebooks/explore.ipynb"
            b.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            state = page(b, NOTEBOOK_STATE.replace(
                "done: true", "done: cells.every(c => c.model.executionCount) "
                "&& kernel.status === 'idle'"), START_TIMEOUT, "the cells did not all run")
            assert state["ran"] == state["cells"] >= 8
            b.pump(1.0)  # let the last outputs render
            facts = b.evaluate(OUTPUT_FACTS)
            b.evaluate("document.querySelector('.jp-OutputArea-output img')"
                       ".scrollIntoView({block: 'start'})")
            b.pump(0.5)
            shot = b.page("Page.captureScreenshot", format="png")
            (tmp_path / "jupyterlab.png").write_bytes(base64.b64decode(shot["data"]))
            print(f"screenshot: {tmp_path / 'jupyterlab.png'}")
            b.evaluate("window.jupyterapp.commands.execute('docmanager:open', "
                       "{path: 'notebooks/saved.ipynb'}).then(() => true)")
            saved = page(b, SAVED_STATE, START_TIMEOUT, "the saved notebook did not open")
        except Exception:
            print(server_log(private))
            raise
    svg_text = facts.pop("svgText")
    assert facts["svgs"] == facts["images"] == 3, facts  # by claimant, timeline, the slice's matrix
    assert facts["pngs"] == 0 and not facts["untrusted"], facts  # run here: trusted, so SVG
    # claimants, the slice, the pairs, and the claim card: its fields and its quotes
    assert facts["tables"] == 5, facts
    assert facts["stderr"] == facts["tracebacks"] == 0, facts
    assert any("4 claims in range, 0 imprecise and 17 undated." in h for h in facts["headline"])
    assert "Claims in 1 April – 31 July 2025 by claimant, stacked by claim type" in svg_text
    # a notebook saved with outputs is not trusted: the chart shows as its PNG
    assert (saved["pngs"], saved["svgs"], saved["untrusted"]) == (1, 0, False), saved
