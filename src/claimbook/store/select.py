"""Reading only what one selection needs, from a folder `validation.ensure_valid` has passed.

A Parquet claims table is read with the selection pushed down (`selection_filter`: the date
rule's `daterule.parquet_listed` and the filters), so a month of a million-row table reads its
month and the undated claims, not every row; a CSV table is read whole and filtered in memory
(`daterule.frame_listed`). Each function decides the table's format once (`layout.table_file`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claimbook.claims import daterule, names, schema
from claimbook.claims.query import filter_claims
from claimbook.claims.summary import KEY_COLUMNS, keys_of
from claimbook.errors import DataError
from claimbook.store import parquet, reading, tablecache
from claimbook.store.csv_read import (
    NeedsWholeFile,
    csv_batches,
    parse_csv_table,
    read_csv_table,
    read_table_bytes,
)
from claimbook.store.layout import TableFile, table_file, table_files
from claimbook.store.load import ClaimData
from claimbook.store.typed import (
    claimant_spellings,
    isin,
    joined_strings,
    shown_claimants,
    typed_claims,
    typed_documents,
    typed_mentions,
)
from claimbook.store.validation import ensure_valid, read_file

if TYPE_CHECKING:
    import pyarrow

log = logging.getLogger("claimbook")


def read_claims_text(tf: TableFile, filter: pc.Expression | None = None,
                     columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A claims table that `ensure_valid` has passed, as text: read, not checked again. A
    Parquet table keeps its derived dates and is read with `filter`; a CSV table is read whole
    (`filter` must be None)."""
    if tf.is_parquet:
        if columns is not None:
            columns = [c for c in parquet.column_names(tf.path)
                       if c in columns or c in schema.DERIVED_DATE_COLUMNS]
        return parquet.read_text(tf.path, filter=filter, columns=columns)
    assert filter is None, "a CSV table is filtered in memory"
    parts = _csv_parts(tf, columns, lambda df: df)
    return parts[0] if len(parts) == 1 else pd.concat(parts)


def _csv_parts(tf: TableFile, columns: Sequence[str] | None,
               each: Callable[[pd.DataFrame], Any]) -> list[Any]:
    """`each` of a validated CSV claims table's text (the columns of `columns` it has): of each
    batch of a large one, else of the whole."""
    def kept(df: pd.DataFrame) -> Any:
        return each(df if columns is None else df[[c for c in df.columns if c in columns]])

    # the parser that validated the file: another one can split its rows differently (a line
    # of only a carriage return before a row starting with an empty cell shifts every column)
    if tf.path.stat().st_size > tablecache.MAX_BYTES:  # a batch at a time, keeping `columns`
        try:
            return [kept(b) for b in csv_batches(tf.path, tf.table)]
        except NeedsWholeFile:  # changed since it was validated: read whole, which says how
            pass
    df, problems = read_csv_table(tf.path, tf.table)
    if df is None:  # changed since it was validated
        raise DataError(problems)
    return [kept(df)]


def selection_filter(tf: TableFile, start: date | None, end: date | None,
                     claimants: Sequence[str] = (), claim_types: Sequence[str] = (),
                     topics: Sequence[str] = (), claim_ids: Sequence[str] | None = None
                     ) -> pc.Expression | None:
    """The rows of a Parquet claims table a report can need, as a pyarrow expression: the date
    rule (`daterule.parquet_listed`) and the filters; row groups are skipped by their
    statistics. A filter on an optional column the file lacks matches nothing, as on a CSV
    table, where such a column reads as empty. Claimants match by identity: every spelling
    the table holds of each (`table_spellings`)."""
    present = set(parquet.column_names(tf.path))
    if claimants:
        claimants = table_spellings(tf).variants(claimants) or list(claimants)
    conds = []
    if (dates := daterule.parquet_listed(start, end)) is not None:
        conds.append(dates)
    for column, values in (("claimant", claimants), ("claim_type", claim_types), ("topic", topics)):
        if values and column not in present:
            conds.append(pc.scalar(False))
        elif values:
            conds.append(pc.field(column).isin(list(values)))
    if claim_ids is not None:
        conds.append(pc.field("claim_id").isin(list(claim_ids)))
    if not conds:
        return None
    expr = conds[0]
    for c in conds[1:]:
        expr = expr & c
    return expr


