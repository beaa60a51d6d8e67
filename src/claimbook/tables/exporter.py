"""`claimbook export`: a selection of claims handed on, as a table or as schema.org JSON-LD.

Tabular exports (CSV, JSON lines, Parquet) hold one row per selected claim: its `group` (in range,
imprecise, undated; the report's rule) and the claims table's columns as stored. CSV is for
spreadsheets, so a cell that a spreadsheet would run as a formula (one starting with `=`, `+`,
`-`, `@`, a tab or a carriage return) gets a leading apostrophe: claims are untrusted text, and
`=HYPERLINK(...)` in a claim must show as text, not act. JSON lines and Parquet are exact.

`claimreview` writes schema.org JSON-LD, one `ClaimReview` per claim whose `itemReviewed` is a
`Claim`: the claimant as `author`, the date as `datePublished` (reduced precision as recorded,
never a made-up day), the claim's `url` and the documents it is quoted in as `appearance`.
claimbook records who claimed what, not verdicts, so no `reviewRating` is written. It is
meant to be embedded in a page's `<script type="application/ld+json">`, so `<`, `>` and `&`
are written as `\u003c`, `\u003e` and `\u0026`: the same JSON, but text in a claim cannot
close the script element.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claimbook import store
from claimbook.claims import corroboration, query, schema, summary
from claimbook.claims.date_columns import parse_partial_dates
from claimbook.errors import ConfigError
from claimbook.store import parquet
from claimbook.store.csv_write import SLICE, neutralize_formulas, to_csv_text, write_arrow_csv
from claimbook.store.select import one_chunk
from claimbook.store.typed import json_strings, string_bytes
from claimbook.store.write import write_file

if TYPE_CHECKING:
    from claimbook.params import ReportParams

log = logging.getLogger("claimbook")

SELECTION_CSV = "selection.csv"  # every claim of a report, written beside it (`write_selection_csv`)
PERSON_TYPES = {"head_of_state", "individual"}
ORGANIZATION_TYPES = {"government", "military_intelligence", "media", "document", "organization"}
SCHEMA_ORG = "https://schema.org"


def selection_frame(sel: query.Selection, data: store.ClaimData | None = None) -> pd.DataFrame:
    """The selected claims as text, in report order, with the group each one is in; with
    `data`, each claim's documents and publishers last (SOURCE_COLUMNS)."""
    rows = sel.all()
    out = pd.DataFrame(index=rows.index)
    for col in ["group", *schema.CLAIMS.names]:
        values = rows[col] if col in rows else pd.Series("", index=rows.index)
        out[col] = values.astype("string").fillna("").astype(str)
    if data is not None:
        docs_of, publishers_of = corroboration.lists(corroboration.carriage(data.mentions, data.documents))
        out["doc_ids"] = out["claim_id"].map(docs_of).fillna("")
        out["publishers"] = out["claim_id"].map(publishers_of).fillna("")
    return out


SOURCE_COLUMNS = ("doc_ids", "publishers")  # each claim's documents and publishers, "; "-joined


def source_lists(data_dir: str | Path) -> tuple[dict[str, str], dict[str, str]]:
    """claim_id -> its doc_ids and claim_id -> its publishers (`corroboration.lists`)."""
    mentions, documents = store.read_mentions_documents(data_dir)
    return corroboration.lists(corroboration.carriage(mentions, documents))


