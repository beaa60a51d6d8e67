"""The claim tables on disk: reading, checking, typing, selecting and writing them.

Other modules call the functions imported below (`from claimbook import store`, then
`store.load(...)`), and write through `store.write` and `store.csv_write`. To find:

* where a table lives, and whether it is CSV or Parquet   -> `layout` (`table_file`: one
  `TableFile` per table, decided once; a CSV and a Parquet file of one table is an error);
  where a registered source is, refused outside the data folder -> `layout.source_file`
* how a CSV file is read, and its broken-file messages     -> `csv_read`
* a small table parsed and checked once per version of its bytes, per process -> `tablecache`
* one render's reads of one state of the tables (stamp, keys, rows), each done once -> `reading`
* how every CSV is written (quoting, formulas made inert)  -> `csv_write`
* how a Parquet file is read or written (the only module importing pyarrow.parquet) -> `parquet`
* the rules a table's columns must pass (pandera columns) -> `checks`
* the rules that relate tables (documents, quotes against sources) -> `relations`
* text tables -> typed frames (categoricals, date intervals)       -> `typed`
* which rules run on which file, the validation cache, date warnings -> `validation`
* a whole validated, typed folder (`load`, `ClaimData`)             -> `load`
* only what one report or selection needs (`read_keys`, `load_selection`, ...) -> `select`
* a run's selection read from its parameters (`--doc`/`--publisher` ids included): the one
  reader every report, digest, export and profile uses -> `selection` (`store.selection.keys(p)`)
* atomic writes, appends, backups, all-or-nothing changes           -> `write`
* one writer of the tables at a time (`data_lock`), who holds a lock -> `locks`
* temporary files named by their owner's pid, reclaimed once it is dead -> `tempfiles`
* the date rule (in range / imprecise / undated) itself -> `claimbook.claims.daterule`, outside this
  package: `query` and `summary` use it on frames and key columns too.
"""

from claimbook.store import selection
from claimbook.store.checks import (
    HEADER_ROW,
    column_problems,
    normalize_whitespace,
    pandera_schema,
    problems_from_pandera,
    sha256_file,
    spreadsheet_row,
)
from claimbook.store.layout import (
    PARQUET_TABLES,
    STORAGE_FORMATS,
    OutsideDataFolder,
    TableFile,
    format_of,
    path_for,
    source_file,
    table_file,
    table_files,
    table_path,
    table_paths,
    uses_parquet,
)
from claimbook.store.load import ClaimData, load
from claimbook.store.relations import check_relations, text_file
from claimbook.store.select import (
    load_selection,
    read_claim_columns,
    read_claims_by_id,
    read_keys,
    read_mentions_documents,
    read_responses,
    read_selected_arrow,
    shown_arrow,
    source_claim_ids,
    table_spellings,
)
from claimbook.store.typed import (
    arrow_strings,
    isin,
    per_value,
    typed_claims,
    typed_documents,
    typed_mentions,
)
from claimbook.store.validation import (
    EARLIEST_LIKELY,
    FROM_MEDIAN_YEARS,
    LATEST_YEARS_AHEAD,
    check_table_text,
    data_fingerprint,
    ensure_valid,
    far_out_dates,
    mark_valid,
    read_publishers,
    read_raw,
    read_table,
    validate,
    validated_before,
)

__all__ = [
    "EARLIEST_LIKELY", "FROM_MEDIAN_YEARS", "HEADER_ROW", "LATEST_YEARS_AHEAD", "PARQUET_TABLES",
    "STORAGE_FORMATS", "ClaimData", "OutsideDataFolder", "TableFile", "arrow_strings",
    "check_relations", "column_problems",
    "check_table_text", "data_fingerprint", "ensure_valid", "far_out_dates", "format_of", "isin",
    "load", "load_selection", "mark_valid", "normalize_whitespace", "pandera_schema", "path_for",
    "per_value",
    "problems_from_pandera", "read_claim_columns", "read_claims_by_id", "read_keys",
    "read_mentions_documents", "read_publishers", "read_raw", "read_responses",
    "read_selected_arrow", "read_table", "selection", "sha256_file", "shown_arrow",
    "source_claim_ids", "source_file", "spreadsheet_row", "table_file", "table_files",
    "table_path", "table_paths", "table_spellings",
    "text_file", "typed_claims", "typed_documents", "typed_mentions", "uses_parquet", "validate",
    "validated_before",
]
