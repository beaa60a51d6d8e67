"""One report, as one sentence: parameters -> one selection of one state of the tables -> the
notebook executed -> HTML and PDF exported -> published atomically -> the index.

Each step is a module this one calls and none calls back: `fingerprint` (the snapshot of the
inputs), `digest` (the selection's hash and the edition's changes), `execute`, `export`,
`meta`, `folders` (publishing) and `index`. A failed run leaves the previous report untouched
and keeps its executed notebook under `reports/_failed/`.
"""

from __future__ import annotations

import json
import logging
import shutil
import traceback
from dataclasses import dataclass
from pathlib import Path

import nbformat

from claimbook import __version__, store
from claimbook.claims import summary
from claimbook.errors import RenderError
from claimbook.params import RenderConfig
from claimbook.publish import digest, folders, kernel, meta
from claimbook.publish.execute import execute, preload_for
from claimbook.publish.export import export_html, export_pdf
from claimbook.publish.fingerprint import Snapshot
from claimbook.publish.folders import PUBLISH_WAIT
from claimbook.publish.index import write_index
from claimbook.publish.naming import REPORT_STEM, output_dir
from claimbook.report_notebook import check_notebook
from claimbook.store import identity, reading, tempfiles
from claimbook.tables import exporter

log = logging.getLogger("claimbook")


@dataclass(frozen=True)
class RenderResult:
    out_dir: Path
    files: dict[str, Path]
    counts: dict[str, int]


@dataclass
class Rendered:
    """One report's files (name -> bytes) from a private folder: ready to publish anywhere.

    Returning bytes lets the same job run in this process, in a worker process or on a Dask
    worker on another machine; only the caller writes into the reports folder.
    """

    ok: bool
    files: dict[str, bytes]
    counts: dict[str, int]
    message: str = ""
    seconds: float = 0.0


# How many times a report is rendered again when its inputs change while it renders.
SNAPSHOT_ATTEMPTS = 3


def render_files(cfg: RenderConfig, kernels: kernel.Kernels = kernel.FRESH) -> Rendered:
    """Execute and export one report in a private temporary folder; never raises for a
    failing notebook (the result carries the executed notebook and an error log instead).

    One report, one state of the data: this process reads the counts and writes selection.csv,
    the kernel reads the tables again for the charts and lists. The inputs' fingerprint is
    taken before anything is read and checked again once the notebook has run; if the tables,
    sources or notebook changed in between (an `accept` during the render), the report mixes
    two states and is rendered again, up to SNAPSHOT_ATTEMPTS times. meta.json records the
    fingerprint taken before reading, so a later batch sees any change made after it.
    `kernels`: a new kernel per report, or a worker's warm kernel (`warmkernel.WarmKernel`).
    """
    kernel.check(cfg.kernel_name)
    check_notebook(cfg.notebook, cfg.params)  # a RenderConfig made without `build` too
    for attempt in range(1, SNAPSHOT_ATTEMPTS + 1):
        snapshot = Snapshot(cfg)
        try:
            result = _render_once(cfg, snapshot, kernels)
        except Exception:
            if snapshot.unchanged():
                raise  # a broken table, not one caught half-way through a change
        else:
            if snapshot.unchanged():
                return result
        log.info("the data of %s changed while it was rendered; rendering it again (%d/%d)",
                 cfg.params.describe(), attempt, SNAPSHOT_ATTEMPTS)
    raise RenderError(
        f"the tables, sources or notebook of this report ({cfg.params.data_dir}, "
        f"{cfg.notebook}) changed during each of {SNAPSHOT_ATTEMPTS} attempts to render it; a "
        "report is made from one state of the data: render it again once they are not being "
        "changed")


def _render_once(cfg: RenderConfig, snapshot: Snapshot, kernels: kernel.Kernels) -> Rendered:

    work = tempfiles.private_dir("cb-render")  # a later run removes it if this one is killed
    try:
        kernel_log = work / "kernel.log"
        failure = ""
        with kernels.started(cfg.kernel_name, cwd=cfg.notebook.parent, log_path=kernel_log) as km:
            p = cfg.params
            # each read of the tables from here to the kernel's run done once: one state of the
            # data, which the snapshot checks against the tables' bytes once the kernel has run
            with reading.once(p.data_dir):
                snapshot.take()  # before anything is read; the kernel is already warming up
                # a broken table stops here (DataError); then only the selection is read
                keys = store.selection.keys(p)
                preload_for(cfg)
                mentions, _ = store.read_mentions_documents(p.data_dir)
                codes = summary.group_codes(keys, p.start, p.end)
                counts = summary.headline(keys, codes, mentions, start=p.start, end=p.end)
                del mentions
                # every claim beside the report, while the kernel warms up, not after it
                exporter.write_selection_csv(p.data_dir, p, keys, codes, work / exporter.SELECTION_CSV)
                changes = _changes(cfg, work)
                del keys, codes  # the kernel reads its own: this process holds no claims
            notebook = work / f"{REPORT_STEM}.ipynb"
            try:
                log.debug("executing %s for %s", cfg.notebook, cfg.params.describe())
                nb = execute(cfg, notebook, km, changes, snapshot.selection)
                kernels.release(km)
                _export(cfg, nb, work, counts, snapshot)
            except Exception as e:
                if not notebook.exists():
                    raise
                failure = str(e) if isinstance(e, RenderError) else f"{type(e).__name__}: {e}"
                detail = failure + "\n\n" + "".join(traceback.format_exception(e))
                (work / "error.log").write_text(detail, encoding="utf-8")
        if failure:  # read once the kernel is stopped or reset: its log is complete
            return Rendered(False, _read_folder(work), counts, failure)
        kernel_log.unlink(missing_ok=True)  # kept with failures only
        return Rendered(True, _read_folder(work), counts)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _changes(cfg: RenderConfig, work: Path) -> str:
    """What changed since the edition published in the report's folder (JSON for the
    notebook), and this edition's claim hashes written beside it for the next one."""

    current = digest.claim_hashes(cfg.params)
    if current is not None:
        (work / digest.CLAIMS_FILE).write_text(json.dumps(current, sort_keys=True),
                                               encoding="utf-8")
    previous, since = digest.previous_edition(output_dir(cfg), cfg.params.data_dir)
    found = digest.changes(previous, current, since)
    return json.dumps(found) if found else ""