def ordered_selection(data_dir: str | Path, params: ReportParams, keys: pa.Table,
                      codes: np.ndarray, columns: Sequence[str] | None = None
                      ) -> tuple[pa.Table, np.ndarray]:
    """Every claim of a selection as Arrow (its group, then the claims table's columns; one
    chunk per column) and the rows in report order: read again from the table with the
    selection that read `keys` (`store.read_keys`; `codes`: their groups,
    `summary.group_codes`), so a million-claim selection never becomes pandas rows."""
    p = params
    order = summary.report_order(keys, codes)
    wanted = [c for c in [*schema.CLAIMS.names, *SOURCE_COLUMNS]
              if columns is None or c in columns or c == "claim_id"]
    table = store.selection.rows_joined(p, None if columns is None else wanted)
    # each claimant as the report shows it (one spelling per claimant, `store.table_spellings`)
    table = store.shown_arrow(table, store.table_spellings(store.table_file(data_dir,
                                                                            schema.CLAIMS)))
    labels = np.array(query.GROUPS, dtype=object)[codes]
    # as text: another tool may have stored ids as numbers (keys are always text)
    table_ids = pc.cast(table["claim_id"], pa.string())
    if table.num_rows == keys.num_rows and pc.all(pc.equal(
            table_ids, keys["claim_id"])).as_py() is not False:
        rows = order  # the same rows as `keys` (one Parquet read, one filter): the same places
    else:  # a CSV table is read whole: find each selected row by its id
        ids = keys["claim_id"].take(pa.array(order))
        where = pc.index_in(table_ids, value_set=ids)
        valid = pc.is_valid(where).to_numpy(zero_copy_only=False)
        place = pc.fill_null(where, -1).to_numpy(zero_copy_only=False)
        rows = np.flatnonzero(valid)[np.argsort(place[valid], kind="stable")]
        labels = np.full(table.num_rows, None, dtype=object)
        labels[rows] = np.array(query.GROUPS, dtype=object)[codes[order]][place[rows]]
    del table_ids
    # one chunk per column: taking rows in report order from 30 row groups' chunks is 10x slower
    # (column by column, so the chunked and the combined copy never both exist in full; as
    # large_string past 2 GiB of text, which 32-bit offsets cannot hold in one chunk)
    columns = {"group": pa.array(labels, type=pa.string())}
    docs_of, publishers_of = source_lists(data_dir)
    ids = pc.cast(table["claim_id"], pa.string())
    sources = {name: _looked_up(ids, of)
               for name, of in (("doc_ids", docs_of), ("publishers", publishers_of))
               if name in wanted}
    del ids
    for c in (c for c in schema.CLAIMS.names if c in wanted):
        if c not in table.column_names:
            columns[c] = pa.nulls(table.num_rows, pa.string())
            continue
        columns[c] = one_chunk(table[c])  # a render's read is one chunk each already
        table = table.drop_columns([c])
    del table
    columns |= sources  # last: a tool reading the claim columns by position still finds them
    return pa.table(columns), rows


def _looked_up(ids: pa.ChunkedArray, values: dict[str, str]) -> pa.Array:
    """`values[id]` for each id, "" for an id without one (null, written as an empty cell,
    where no id has one), by pyarrow: a million ids looked up one by one in Python took
    seconds."""
    if not values:
        return pa.nulls(len(ids), pa.string())
    where = pc.index_in(ids, value_set=pa.array(list(values), type=pa.string()))
    found = pa.array(list(values.values()), type=pa.string()).take(where)
    return pc.fill_null(found, "").combine_chunks()


def write_selection_csv(data_dir: str | Path, params: ReportParams, keys: pa.Table,
                        codes: np.ndarray, sink: object) -> None:
    """Every claim of a report as CSV, in report order with its group (`ordered_selection`)."""
    table, rows = ordered_selection(data_dir, params, keys, codes)
    write_arrow_csv(table, sink, rows)


def selection_tables(data_dir: str | Path, params: ReportParams, rows: int = SLICE,
                     columns: Sequence[str] | None = None
                     ) -> tuple[dict[str, int], Iterator[pa.Table]]:
    """The selection's three counts, and its claims in report order as Arrow tables of text
    (`selection_frame`'s columns, or the group, claim_id and those of `columns`; empty for a
    missing value) of `rows` rows, for writers that stream."""
    p = params
    keys = store.selection.keys(p)
    codes = summary.group_codes(keys, p.start, p.end)
    return summary.group_counts(codes), _ordered_slices(data_dir, p, keys, codes, rows, columns)


def _ordered_slices(data_dir: str | Path, params: ReportParams, keys: pa.Table,
                    codes: np.ndarray, rows: int, columns: Sequence[str] | None
                    ) -> Iterator[pa.Table]:
    """`selection_tables`' slices. The key columns go once the rows are in order, and a slice
    is taken a column at a time: neither is held beside the whole selection while it is
    written (a million claims' Parquet export peaked at 998 MiB with them)."""
    table, order = ordered_selection(data_dir, params, keys, codes, columns)
    del keys, codes
    for first in range(0, len(order), rows):
        where = pa.array(order[first:first + rows])
        yield pa.table({c: pc.fill_null(pc.cast(table[c].take(where), pa.string()), "")
                        for c in table.column_names})


