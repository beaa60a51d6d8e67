"""Run the report notebook with papermill and export it to offline HTML and PDF, atomically.

One process does what `papermill … && jupyter nbconvert …` does in two: the notebook is read and
executed once, the executed notebook stays in memory for both exports, and Python, pandas and
nbconvert are imported once. Output is published by `claimbook.publish.folders`: swapped into place
whole, under a lock, only over a previous report, so a reader never sees half a report and a
failed run leaves the previous report untouched; the failed run's executed notebook is kept
under `reports/_failed/`.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import shutil
import sys
import threading
import traceback
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimbook import __version__
from claimbook.claims.dates import period_label
from claimbook.errors import RenderError
from claimbook.params import RenderConfig, ReportParams, check_notebook
from claimbook.publish import folders, kernel
from claimbook.publish.folders import FAILED_DIR as FAILED_DIR  # where failed runs are kept
from claimbook.publish.folders import GENERATOR, META, PUBLISH_WAIT
from claimbook.store import tempfiles

if TYPE_CHECKING:
    import nbformat


log = logging.getLogger("claimbook")

TEMPLATES = Path(__file__).parent.parent / "templates"
REPORT_STEM = "report"
MAX_SLUG = 80
MAIN_NOTEBOOK = RenderConfig.model_fields["notebook"].default.name  # its reports keep plain slugs


@dataclass(frozen=True)
class RenderResult:
    out_dir: Path
    files: dict[str, Path]
    counts: dict[str, int]


# --- names ---------------------------------------------------------------------------------------


# Device names Windows reserves in every folder, whatever the case or extension (`con.txt` too).
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "conin$", "conout$"]
    + [f"{dev}{n}" for dev in ("com", "lpt") for n in [*"123456789", "¹", "²", "³"]])


def safe_name(text: str, max_len: int = 40) -> str:
    """A file-name part that is safe on Linux, macOS and Windows: [a-z0-9-], never empty, '..'
    or a name Windows reserves (`con`, `nul`, `com1`: those get a short hash appended)."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:max_len].strip("-")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    if not name:
        return "x" + digest
    if name in WINDOWS_RESERVED:
        return f"{name}-{digest}"
    return name


def slug(params: ReportParams, notebook: Path | None = None) -> str:
    """The default folder name of a report, derived from its parameters (never from raw text);
    a notebook other than the main report's is named first (`claimant_all-dates_claimant-…`),
    so its report never takes the folder of the main report of the same parameters."""
    label = period_label(params.start, params.end)
    parts = [label] if label else [params.start.isoformat() if params.start else "begin",
                                   params.end.isoformat() if params.end else "end"]
    if not params.start and not params.end:
        parts = ["all-dates"]
    for key, values in (("claimant", params.claimants), ("type", params.claim_types),
                        ("topic", params.topics), ("publisher", params.publishers),
                        ("doc", params.docs)):
        if values:
            parts.append(key + "-" + "-".join(safe_name(v, 32) for v in values))
    name = "_".join(parts)
    if len(name) > MAX_SLUG:  # keep it short and still unique
        digest = hashlib.sha256(name.encode()).hexdigest()[:10]
        name = name[: MAX_SLUG - 11].rstrip("-_") + "-" + digest
    if notebook is not None and notebook.name != MAIN_NOTEBOOK:
        name = f"{safe_name(notebook.stem)}_{name}"
    return name


# --- execution ----------------------------------------------------------------------------------


