"""Claim tables in and out: importing another tool's table, exporting a selection, converting.

To find:

* `claimbook import`: a CSV, JSON lines or Parquet table mapped onto the claims table -> `importer`
  * another tool's table read as text, a batch at a time -> `foreign_read`
  * which foreign column fills which claims column (`--map`, `--set`, a mapping file) -> `mapping`
  * foreign rows -> claims rows (spellings, whitespace, the stable key, attributes) -> `import_rows`
  * dates as another tool writes them (`--date-format`) -> `date_formats`
  * the converted rows checked: column rules, one claim per key, against the table -> `import_checks`
* `claimbook export`: a selection as CSV, JSON lines, Parquet or schema.org ClaimReview -> `exporter`
* `claimbook convert`: a data folder's claim tables between CSV and Parquet -> `convert`
* `claimbook validate`: a folder checked in full, its summary and warnings -> `check`
* `claimbook claims`: a selection listed in its three groups -> `listing`
* the next batch of a stream prepared on a thread while this one is handled -> `read_ahead`
"""