def selection_slices(data_dir: str | Path, params: ReportParams, rows: int = SLICE,
                     columns: Sequence[str] | None = None
                     ) -> tuple[dict[str, int], Iterator[pd.DataFrame]]:
    """`selection_tables` as text frames."""
    counts, tables = selection_tables(data_dir, params, rows, columns)
    return counts, (t.to_pandas().astype(str) for t in tables)


STREAM_SLICE = 8_192  # claims written at a time by the JSON writers

def json_lines(table: pa.Table) -> bytes:
    """A table of text as JSON lines, one object per row with every column, each line as
    json.dumps(row, ensure_ascii=False) writes it (Arrow: no Python object per cell)."""
    if not table.num_rows:
        return b""
    parts: list[Any] = []
    for i, name in enumerate(table.column_names):
        parts += [("{" if i == 0 else ", ") + json.dumps(name, ensure_ascii=False) + ": ",
                  json_strings(table[name].combine_chunks())]
    lines = pc.binary_join_element_wise(*parts, "}\n", "")
    return string_bytes(lines).tobytes()


def export_selection_csv(data_dir: str | Path, params: ReportParams, sink: Path | BinaryIO
                         ) -> dict[str, int]:
    """`export --format csv`: the selection's key columns decide groups and order, then every
    column is written from Arrow (the report's `selection.csv` writer), so a million claims
    export without becoming pandas rows. Returns the three counts."""
    p = params
    keys = store.selection.keys(p)
    codes = summary.group_codes(keys, p.start, p.end)
    table, rows = ordered_selection(data_dir, p, keys, codes)  # as `write_selection_csv`
    del keys  # the key columns are not held while a million rows are written

    def write(target: object) -> None:
        write_arrow_csv(table, target, rows)

    if isinstance(sink, Path):
        write_file(sink, write)
    else:
        write(sink)
    return summary.group_counts(codes)


LISTING = ["group", "claim_id", "date", "date_precision", "claimant", "claim_type", "claim"]


def write_listing_csv(data_dir: str | Path, params: ReportParams, sink: BinaryIO
                      ) -> dict[str, int]:
    """`claims --format csv`: the listing's columns, a slice at a time, formulas made inert
    (it is opened in spreadsheets). Returns the three counts."""
    counts, slices = selection_slices(data_dir, params, columns=LISTING)  # only its columns
    first = True
    for frame in slices:
        frame["date_precision"] = parse_partial_dates(frame["date"])["precision"].astype(str)
        text = to_csv_text(neutralize_formulas(frame[LISTING]))
        sink.write((text if first else text.split("\n", 1)[1]).encode("utf-8"))
        first = False
    if first:
        sink.write((",".join(LISTING) + "\n").encode("utf-8"))
    return counts


def export_streamed(data_dir: str | Path, params: ReportParams, fmt: str,
                    sink: Path | BinaryIO) -> dict[str, int]:
    """`export --format jsonl|parquet|claimreview` written a slice of claims at a time, with
    the bytes `export` writes: a million claims cost a slice of memory. Returns the counts."""
    if fmt == "parquet" and not isinstance(sink, Path):
        raise ConfigError("--format parquet writes a file: give --out FILE")
    # ClaimReview reads only the columns it writes; Parquet: a row group a slice
    counts, tables = selection_tables(data_dir, params,
                                      SLICE if fmt == "parquet" else STREAM_SLICE,
                                      CLAIMREVIEW_COLUMNS if fmt == "claimreview" else None)

    def write(f: BinaryIO) -> None:
        if fmt == "jsonl":
            for table in tables:
                f.write(json_lines(table))
            return
        works = mention_works(*store.read_mentions_documents(data_dir))
        f.write(b'{\n "@context": ' + json.dumps(SCHEMA_ORG).encode() + b',\n "@graph": [')
        first = True
        for table in tables:
            items = claimreview_items(table, works)
            f.write(items[1:] if first else items)  # `,` between items
            first = first and not items
        f.write(b"]\n}\n" if first else b"\n ]\n}\n")

    def write_parquet(tmp: Path) -> None:
        writer = None
        for table in tables:
            if writer is None:  # the schema (and pandas metadata) a frame of text has
                shape = pa.Table.from_pandas(table.slice(0, 1).to_pandas().astype(str),
                                             preserve_index=False).schema
                writer = parquet.arrow_writer(tmp, shape)
            writer.write_table(table.cast(shape))
        if writer is None:
            columns = ["group", *schema.CLAIMS.names, *SOURCE_COLUMNS]
            empty = pa.table({c: pa.array([], pa.string()) for c in columns})
            parquet.write_arrow(empty, tmp, row_group_size=None)
        else:
            writer.close()

    if fmt == "parquet":
        assert isinstance(sink, Path)
        write_file(sink, write_parquet)
    elif isinstance(sink, Path):
        def to_file(tmp: Path) -> None:
            with open(tmp, "wb") as f:
                write(f)

        write_file(sink, to_file)
    else:
        write(sink)
    return counts