def _export(cfg: RenderConfig, nb: nbformat.NotebookNode, folder: Path, counts: dict[str, int],
            snapshot: Snapshot) -> None:
    """Write the HTML/PDF and meta.json; the fingerprints are those of the state that was read."""

    title = cfg.title()
    files = {"ipynb": f"{REPORT_STEM}.ipynb"}
    if (folder / exporter.SELECTION_CSV).is_file():
        files["csv"] = exporter.SELECTION_CSV
    if (folder / digest.CLAIMS_FILE).is_file():
        files["hashes"] = digest.CLAIMS_FILE
    if "html" in cfg.formats or "pdf" in cfg.formats:
        html = export_html(nb, title)
        if "html" in cfg.formats:
            files["html"] = f"{REPORT_STEM}.html"
            (folder / files["html"]).write_text(html, encoding="utf-8")
        if "pdf" in cfg.formats:
            files["pdf"] = f"{REPORT_STEM}.pdf"
            export_pdf(html, folder / files["pdf"])
    meta.write(folder, {
        "title": title,
        "description": cfg.params.describe(),
        "parameters": cfg.params.notebook_parameters(),
        "counts": counts,
        "generated": cfg.generated.isoformat(timespec="seconds"),
        "files": files,
        "fingerprint": snapshot.fingerprint,
        "data_fingerprint": snapshot.data_fingerprint,
        "inputs_fingerprint": snapshot.inputs_fingerprint,
        "claimbook": __version__,
        # which data folder made it, through moves (`digest.same_data`: editions compare so)
        "data_id": identity.folder_id(cfg.params.data_dir),
        # what `is_stale` needs to recompute the fingerprint later, from any folder
        "inputs": {"data": str(Path(cfg.params.data_dir).resolve()),
                   "notebook": str(cfg.notebook.resolve()), "formats": list(cfg.formats),
                   "kernel": cfg.kernel_name},
    })


def _read_folder(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _keep(files: dict[str, bytes], reports_dir: Path, name: str) -> str:
    """Keep a failed run's files under reports/_failed, or in a temporary folder if that fails."""
    return f"executed notebook kept in {folders.keep_failed(files, reports_dir, name)}"


def check_places(cfg: RenderConfig, *, index: bool = True) -> None:
    """Refuse (ConfigError) a report folder or reports folder that publishing would destroy:
    called before the kernel starts, so a refused run touches nothing."""
    folders.check_report_folder(output_dir(cfg), cfg.params.data_dir, cfg.reports_dir)
    if index:
        folders.check_reports_dir(cfg.reports_dir, cfg.params.data_dir, whole=False)


def finish(cfg: RenderConfig, result: Rendered, wait: float = PUBLISH_WAIT) -> RenderResult:
    """Publish a rendered report, or keep a failed one and raise a RenderError that says where."""
    out_dir = output_dir(cfg)
    if not result.ok:
        raise RenderError(f"{result.message}; {_keep(result.files, cfg.reports_dir, out_dir.name)}")
    try:
        folders.publish(result.files, out_dir, wait)
    except OSError as e:  # a read-only or full reports folder: the previous report stays
        where = _keep(result.files, cfg.reports_dir, out_dir.name)
        raise RenderError(f"cannot write {out_dir}: {e.strerror or e}; the previous report is "
                          f"untouched; {where}") from e
    names = json.loads(result.files[meta.META])["files"]
    return RenderResult(out_dir, {k: out_dir / v for k, v in names.items()}, result.counts)


def render(cfg: RenderConfig, *, index: bool = True, wait: float = PUBLISH_WAIT
           ) -> RenderResult:
    """Render one report and publish it atomically; a failure leaves the previous one in place.

    The kernel starts first and warms up while this process validates the tables and imports
    papermill, nbconvert and WeasyPrint: the two start-ups overlap instead of adding up.
    `wait`: seconds to wait for another run publishing into the same folder (LockedError).
    """
    check_places(cfg, index=index)
    result = finish(cfg, render_files(cfg), wait)
    if index:
        try:
            write_index(cfg.reports_dir, wait)
        except OSError as e:
            raise RenderError(f"report written to {result.out_dir}, but not the index: {e}") from e
    return result