def _filtered_frame(typed: pd.DataFrame, start: date | None, end: date | None,
                    claimants: Sequence[str], claim_types: Sequence[str],
                    topics: Sequence[str], claim_ids: Sequence[str] | None = None) -> pd.Series:
    """`selection_filter` on a typed frame (a CSV table read whole): which rows it keeps."""
    keep = typed.index.isin(filter_claims(typed, claimants, claim_types, topics,
                                          claim_ids=claim_ids).index)
    return pd.Series(keep, index=typed.index) & daterule.frame_listed(
        typed["date_start"], typed["date_end"], start, end)


def load_selection(data_dir: str | Path, start: date | None = None, end: date | None = None,
                   claimants: Sequence[str] = (), claim_types: Sequence[str] = (),
                   topics: Sequence[str] = (), *, related: bool = True,
                   claim_ids: Sequence[str] | None = None) -> ClaimData:
    """The validated folder with only the claims of this selection, typed, for `claims` and
    `export` (reports read key columns instead: `read_keys`).

    The folder is validated in full (once per version, see `ensure_valid`); then a Parquet
    claims table is read with the selection pushed down, so a month of a million-row table
    reads its month and the undated claims, not every row. With `related`, the other side
    of each contested pair (a response and the claim it answers) is read too, when either side
    is selected. A CSV table is read whole and filtered in memory.
    """
    data_dir = Path(data_dir)
    ensure_valid(data_dir)
    tf = table_file(data_dir, schema.CLAIMS)
    if tf.is_parquet:
        expr = selection_filter(tf, start, end, claimants, claim_types, topics, claim_ids)
        selected = read_claims_text(tf, expr)
        claims = selected
        if related and expr is not None:  # with no filter at all, every side is selected
            others = _other_sides(tf, selected["claim_id"])
            if others:
                claims = pd.concat([selected, parquet.read_ids(tf.path, others)],
                                   ignore_index=True)
    else:
        raw = read_claims_text(tf)
        typed = typed_claims(raw)
        keep = _filtered_frame(typed, start, end, claimants, claim_types, topics,
                               claim_ids).to_numpy(dtype=bool, copy=True)
        if related:
            pairs = typed[typed["responds_to"].notna()]
            ids = set(typed.loc[keep, "claim_id"])
            pairs = pairs[isin(pairs["claim_id"], ids) | isin(pairs["responds_to"], ids)]
            sides = set(pairs["claim_id"]) | set(pairs["responds_to"])
            keep |= isin(typed["claim_id"], sides).to_numpy()
        claims = raw[keep].reset_index(drop=True)
    mentions, docs = read_mentions_documents(data_dir)
    if len(mentions):
        mentions = mentions[isin(mentions["claim_id"], claims["claim_id"])]
    log.debug("read %d claims of %s for the selection", len(claims), data_dir)
    return ClaimData(data_dir, shown_claimants(typed_claims(claims), table_spellings(tf)),
                     mentions, docs, complete=False)


def read_claim_columns(data_dir: str | Path, columns: Sequence[str]) -> pd.DataFrame:
    """Every claim's text in these columns (of a folder `ensure_valid` passed; a Parquet table
    adds its derived dates): for checks over the whole table, without looking ids up or typing
    what they do not need (typed, a million claims' four columns took twice the memory)."""
    return read_claims_text(table_file(data_dir, schema.CLAIMS), None, columns)


def read_claims_by_id(data_dir: str | Path, ids: pd.Series, columns: Sequence[str] | None = None
                      ) -> pd.DataFrame:
    """Typed claims with these ids (of a folder `ensure_valid` passed), in no particular order;
    a Parquet table decodes only the row groups that hold them."""
    tf = table_file(data_dir, schema.CLAIMS)
    wanted = [str(i) for i in pd.unique(ids)]
    if not wanted:
        raw = pd.DataFrame({c: pd.Series([], dtype="str") for c in (columns or schema.CLAIMS.names)})
    elif tf.is_parquet:
        raw = parquet.read_ids(tf.path, wanted, columns)
    else:
        raw = read_claims_text(tf, None, columns)
        raw = raw[isin(raw["claim_id"], wanted)]
    return shown_claimants(typed_claims(raw.reset_index(drop=True)), table_spellings(tf))


