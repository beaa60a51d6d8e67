"""claimbook: an analyst's report workbook for contested claims.

In a notebook: `wb = claimbook.open()` opens the data folder (./data, or the data/ folder of a
parent) and `wb.select(period="2025-07")` selects as `claimbook claims` does; see
`claimbook.workbook`. `open`, `Workbook` and `Selection` (and `__version__`, from the installed
package's metadata) are found on first use, so that `import claimbook` (the command line's
first import) stays cheap.
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
