"""`claimbook extract`: a source's candidate claims written as a review file.

Apart from `review` (the file's rows, reading it back, `accept`) so that `accept` does not load
the English pipeline that extraction needs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from claimbook import store
from claimbook.claims import aliases
from claimbook.claims.dates import DateError, parse_partial_date
from claimbook.errors import ConfigError
from claimbook.sources import extract, register
from claimbook.sources.matching import ClaimIndex
from claimbook.sources.review import review_rows, write_review

log = logging.getLogger("claimbook")


@dataclass
class ExtractResult:
    doc_id: str  # "" when the file is not registered
    out: Path
    candidates: int
    mentions: int
    kept: int


def extract_to_review(data_dir: str | Path, ref: str, out: str | Path | None = None, *,
                      publisher: str | None = None, published: str | None = None,
                      force: bool = False) -> ExtractResult:
    """`claimbook extract`: find the source, propose candidates, write the review file.

    A registered source gives its publisher (the claimant of the document's own voice) and its
    published date (the reference for "on Tuesday"); the options override them.
    """
    data_dir = Path(data_dir)
    source, text = register.find_source(data_dir, ref)
    doc_id = source.doc_id if source else ""
    publisher = publisher if publisher is not None else (source.publisher if source else "")
    published = published if published is not None else (source.published if source else "")
    try:
        published = parse_partial_date(published).text
    except DateError as e:
        raise ConfigError(f"--published: {e}") from None
    if source is None:
        log.warning("%s is not registered: the review file has no doc_id, and accept will ask "
                    "you to register it first (claimbook add-source)", ref)
    candidates = extract.extract(text, publisher, published, aliases.alias_table(data_dir))
    existing = None
    if source is not None:  # compare with the claims already in the table
        claims = store.read_claims_by_id(data_dir, store.read_keys(data_dir)["claim_id"]
                                         .to_pandas(), ("claim_id", "claim", "claimant", "date"))
        existing = ClaimIndex(claims)
    rows = review_rows(candidates, doc_id, existing)
    path = Path(out) if out else Path(f"review-{doc_id or Path(ref).stem}.csv")
    write_review(path, rows, force=force)
    return ExtractResult(doc_id, path, len(candidates), len(rows),
                         sum(r["keep"] == "yes" for r in rows))
