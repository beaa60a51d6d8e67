"""What one report shows of the data, as one hash: its selection's claims, the other side of
each contested pair, their mentions, the documents those quote and the documents' files.

A batch re-renders a report only when this digest (with the notebook, template, parameters and
version: `render.fingerprint`) changed: one new claim dated March changes the digest of March and
of every report whose range includes March, and of no other month. The whole folder's hash made
every report of a batch stale at any change.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimbook.config import ReportParams

DIGEST_CHARS = 16  # shown in a report's provenance; meta.json keeps the report's fingerprint


def selection_digest(params: ReportParams) -> str:
    """sha256 (16 hex digits) of everything of `params.data_dir` the report of `params` shows.

    Raises DataError for a broken folder (validated once per version, `store.ensure_valid`)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    from claimbook import store

    p, data_dir = params, Path(params.data_dir)
    h = hashlib.sha256()
    keys = store.read_keys(data_dir, p.start, p.end, p.claimants, p.claim_types, p.topics)
    selected = store.read_selected_arrow(data_dir, p.start, p.end, p.claimants, p.claim_types,
                                         p.topics)  # a CSV table: whole, so filtered here
    selected = selected.filter(pc.is_in(selected["claim_id"], value_set=keys["claim_id"]))
    selected = selected.take(pc.sort_indices(selected, sort_keys=[("claim_id", "ascending")]))
    text = pa.table({c: pc.cast(selected[c], pa.string()) for c in selected.column_names})
    buf = io.BytesIO()
    pacsv.write_csv(text, buf)
    h.update(buf.getvalue())
    ids = set(selected["claim_id"].to_pylist())
    responses = store.read_responses(data_dir).to_pylist()
    others = sorted({side for r in responses if r["claim_id"] in ids or r["responds_to"] in ids
                     for side in (r["claim_id"], r["responds_to"])} - ids)
    if others:  # the other side of a contested pair is on the page too
        import pandas as pd

        other = store.read_claims_by_id(data_dir, pd.Series(others))
        h.update(other.sort_values("claim_id").to_csv(index=False).encode("utf-8"))
    mentions, documents = store.read_mentions_documents(data_dir)
    shown = ids | set(others)
    mentions = mentions[mentions["claim_id"].astype(str).isin(shown)]
    h.update(mentions.sort_values(["claim_id", "doc_id", "start"]).to_csv(index=False)
             .encode("utf-8"))
    cited = documents[documents["doc_id"].isin(set(mentions["doc_id"]))].sort_values("doc_id")
    h.update(cited.to_csv(index=False).encode("utf-8"))
    for path in cited["path"]:  # an edited source counts even before validation sees it
        f = data_dir / str(path)
        h.update(hashlib.sha256(f.read_bytes()).digest() if f.is_file() else b"-")
    return h.hexdigest()[:DIGEST_CHARS]


# --- what changed since a report's previous edition -------------------------------------------

CLAIMS_FILE = "claims.sha256.json"  # beside a report: a hash per claim it lists
MAX_TRACKED = 100_000  # claims of one report whose changes are tracked (the file stays small)
MAX_NAMED_CHANGES = 30  # ids named on the page; the counts cover the rest


def claim_hashes(params: ReportParams) -> dict[str, str] | None:
    """A short hash of each listed claim of the report (its row and its mentions), by id; None
    past MAX_TRACKED claims."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from claimbook import store

    p, data_dir = params, Path(params.data_dir)
    keys = store.read_keys(data_dir, p.start, p.end, p.claimants, p.claim_types, p.topics)
    if keys.num_rows > MAX_TRACKED:
        return None
    rows = store.read_selected_arrow(data_dir, p.start, p.end, p.claimants, p.claim_types,
                                     p.topics)
    rows = rows.filter(pc.is_in(rows["claim_id"], value_set=keys["claim_id"]))
    text = pa.table({c: pc.cast(rows[c], pa.string()) for c in rows.column_names}).to_pylist()
    mentions, _ = store.read_mentions_documents(data_dir)
    quotes: dict[str, list[str]] = {}
    for m in mentions.astype(str).itertuples():
        quotes.setdefault(m.claim_id, []).append(f"{m.doc_id}|{m.start}|{m.end}|{m.quote}")
    out = {}
    for r in text:
        blob = "\x1f".join(f"{k}={v}" for k, v in sorted(r.items()) if v not in (None, ""))
        blob += "\x1e" + "\x1e".join(sorted(quotes.get(str(r["claim_id"]), [])))
        out[str(r["claim_id"])] = hashlib.sha256(blob.encode("utf-8", "surrogatepass")
                                                 ).hexdigest()[:16]
    return out


def changes(previous: dict[str, str] | None, current: dict[str, str] | None,
            since: str) -> dict:
    """What a report lists now that its previous edition did not (added), or listed otherwise
    (changed); {} for a first edition or when either side is not tracked."""
    if previous is None or current is None:
        return {}
    added = sorted(set(current) - set(previous))
    changed = sorted(i for i in current if i in previous and current[i] != previous[i])
    return {"since": since, "added": len(added), "changed": len(changed),
            "removed": len(set(previous) - set(current)),
            "added_ids": added[:MAX_NAMED_CHANGES], "changed_ids": changed[:MAX_NAMED_CHANGES]}


def previous_edition(folder: Path) -> tuple[dict[str, str] | None, str]:
    """The claim hashes and generation time of the report published in `folder`, if any."""
    import json

    try:
        hashes = json.loads((folder / CLAIMS_FILE).read_text(encoding="utf-8"))
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, ""
    if not isinstance(hashes, dict) or not isinstance(meta, dict):
        return None, ""
    return {str(k): str(v) for k, v in hashes.items()}, str(meta.get("generated", ""))
