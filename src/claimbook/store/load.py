"""`load`: a data folder's three tables, validated in full and typed, as one `ClaimData`.

For the commands that need every row (validate, import, accept, convert); reports and
selections read only what they need (`select`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from claimbook.claims import schema
from claimbook.errors import DataError
from claimbook.store.layout import table_paths
from claimbook.store.relations import check_relations
from claimbook.store.typed import (
    claimant_spellings,
    shown_claimants,
    typed_claims,
    typed_documents,
    typed_mentions,
)
from claimbook.store.validation import data_fingerprint, read_raw

log = logging.getLogger("claimbook")


@dataclass
class ClaimData:
    """The three validated, typed tables of one data folder.

    `complete` is False when `claims` holds only the rows one selection needs (read by
    `load_selection`): enough for that report, not for anything else.
    """

    data_dir: Path
    claims: pd.DataFrame
    mentions: pd.DataFrame
    documents: pd.DataFrame
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    complete: bool = True
    _fingerprint: str | None = field(default=None, repr=False)

    @property
    def fingerprint(self) -> str:
        """Changes when any table changes: what a report's provenance records."""
        if self._fingerprint is None:
            self._fingerprint = data_fingerprint(self.data_dir)
        return self._fingerprint

    @property
    def table_files(self) -> list[str]:
        paths = table_paths(self.data_dir)
        return [paths[t.name].name for t in schema.TABLES]

    def summary(self) -> dict[str, int]:
        dated = int(self.claims["date_start"].notna().sum())
        return {
            "claims": len(self.claims),
            "mentions": len(self.mentions),
            "claimants": len(claimant_spellings(self.claims["claimant"]).shown),
            "documents": len(self.documents),
            "dated": dated,
            "undated": len(self.claims) - dated,
        }


def load(data_dir: str | Path = "data", *, derived: bool = True) -> ClaimData:
    """Load and validate a data folder; raise DataError with every problem found. Each
    claimant is spelled as the data shows it (`names.Spellings`: one spelling per claimant)."""
    data_dir = Path(data_dir)
    raw, paths = read_raw(data_dir, derived=derived)
    docs, claims, mentions = raw["documents"], raw["claims"], raw["mentions"]
    problems, texts = check_relations(docs, claims, mentions, data_dir, paths)
    if problems:
        raise DataError(problems)
    log.debug("loaded %d claims from %s", len(claims), data_dir)
    typed = typed_claims(claims)
    typed = shown_claimants(typed, claimant_spellings(typed["claimant"]))
    return ClaimData(data_dir, typed, typed_mentions(mentions), typed_documents(docs), texts)