def read_keys(data_dir: str | Path, start: date | None = None, end: date | None = None,
              claimants: Sequence[str] = (), claim_types: Sequence[str] = (),
              topics: Sequence[str] = (), claim_ids: Sequence[str] | None = None
              ) -> pyarrow.Table:
    """`summary.KEY_COLUMNS` of the claims a report on this selection lists, as Arrow (text and
    date32), in table order.

    The folder is validated in full once per version (`ensure_valid`). A Parquet table is read
    with the selection pushed down and only these five columns decoded: a million claims are
    about 50 MB here, not the gigabyte of a pandas frame of every column. A CSV table is read
    and filtered in memory. Read once per block of `reading.once` (one render's reads).
    """
    return reading.remembered(
        "keys", data_dir, _selection_args(start, end, claimants, claim_types, topics, claim_ids),
        lambda: _read_keys(data_dir, start, end, claimants, claim_types, topics, claim_ids),
        limit=None)


def _selection_args(start: date | None, end: date | None, claimants: Sequence[str],
                    claim_types: Sequence[str], topics: Sequence[str],
                    claim_ids: Sequence[str] | None) -> tuple:
    """A selection's arguments as a key of `reading.remembered`."""
    return (start, end, tuple(claimants), tuple(claim_types), tuple(topics),
            None if claim_ids is None else tuple(claim_ids))


def _read_keys(data_dir: str | Path, start: date | None, end: date | None,
               claimants: Sequence[str], claim_types: Sequence[str], topics: Sequence[str],
               claim_ids: Sequence[str] | None) -> pyarrow.Table:
    data_dir = Path(data_dir)
    ensure_valid(data_dir)
    tf = table_file(data_dir, schema.CLAIMS)
    if not tf.is_parquet:
        typed = typed_keys(tf)
        typed = shown_claimants(typed, table_spellings(tf))
        return keys_of(typed[_filtered_frame(typed, start, end, claimants, claim_types, topics,
                                             claim_ids)])
    expr = selection_filter(tf, start, end, claimants, claim_types, topics, claim_ids)
    tbl = parquet.read_arrow(tf.path, KEY_COLUMNS, expr)
    tbl = pa.table({c: tbl[c].cast(pa.date32() if c in schema.DERIVED_DATE_COLUMNS
                                   else pa.string()) for c in KEY_COLUMNS})
    return shown_arrow(tbl, table_spellings(tf))


def table_spellings(tf: TableFile) -> names.Spellings:
    """The claimant spellings of the whole claims table (`names.Spellings`: which one the data
    shows for each claimant), read once per version of the file (its size, time and inode)."""
    st = tf.path.stat()
    key = (str(tf.path), st.st_size, st.st_mtime_ns, st.st_ino)
    found = _spellings.get(key)
    if found is None:
        if tf.is_parquet:
            found = names.Spellings.of(parquet.value_counts(tf.path, "claimant"))
        else:
            found = claimant_spellings(typed_keys(tf)["claimant"])
        _spellings.clear()  # the spellings of one table at a time: a batch reads one folder
        _spellings[key] = found
    return found


_spellings: dict[tuple, names.Spellings] = {}


def shown_arrow(tbl: pyarrow.Table, spellings: names.Spellings) -> pyarrow.Table:
    """An Arrow table's claimant column as the data shows it (see `table_spellings`)."""
    respelled = spellings.respelled()
    if not respelled or "claimant" not in tbl.column_names or tbl.num_rows == 0:
        return tbl
    col = tbl["claimant"]
    if not pa.types.is_string(col.type):
        col = col.cast(pa.string())
    distinct = pc.unique(col)
    shown = pa.array([spellings.show(v) if v is not None else None
                      for v in distinct.to_pylist()], type=pa.string())
    return tbl.set_column(tbl.column_names.index("claimant"), "claimant",
                          pc.take(shown, pc.index_in(col, value_set=distinct)))


def typed_keys(tf: TableFile) -> pd.DataFrame:
    """The typed key columns of a CSV claims table `ensure_valid` passed, every row: typed
    once per version of the file (a report filters them three times, a batch a dozen). A table
    too large to keep is read a batch at a time, keeping only these columns: every cell of a
    million claims as Python text took 5 GB."""
    if tf.path.stat().st_size > tablecache.MAX_BYTES:
        return typed_claims(read_claims_text(tf, columns=KEY_TEXT))
    data, problems = read_table_bytes(tf.path, tf.table)
    if data is None:
        raise DataError(problems)

    def typed() -> tuple[pd.DataFrame, list]:
        df, found = parse_csv_table(data, str(tf.path), tf.table)
        if df is None:  # changed since it was validated
            raise DataError(found)
        return typed_claims(df[[c for c in df.columns if c in KEY_TEXT]]), []

    return tablecache.remembered("typed keys", str(tf.path), tf.table, data, typed)[0]


