"""The review CSV between extraction and the claim tables: write it, read it back, accept it.

`claimbook extract` (`extract_review`) writes one row per candidate mention; the analyst edits
it in a spreadsheet (sets `keep`, fixes a claimant, a type, a date) and `claimbook accept`
appends the kept rows as claims and mentions. Accepting is all or nothing: the would-be tables
are checked with the same rules as `store.load` (pandera column checks from `schema`, quotes
against the registered source at their offsets, dangling ids), problems are reported against
the review file's rows, and the tables are written only when there is none — atomically, the
previous versions kept as `.bak`.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from claimbook import store
from claimbook.claims import schema
from claimbook.errors import ConfigError, DataError, Problem
from claimbook.sources import responses
from claimbook.sources.candidates import Candidate
from claimbook.sources.fulltext import has_pages, page_of
from claimbook.sources.matching import ClaimIndex
from claimbook.sources.review_claimants import PROPOSED, proposal, settle
from claimbook.store import csv_write, locks
from claimbook.store.write import (
    appended_text,
    backup_path,
    change,
    start_tables,
    text_writer,
    write_file,
    writing,
)

log = logging.getLogger("claimbook")

CLAIM_FIELDS = ("claim", "claimant", "claimant_type", "claimant_country", "claim_type", "date",
                "topic", "responds_to", "notes")
# claim_id: the existing claim a candidate restates (proposed by extract, or typed by hand): its
# rows become new mentions of that claim, not a new claim; empty for a new claim.
REVIEW_COLUMNS = ("candidate_id", "claim_id", "mention", "keep", "confidence", *CLAIM_FIELDS,
                  "date_source", "doc_id", "start", "end", "quote", "evidence", "proposed_alias",
                  PROPOSED)
REQUIRED = ("candidate_id", "keep", "claim", "claimant", "claimant_type", "claim_type", "date",
            "doc_id", "start", "end", "quote")
YES = {"yes", "y", "true", "1", "x", "keep"}
NO = {"no", "n", "false", "0", "", "drop"}
_CLAIM_ID = re.compile(r"^C(\d+)$")


def review_rows(candidates: list[Candidate], doc_id: str,
                existing: ClaimIndex | None = None) -> list[dict[str, str]]:
    """One row per candidate mention; claim fields are repeated on every row of a candidate.
    With `existing`, a candidate that restates a claim in the table gets its claim_id. A denial
    gets the claim it answers proposed in `responds_to` (another candidate's id, or a claim's
    in the table; the reason in `evidence`) for the analyst to keep or clear."""
    rows = []
    answers = responses.propose(candidates, existing)
    for c in candidates:
        # a date the story's publication gave (not the text) does not rule out a restatement
        soft = c.date_source in ("published", "dateline", "quotation")
        match = existing.best(c.claim, c.claimant.name, "" if soft else c.date) if existing else None
        for i, m in enumerate(c.mentions, start=1):
            evidence = m.evidence()
            if match:
                evidence = "; ".join(x for x in (evidence, f"restates {match.claim_id} "
                                                 f"(similarity {match.score:.2f})") if x)
            answer = answers.get(c.candidate_id)
            if answer is not None:
                evidence = "; ".join(x for x in (evidence, answer.reason) if x)
            if c.doubt:
                evidence = "; ".join(x for x in (evidence, c.doubt) if x)
            rows.append({
                "candidate_id": c.candidate_id, "claim_id": match.claim_id if match else "",
                "mention": str(i),
                "keep": "yes" if c.kept else "no",
                "confidence": f"{c.confidence:.2f}", "claim": c.claim,
                "claimant": c.claimant.name, "claimant_type": c.claimant.claimant_type,
                "claimant_country": c.claimant.country, "claim_type": c.claim_type,
                "date": c.date, "date_source": c.date_source, "topic": "",
                "responds_to": answer.target if answer is not None else "",
                "notes": "", "doc_id": doc_id,
                "start": str(m.start), "end": str(m.end), "quote": m.quote,
                "evidence": evidence,
                PROPOSED: proposal(c.claimant.name, c.claimant.claimant_type, c.claimant.country),
                # an alias the document itself states ("…, known as HUR"): for the analyst to
                # add to data/aliases.csv; extraction never writes the alias table
                "proposed_alias": c.proposed_alias,
            })
    return rows


def review_csv(rows: list[dict[str, str]]) -> str:
    """The review file's text. It is opened in a spreadsheet and holds source text nobody
    controls: a cell that would run as a formula gets an apostrophe, which accept removes."""
    buf = io.StringIO()
    w = csv_write.DictWriter(buf, fieldnames=list(REVIEW_COLUMNS))  # a "\r" in a cell is quoted
    w.writeheader()
    w.writerows({k: csv_write.neutralize_reversibly(str(v)) for k, v in r.items()} for r in rows)
    return buf.getvalue()


def write_review(path: Path, rows: list[dict[str, str]], *, force: bool = False) -> None:
    """Write the review file (UTF-8 with a byte-order mark, so spreadsheets read it as UTF-8)."""
    if path.exists() and not force:
        raise DataError([Problem(str(path), None, None,
                                 "exists already (it may hold your edits); choose another --out "
                                 "or pass --force to overwrite it")])
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\ufeff" + review_csv(rows)
    write_file(path, text_writer(text))


@dataclass
class Accepted:
    claims: list[dict[str, str]]
    mentions: list[dict[str, str]]
    restated: list[str] = field(default_factory=list)  # existing claims given new mentions
    warnings: list[str] = field(default_factory=list)  # claimants respelled, stale countries

    @property
    def new_mentions_of_existing(self) -> int:
        return sum(m["claim_id"] in set(self.restated) for m in self.mentions)


def _read_review(path: Path) -> tuple[list[dict[str, str]], list[Problem]]:
    file = str(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            header = list(reader.fieldnames or [])
            rows = [{k: csv_write.restore_cell((v or "").strip() if k != "quote" else (v or ""))
                     for k, v in r.items() if k is not None} for r in reader]
    except FileNotFoundError:
        return [], [Problem(file, None, None, "file not found")]
    except UnicodeDecodeError as e:
        return [], [Problem(file, None, None, f"not UTF-8 text (byte {e.start}): save it as UTF-8")]
    missing = [c for c in REQUIRED if c not in header]
    return rows, [Problem(file, 1, c, "required column is missing") for c in missing]


def next_claim_number(data_dir: Path) -> int:
    """One past the highest C-number ever written here (the tables and their backups), so an
    id is never reused even after a claim was deleted and the table saved once since."""
    highest = 0
    for t in (schema.CLAIMS, schema.MENTIONS):
        for path in (data_dir / t.filename, backup_path(data_dir / t.filename)):
            if path.is_file():
                with open(path, encoding="utf-8-sig", newline="") as f:
                    for r in csv.DictReader(f):
                        if m := _CLAIM_ID.match((r.get("claim_id") or "").strip()):
                            highest = max(highest, int(m.group(1)))
    return highest + 1


def build(rows: list[dict[str, str]], file: str, first_number: int
          ) -> tuple[Accepted, list[Problem], dict]:
    """Kept review rows -> new claim and mention rows, with problems of the review itself.

    A candidate whose rows name a `claim_id` adds mentions to that existing claim (whether it
    exists is checked against the table by `accept`); the others become new claims."""
    problems: list[Problem] = []
    claims: list[dict[str, str]] = []
    mentions: list[dict[str, str]] = []
    by_candidate: dict[str, tuple[int, dict[str, str]]] = {}
    ids: dict[str, str] = {}
    restates: dict[str, tuple[int, str]] = {}  # candidate -> (row, existing claim_id)
    origin: dict[str, list[int]] = {"claims": [], "mentions": [], "restated": []}
    number = first_number
    kept: list[tuple[int, dict[str, str]]] = []
    for i, r in enumerate(rows):
        row = i + 2
        keep = r.get("keep", "").lower()
        if keep not in YES | NO:
            problems.append(Problem(file, row, "keep", f"{r.get('keep')!r} is neither yes nor no"))
            continue
        if keep in NO:
            continue
        cid = r.get("candidate_id", "")
        if not cid:
            problems.append(Problem(file, row, "candidate_id", "is empty but is required"))
            continue
        kept.append((row, r))
        if existing := r.get("claim_id", ""):
            if cid in restates and restates[cid][1] != existing:
                problems.append(Problem(file, row, "claim_id", f"{existing!r} differs from row "
                                        f"{restates[cid][0]} of the same candidate {cid} "
                                        f"({restates[cid][1]!r}); make them equal"))
            restates.setdefault(cid, (row, existing))
    for row, r in kept:
        cid = r["candidate_id"]
        if cid in restates:
            ids[cid] = restates[cid][1]
            origin["restated"].append(row)
        elif cid not in by_candidate:
            by_candidate[cid] = (row, r)
            ids[cid] = f"C{number:03d}"
            number += 1
            claims.append({"claim_id": ids[cid], **{f: r.get(f, "") for f in CLAIM_FIELDS}})
            origin["claims"].append(row)
        else:
            first_row, first = by_candidate[cid]
            for f in CLAIM_FIELDS:
                if r.get(f, "") and r.get(f, "") != first.get(f, ""):
                    problems.append(Problem(
                        file, row, f, f"{r[f]!r} differs from row {first_row} of the same "
                        f"candidate {cid} ({first.get(f, '')!r}); make them equal or leave this "
                        "cell empty"))
        mentions.append({"claim_id": ids[cid], "doc_id": r.get("doc_id", ""),
                         "start": r.get("start", ""), "end": r.get("end", ""),
                         "quote": " ".join(r.get("quote", "").split())})
        origin["mentions"].append(row)
        if not r.get("doc_id"):
            problems.append(Problem(file, row, "doc_id", "is empty: register the source with "
                                    "`claimbook add-source` and extract it by its doc_id"))
    # responds_to may name another candidate of this review: it becomes that claim's id
    # (a dangling id is left for the table check, which names it).
    for c in claims:
        target = c.get("responds_to", "")
        if target in ids:
            c["responds_to"] = ids[target]
    restated = sorted({m["claim_id"] for m, row in zip(mentions, origin["mentions"], strict=True)
                       if row in set(origin["restated"])})
    return Accepted(claims, mentions, restated), problems, origin


def answered_before(claims: list[dict[str, str]], rows: list[dict[str, str]],
                    spans: dict[tuple[str, int, int], str]) -> None:
    """A kept claim's `responds_to` naming a candidate this review does not keep becomes the
    claim an earlier accept made of that candidate: the one claim its quotes are recorded for
    in mentions.csv (`spans`: doc_id, start, end -> claim_id). Otherwise it stays as it is,
    and the table check names it."""
    for c in claims:
        target = c.get("responds_to", "")
        quoted = {spans.get((r.get("doc_id", ""), int(r["start"]), int(r["end"])))
                  for r in rows if target and r.get("candidate_id") == target
                  and r.get("start", "").isdigit() and r.get("end", "").isdigit()}
        if len(quoted) == 1 and None not in quoted:
            c["responds_to"] = quoted.pop()


def _unknown_claim_ids(accepted: Accepted, origin: dict, known: set[str], file: str
                       ) -> list[Problem]:
    """A typed or proposed claim_id that is not in the claims table, named at its row."""
    restated = set(origin["restated"])
    return [Problem(file, row, "claim_id", f"{m['claim_id']!r} is not a claim_id in the claims "
                    "table: type an existing claim's id, or clear it to add a new claim")
            for m, row in zip(accepted.mentions, origin["mentions"], strict=True)
            if row in restated and m["claim_id"] not in known]


def _add_pages(mentions: list[dict[str, str]], texts: dict[str, str]) -> bool:
    """Set each mention's page where its source has pages (a PDF); whether any has one."""
    paged = False
    for m in mentions:
        text = texts.get(m["doc_id"])
        if text is not None and has_pages(text) and m["start"].isdigit():
            m["page"] = str(page_of(text, int(m["start"])))
            paged = True
    return paged


