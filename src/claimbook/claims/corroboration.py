"""Who carries what: the publishers and documents of each claim, from its mentions.

A claim is carried by a publisher when a document of that publisher mentions it. The report's
Sources section counts, per publisher, the claims it carries (a claim carried by three
publishers counts once for each), and for each claim how many independent publishers carry
it (distinct publishers: two articles of one wire are one) and where it was first seen (the
earliest published document that mentions it). `selection.csv` and `export` list each claim's
documents and publishers.
"""

from __future__ import annotations

import pandas as pd

from claimbook.claims.date_columns import parse_partial_dates
from claimbook.store import isin  # by pyarrow: pandas' isin walks a million ids in Python

CARRIAGE_COLUMNS = ("claim_id", "doc_id", "publisher", "published", "start")
SEPARATOR = "; "  # between the doc_ids or publishers of one claim in a CSV cell
UNKNOWN_PUBLISHER = "publisher unknown"


def carriage(mentions: pd.DataFrame, documents: pd.DataFrame,
             claim_ids: pd.Series | None = None) -> pd.DataFrame:
    """One row per mention (of `claim_ids`, when given) with its document's publisher and
    published date (the date's first day, for ordering; NaT when unknown)."""
    m = mentions if claim_ids is None or mentions.empty else mentions[
        isin(mentions["claim_id"].astype(str), claim_ids)]
    docs = documents[["doc_id", "publisher", "published"]].copy()
    docs["publisher"] = docs["publisher"].astype("string").fillna("").replace("", UNKNOWN_PUBLISHER)
    docs["published"] = docs["published"].astype("string").fillna("")
    joined = m[["claim_id", "doc_id", "start"]].merge(docs, on="doc_id", how="left")
    joined["publisher"] = joined["publisher"].fillna(UNKNOWN_PUBLISHER)
    joined["published"] = joined["published"].fillna("")
    return joined[list(CARRIAGE_COLUMNS)].astype({"claim_id": str, "doc_id": str})


def _first_day(published: pd.Series) -> pd.Series:
    """The first day of a reduced-precision date ('2025-07' -> 2025-07-01; '2025-Q3' -> July)."""
    if published.empty:
        return pd.Series([], dtype="datetime64[s]")
    parsed = parse_partial_dates(published.astype(str))
    return pd.to_datetime(parsed["start"], errors="coerce")


def by_publisher(carried: pd.DataFrame, claim_types: pd.Series,
                 dated: pd.Series | None = None) -> pd.DataFrame:
    """A tally (publisher, claim_type, dated, claims) of distinct claims per publisher and type;
    `claim_types`: claim_id -> claim_type of the claims counted; `dated`: claim_id -> whether
    the claim has a date (the charts hatch the undated part; None: all dated)."""
    pairs = carried[["claim_id", "publisher"]].drop_duplicates()
    pairs = pairs.assign(claim_type=pairs["claim_id"].map(claim_types)).dropna(
        subset=["claim_type"])
    is_dated = (pairs["claim_id"].map(dated).fillna(True).astype(bool) if dated is not None
                else pd.Series(True, index=pairs.index))
    pairs = pairs.assign(dated=is_dated.to_numpy())
    counted = pairs.groupby(["publisher", "claim_type", "dated"], as_index=False).size()
    return counted.rename(columns={"size": "claims"})


def per_claim(carried: pd.DataFrame, reliability: dict[str, str] | None = None,
              limit: int | None = None) -> tuple[pd.DataFrame, int]:
    """Per claim, the most widely carried first (at most `limit`; and how many there are):
    its publishers' count, the first seen document (earliest published; an undated document is
    never "first") with its publisher and date, and `graded`, each publisher (in order first
    seen) with its reliability grade. Vectorized: a report of a million claims sorts once."""
    reliability = reliability or {}
    columns = ["claim_id", "n_publishers", "first_doc", "first_publisher", "first_published",
               "graded"]
    if carried.empty:
        return pd.DataFrame(columns=columns), 0
    c = carried.assign(day=_first_day(carried["published"]).to_numpy())
    c = c.sort_values(["claim_id", "day", "doc_id", "start"], na_position="last", kind="stable")
    counts = c.drop_duplicates(["claim_id", "publisher"]).groupby("claim_id", sort=False).size()
    first = c.drop_duplicates("claim_id").set_index("claim_id")
    dated = first["day"].notna()
    out = pd.DataFrame({
        "claim_id": counts.index, "n_publishers": counts.to_numpy(),
        "first_doc": first["doc_id"].where(dated, "").reindex(counts.index).to_numpy(),
        "first_publisher": first["publisher"].where(dated, "").reindex(counts.index).to_numpy(),
        "first_published": first["published"].where(dated, "").reindex(counts.index).to_numpy(),
    }).sort_values(["n_publishers", "claim_id"], ascending=[False, True], kind="stable",
                   ignore_index=True)
    total = len(out)
    if limit is not None:
        out = out.iloc[:limit]
    shown = c[c["claim_id"].isin(set(out["claim_id"]))].drop_duplicates(["claim_id", "publisher"])
    pubs = shown.groupby("claim_id", sort=False)["publisher"].agg(list)
    out = out.assign(graded=[[(p, reliability.get(p, "")) for p in pubs[cid]]
                             for cid in out["claim_id"]])
    return out[columns], total


def lists(carried: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """claim_id -> its doc_ids, and claim_id -> its publishers, each joined by SEPARATOR (in
    table order, each once): the columns `selection.csv` and `export` add."""
    docs: dict[str, list[str]] = {}
    pubs: dict[str, list[str]] = {}
    for cid, doc, pub in zip(carried["claim_id"], carried["doc_id"], carried["publisher"],
                             strict=True):
        if doc not in docs.setdefault(cid, []):
            docs[cid].append(doc)
        if pub != UNKNOWN_PUBLISHER and pub not in pubs.setdefault(cid, []):
            pubs[cid].append(pub)
    return ({k: SEPARATOR.join(v) for k, v in docs.items()},
            {k: SEPARATOR.join(v) for k, v in pubs.items()})