KEY_TEXT = ("claim_id", "claimant", "claim_type", "topic", "date")  # what `typed_keys` types


def read_selected_arrow(data_dir: str | Path, start: date | None = None, end: date | None = None,
                        claimants: Sequence[str] = (), claim_types: Sequence[str] = (),
                        topics: Sequence[str] = (), claim_ids: Sequence[str] | None = None,
                        columns: Sequence[str] | None = None) -> pyarrow.Table:
    """Every column (or those of `columns` the table has) of the claims a report on this
    selection lists, as stored, as Arrow (for its `selection.csv`): a Parquet table with the
    selection of `read_keys` pushed down, so the rows are those of `read_keys` in the same
    order; a CSV table whole, as text.

    Within a block of `reading.once` it is read once and kept, whatever its size, as one chunk
    per column: the render's digest and its selection.csv each took every column as one chunk
    (`one_chunk`) from a read of their own, so the two copies of a million claims they made one
    after the other are now one, made once (the chunks freed as each column is joined)."""
    def read() -> pyarrow.Table:
        return _read_selected_arrow(data_dir, start, end, claimants, claim_types, topics,
                                    claim_ids, columns)

    if not reading.active(data_dir) or columns is not None:
        return read()
    return reading.remembered(
        "selected", data_dir,
        _selection_args(start, end, claimants, claim_types, topics, claim_ids),
        lambda: one_chunk_each(read()), limit=None)


def read_selected_joined(data_dir: str | Path, start: date | None, end: date | None,
                         claimants: Sequence[str], claim_types: Sequence[str],
                         topics: Sequence[str], claim_ids: Sequence[str] | None,
                         columns: Sequence[str] | None = None) -> pyarrow.Table:
    """`read_selected_arrow` with one chunk per column. Outside a block of `reading.once`, a
    Parquet table is read a column at a time, the largest (uncompressed, from the footer) first,
    each joined as soon as it is read: a million claims never hold every column in row-group
    chunks and the largest column joined at once (an export's peak), only the columns joined
    so far and one column twice."""
    tf = table_file(data_dir, schema.CLAIMS)
    args = (data_dir, start, end, claimants, claim_types, topics, claim_ids)
    if not tf.is_parquet or reading.active(data_dir):
        return one_chunk_each(read_selected_arrow(*args, columns=columns))
    meta = parquet.open_file(tf.path).metadata
    stored = [c for c in meta.schema.to_arrow_schema().names if columns is None or c in columns]
    size = dict.fromkeys(stored, 0)
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for j in range(group.num_columns):
            name = group.column(j).path_in_schema
            if name in size:
                size[name] += group.column(j).total_uncompressed_size
    joined = {c: one_chunk(read_selected_arrow(*args, columns=[c])[c])
              for c in sorted(stored, key=lambda c: -size[c])}
    return pa.table([joined[c] for c in stored], names=stored)


TEXT_LIMIT = 2**31 - 1  # bytes of text a string column holds in one chunk (32-bit offsets)


def one_chunk(col: pyarrow.ChunkedArray) -> pyarrow.Array:
    """A column as one array: its only chunk as it is (no copy), else its chunks joined (as
    large_string past TEXT_LIMIT bytes, which 32-bit offsets cannot hold in one chunk)."""
    if col.num_chunks == 1:
        return col.chunk(0)
    if col.nbytes >= TEXT_LIMIT and pa.types.is_string(col.type):
        col = pc.cast(col, pa.large_string())
    return col.combine_chunks()


def one_chunk_each(table: pyarrow.Table) -> pyarrow.Table:
    """`table` with one chunk per column, joined column by column: the chunked and the joined
    copy never both exist in full."""
    names, columns = list(table.column_names), []
    for name in names:
        col = table[name]
        if col.num_chunks > 1 and pa.types.is_string(col.type):  # joined as one_chunk does
            large, chunks = col.nbytes >= TEXT_LIMIT, col.chunks
            del col
            table = table.drop_columns([name])  # each chunk goes once copied
            columns.append(joined_strings(chunks, large))
            continue
        columns.append(one_chunk(col))
        del col
        table = table.drop_columns([name])
    return pa.table(columns, names=names)