def _map(problems: list[Problem], table_file: str, new_rows: dict[int, int],
         review_file: str) -> list[Problem]:
    """Problems found in the would-be table, pointed at the review row that made the bad row
    (`new_rows`: spreadsheet row in the table -> row of the review file)."""
    out = []
    for p in problems:
        if p.file == table_file and p.row in new_rows:
            column = "candidate_id" if p.column == "claim_id" else p.column
            out.append(Problem(review_file, new_rows[p.row], column, p.message))
        else:
            out.append(p)
    return out


def _new_rows(df: pd.DataFrame, origin: list[int]) -> dict[int, int]:
    """Spreadsheet rows of the appended rows (the last ones; blank lines count as rows)."""
    rows = [store.spreadsheet_row(i) for i in df.index]
    return dict(zip(rows[len(rows) - len(origin):], origin, strict=True)) if origin else {}


def accept(review: str | Path, data_dir: str | Path = "data",
           wait: float = locks.WRITE_WAIT) -> Accepted:
    """Validate the kept rows of a review file and append them to the tables, all or nothing.

    The data folder's write lock is held (waiting up to `wait` seconds) from before the tables
    are read until they are written, so concurrent accepts get distinct ids; should any step of
    the write fail, the tables and their backups are exactly as they were."""
    review, data_dir = Path(review), Path(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)  # a new data folder: its tables are started
    with locks.data_lock(data_dir, wait):
        start_tables(data_dir)
        return _accept_locked(review, data_dir)


