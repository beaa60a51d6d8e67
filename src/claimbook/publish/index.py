"""The reports folder's front page: every published report, by period, with its status."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from claimbook.publish import folders, meta
from claimbook.publish.export import TEMPLATES
from claimbook.publish.fingerprint import is_stale
from claimbook.publish.folders import GENERATOR, PUBLISH_WAIT

log = logging.getLogger("claimbook")


def read_reports(reports_dir: Path, stale: bool = True) -> list[dict[str, Any]]:
    """Every published report under reports_dir, from each folder's meta.json, in the index's
    order (`index_order`), each marked `stale` when what it shows changed since it was
    rendered (`is_stale`; None when that cannot be told).

    The reports folder may hold folders this program did not write: a meta.json that cannot be
    read or has not the shape of ours is skipped with a warning naming it: one foreign file
    never stops the index."""
    found = []
    for meta_path in sorted(reports_dir.glob(f"*/{meta.META}")):
        if meta_path.parent.name.startswith((".", "_")):
            continue
        try:
            entry = meta.load(meta_path)
        except meta.NotOurs as e:
            log.warning("index: skipping %s: %s", meta_path, e)
            continue
        entry = {**entry, "counts": entry.get("counts", {}), "generated": entry.get("generated", ""),
                 "folder": meta_path.parent.name}
        if stale:
            entry["stale"] = is_stale(entry)
        found.append(entry)
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


FILE_LABELS = {"html": "HTML", "pdf": "PDF", "ipynb": "ipynb", "csv": "CSV"}


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%d %b %Y, %H:%M")
    except ValueError:
        return iso


def index_html(reports: list[dict[str, Any]]) -> str:
    """The reports folder's front page: every report by period (newest first), its range and
    filters, counts, when it was rendered, whether it is stale, and its files."""
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
