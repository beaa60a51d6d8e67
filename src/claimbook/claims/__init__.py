"""The claims themselves: their columns, their dates, and what a selection of them counts.

Pure functions over tables already read; nothing here reads or writes a file. To find:

* the columns and vocabularies of the claim, mention and document tables -> `schema`
* partial dates (`2025`, `2025-07`, `2025-Q3`), their intervals, periods and ranges -> `dates`
* the same for a whole column at once (pandas, Arrow) -> `date_columns`
* the date rule (in range / imprecise / undated), for pandas, Arrow and Parquet filters -> `daterule`
* selecting and sorting a typed frame into the three groups -> `query`
* a report's counts (headline, groups, counted rows) from a few key columns -> `summary`
* who carries a claim: its publishers, documents and where it was first seen -> `corroboration`
* claimant spellings as sources write them (the alias table) -> `aliases`
* claimant names as a user types them, resolved to the data's claimants -> `claimants`
* control characters of source text shown as a visible mark -> `control_chars`
"""