def _accept_locked(review: Path, data_dir: Path) -> Accepted:
    file = str(review)
    if any(store.table_file(data_dir, t).is_parquet for t in (schema.CLAIMS, schema.MENTIONS)):
        raise ConfigError(f"{data_dir} keeps its claim tables as Parquet; accept appends to CSV "
                          "tables: run `claimbook convert --to csv` first (and --to parquet after)")
    rows, problems = _read_review(review)
    if problems:
        raise DataError(problems)
    current = store.load(data_dir)  # the tables must be valid before anything is added
    accepted, problems, origin = build(rows, file, next_claim_number(data_dir))
    accepted.warnings = settle(accepted.claims, rows, origin["claims"], current.claims,
                               store.table_spellings(store.table_file(data_dir, schema.CLAIMS)),
                               file)
    problems += _unknown_claim_ids(accepted, origin, set(current.claims["claim_id"].astype(str)),
                                   file)
    paged = _add_pages(accepted.mentions, current.texts)
    if not accepted.mentions and not problems:
        raise DataError([Problem(file, None, "keep", "no row is kept (keep = yes): nothing to "
                                 "accept")])
    claims_path = data_dir / schema.CLAIMS.filename
    mentions_path = data_dir / schema.MENTIONS.filename
    existing_spans = {(m.doc_id, int(m.start), int(m.end)): m.claim_id
                      for m in current.mentions.itertuples()}
    answered_before(accepted.claims, rows, existing_spans)
    for m, row in zip(accepted.mentions, origin["mentions"], strict=True):
        if m["start"].isdigit() and m["end"].isdigit():
            key = (m["doc_id"], int(m["start"]), int(m["end"]))
            if key in existing_spans:
                problems.append(Problem(file, row, "start", f"this mention is already recorded "
                                        f"for {existing_spans[key]} in mentions.csv"))
    texts = {claims_path: appended_text(claims_path, accepted.claims),
             mentions_path: appended_text(mentions_path, accepted.mentions, widen=paged)}
    problems += _check(texts, data_dir, origin, file)
    if problems:
        raise DataError(problems)
    with writing(data_dir), change(data_dir, "accept") as ch:
        for path, text in texts.items():
            ch.write(path, text_writer(text))
        ch.commit()
        store.load(data_dir)  # cannot fail if the checks above are the store's; never broken
    log.info("accepted %d claims, %d mentions (%d of existing claims) from %s",
             len(accepted.claims), len(accepted.mentions), accepted.new_mentions_of_existing,
             file)
    return accepted