def execute(cfg: RenderConfig, output_path: Path, km: kernel.IPCKernelManager,
            changes: str = "", digest: str = "") -> nbformat.NotebookNode:
    """Execute the notebook in a started kernel; the executed notebook is always written.
    `changes` and `digest` (the selection's, as the snapshot took it) go to the notebook.

    papermill runs in a helper thread so that signals stay with this (main) thread: on SIGINT
    or SIGTERM the kernel is stopped here and the interruption propagates, instead of nbclient's
    own handler quietly shutting the kernel down mid-cell.
    """
    done: dict[str, Any] = {}

    def target() -> None:
        try:
            done["nb"] = _papermill(cfg, output_path, km, changes, digest)
        except BaseException as e:  # handed to the main thread
            done["error"] = e

    worker = threading.Thread(target=target, name="claimbook-execute", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)  # short waits: signal handlers run between them
    except BaseException:
        kernel.kill(km)  # the helper thread then fails fast with a dead kernel
        worker.join(30)
        raise
    if "error" in done:
        raise done["error"]
    return done["nb"]


def _engine() -> str:
    """papermill's nbclient engine, except that a notebook stopped half-way (a dead kernel, a
    cell timeout) is still written, so the failed run's notebook shows how far it got."""
    import nbformat
    from papermill.engines import NBClientEngine, papermill_engines

    class KeepOnFailure(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str,
                                     keep_path: str | None = None, **kwargs: Any) -> Any:
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            except Exception:
                if keep_path:
                    nbformat.write(nb_man.nb, keep_path)
                raise

    papermill_engines.register("claimbook", KeepOnFailure)
    return "claimbook"


def _papermill(cfg: RenderConfig, output_path: Path, km: kernel.IPCKernelManager,
               changes: str = "", digest: str = "") -> nbformat.NotebookNode:
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    params = cfg.params.model_copy(update={"data_dir": str(Path(cfg.params.data_dir).resolve())})
    logging.getLogger("papermill").setLevel(logging.CRITICAL)  # its errors are re-raised below
    try:
        return pm.execute_notebook(
            str(cfg.notebook), str(output_path),
            parameters={**params.notebook_parameters(), "changes": changes, "digest": digest},
            kernel_name=cfg.kernel_name,
            progress_bar=False,
            log_output=False,
            execution_timeout=cfg.timeout,
            request_save_on_cell_execute=False,  # saved once at the end, or on failure
            engine_name=_engine(),
            keep_path=str(output_path),
            km=km,
        )
    except PapermillExecutionError as e:
        first_line = next((ln for ln in str(e.source).splitlines() if ln.strip()), "")[:80]
        raise RenderError(
            f"cell In [{e.exec_count}] of {cfg.notebook} ({first_line}) raised {e.ename}: {e.evalue}"
        ) from e
    except CellTimeoutError as e:
        raise RenderError(f"a cell of {cfg.notebook} ran longer than --timeout {cfg.timeout:g} s "
                          f"and was stopped: {str(e).splitlines()[0]}") from e
    except DeadKernelError as e:
        raise RenderError(f"the kernel died while running {cfg.notebook} ({e}); "
                          "a cell may have used too much memory or crashed Python") from e


def preload(formats: tuple[str, ...] = ("html", "pdf")) -> None:
    """Import what rendering needs (a batch worker does this once for all its reports)."""
    _preload(RenderConfig(params=ReportParams(), formats=formats))


