"""A report costs what it shows, whatever else the data holds: the provenance lists only the
documents the shown claims quote, and the timeline draws a bounded number of bars however far
apart the claims' (valid) dates are, naming the claims it leaves out; `validate` warns of such
dates and the table stays valid."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from bs4 import BeautifulSoup

from claimbook.claims import schema, summary
from claimbook.report import charts, fragments, sections
from conftest import run_cli
from datamaker import CLAIM_DEFAULTS, make_data, write_csv
from report.test_charts import claims as claims_frame


def many_documents(root: Path, claims: list[dict[str, str]], n_docs: int) -> Path:
    """A data folder with `n_docs` registered documents; claim i is quoted from document i."""
    data = root / "data"
    (data / "sources").mkdir(parents=True)
    docs, mentions = [], []
    for d in range(n_docs):
        text = f"Document {d} says claim {d} is true."
        path = data / "sources" / f"d{d:04d}.txt"
        path.write_text(text, encoding="utf-8", newline="")
        docs.append({"doc_id": f"d{d:04d}", "path": f"sources/d{d:04d}.txt", "title": f"Doc {d}",
                     "publisher": "P", "url": f"https://example.org/{d}", "published": "",
                     "retrieved": "2026-01-01", "sha256": hashlib.sha256(text.encode()).hexdigest()})
    for i, c in enumerate(claims):
        text = f"Document {i} says claim {i} is true."
        mentions.append({"claim_id": c["claim_id"], "doc_id": f"d{i:04d}", "start": 0,
                         "end": len(text), "quote": text})
    write_csv(data / "documents.csv", schema.DOCUMENTS.names, docs)
    write_csv(data / "claims.csv", schema.CLAIMS.names, [{**CLAIM_DEFAULTS, **c} for c in claims])
    write_csv(data / "mentions.csv", schema.MENTIONS.names, mentions)
    return data


def test_provenance_lists_only_the_documents_the_shown_claims_quote(tmp_path: Path) -> None:
    dates = ["2025-07-03", "2025-07-20", "2024-01-05", "", "2023"]
    claims = [{"claim_id": f"C{i:03d}", "claim": f"claim {i}", "claimant": "A", "date": d}
              for i, d in enumerate(dates)]
    data = many_documents(tmp_path, claims, 300)
    r = sections.Report.build(start="2025-07-01", end="2025-07-31", data_dir=str(data))
    html = fragments.provenance_html(r.data, r.params, r.generated)
    listed = [li.strong.get_text() for li in
              BeautifulSoup(html, "html.parser").select("ul.documents li")]
    # the two July claims and the undated one (listed in every report), not the 297 others
    assert listed == ["Doc 0", "Doc 1", "Doc 3"]
    assert "Quoted by the claims shown in this report: 3 documents." in html
    assert len(r.data.documents) == 3


FAR = [("A", "denial", "0001-01-01"), ("B", "statement", "9999-12-31"),
       ("A", "denial", "0205-04")] + [("A", "denial", f"20{19 + i % 8}-{1 + i % 12:02d}")
                                      for i in range(60)]


def bars(fig: object) -> int:
    """Bar positions drawn (one per month or year, whatever the number of claim types)."""
    ax = fig.axes[0]  # type: ignore[attr-defined]
    return len({round(p.get_x(), 3) for p in ax.patches})


def test_timeline_of_far_apart_dates_draws_a_bounded_window_and_names_the_rest() -> None:
    frame = claims_frame(FAR)
    fig = charts.timeline(frame)
    assert bars(fig) == 8 * 4  # 2019–2026 by quarter (eight years), not 9,999 years
    note = fig.axes[0].get_xlabel().replace("\xa0", " ")
    assert note.startswith("3 claims dated outside 2019–2026 not drawn:")
    assert "C0 (0001-01-01)" in note and "C2 (0205-04)" in note and "C1 (9999-12-31)" in note
    found = summary.summarize(summary.keys_of(frame), None, None)
    from_tally = charts.timeline(found.tally, *found.bounds(None, None), outside=found.outside)
    assert charts.to_svg(from_tally) == charts.to_svg(fig)


def test_timeline_over_a_wide_given_range_stays_bounded() -> None:
    fig = charts.timeline(claims_frame(FAR), date(1, 1, 1), date(9999, 12, 31))
    assert bars(fig) <= 12 * summary.MAX_TIMELINE_YEARS


def test_timeline_names_at_most_a_few_and_counts_the_rest() -> None:
    rows = [("A", "denial", f"{1000 + i:04d}-01") for i in range(25)] + FAR[3:]
    fig = charts.timeline(claims_frame(rows))
    note = fig.axes[0].get_xlabel().replace("\xa0", " ")
    assert note.startswith("25 claims dated outside 2019–2026 not drawn:")
    assert note.replace("\n", " ").endswith(f"and {25 - summary.MAX_NAMED} more")


def test_timeline_within_the_limit_draws_every_year() -> None:
    rows = [("A", "denial", "2000-01"), ("A", "denial", "2025-06")]
    fig = charts.timeline(claims_frame(rows))
    assert bars(fig) == 2 and not fig.axes[0].get_xlabel()  # 2000 and 2025, none left out
    assert [t.get_text() for t in fig.axes[0].texts] == ["no claims: 2001 – 2024"]  # a break


# --- validate warns of far-out dates, and the table stays valid ----------------------------------


def test_validate_warns_of_far_out_dates_and_stays_valid(tmp_path: Path) -> None:
    dates = ["2025-04-03", "2025-05", "0205-04", "2024-11-30", "9999-12-31", "1950", ""]
    claims = [{"claim_id": f"C{i:03d}", "claim": f"claim {i}", "claimant": "A", "date": d,
               "quote": f"Claim number {i} is said here."} for i, d in enumerate(dates)]
    data = make_data(tmp_path, claims)
    result = run_cli("validate", "--data", str(data))
    assert result.exit_code == 0, result.output
    assert "valid — 7 claims" in result.stdout
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning: claims")]
    assert [w.split(": ")[1].split()[-1] for w in warned] == ["4", "6", "7"]  # spreadsheet rows
    assert "C002 dated 0205-04: before 1900" in warned[0]
    assert "C004 dated 9999-12-31: after" in warned[1]
    assert "C005 dated 1950:" in warned[2] and "74 years from the median date 2024-11-30" in warned[2]
    assert "3 claim(s) dated far from the others" in result.stderr


def test_validate_of_ordinary_dates_warns_nothing(tmp_path: Path) -> None:
    claims = [{"claim_id": f"C{i:03d}", "claim": "c", "claimant": "A", "date": f"20{10 + i}",
               "quote": f"Claim number {i} is said here."} for i in range(15)]
    result = run_cli("validate", "--data", str(make_data(tmp_path, claims)))
    assert result.exit_code == 0 and "warning: claims" not in result.output
    assert "far from the others" not in result.output


def test_validate_prints_at_most_twenty_warning_lines_and_counts_all(tmp_path: Path) -> None:
    claims = [{"claim_id": f"C{i:03d}", "claim": "c", "claimant": "A",
               "date": "1200" if i < 30 else "2025", "quote": f"Claim number {i} is said here."}
              for i in range(100)]
    result = run_cli("validate", "--data", str(make_data(tmp_path, claims)))
    assert result.exit_code == 0
    assert len([ln for ln in result.stderr.splitlines() if ln.startswith("warning: claims")]) == 20
    assert "30 claim(s) dated far from the others (10 more not shown)" in result.stderr
