"""Where a report goes: its folder's name, derived from its parameters and never from raw text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from claimbook import workbook_dir
from claimbook.claims.dates import period_label
from claimbook.params import RenderConfig, ReportParams

REPORT_STEM = "report"  # report.html, report.pdf, report.ipynb
MAX_SLUG = 80
MAIN_NOTEBOOK = f"{workbook_dir.REPORT_NOTEBOOK}.ipynb"  # its reports keep plain slugs

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


def output_dir(cfg: RenderConfig) -> Path:
    """The report's folder: `--out`, else its slug under the reports folder."""
    return cfg.out_dir or cfg.reports_dir / slug(cfg.params, cfg.notebook)