def mention_works(mentions: pd.DataFrame, documents: pd.DataFrame
                  ) -> dict[str, list[dict[str, Any]]]:
    """claim_id -> the places it is quoted, as ClaimReview `appearance` items (CreativeWork)."""
    docs = documents.set_index("doc_id")
    by_claim: dict[str, list[dict[str, Any]]] = {}
    for m in mentions.itertuples(index=False):
        d = docs.loc[m.doc_id] if m.doc_id in docs.index else None
        work: dict[str, Any] = {"@type": "CreativeWork", "name": str(d["title"]) if d is not None
                                else m.doc_id, "text": m.quote}
        if d is not None and pd.notna(d["url"]) and d["url"]:
            work["url"] = str(d["url"])
        by_claim.setdefault(m.claim_id, []).append(work)
    return by_claim


def _author(claimant: str, claimant_type: str, country: str) -> dict[str, Any]:
    author: dict[str, Any] = {"name": claimant}
    if claimant_type in PERSON_TYPES:
        author = {"@type": "Person", **author}
    elif claimant_type in ORGANIZATION_TYPES:
        author = {"@type": "Organization", **author}
    if country:
        author["address"] = {"@type": "PostalAddress", "addressCountry": country}
    return author


def claimreview(frame: pd.DataFrame, mentions: pd.DataFrame, documents: pd.DataFrame
                ) -> dict[str, Any]:
    """schema.org JSON-LD: a graph of ClaimReview items, each reviewing one Claim."""
    by_claim = mention_works(mentions, documents)
    graph = []
    for c in frame.itertuples(index=False):
        appearance = ([{"@type": "CreativeWork", "url": c.url}] if c.url else [])
        appearance += by_claim.get(c.claim_id, [])
        claim: dict[str, Any] = {
            "@type": "Claim",
            "identifier": c.claim_id,
            "text": c.claim,
            "author": _author(c.claimant, c.claimant_type, c.claimant_country),
        }
        if c.date:
            claim["datePublished"] = c.date
        if appearance:
            claim["appearance"] = appearance
            claim["firstAppearance"] = appearance[0]
        if c.topic:
            claim["keywords"] = c.topic
        if c.responds_to:
            claim["isBasedOn"] = {"@type": "Claim", "identifier": c.responds_to}
        graph.append({"@type": "ClaimReview", "claimReviewed": c.claim, "itemReviewed": claim})
    return {"@context": SCHEMA_ORG, "@graph": graph}


# `<`, `>` and `&` occur in JSON only inside strings, where their \u escapes mean the same.
_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_safe_json(doc: Any) -> str:
    """JSON that stays inert inside `<script type="application/ld+json">`, where JSON-LD is
    embedded: a claim holding `</script><script>...` cannot end the element, nor `<!--` open a
    comment; parsed, it is the same JSON."""
    return json.dumps(doc, ensure_ascii=False, indent=1).translate(_SCRIPT_UNSAFE)


CLAIMREVIEW_COLUMNS = ("claim_id", "claim", "claimant", "claimant_type", "claimant_country",
                       "date", "url", "topic", "responds_to")


