"""The rules that relate tables, as problems naming file, row and column: documents and their
files (paths inside the data folder, checksums), publishers, mentions (their claims, documents,
offsets and verbatim quotes) and claims left without provenance. They need all three tables at
once and run after each table has passed its column rules (`checks`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from claimbook.errors import Problem
from claimbook.sources.fulltext import page_of
from claimbook.store.checks import normalize_whitespace, sha256_file, spreadsheet_row
from claimbook.store.layout import OutsideDataFolder, source_file
from claimbook.store.typed import isin


def check_documents(docs: pd.DataFrame, data_dir: Path, file: str,
                     texts: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    for i, d in docs.iterrows():
        row = spreadsheet_row(i)
        try:
            path = source_file(data_dir, d["path"])
        except OutsideDataFolder as e:
            problems.append(Problem(file, row, "path", str(e)))
            continue
        if not path.is_file():
            problems.append(Problem(file, row, "path", f"source file {d['path']!r} not found"))
            continue
        actual = sha256_file(path)
        if actual != d["sha256"]:
            problems.append(Problem(
                file, row, "sha256",
                f"{d['path']} has sha256 {actual[:12]}…, the table records {d['sha256'][:12]}…: "
                "the source changed after it was registered (sources are immutable)"))
        column = "text_path" if d.get("text_path") else "path"
        if column == "text_path":  # the extracted text of a web page or PDF, pinned like the file
            try:
                path = source_file(data_dir, d["text_path"])
            except OutsideDataFolder as e:
                problems.append(Problem(file, row, column, str(e)))
                continue
            if not path.is_file():
                problems.append(Problem(file, row, column, f"extracted text {d['text_path']!r} "
                                        "not found"))
                continue
            actual = sha256_file(path)
            if actual != d.get("text_sha256", ""):
                problems.append(Problem(
                    file, row, "text_sha256",
                    f"{d['text_path']} has sha256 {actual[:12]}…, the table records "
                    f"{(d.get('text_sha256') or 'none')[:12]}…: the extracted text changed after "
                    "it was registered (sources are immutable)"))
        try:
            with open(path, encoding="utf-8", newline="") as f:
                texts[d["doc_id"]] = f.read()
        except UnicodeDecodeError as e:
            problems.append(Problem(file, row, column, f"{d[column]} is not UTF-8 text: {e}"))
    return problems


def check_publishers(docs: pd.DataFrame, publishers: pd.DataFrame, file: str,
                     publishers_file: str) -> list[Problem]:
    """With a publishers table, each document's publisher must be described in it."""
    described = set(publishers["name"])
    return [Problem(file, spreadsheet_row(i), "publisher",
                    f"{p!r} is not described in {publishers_file} (add a row: name, kind, "
                    "reliability; or leave kind and reliability empty)")
            for i, p in zip(docs.index, docs["publisher"], strict=True)
            if p and p not in described]


def text_file(document: Mapping[str, Any]) -> str:
    """The file (under data/) a document's offsets count in: its extracted text, else itself."""
    return str(document.get("text_path") or document["path"])


def check_mentions(mentions: pd.DataFrame, claim_ids: set[str] | pd.Series,
                    doc_ids: set[str], texts: dict[str, str], file: str) -> list[Problem]:
    """Ids by vectorized lookups; quotes (one per mention, of registered sources) one by one."""
    problems: list[Problem] = []
    bad_claim = ~isin(mentions["claim_id"], claim_ids)
    bad_doc = ~isin(mentions["doc_id"], doc_ids)
    for i in mentions.index[bad_claim.to_numpy()]:
        problems.append(Problem(file, spreadsheet_row(i), "claim_id",
                                f"{mentions.at[i, 'claim_id']!r} is not a claim_id in the claims "
                                "table"))
    for i in mentions.index[bad_doc.to_numpy()]:
        problems.append(Problem(file, spreadsheet_row(i), "doc_id",
                                f"{mentions.at[i, 'doc_id']!r} is not a doc_id in the documents "
                                "table"))
    # the document's own problem is reported already when it has no text
    to_check = mentions[~bad_doc & isin(mentions["doc_id"], set(texts))]
    pages = to_check.get("page")
    for i, doc, s, e, quote in zip(to_check.index, to_check["doc_id"], to_check["start"],
                                   to_check["end"], to_check["quote"], strict=True):
        text = texts[doc]
        start, end = int(s), int(e)
        if not start < end <= len(text):
            col = "end" if start < end else "start"
            problems.append(Problem(file, spreadsheet_row(i), col,
                                    f"offsets {start}..{end} are not inside {doc} "
                                    f"({len(text)} characters)"))
            continue
        found = normalize_whitespace(text[start:end])
        if found != quote:
            problems.append(Problem(file, spreadsheet_row(i), "quote",
                                    f"does not match {doc} at {start}..{end}, "
                                    f"which reads {found[:80]!r}"))
            continue
        if pages is not None and (page := pages.at[i]) and int(page) != page_of(text, start):
            problems.append(Problem(file, spreadsheet_row(i), "page",
                                    f"the quote at {start} is on page {page_of(text, start)} of "
                                    f"{doc}, not {page}"))
    return sorted(problems, key=lambda p: p.row or 0)


def check_claims(claims: pd.DataFrame, mentioned: set[str] | pd.Series, file: str,
                  mentions_file: str) -> list[Problem]:
    """responds_to must name another claim; every claim needs a mention or a URL (vectorized)."""
    problems: list[Problem] = []
    ids = claims["claim_id"]
    if "responds_to" in claims:
        target = claims["responds_to"]
        answering = target != ""
        dangling = answering & ~isin(target, ids)
        itself = answering & ~dangling & (target == ids)
        for i in claims.index[dangling.to_numpy()]:
            problems.append(Problem(file, spreadsheet_row(i), "responds_to",
                                    f"{target.at[i]!r} is not a claim_id in this table"))
        for i in claims.index[itself.to_numpy()]:
            problems.append(Problem(file, spreadsheet_row(i), "responds_to",
                                    "a claim cannot answer itself"))
    has_url = claims["url"] != "" if "url" in claims else pd.Series(False, index=claims.index)
    orphan = ~isin(ids, mentioned) & ~has_url
    for i in claims.index[orphan.to_numpy()]:
        problems.append(Problem(file, spreadsheet_row(i), "claim_id",
                                f"claim {ids.at[i]} has no mention in {mentions_file} and no url "
                                "(a claim's provenance is a quote in a registered source or the "
                                "address where it appeared)"))
    return sorted(problems, key=lambda p: (p.row or 0, p.column != "responds_to"))


def check_relations(docs: pd.DataFrame, claims: pd.DataFrame, mentions: pd.DataFrame,
                    data_dir: Path, paths: dict[str, Path]) -> tuple[list[Problem], dict[str, str]]:
    """The rules between tables (ids, quotes against sources, checksums) on text tables that
    each passed their own checks; `paths` names the file each table's problems are reported in.
    Returns the problems and the source texts by doc_id."""
    texts: dict[str, str] = {}
    problems = check_documents(docs, data_dir, str(paths["documents"]), texts)
    problems += check_mentions(mentions, claims["claim_id"], set(docs["doc_id"]), texts,
                                str(paths["mentions"]))
    problems += check_claims(claims, mentions["claim_id"], str(paths["claims"]),
                              str(paths["mentions"]))
    return problems, texts