def _read_selected_arrow(data_dir: str | Path, start: date | None, end: date | None,
                         claimants: Sequence[str], claim_types: Sequence[str],
                         topics: Sequence[str], claim_ids: Sequence[str] | None,
                         columns: Sequence[str] | None = None) -> pyarrow.Table:
    tf = table_file(data_dir, schema.CLAIMS)
    if tf.is_parquet:
        stored = (None if columns is None else
                  [c for c in parquet.open_file(tf.path).schema_arrow.names if c in columns])
        return parquet.read_arrow(tf.path, stored, selection_filter(
            tf, start, end, claimants, claim_types, topics, claim_ids))
    return csv_claims_arrow(tf, columns)


def csv_claims_arrow(tf: TableFile, columns: Sequence[str] | None = None) -> pyarrow.Table:
    """A CSV claims table `ensure_valid` passed, whole, as Arrow text (the columns of `columns`
    it has): a large one a batch at a time, each batch Arrow as soon as it is read, so a million
    claims are never held twice (as batches and as their concatenation)."""
    return pa.concat_tables(_csv_parts(
        tf, columns, lambda df: pa.Table.from_pandas(df, preserve_index=False)))


def read_responses(data_dir: str | Path) -> pyarrow.Table:
    """claim_id and responds_to of every claim that answers another, in table order (a Parquet
    table decodes two columns and skips row groups without any). Read once per block of
    `reading.once`."""
    return reading.remembered("responses", data_dir, (), lambda: _read_responses(data_dir))


def _read_responses(data_dir: str | Path) -> pyarrow.Table:
    tf = table_file(data_dir, schema.CLAIMS)
    if tf.is_parquet:
        tbl = parquet.read_responses(tf.path)
        if tbl is None:
            return pa.table({"claim_id": pa.array([], pa.string()),
                             "responds_to": pa.array([], pa.string())})
    else:
        raw = read_claims_text(tf, None, ("claim_id", "responds_to"))
        if "responds_to" not in raw:
            raw["responds_to"] = ""
        tbl = pa.Table.from_pandas(raw[["claim_id", "responds_to"]], preserve_index=False)
    tbl = pa.table({c: tbl[c].cast(pa.string()) for c in ("claim_id", "responds_to")})
    answering = pc.and_(pc.is_valid(tbl["responds_to"]), pc.not_equal(tbl["responds_to"], ""))
    return tbl.filter(pc.fill_null(answering, False))


def source_claim_ids(data_dir: str | Path, publishers: Sequence[str] = (),
                     docs: Sequence[str] = ()) -> list[str] | None:
    """The claims mentioned in a document of these publishers (matched exactly, as claimants
    are) and among these doc_ids: the `claim_ids` filter of `--publisher`/`--doc`; None when
    neither is given (no filter)."""
    if not publishers and not docs:
        return None
    mentions, documents = read_mentions_documents(data_dir)
    chosen = documents
    if publishers:
        chosen = chosen[isin(chosen["publisher"].astype("string").fillna(""), list(publishers))]
    if docs:
        chosen = chosen[isin(chosen["doc_id"].astype("string"), list(docs))]
    ids = mentions.loc[isin(mentions["doc_id"].astype("string"), list(chosen["doc_id"])),
                       "claim_id"]
    return sorted(set(ids.astype(str)))


def read_mentions_documents(data_dir: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The typed mentions and documents tables (of a folder `ensure_valid` passed)."""
    files = table_files(data_dir)
    mentions, _ = read_file(files["mentions"])
    docs, _ = read_file(files["documents"])
    assert mentions is not None and docs is not None
    return typed_mentions(mentions), typed_documents(docs)


def _other_sides(tf: TableFile, selected_ids: pd.Series) -> list[str]:
    """Ids of claims outside the selection that answer, or are answered by, a selected claim.

    Reads two columns of the rows that answer another claim (row groups without any are
    skipped by their statistics), not the whole table.
    """
    pairs = parquet.read_responses(tf.path)
    if pairs is None or pairs.num_rows == 0:
        return []
    chosen = pa.array(selected_ids.astype(str).to_numpy(dtype=object), type=pa.string())
    touching = pc.or_(pc.is_in(pairs["claim_id"], value_set=chosen),
                      pc.is_in(pairs["responds_to"], value_set=chosen))
    pairs = pairs.filter(touching)
    sides = pa.chunked_array([*pairs["claim_id"].chunks, *pairs["responds_to"].chunks],
                             type=pa.string())
    outside = pc.invert(pc.is_in(sides, value_set=chosen))
    return sorted(set(sides.filter(outside).to_pylist()))
