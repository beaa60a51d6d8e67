"""Run the report notebook with papermill and export it to offline HTML and PDF, atomically.

One process does what `papermill … && jupyter nbconvert …` does in two: the notebook is read and
executed once, the executed notebook stays in memory for both exports, and Python, pandas and
nbconvert are imported once. Output is written to a temporary folder beside the target and
renamed into place, so a reader never sees half a report and a failed run leaves the previous
report untouched; the failed run's executed notebook is kept under `reports/_failed/`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import traceback
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimbook import __version__, kernel
from claimbook.config import RenderConfig, ReportParams
from claimbook.errors import RenderError

if TYPE_CHECKING:
    import nbformat

log = logging.getLogger("claimbook")

TEMPLATES = Path(__file__).parent / "templates"
REPORT_STEM = "report"
META = "meta.json"
FAILED_DIR = "_failed"
MAX_SLUG = 80


@dataclass(frozen=True)
class RenderResult:
    out_dir: Path
    files: dict[str, Path]
    counts: dict[str, int]


# --- names ---------------------------------------------------------------------------------------


def safe_name(text: str, max_len: int = 40) -> str:
    """A file-name part that is safe on Linux, macOS and Windows: [a-z0-9-], never empty or '..'."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:max_len].strip("-")
    return name or "x" + hashlib.sha256(text.encode()).hexdigest()[:8]


def slug(params: ReportParams) -> str:
    """The default folder name of a report, derived from its parameters (never from raw text)."""
    parts = [params.start.isoformat() if params.start else "begin",
             params.end.isoformat() if params.end else "end"]
    if not params.start and not params.end:
        parts = ["all-dates"]
    for key, values in (("claimant", params.claimants), ("type", params.claim_types),
                        ("topic", params.topics)):
        if values:
            parts.append(key + "-" + "-".join(safe_name(v, 32) for v in values))
    name = "_".join(parts)
    if len(name) > MAX_SLUG:  # keep it short and still unique
        digest = hashlib.sha256(name.encode()).hexdigest()[:10]
        name = name[: MAX_SLUG - 11].rstrip("-_") + "-" + digest
    return name


# --- execution ----------------------------------------------------------------------------------


def execute(cfg: RenderConfig, output_path: Path, km: kernel.IPCKernelManager
            ) -> nbformat.NotebookNode:
    """Execute the notebook in a started kernel; the executed notebook is always written."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    params = cfg.params.model_copy(update={"data_dir": str(Path(cfg.params.data_dir).resolve())})
    try:
        return pm.execute_notebook(
            str(cfg.notebook), str(output_path),
            parameters=params.notebook_parameters(),
            kernel_name=cfg.kernel_name,
            progress_bar=False,
            log_output=False,
            execution_timeout=cfg.timeout,
            request_save_on_cell_execute=False,  # saved once at the end, or on error
            km=km,
        )
    except PapermillExecutionError as e:
        first_line = next((ln for ln in str(e.source).splitlines() if ln.strip()), "")[:80]
        raise RenderError(
            f"cell In [{e.exec_count}] of {cfg.notebook} ({first_line}) raised {e.ename}: {e.evalue}"
        ) from e


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
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="claimbook", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, exclude_anchor_links=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return body


def export_pdf(html: str, path: Path) -> None:
    """A4 PDF of the same page through its print stylesheet (WeasyPrint: pip-only, no browser)."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    def no_network(url: str, *args: Any, **kwargs: Any) -> dict:
        if url.startswith("data:"):  # inline images are part of the page
            return weasyprint.default_url_fetcher(url, *args, **kwargs)
        raise ValueError(f"a report PDF loads nothing from outside the page ({url[:60]})")

    weasyprint.HTML(string=html, url_fetcher=no_network).write_pdf(str(path))


# --- publishing ---------------------------------------------------------------------------------


