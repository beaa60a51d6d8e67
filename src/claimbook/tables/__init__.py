"""Claim tables in and out: importing another tool's table, exporting a selection, converting.

To find:

* `claimbook import`: a CSV, JSON lines or Parquet table mapped onto the claims table -> `importer`
* `claimbook export`: a selection as CSV, JSON lines, Parquet or schema.org ClaimReview -> `exporter`
* `claimbook convert`: a data folder's claim tables between CSV and Parquet -> `convert`
* `claimbook validate`: a folder checked in full, its summary and warnings -> `check`
* `claimbook claims`: a selection listed in its three groups -> `listing`
* the next batch of a stream prepared on a thread while this one is handled -> `read_ahead`
"""
