"""`claimbook validate`: a data folder checked in full, in the words an analyst reads.

A problem is an error (`store.validate` raises DataError naming file, row and column); what
may be right but deserves a look — a date far from the others, two claims that look like one,
a claimant spelled several ways or given two countries, two claimants whose names look alike,
publishers not graded yet — is a warning, and the folder stays valid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from claimbook import store
from claimbook.claims import schema
from claimbook.claims.claimants import identity_warnings
from claimbook.sources import matching
from claimbook.sources.publishers import grade_command, ungraded

MAX_WARNINGS = 20  # warning lines printed one per claim; a summary line counts all


@dataclass
class Checked:
    """What `validate` says of a valid folder: one summary line, then warnings."""

    summary: str
    warnings: list[str] = field(default_factory=list)


def check_folder(data_dir: str | Path) -> Checked:
    """Validate the folder (DataError on a problem), record it as valid, and collect warnings."""
    checked = store.validate(data_dir)  # in batches: memory holds a batch, not the tables
    store.mark_valid(data_dir)  # reports of this exact content need not validate it again
    dates = checked["claims"].dates
    assert dates is not None
    dated = int(dates["date_start"].notna().sum())
    out = Checked(f"{data_dir}: valid — {checked['claims'].rows} claims, "
                  f"{checked['mentions'].rows} mentions, {checked['claims'].claimants} claimants, "
                  f"{checked['documents'].rows} source document(s); "
                  f"{dated} dated, {len(dates) - dated} undated")
    far, lines = store.far_out_dates(dates, limit=MAX_WARNINGS,
                                     file=store.table_path(data_dir, schema.CLAIMS).name)
    out.warnings += lines  # a far-out date may be right, or a typo
    if far:
        more = f" ({far - len(lines):,} more not shown)" if far > len(lines) else ""
        out.warnings.append(
            f"{far:,} claim(s) dated far from the others{more}: before "
            f"{store.EARLIEST_LIKELY.year}, more than {store.LATEST_YEARS_AHEAD} years "
            f"ahead or {store.FROM_MEDIAN_YEARS} years from the median; check for typos")
    del checked, dates  # a million claims' ids and dates: not held through the next check
    who = store.read_claim_columns(data_dir, ("claim_id", "claimant", "claimant_type",
                                              "claimant_country"))
    # one claimant spelled several ways, look-alike claimants, two countries or types
    out.warnings += identity_warnings(who, store.table_path(data_dir, schema.CLAIMS).name,
                                      MAX_WARNINGS)
    del who
    dups = matching.duplicate_pairs(store.read_claim_columns(
        data_dir, ("claim_id", "claim", "claimant", "date")))
    for d in dups.first(MAX_WARNINGS):  # two claims may be one stated twice
        out.warnings.append(
            f"{d.first} and {d.second} look like one claim ({d.claimant!r}, text similarity "
            f"{d.score:.2f}, compatible dates): keep one and move the other's mentions to it")
    if len(dups) > MAX_WARNINGS:
        out.warnings.append(f"{len(dups):,} likely duplicate pairs "
                            f"({len(dups) - MAX_WARNINGS:,} more not shown)")
    missing = [p.name for p in ungraded(data_dir)]
    if missing:  # once, not per document: grading is a judgement, not a fix
        out.warnings.append(
            f"{len(missing)} publisher(s) not graded for reliability (reports show 'not "
            f"graded'): {', '.join(map(repr, missing[:5]))}{', …' if len(missing) > 5 else ''}; "
            f"grade them with {grade_command(missing, data_dir)}")
    return out
