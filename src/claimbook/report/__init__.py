"""What a report shows, as HTML fragments and charts, for the notebook to display.

To find:

* the report's sections (headline, groups, contested pairs, listing, provenance) -> `sections`
  (`Report`, importable as `claimbook.report.Report`, as the report notebooks do)
* the sections as HTML fragments (pure: data in, string out) -> `fragments`
* HTML primitives every page uses: escaped text, safe links, chips, dates -> `html`
* charts as pure functions: claims in, a matplotlib Figure out -> `charts`
* a claimant's profile (`Profile`) -> `profile`
"""

from typing import Any


def __getattr__(name: str) -> Any:
    """`Report` and `Profile`, imported when first asked for: the charts do not need them."""
    if name == "Report":
        from claimbook.report.sections import Report

        return Report
    if name == "Profile":
        from claimbook.report.profile import Profile

        return Profile
    raise AttributeError(f"module 'claimbook.report' has no attribute {name!r}")
