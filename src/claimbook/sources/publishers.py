"""Publishers: who published the source documents, with the documents of each and its grade.

`listing` is what `claimbook publishers` prints; `grade` sets publishers' source-reliability
grades (Admiralty scale A-F) in publishers.csv with the checks validation applies to that table,
all or nothing under the data folder's write lock; `ungraded` is what `validate` warns about.
A publisher named by documents but missing from publishers.csv is listed (and graded) too.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from claimbook import store
from claimbook.claims import schema
from claimbook.errors import ConfigError, DataError
from claimbook.store import csv_write, locks
from claimbook.store.write import change, text_writer, writing

GRADE_OPTION = "--grade"


@dataclass(frozen=True)
class Publisher:
    """One publisher as `claimbook publishers` lists it."""

    name: str
    kind: str
    country: str
    reliability: str  # "" when not graded
    documents: tuple[str, ...]  # doc_ids of the documents it published
    described: bool  # a row in publishers.csv (else only named by documents.csv)


def _documents(data_dir: Path) -> pd.DataFrame:
    """The documents table as text (only it: `validate` lists ungraded publishers after
    checking a million claims, and reading every table again took it past 1 GiB)."""
    docs, problems = store.read_table(store.table_path(data_dir, schema.DOCUMENTS),
                                      schema.DOCUMENTS, derived=False)
    if docs is None or problems:
        raise DataError(problems)
    return docs


def _table(data_dir: Path) -> pd.DataFrame | None:
    publishers, problems = store.read_publishers(data_dir)
    if problems:
        raise DataError(problems)
    return publishers


def listing(data_dir: str | Path) -> list[Publisher]:
    """Every publisher of the data folder, described or only named by a document, by name."""
    data_dir = Path(data_dir)
    docs = _documents(data_dir)
    table = _table(data_dir)
    by_name: dict[str, list[str]] = {}
    for doc_id, name in zip(docs["doc_id"], docs["publisher"], strict=True):
        if name:
            by_name.setdefault(str(name), []).append(str(doc_id))
    rows = {}
    if table is not None:
        for r in table.to_dict("records"):
            rows[r["name"]] = Publisher(r["name"], r.get("kind") or "", r.get("country") or "",
                                        r.get("reliability") or "",
                                        tuple(by_name.get(r["name"], ())), True)
    for name, ids in by_name.items():
        if name not in rows:
            rows[name] = Publisher(name, "", "", "", tuple(ids), False)
    return sorted(rows.values(), key=lambda p: p.name.casefold())


def ungraded(data_dir: str | Path) -> list[Publisher]:
    """The publishers of documents that have no reliability grade yet."""
    return [p for p in listing(data_dir) if p.documents and not p.reliability]


def grade_command(names: list[str], data_dir: str | Path) -> str:
    """The command that grades `names` (B is an example grade), ready to paste."""
    grades = " ".join(f"{GRADE_OPTION} {shlex.quote(n + '=B')}" for n in names[:3])
    return f"claimbook publishers --data {shlex.quote(str(data_dir))} {grades}"


def parse_grade(text: str) -> tuple[str, str]:
    """'Reuters=B' -> ('Reuters', 'B'): the last '=' splits (a name may hold one)."""
    name, sep, grade = text.rpartition("=")
    name, grade = name.strip(), grade.strip().upper()
    if not sep or not name:
        raise ConfigError(f"{GRADE_OPTION}: {text!r} is not NAME=GRADE (e.g. \"Reuters=B\")")
    if grade not in schema.RELIABILITY:
        scale = "; ".join(f"{k} {v}" for k, v in schema.RELIABILITY.items())
        raise ConfigError(f"{GRADE_OPTION}: {grade or '(empty)'!r} for {name!r} is not a grade "
                          f"of the Admiralty scale: {scale}")
    return name, grade


def grade(data_dir: str | Path, grades: list[str], wait: float = locks.WRITE_WAIT
          ) -> list[tuple[str, str, str]]:
    """Set each `NAME=GRADE` in publishers.csv (a publisher only named by documents gets its
    row); returns (name, old grade, new grade) for each. Every name must be a publisher of the
    data (exactly, or case-insensitively one); refused, nothing written, otherwise. The table
    must pass validation's checks after the change, or nothing changes."""
    data_dir = Path(data_dir)
    wanted = [parse_grade(g) for g in grades]
    with locks.data_lock(data_dir, wait):
        known = {p.name: p for p in listing(data_dir)}
        folded: dict[str, list[str]] = {}
        for n in known:
            folded.setdefault(n.casefold(), []).append(n)
        resolved = []
        for name, g in wanted:
            if name not in known:
                matches = folded.get(name.casefold(), [])
                if len(matches) != 1:
                    raise ConfigError(f"{GRADE_OPTION}: {name!r} is not a publisher of {data_dir}"
                                      f"; publishers: {', '.join(map(repr, known)) or '(none)'}")
                name = matches[0]
            resolved.append((name, g))
        path = data_dir / schema.PUBLISHERS.filename
        table = _table(data_dir)
        if table is None:
            table = pd.DataFrame(columns=schema.PUBLISHERS.names)
        table = table.astype(object).where(table.notna(), "")
        for column in ("name", "kind", "reliability"):  # required columns, whatever the file has
            if column not in table.columns:
                table[column] = ""
        done = []
        for name, g in resolved:
            hit = table["name"] == name
            if not hit.any():
                table.loc[len(table)] = {c: (name if c == "name" else "") for c in table.columns}
                hit = table["name"] == name
            old = str(table.loc[hit, "reliability"].iloc[0])
            table.loc[hit, "reliability"] = g
            done.append((name, old, g))
        text = csv_write.to_csv_text(table.reset_index(drop=True).astype(str))
        _, problems = store.check_table_text(text, str(path), schema.PUBLISHERS)
        if problems:
            raise DataError(problems)
        with writing(data_dir), change(data_dir, "publishers --grade") as ch:
            ch.write(path, text_writer(text))
            ch.commit()
            _table(data_dir)  # reads back valid, or nothing changed
    return done
