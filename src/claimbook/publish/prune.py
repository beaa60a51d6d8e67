"""Removing reports an operator no longer wants: stale ones, or ones rendered long ago.

Only folders claimbook published (`folders.is_report`) are removed, under the reports folder's
publish lock, and the index is rewritten after; `dry_run` lists what would go and removes
nothing, so an operator looks first.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from claimbook.errors import ConfigError
from claimbook.publish import folders, index

log = logging.getLogger("claimbook")


@dataclass(frozen=True)
class Pruned:
    folder: str
    reason: str


def candidates(reports_dir: Path, stale: bool, older_than_days: int | None,
               now: datetime | None = None) -> list[Pruned]:
    """The published reports that are stale (with `stale`) or rendered more than
    `older_than_days` days ago, in the index's order."""
    now = now or datetime.now().astimezone()
    out = []
    for m in index.read_reports(reports_dir, stale=stale):
        reasons = []
        if stale and m.get("stale"):
            reasons.append("stale")
        if older_than_days is not None:
            try:
                when = datetime.fromisoformat(str(m.get("generated", "")))
            except ValueError:
                when = None
            if when is not None and now - when > timedelta(days=older_than_days):
                reasons.append(f"rendered {(now - when).days} days ago")
        if reasons:
            out.append(Pruned(m["folder"], ", ".join(reasons)))
    return out


def prune(reports_dir: Path, *, stale: bool, older_than_days: int | None, dry_run: bool,
          wait: float = folders.PUBLISH_WAIT) -> list[Pruned]:
    """Remove (or with `dry_run` only list) the `candidates`; then rewrite the index."""
    if not stale and older_than_days is None:
        raise ConfigError("prune: give --stale, --older-than DAYS or both (what to remove)")
    if not reports_dir.is_dir():
        raise ConfigError(f"--reports-dir: {reports_dir} is not a folder")
    found = candidates(reports_dir, stale, older_than_days)
    if dry_run or not found:
        return found
    with folders.publish_lock(reports_dir, wait):
        for p in found:
            folder = reports_dir / p.folder
            if folders.is_report(folder):
                shutil.rmtree(folder)
                log.info("prune: removed %s (%s)", folder, p.reason)
            else:
                log.warning("prune: kept %s: not a report claimbook published", folder)
    index.write_index(reports_dir, wait)
    return found
