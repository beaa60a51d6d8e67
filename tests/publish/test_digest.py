"""A report's selection digest is computed in bounded slices and stays the digest reports
recorded before: for random tables (CSV and Parquet) and selections it equals the digest of the
whole selection written as one CSV in memory (the way it was computed before), while no slice
of claims hashed at a time is larger than `SLICE` rows.
"""

from __future__ import annotations

import hashlib
import io
import math
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest

from claimbook import store
from claimbook.params import ReportParams
from claimbook.publish import digest
from claimbook.store import csv_write
from conftest import run_cli
from datamaker import make_data
from places import ROOT

CLAIMANTS = ["Ministry A", "Agency B", "Paper C", "Ministry D"]
TYPES = ["allegation", "denial", "statement", "assessment"]
DATES = ["", "2025", "2025-Q3", "2025-07", "2025-07-14", "2025-08-02", "2024-12-31"]
TEXTS = ['Troops, "seen" at the border', "Übungen; no comment", "Two lines\nof text",
         "=SUM(A1)", "plain words"]
SELECTIONS = [{}, {"start": date(2025, 7, 1), "end": date(2025, 7, 31)},
              {"claim_types": ["denial"]}, {"claimants": ["Agency B"]}]


def random_folder(root: Path, seed: int, n: int = 40) -> Path:
    """A valid data folder of n random claims, written for this test: claimants, types, dates of
    every precision (and none), texts with commas, quotes, newlines and formulas, and some
    claims that answer an earlier one."""
    rng = np.random.default_rng(seed)
    claims = []
    for i in range(n):
        answers = i > 0 and rng.random() < 0.25
        claims.append({
            "claim_id": f"C{i:03d}", "claim": f"{TEXTS[rng.integers(len(TEXTS))]} ({i})",
            "claimant": CLAIMANTS[rng.integers(len(CLAIMANTS))],
            "claim_type": TYPES[rng.integers(len(TYPES))],
            "date": DATES[rng.integers(len(DATES))],
            "responds_to": f"C{rng.integers(i):03d}" if answers else "",
            "quote": f"Quote number {i} of the test source, said on day {rng.integers(99)}."})
    return make_data(root, claims)


def whole_csv_digest(params: ReportParams) -> str:
    """The selection digest as it was computed before: the whole selection as one CSV."""
    p, data_dir = params, Path(params.data_dir)
    h = hashlib.sha256()
    keys = store.read_keys(data_dir, p.start, p.end, p.claimants, p.claim_types, p.topics)
    selected = store.read_selected_arrow(data_dir, p.start, p.end, p.claimants, p.claim_types,
                                         p.topics)
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
    if others:
        other = store.read_claims_by_id(data_dir, pd.Series(others))
        h.update(other.sort_values("claim_id").to_csv(index=False).encode("utf-8"))
    mentions, documents = store.read_mentions_documents(data_dir)
    mentions = mentions[mentions["claim_id"].astype(str).isin(ids | set(others))]
    h.update(mentions.sort_values(["claim_id", "doc_id", "start"]).to_csv(index=False)
             .encode("utf-8"))
    cited = documents[documents["doc_id"].isin(set(mentions["doc_id"]))].sort_values("doc_id")
    h.update(cited.to_csv(index=False).encode("utf-8"))
    for path in cited["path"]:
        f = data_dir / str(path)
        h.update(hashlib.sha256(f.read_bytes()).digest() if f.is_file() else b"-")
    return h.hexdigest()[:digest.DIGEST_CHARS]


@pytest.fixture
def slices(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows of each table the digest writes to pyarrow's CSV writer, with SLICE = 7."""
    sizes: list[int] = []

    class Spy(pacsv.CSVWriter):
        def write_table(self, table: pa.Table, *args: object, **kwargs: object) -> None:
            sizes.append(table.num_rows)
            super().write_table(table, *args, **kwargs)

    monkeypatch.setattr(csv_write, "SLICE", 7)
    monkeypatch.setattr(pacsv, "CSVWriter", Spy)
    return sizes


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_digest_in_slices_equals_the_whole_csv_digest(tmp_path: Path, slices: list[int],
                                                      fmt: str, seed: int) -> None:
    data = random_folder(tmp_path, seed)
    if fmt == "parquet":
        done = run_cli("convert", "--data", str(data), "--to", "parquet")
        assert done.exit_code == 0, done.output
        assert store.uses_parquet(data)
    seen = set()
    for selection in SELECTIONS:
        params = ReportParams(data_dir=str(data), **selection)
        slices.clear()
        found = digest.selection_digest(params)
        n = store.read_keys(data, params.start, params.end, params.claimants,
                            params.claim_types, params.topics).num_rows
        assert found == whole_csv_digest(params), selection
        assert sum(slices) == n and len(slices) == math.ceil(n / 7), "hashed in slices"
        assert max(slices, default=0) <= 7
        seen.add(found)
    assert len(seen) == len(SELECTIONS), "each selection has a digest of its own"


def test_digest_of_the_shipped_data_is_unchanged() -> None:
    """Reports of the shipped data recorded this digest: they stay current after an upgrade."""
    shipped = ROOT / "data"
    for selection in SELECTIONS[:2]:
        params = ReportParams(data_dir=str(shipped), **selection)
        assert digest.selection_digest(params) == whole_csv_digest(params)