def _publish(tmp: Path, out_dir: Path) -> None:
    """Swap the new folder into place; the old one is removed only once the new one is there."""
    old = None
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old-{uuid.uuid4().hex[:8]}")
        os.rename(out_dir, old)
    try:
        os.rename(tmp, out_dir)
    except OSError:
        if old is not None:
            os.rename(old, out_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _keep_failed(tmp: Path, reports_dir: Path, name: str, message: str) -> Path:
    failed = reports_dir / FAILED_DIR / f"{name}-{datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:4]}"
    failed.parent.mkdir(parents=True, exist_ok=True)
    (tmp / "error.log").write_text(message + "\n", encoding="utf-8")
    os.rename(tmp, failed)
    return failed


def render(cfg: RenderConfig) -> RenderResult:
    """Validate, execute, export and publish one report; raise RenderError on failure.

    The kernel starts first and warms up while this process validates the tables and imports
    papermill, nbconvert and WeasyPrint: the two start-ups overlap instead of adding up.
    """
    kernel.check(cfg.kernel_name)
    if not cfg.notebook.is_file():
        raise RenderError(f"notebook {cfg.notebook} not found")
    with kernel.started(cfg.kernel_name, cwd=cfg.notebook.parent) as km:
        return _render(cfg, km)


def _render(cfg: RenderConfig, km: kernel.IPCKernelManager) -> RenderResult:
    from claimbook import query, store

    data = store.load(cfg.params.data_dir)  # a broken table stops here: the kernel is shut down
    _preload(cfg)
    sel = query.select(data.claims, cfg.params.start, cfg.params.end, cfg.params.claimants,
                       cfg.params.claim_types, cfg.params.topics)
    from claimbook.report import headline_counts

    counts = headline_counts(sel, data.mentions)
    out_dir = cfg.out_dir or cfg.reports_dir / slug(cfg.params)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    files = {"ipynb": out_dir / f"{REPORT_STEM}.ipynb"}
    try:
        log.info("executing %s for %s", cfg.notebook, cfg.params.describe())
        nb = execute(cfg, tmp / files["ipynb"].name, km)
        kernel.release(km)
        title = cfg.params.display_title()
        if "html" in cfg.formats or "pdf" in cfg.formats:
            html = export_html(nb, title)
            if "html" in cfg.formats:
                files["html"] = out_dir / f"{REPORT_STEM}.html"
                (tmp / files["html"].name).write_text(html, encoding="utf-8")
            if "pdf" in cfg.formats:
                files["pdf"] = out_dir / f"{REPORT_STEM}.pdf"
                export_pdf(html, tmp / files["pdf"].name)
        meta = {
            "title": title,
            "description": cfg.params.describe(),
            "parameters": cfg.params.notebook_parameters(),
            "counts": counts,
            "generated": cfg.generated.isoformat(timespec="seconds"),
            "files": {k: p.name for k, p in files.items()},
            "data_fingerprint": data.fingerprint,
            "claimbook": __version__,
        }
        (tmp / META).write_text(json.dumps(meta, indent=1, ensure_ascii=False), encoding="utf-8")
        _publish(tmp, out_dir)
    except BaseException as e:
        if not tmp.exists():
            raise
        detail = "".join(traceback.format_exception(e))
        if (tmp / files["ipynb"].name).exists():
            kept = _keep_failed(tmp, cfg.reports_dir, out_dir.name, detail)
            where = f"; executed notebook kept in {kept}"
        else:
            shutil.rmtree(tmp, ignore_errors=True)
            where = ""
        if isinstance(e, RenderError):
            raise RenderError(f"{e}{where}") from e
        if isinstance(e, Exception):
            raise RenderError(f"report {out_dir} failed: {type(e).__name__}: {e}{where}") from e
        raise
    write_index(cfg.reports_dir)
    return RenderResult(out_dir, files, counts)


# --- the index of reports -------------------------------------------------------------------------


def read_reports(reports_dir: Path) -> list[dict[str, Any]]:
    """Every published report under reports_dir (newest first), from each folder's meta.json."""
    found = []
    for meta_path in reports_dir.glob(f"*/{META}"):
        if meta_path.parent.name.startswith((".", "_")):
            continue
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            log.warning("skipping unreadable %s", meta_path)
            continue
        meta["folder"] = meta_path.parent.name
        found.append(meta)
    return sorted(found, key=lambda m: m.get("generated", ""), reverse=True)


FILE_LABELS = {"html": "HTML", "pdf": "PDF", "ipynb": "ipynb"}


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y, %H:%M")
    except ValueError:
        return iso


def index_html(reports: list[dict[str, Any]]) -> str:
    """The reports folder's front page: every report, its counts and its files, newest first."""
    from html import escape
    from urllib.parse import quote

    css = (TEMPLATES / "claimbook" / "report.css").read_text(encoding="utf-8")
    rows = []
    for m in reports:
        c = m.get("counts", {})
        files = m.get("files", {})
        links = "".join(
            f'<a href="{escape(quote(m["folder"]))}/{escape(quote(files[kind]))}">'
            f"{FILE_LABELS[kind]}</a>" for kind in FILE_LABELS if kind in files)
        rows.append(
            f"<tr><td><strong>{escape(str(m.get('title', '')))}</strong><br>"
            f'<span class="muted">{escape(str(m.get("description", "")))}</span></td>'
            + "".join(f'<td class="num">{escape(str(c.get(k, "")))}</td>'
                      for k in ("in_range", "imprecise", "undated"))
            + f"<td>{escape(_when(str(m.get('generated', ''))))}</td><td>{links}</td></tr>")
    body = "".join(rows) or '<tr><td colspan="6" class="empty">No reports yet.</td></tr>'
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>claimbook reports</title><style>{css}</style></head><body><main class="report">'
        f'<h1>claimbook reports</h1><p class="generated">{len(reports)} report(s), newest first. '
        "Counts: claims in range, imprecise and undated.</p>"
        '<table class="reports"><thead><tr><th>report</th><th class="num">in range</th>'
        '<th class="num">imprecise</th><th class="num">undated</th><th>generated</th>'
        f"<th>files</th></tr></thead><tbody>{body}</tbody></table></main></body></html>"
    )


def atomic_write_text(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_index(reports_dir: Path) -> Path:
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / "index.html"
    atomic_write_text(path, index_html(read_reports(reports_dir)))
    return path