def _check(texts: dict[Path, str], data_dir: Path, origin: dict, file: str) -> list[Problem]:
    """The store's own rules on the would-be tables, without writing them."""
    claims_path, mentions_path = list(texts)
    frames: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for path, table in ((claims_path, schema.CLAIMS), (mentions_path, schema.MENTIONS)):
        df, found = _read_text(texts[path], path, table)
        frames[table.name] = df
        problems += found
    new_claims = _new_rows(frames["claims"], origin["claims"])
    new_mentions = _new_rows(frames["mentions"], origin["mentions"])
    problems = (_map([p for p in problems if Path(p.file) == claims_path], str(claims_path),
                     new_claims, file)
                + _map([p for p in problems if Path(p.file) == mentions_path], str(mentions_path),
                       new_mentions, file))
    if problems:
        return problems
    docs, _ = store.read_table(data_dir / schema.DOCUMENTS.filename, schema.DOCUMENTS)
    assert docs is not None
    found, _ = store.check_relations(
        docs, frames["claims"], frames["mentions"], data_dir,
        {"documents": data_dir / "documents.csv", "claims": claims_path, "mentions": mentions_path})
    return (_map([p for p in found if Path(p.file) == claims_path], str(claims_path), new_claims,
                 file)
            + _map([p for p in found if Path(p.file) == mentions_path], str(mentions_path),
                   new_mentions, file)
            + [p for p in found if Path(p.file) not in (claims_path, mentions_path)])


def _read_text(text: str, path: Path, table: schema.Table) -> tuple[pd.DataFrame, list[Problem]]:
    """`store.read_table` on text not yet written (nothing is written to check it)."""
    df, problems = store.check_table_text(text, str(path), table)
    assert df is not None, problems  # the table loaded, and the appended rows are written by csv
    return df, problems