def _preload(cfg: RenderConfig) -> None:
    """Import the exporters now, while the kernel is still warming up, not after it finishes.

    When jsonschema (under nbformat) finds rfc3987_syntax installed (a jupyterlab dependency),
    it compiles ~40 grammars at import, about 1.5 s, to check "iri" formats that notebook
    validation never uses; this process does not import it (measured: benchmarks/).
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import nbconvert  # noqa: F401
    import papermill  # noqa: F401

    if "pdf" in cfg.formats:
        import weasyprint  # noqa: F401


# --- export ---------------------------------------------------------------------------------------


def export_html(nb: nbformat.NotebookNode, title: str) -> str:
    """The executed notebook as one self-contained, code-free HTML page (our lean template)."""
    body, _ = _html_exporter().from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


_exporters = threading.local()


def _html_exporter() -> Any:
    """One exporter per thread, made once: a new one loads and compiles the template again
    (half the export's time of a seed report); Dask renders in several threads."""
    exporter = getattr(_exporters, "html", None)
    if exporter is None:
        exporter = _exporters.html = _lean_exporter_class()(
            template_name="claimbook", extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
            exclude_anchor_links=True)
    return exporter


# What nbconvert's last pass over a page changes: an <img> without alt text, and the cells of
# its own templates' markup (made focusable). Our template writes neither.
_SOUP_WORK = re.compile(r"<img\b(?![^>]*\balt\s*=)|jp-Notebook|jp-Cell-inputWrapper"
                        r"|jp-OutputArea-output", re.I)


@functools.cache
def _lean_exporter_class() -> type:
    """nbconvert's HTMLExporter without its last pass when that pass has nothing to do.

    HTMLExporter parses the finished page with BeautifulSoup to give an <img> without alt
    text a placeholder one and to make the cells of its own templates focusable, then writes
    the page out again: 1.2 s of a million-claim report's 1.3 s export (572 kB, 11,000
    tags), for a page our template already writes with neither (its charts are inline SVG
    or <img alt=...>). A page that has one (a notebook's own Markdown image, say) goes
    through the whole of nbconvert as before. The page is then the template's output itself:
    the same markup, with the entities `report.esc` wrote (`&#36;` for '$') kept as written
    instead of decoded and written back."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class LeanHTMLExporter(HTMLExporter):  # type: ignore[misc]
        def from_notebook_node(self, nb: Any, resources: dict | None = None, **kw: Any
                               ) -> tuple[str, dict]:
            given = None if resources is None else dict(resources)
            # what HTMLExporter.from_notebook_node does before its template runs
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            if _SOUP_WORK.search(html):  # nbconvert's pass has work to do: all of it, as is
                return super().from_notebook_node(nb, given, **kw)
            return html, resources

    return LeanHTMLExporter


def export_pdf(html: str, path: Path) -> None:
    """A4 PDF of the same page through its print stylesheet (WeasyPrint: pip-only, no browser)."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    def no_network(url: str, *args: Any, **kwargs: Any) -> dict:
        if url.startswith("data:"):  # inline images are part of the page
            return weasyprint.default_url_fetcher(url, *args, **kwargs)
        raise ValueError(f"a report PDF loads nothing from outside the page ({url[:60]})")

    weasyprint.HTML(string=soft_breaks(html), url_fetcher=no_network).write_pdf(str(path))


# A run of 60+ characters (an entity counts as one) without a space: no line can hold it.
_LONG_WORD = re.compile(r"(?:&#?\w+;|[^\s<>&]){60,}")
# Left byte for byte: tags with their attributes, and all of style, script, title and svg.
_MARKUP = re.compile(r"<(style|script|title|svg)\b[^>]*>.*?</\1\s*>|<[^>]*>", re.S | re.I)


def _break_word(match: re.Match[str], every: int = 100) -> str:
    units = re.findall(r"&#?\w+;|.", match.group(0), re.S)
    return "<wbr>".join("".join(units[i:i + every]) for i in range(0, len(units), every))


def soft_breaks(html: str) -> str:
    """`<wbr>` every 100 characters of a very long word in the page's text, for the PDF only.

    WeasyPrint lays out a text node that has to be broken inside words (`overflow-wrap:
    break-word`) in time quadratic in the node's length: 1.3 s for an 8,000-character word,
    and a 100,000-character word in a source stalled a report for over ten minutes. Split
    into short nodes the same text takes time linear in its length, and reads and extracts
    the same (`<wbr>` adds no character). Nothing else changes; browsers need no help.
    """
    out, pos = [], 0
    for m in _MARKUP.finditer(html):
        out.append(_LONG_WORD.sub(_break_word, html[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_LONG_WORD.sub(_break_word, html[pos:]))
    return "".join(out)


# --- publishing ---------------------------------------------------------------------------------


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


def _inputs(cfg: RenderConfig) -> list[Path]:
    """The files a report is made from: tables, sources, notebook, template. A render checks
    that none of them changed while it ran (`_Snapshot`), whether or not the change is in its
    selection: one report, one state of the data."""
    from claimbook import store

    data_dir = Path(cfg.params.data_dir)
    paths = list(store.table_paths(data_dir).values())  # CSV or Parquet, whichever is there
    paths += sorted((data_dir / "sources").glob("*")) + [cfg.notebook]
    return paths + _templates()


def fingerprint(cfg: RenderConfig, selection: str | None = None) -> str:
    """What a report shows: its selection of the data (`digest.selection_digest`, or
    `selection` when it was just computed: its claims, their mentions and sources), notebook,
    template, claimbook, parameters.

    Equal fingerprints mean an identical report (but for its generation time), so a batch may
    skip it; a change to claims the report does not show leaves it as it is. Sources are hashed
    as files, so an edited source counts even before validation.
    """
    if selection is None:
        from claimbook.publish.digest import selection_digest

        selection = selection_digest(cfg.params)
    return _hash_with(cfg, selection.encode())


def inputs_fingerprint(cfg: RenderConfig, data_fingerprint: str | None = None) -> str:
    """A cheap stand-in for `fingerprint` that changes whenever it could change: the bytes of
    the tables (all of them, not only the report's selection), the size and time of every
    source file, notebook, template, claimbook and parameters. Equal means the report is
    current without reading its selection again (the index and batch check hundreds of
    reports); different means `fingerprint` decides."""
    from claimbook import store

    data_dir = Path(cfg.params.data_dir)
    parts = [(data_fingerprint or store.data_fingerprint(data_dir)).encode()]
    sources = data_dir / "sources"
    for path in sorted(sources.rglob("*")) if sources.is_dir() else []:
        st = path.stat()
        parts.append(f"{path.relative_to(data_dir)}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return _hash_with(cfg, b"".join(parts))


def _hash_with(cfg: RenderConfig, data_part: bytes) -> str:
    """The hash both fingerprints share: claimbook, parameters, formats and kernel, then what
    stands for the data (`data_part`), then the notebook and the template files."""
    h = hashlib.sha256()
    h.update(__version__.encode())
    params = {k: v for k, v in cfg.params.notebook_parameters().items() if k != "data_dir"}
    h.update(json.dumps([params, list(cfg.formats), cfg.kernel_name], sort_keys=True).encode())
    h.update(data_part)
    for path in [cfg.notebook, *_templates()]:
        h.update(path.name.encode())
        h.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"-")
    return h.hexdigest()


def _templates() -> list[Path]:
    return sorted(p for p in (TEMPLATES / "claimbook").iterdir() if p.is_file())


def _identities(cfg: RenderConfig) -> list[tuple[str, int, int, int]]:
    """Which file each input is (inode, size, mtime): a table replaced and put back (an undo)
    has the same bytes as before but not the same inode, and was read changed in between."""
    out = []
    for path in _inputs(cfg):
        try:
            st = path.stat()
        except OSError:
            out.append((str(path), -1, -1, -1))
        else:
            out.append((str(path), st.st_ino, st.st_size, st.st_mtime_ns))
    return out


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
        snapshot = _Snapshot(cfg)
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


@dataclass
class _Snapshot:
    """The state of a report's inputs when it starts reading them, to check against later."""

    cfg: RenderConfig
    identities: list[tuple[str, int, int, int]] | None = None
    selection: str = ""  # `digest.selection_digest`: the report's provenance shows it
    fingerprint: str = ""
    data_fingerprint: str = ""
    inputs_fingerprint: str = ""

    def take(self) -> None:
        from claimbook import store
        from claimbook.publish.digest import selection_digest

        self.identities = _identities(self.cfg)
        # the bytes first: reading the selection may refuse a broken table, and `unchanged`
        # must then tell a broken table (raised as it is) from one caught half-way through a change
        self.data_fingerprint = store.data_fingerprint(self.cfg.params.data_dir)
        self.inputs_fingerprint = inputs_fingerprint(self.cfg, self.data_fingerprint)
        self.selection = selection_digest(self.cfg.params)  # once: the kernel is handed it
        self.fingerprint = fingerprint(self.cfg, self.selection)

    def unchanged(self) -> bool:
        """Nothing was read yet, or the inputs are still the very files that were read.

        Every write of a table or source by claimbook is a new file renamed into place
        (`store.write`, `sources`), so any such write between `take` and now changes an
        identity (a new inode). The bytes of the tables, notebook and template are hashed again
        too (`inputs_fingerprint`, read in blocks: a fraction of a second for a million
        claims), which also catches another program rewriting one of them in place with the
        same size within one tick of the file system's clock (a source file is only told by
        its size and time: registered once, pinned by its sha256, it is never rewritten). The
        report's own `fingerprint` (its selection read and hashed as CSV: seconds and half a
        gigabyte for a million claims) is not computed again: it can only differ where these
        differ."""
        return self.identities is None or (
            _identities(self.cfg) == self.identities
            and inputs_fingerprint(self.cfg) == self.inputs_fingerprint)


def _render_once(cfg: RenderConfig, snapshot: _Snapshot, kernels: kernel.Kernels) -> Rendered:
    from claimbook import store
    from claimbook.claims import summary
    from claimbook.store import reading
    from claimbook.tables import exporter
    from claimbook.tables.exporter import SELECTION_CSV

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
                keys = store.read_keys(p.data_dir, p.start, p.end, p.claimants, p.claim_types,
                                       p.topics, p.claim_ids())
                _preload(cfg)
                mentions, _ = store.read_mentions_documents(p.data_dir)
                codes = summary.group_codes(keys, p.start, p.end)
                counts = summary.headline(keys, codes, mentions, start=p.start, end=p.end)
                del mentions
                # every claim beside the report, while the kernel warms up, not after it
                exporter.write_selection_csv(p.data_dir, p, keys, codes, work / SELECTION_CSV)
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
    from claimbook.publish import digest

    current = digest.claim_hashes(cfg.params)
    if current is not None:
        (work / digest.CLAIMS_FILE).write_text(json.dumps(current, sort_keys=True),
                                               encoding="utf-8")
    previous, since = digest.previous_edition(output_dir(cfg))
    found = digest.changes(previous, current, since)
    return json.dumps(found) if found else ""


def _export(cfg: RenderConfig, nb: nbformat.NotebookNode, folder: Path, counts: dict[str, int],
            snapshot: _Snapshot) -> None:
    """Write the HTML/PDF and meta.json; the fingerprints are those of the state that was read."""
    from claimbook.tables.exporter import SELECTION_CSV

    title = cfg.title()
    files = {"ipynb": f"{REPORT_STEM}.ipynb"}
    if (folder / SELECTION_CSV).is_file():
        files["csv"] = SELECTION_CSV
    from claimbook.publish.digest import CLAIMS_FILE

    if (folder / CLAIMS_FILE).is_file():
        files["hashes"] = CLAIMS_FILE
    if "html" in cfg.formats or "pdf" in cfg.formats:
        html = export_html(nb, title)
        if "html" in cfg.formats:
            files["html"] = f"{REPORT_STEM}.html"
            (folder / files["html"]).write_text(html, encoding="utf-8")
        if "pdf" in cfg.formats:
            files["pdf"] = f"{REPORT_STEM}.pdf"
            export_pdf(html, folder / files["pdf"])
    meta = {
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
        # what `is_stale` needs to recompute the fingerprint later, from any folder
        "inputs": {"data": str(Path(cfg.params.data_dir).resolve()),
                   "notebook": str(cfg.notebook.resolve()), "formats": list(cfg.formats),
                   "kernel": cfg.kernel_name},
    }
    (folder / META).write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")


def _read_folder(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _keep(files: dict[str, bytes], reports_dir: Path, name: str) -> str:
    """Keep a failed run's files under reports/_failed, or in a temporary folder if that fails."""
    return f"executed notebook kept in {folders.keep_failed(files, reports_dir, name)}"


def output_dir(cfg: RenderConfig) -> Path:
    return cfg.out_dir or cfg.reports_dir / slug(cfg.params, cfg.notebook)


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
    names = json.loads(result.files[META])["files"]
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


# --- the index of reports -------------------------------------------------------------------------


MAX_META_BYTES = 1 << 20  # a report's meta.json is a few hundred bytes; a larger one is not ours


def read_reports(reports_dir: Path, stale: bool = True) -> list[dict[str, Any]]:
    """Every published report under reports_dir, from each folder's meta.json, in the index's
    order (`index_order`), each marked `stale` when what it shows changed since it was
    rendered (`is_stale`; None when that cannot be told).

    The reports folder may hold folders this program did not write: a meta.json that cannot be
    read or has not the shape of ours is skipped with a warning naming it, so one foreign file
    never stops the index (it once made every later render end in a traceback)."""
    found = []
    for meta_path in sorted(reports_dir.glob(f"*/{META}")):
        if meta_path.parent.name.startswith((".", "_")):
            continue
        meta = _index_entry(meta_path)
        if meta is not None:
            if stale:
                meta["stale"] = is_stale(meta)
            found.append(meta)
    return index_order(found)


def index_order(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """By period, newest first (the report of all dates first), then by filter; not in the
    order parallel workers happened to finish."""
    def key(m: dict[str, Any]) -> tuple:
        p = m.get("parameters") if isinstance(m.get("parameters"), dict) else {}
        start, end = str(p.get("start") or ""), str(p.get("end") or "")
        chosen = [p.get(k) or [] for k in ("claimants", "claim_types", "topics")]
        filters = json.dumps(chosen, ensure_ascii=False)  # the unfiltered report first
        return (bool(start or end), _desc(end or "9999-99-99"), _desc(start), any(chosen),
                filters, m.get("folder", ""))

    return sorted(reports, key=key)


def _desc(text: str) -> tuple[int, ...]:
    """A sort key that puts later ISO dates first."""
    return tuple(-ord(ch) for ch in text)


def is_stale(meta: dict[str, Any]) -> bool | None:
    """Whether what a published report shows changed since it was rendered: its fingerprint
    recomputed from its meta.json's parameters and inputs. None when that cannot be told (a
    report of an older version, a data folder or notebook that is gone, a broken table)."""
    inputs, params = meta.get("inputs"), meta.get("parameters")
    if not isinstance(inputs, dict) or not isinstance(params, dict):
        return None
    try:
        cfg = RenderConfig(params=ReportParams.from_notebook(**{**params,
                                                               "data_dir": inputs["data"]}),
                           formats=tuple(inputs["formats"]), notebook=Path(inputs["notebook"]),
                           kernel_name=inputs["kernel"])
        if meta.get("inputs_fingerprint") == inputs_fingerprint(cfg):
            return False  # nothing it could show changed: no need to read its selection
        return fingerprint(cfg) != meta.get("fingerprint")
    except Exception as e:  # noqa: BLE001 - the index is written whatever one report holds
        log.debug("index: cannot tell whether %s is stale: %s", meta.get("folder"), e)
        return None


def _index_entry(meta_path: Path) -> dict[str, Any] | None:
    """The index's view of one meta.json, or None (with a warning) if it is not one of ours."""
    try:
        info = meta_path.stat()
        if not meta_path.is_file() or info.st_size > MAX_META_BYTES:
            raise ValueError("not a regular file of at most 1 MiB")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as e:
        log.warning("index: skipping %s: cannot read it (%s)", meta_path, e)
        return None
    problem = _meta_shape_problem(meta)
    if problem:
        log.warning("index: skipping %s: %s", meta_path, problem)
        return None
    return {**meta, "counts": meta.get("counts", {}), "files": meta.get("files", {}),
            "generated": meta.get("generated", ""), "folder": meta_path.parent.name}


def _meta_shape_problem(meta: Any) -> str:
    """What makes `meta` unlike the meta.json `_export` writes ('' when it is alike)."""
    if not isinstance(meta, dict):
        return f"a JSON {type(meta).__name__}, not an object"
    if not isinstance(meta.get("counts", {}), dict):
        return '"counts" is not an object'
    files = meta.get("files", {})
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        return '"files" is not an object of file names'
    if not isinstance(meta.get("generated", ""), str):
        return '"generated" is not a date text'
    return ""


FILE_LABELS = {"html": "HTML", "pdf": "PDF", "ipynb": "ipynb", "csv": "CSV"}


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y, %H:%M")
    except ValueError:
        return iso


def index_html(reports: list[dict[str, Any]]) -> str:
    """The reports folder's front page: every report by period (newest first), its range and
    filters, counts, when it was rendered, whether it is stale, and its files."""
    from html import escape
    from urllib.parse import quote

    css = (TEMPLATES / "claimbook" / "report.css").read_text(encoding="utf-8")
    rows = []
    stale_count = 0
    for m in reports:
        c = m.get("counts", {})
        files = m.get("files", {})
        links = "".join(
            f'<a href="{escape(quote(m["folder"]))}/{escape(quote(files[kind]))}">'
            f"{FILE_LABELS[kind]}</a>" for kind in FILE_LABELS if kind in files)
        stale = m.get("stale")
        stale_count += bool(stale)
        status = ('<span class="stale" title="its claims, mentions, sources, notebook or '
                  'template changed since it was rendered">stale</span>' if stale else
                  '<span class="muted">current</span>' if stale is False else
                  '<span class="muted">unknown</span>')
        rows.append(
            f'<tr{" class=stale-row" if stale else ""} data-folder="{escape(m["folder"])}">'
            f"<td><strong>{escape(str(m.get('title', '')))}</strong><br>"
            f'<span class="muted">{escape(str(m.get("description", "")))}</span></td>'
            + "".join(f'<td class="num">{escape(str(c.get(k, "")))}</td>'
                      for k in ("in_range", "imprecise", "undated"))
            + f'<td class="when">{escape(_when(str(m.get("generated", ""))))}</td>'
            f'<td>{status}</td><td class="files">{links}</td></tr>')
    body = "".join(rows) or '<tr><td colspan="7" class="empty">No reports yet.</td></tr>'
    stale_note = (f" {stale_count} stale: rendered before a change to what they show; render "
                  "them again, or remove them with <code>claimbook prune --stale</code>."
                  if stale_count else "")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">{GENERATOR}'
        f'<title>claimbook reports</title><style>{css}'
        '.stale{color:#fff;background:#b3261e;padding:0 .35em;border-radius:3px;font-weight:600}'
        "table.reports th:first-child{width:31%}table.reports .num{width:8.5%}"
        "table.reports th.when{width:17%}table.reports th.status{width:9%}"
        "table.reports td.when{white-space:nowrap}table.reports th.files{width:17.5%}"
        '</style></head><body><main class="report">'
        f'<h1>claimbook reports</h1><p class="generated">{len(reports)} report(s), by period, '
        "newest first (the report of all dates first), then by filter. Counts: claims in range "
        f"(dated, for all dates), imprecise and undated.{stale_note}</p>"
        '<table class="reports"><thead><tr><th>report: range and filters</th>'
        '<th class="num">in range</th><th class="num">imprecise</th><th class="num">undated</th>'
        '<th class="when">rendered</th><th class="status">status</th>'
        f'<th class="files">files</th></tr></thead><tbody>{body}</tbody></table></main></body></html>'
    )


def write_index(reports_dir: Path, wait: float = PUBLISH_WAIT) -> Path:
    """Rewrite reports/index.html from the published reports (never an index claimbook did not
    write), under the folder's publish lock."""
    return folders.write_index_text(reports_dir, lambda: index_html(read_reports(reports_dir)),
                                    wait)
