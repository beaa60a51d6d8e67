"""Claim tables in and out: importing another tool's table, exporting a selection, converting.

To find:

* `claimbook import`: a CSV, JSON lines or Parquet table mapped onto the claims table -> `importer`
* `claimbook export`: a selection as CSV, JSON lines, Parquet or schema.org ClaimReview -> `exporter`
* `claimbook convert`: a data folder's claim tables between CSV and Parquet -> `convert`
* the next batch of a stream prepared on a thread while this one is handled -> `read_ahead`
"""