def claimreview_items(table: pa.Table, works: dict[str, list[dict[str, Any]]]) -> bytes:
    """The ClaimReview items of `table` (claims as text, "" when missing; `works`:
    `mention_works`), each after `,`, byte for byte as `export` writes `claimreview(...)`'s
    items (`script_safe_json`, two more spaces a line), built by Arrow a column at a time."""
    if not table.num_rows:
        return b""
    table = table.select(CLAIMREVIEW_COLUMNS).cast(
        pa.schema([(c, pa.string()) for c in CLAIMREVIEW_COLUMNS])).combine_chunks()

    def nl(depth: int) -> str:  # a line break and the indent of a line `depth` deep
        return "\n" + " " * (depth + 2)

    def text(name: str) -> Any:  # as json.dumps writes it, `<`, `>` and `&` escaped
        return _script_safe(json_strings(table[name].combine_chunks()))

    def given(name: str) -> Any:
        return pc.not_equal(table[name], "")

    def when(mask: Any, *parts: Any) -> Any:
        return pc.if_else(mask, pc.binary_join_element_wise(*parts, ""), "")

    def dumped(work: dict[str, Any], depth: int) -> str:
        return script_safe_json(work).replace("\n", nl(depth))

    ids = table["claim_id"]
    kind = table["claimant_type"]
    url = given("url")
    # the claims quoted in documents: their works as `dumped` writes them, in the list and first
    quoted = pc.is_in(ids, value_set=pa.array(list(works), pa.string()))
    mentioned, first_mentioned = (
        _looked_up(ids, {c: ",".join(nl(3) + dumped(w, 3) for w in ws) for c, ws in works.items()})
        if works else "",
        _looked_up(ids, {c: dumped(ws[0], 2) for c, ws in works.items()}) if works else "")
    person = pc.is_in(kind, value_set=pa.array(sorted(PERSON_TYPES), pa.string()))
    organization = pc.is_in(kind, value_set=pa.array(sorted(ORGANIZATION_TYPES), pa.string()))
    claim, address = text("claim"), text("url")
    items = pc.binary_join_element_wise(
        ",\n  {" + nl(1) + '"@type": "ClaimReview",' + nl(1) + '"claimReviewed": ', claim,
        "," + nl(1) + '"itemReviewed": {' + nl(2) + '"@type": "Claim",' + nl(2)
        + '"identifier": ', text("claim_id"), "," + nl(2) + '"text": ', claim,
        "," + nl(2) + '"author": {' + nl(3),
        pc.if_else(person, '"@type": "Person",' + nl(3),
                   pc.if_else(organization, '"@type": "Organization",' + nl(3), "")),
        '"name": ', text("claimant"),
        when(given("claimant_country"), "," + nl(3) + '"address": {' + nl(4)
             + '"@type": "PostalAddress",' + nl(4) + '"addressCountry": ',
             text("claimant_country"), nl(3) + "}"),
        nl(2) + "}",
        when(given("date"), "," + nl(2) + '"datePublished": ', text("date")),
        when(pc.or_(url, quoted), "," + nl(2) + '"appearance": [',
             when(url, nl(3) + "{" + nl(4) + '"@type": "CreativeWork",' + nl(4) + '"url": ',
                  address, nl(3) + "}"),
             pc.if_else(pc.and_(url, quoted), ",", ""), mentioned,
             nl(2) + "]," + nl(2) + '"firstAppearance": ',
             pc.if_else(url, pc.binary_join_element_wise(
                 "{" + nl(3) + '"@type": "CreativeWork",' + nl(3) + '"url": ', address,
                 nl(2) + "}", ""), first_mentioned)),
        when(given("topic"), "," + nl(2) + '"keywords": ', text("topic")),
        when(given("responds_to"), "," + nl(2) + '"isBasedOn": {' + nl(3) + '"@type": "Claim",'
             + nl(3) + '"identifier": ', text("responds_to"), nl(2) + "}"),
        nl(1) + "}" + nl(0) + "}", "")
    return string_bytes(items.combine_chunks() if isinstance(items, pa.ChunkedArray)
                        else items).tobytes()


def _script_safe(arr: Any) -> Any:
    """JSON text with `<`, `>` and `&` as `script_safe_json` writes them (`_SCRIPT_UNSAFE`)."""
    for char, escaped in {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}.items():
        if pc.any(pc.match_substring(arr, char)).as_py():
            arr = pc.replace_substring(arr, char, escaped)
    return arr
