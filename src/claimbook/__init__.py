"""claimbook: an analyst's report workbook for contested claims.

In a notebook: `wb = claimbook.open()` opens the data folder (./data, or the data/ folder of a
parent) and `wb.select(period="2025-07")` selects as `claimbook claims` does; see
`claimbook.workbook`. `open`, `Workbook` and `Selection` (and `__version__`, from the installed
package's metadata) are found on first use, so that `import claimbook` (the command line's
first import) stays cheap.

To find:

* the command line: each command parses its options and calls one module -> `cli`
* a run's parameters, validated once for the CLI and the API -> `params`; its errors as one
  plain line naming the options -> `param_errors`
* a report notebook checked before a run (parameters cell, kind, needs) -> `report_notebook`
* what the command line offers in its help, without pydantic -> `choices`
* typed errors: a message and an exit code -> `errors`
* the notebook API (`claimbook.open()`) -> `workbook`; a data folder's workbook -> `workbook_dir`;
  `claimbook init` -> `new_workbook`
* the claims (schema, dates, the date rule, selections, counts) -> `claims`; the tables on disk
  -> `store`; import, export, convert -> `tables`; source documents and extraction -> `sources`;
  the report's sections and charts -> `report`; rendering, batches, the index -> `publish`
"""

import sys
from typing import Any

# jsonschema, which nbformat imports, registers its IRI format checks by importing
# rfc3987_syntax, which builds some thirty grammars at import: about a second of CPU in every
# command that reads a notebook, for a format no notebook schema uses
# (python-jsonschema/jsonschema#1428). Marked absent, jsonschema skips those checks.
sys.modules.setdefault("rfc3987_syntax", None)

API = ("open", "find_data", "Workbook", "Selection", "Table", "ClaimTrail")
__all__ = [*API, "__version__"]


def __getattr__(name: str) -> Any:
    """`claimbook.open` and the API's classes, from `claimbook.workbook` when first asked for."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("claimbook")
        except PackageNotFoundError:  # running from a source tree that was not installed
            return "0+unknown"
    if name in API:
        from claimbook import workbook

        return getattr(workbook, name)
    raise AttributeError(f"module 'claimbook' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *API, "__version__"])
