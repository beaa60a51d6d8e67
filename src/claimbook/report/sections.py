"""The report the notebook displays: `Report` reads one selection once and hands the notebook
each section (built by `fragments`, from the primitives of `html`) as HTML.

Every text that comes from the data (claims, claimants, quotes, titles, URLs) passes through
`esc` or `link`: source text is untrusted, so it is shown as text and never interpreted as HTML,
Markdown or LaTeX, and its control characters are shown as marks. Section builders are pure
(data in, string out) and tested without a kernel; `Report` only bundles them for the notebook's
few calls.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from IPython.display import HTML

from claimbook import store
from claimbook.claims import corroboration, summary
from claimbook.claims.claimants import resolved_names
from claimbook.params import ReportParams
from claimbook.publish.digest import selection_digest
from claimbook.report import charts
from claimbook.report.fragments import (
    MAX_SOURCE_ROWS,
    SHOWN_COLUMNS,
    changes_html,
    citations,
    cited_documents,
    claims_table_html,
    contested_html,
    empty_html,
    figure_html,
    header_html,
    pairs_left_out_note,
    provenance_html,
    sources_table_html,
    undated_pointer,
)
from claimbook.report.html import plural


@dataclass
class Report:
    """One report's summary and the rows its page shows; what the notebook calls.

    The claims are never all in memory: `summary` holds the counts, the tally the charts are
    drawn from and the ids of the rows shown, and `data.claims` only those rows (every column
    the page prints), read by id. A report of a million claims holds a few hundred rows."""

    params: ReportParams
    data: store.ClaimData
    summary: summary.Summary
    generated: datetime = field(default_factory=lambda: datetime.now().astimezone())
    # who carries what, for the claims in range (see `carriers`)
    publisher_tally: pd.DataFrame = field(default_factory=pd.DataFrame)
    carried: pd.DataFrame = field(default_factory=pd.DataFrame)
    carried_total: int = 0
    carried_claims: pd.DataFrame = field(default_factory=pd.DataFrame)
    carried_documents: pd.DataFrame = field(default_factory=pd.DataFrame)

    changes: dict = field(default_factory=dict)  # since the previous edition (`digest.changes`)
    # the selection's digest, as a render took it before reading (a million claims take
    # seconds and half a gigabyte to hash); "" in JupyterLab: `provenance` computes it
    digest: str = ""

    @classmethod
    def build(cls, changes: str = "", digest: str = "", **notebook_params: Any) -> Report:
        params = ReportParams.from_notebook(**notebook_params)
        if params.claimants:  # as on the command line: case and aliases, or a clear refusal
            names = resolved_names(params.data_dir, params.claimants)
            if tuple(names) != tuple(params.claimants):
                digest = ""  # handed for the names as given, not the claimants they are
            params = params.model_copy(update={"claimants": names})
        p = params
        keys = store.selection.keys(p)
        mentions, documents = store.read_mentions_documents(p.data_dir)
        found = summary.summarize(keys, p.start, p.end, store.read_responses(p.data_dir),
                                  mentions)
        # who carries what: the claims the charts count (without a range, the undated too)
        codes = summary.group_codes(keys, p.start, p.end)
        counted = keys.filter(pa.array(summary.counted(codes, p.start, p.end)))
        carried = corroboration.carriage(mentions, documents, counted["claim_id"].to_pandas())
        # the type and datedness of the claims carried (a few), not of every counted claim
        counted = counted.filter(pc.is_in(counted["claim_id"], value_set=pa.array(
            carried["claim_id"].unique(), pa.string())))
        ids = counted["claim_id"].to_pylist()
        types = pd.Series(counted["claim_type"].to_pylist(), index=ids, dtype=object)
        dated = pd.Series(counted["date_start"].is_valid().to_pylist(), index=ids, dtype=bool)
        del keys, counted, codes
        if p.undated == "count" and (p.start or p.end):  # counted, not listed: none is shown
            found = replace(found, firsts={**found.firsts, "undated": found.firsts["undated"][:0]})
        publishers, _ = store.read_publishers(p.data_dir)
        grades = ({} if publishers is None else
                  dict(zip(publishers["name"], publishers["reliability"], strict=True)))
        top, carried_total = corroboration.per_claim(carried, grades, MAX_SOURCE_ROWS)
        top_claims = store.read_claims_by_id(p.data_dir, top["claim_id"],
                                             ("claim_id", "claim", "claimant"))
        top_docs = documents[store.isin(documents["doc_id"], top["first_doc"])]
        ids = found.shown_ids()
        shown = store.read_claims_by_id(p.data_dir, ids, SHOWN_COLUMNS)
        mentions = mentions[store.isin(mentions["claim_id"], ids)] if len(mentions) else mentions
        documents = cited_documents(documents, mentions)
        data = store.ClaimData(Path(p.data_dir), shown, mentions, documents, complete=False)
        return cls(params, data, found,
                   publisher_tally=corroboration.by_publisher(carried, types, dated),
                   carried=top, carried_total=carried_total, carried_claims=top_claims,
                   carried_documents=top_docs, changes=json.loads(changes) if changes else {},
                   digest=digest)

    def rows(self, ids: pd.Series) -> pd.DataFrame:
        """The shown claims with these ids, in the order of `ids`."""
        by_id = self.data.claims.drop_duplicates("claim_id").set_index("claim_id", drop=False)
        return by_id.loc[list(ids)].reset_index(drop=True)

    @property
    def titles(self) -> dict[str, str]:
        """doc_id -> how a quote from it is cited (`citation_html`)."""
        return citations(self.data.documents)

    def counts(self) -> dict[str, int]:
        return self.summary.counts

    # --- what the notebook displays -------------------------------------------------------------

    def header(self) -> Any:
        return _html(header_html(self.params, self.counts(), self.generated))

    @property
    def empty(self) -> bool:
        """Nothing to chart: no claim is counted (an empty month, a filter with no match)."""
        return self.counts().get("counted", self.counts()["in_range"]) == 0

    def section(self, name: str) -> Any:
        """One section of the page with its heading, or nothing where the selection has
        nothing for it: an empty selection is one short page, not four empty chart frames."""
        if name == "changes":
            return _html(changes_html(self.changes)) if self.changes else None
        if name == "who":
            if self.empty:
                return _html(empty_html(self.params, self.counts()))
            return _html("<h2>Who is claiming what</h2>" + self._chart("by_claimant")
                         + self._chart("by_type"))
        if name in ("when", "matrix"):
            if self.empty:
                return None
            heading = {"when": "When", "matrix": "Claimant × claim type"}[name]
            return _html(f"<h2>{heading}</h2>"
                         + self._chart("timeline" if name == "when" else "matrix"))
        if name == "sources":
            if self.empty or self.publisher_tally.empty:
                return None
            return _html('<section class="narrative"><h2>Sources</h2><p>Who carries what: the '
                         "publishers whose documents mention the claims the charts count, how many "
                         "independent publishers carry each claim, and where it was first "
                         "seen.</p></section>" + self._sources())
        if name == "contested":
            left_out = self.summary.pairs_left_out
            if self.empty and not self.summary.pairs_total and not left_out:
                return None
            return _html("<h2>Contested claims</h2><p>Each denial or response is shown beside "
                         "the claim it answers.</p>" + self._contested()
                         + pairs_left_out_note(left_out))
        return self._group(name)

    def _group(self, group: str) -> Any:
        c = self.counts()
        if group in ("in_range", "imprecise") and self.empty and not c[group]:
            return None
        if group == "imprecise" and self.params.start is None and self.params.end is None:
            return None  # without a range no date is less precise than it
        heading = {"in_range": "Claims in range", "imprecise": "Imprecise claims",
                   "undated": "Undated claims"}[group]
        if group == "in_range" and self.params.start is None and self.params.end is None:
            heading = "Dated claims"
        intro = {"in_range": "",
                 "imprecise": "<p>Their date overlaps the range but is not inside it. Listed, "
                              "not counted.</p>",
                 "undated": "<p>The source gives no date.</p>"}[group]
        if group == "undated" and self.params.undated == "count" and (
                self.params.start or self.params.end):
            if not c["undated"]:
                return None
            return _html(f"<h2>{heading}</h2>" + undated_pointer(c["undated"]))
        return _html(f"<h2>{heading}</h2>{intro}" + self._table(group))

    def chart(self, name: str) -> Any:
        return _html(self._chart(name))

    def chart_html(self, name: str) -> str:
        """One chart of the report with its caption, as HTML (for pages built on a report)."""
        return self._chart(name)

    def _chart(self, name: str) -> str:
        tally = self.summary.tally
        many = tally["claimant"].nunique() > charts.TOP_CLAIMANTS
        top = (f" The {charts.TOP_CLAIMANTS} claimants with most claims are shown; one bar counts "
               "all the others." if many else "")
        what = "claims" if self.summary.open_range else "claims in range"
        scope = "All claims" if self.summary.open_range else "Claims in range"
        figures = {
            "by_claimant": (lambda: charts.by_claimant(tally, scope),
                            f"Each bar counts the {what} made by one claimant (a claim "
                            "stated twice counts once)." + top),
            "by_type": (lambda: charts.by_type(tally, scope), f"The {what} per kind of speech act."),
            "timeline": (lambda: charts.timeline(tally, *self.summary.bounds(self.params.start,
                                                                              self.params.end),
                                                 outside=self.summary.outside),
                         "Dated claims by the month, quarter or year (as its title says) they "
                         "were made (or the event happened)."),
            "matrix": (lambda: charts.matrix(tally, scope), "Who makes which kind of claim." + top),
        }
        make, caption = figures[name]
        c = self.counts()
        if self.summary.open_range:
            if c["undated"]:
                caption += (" The timeline cannot place undated claims; the other charts count "
                            "them, hatched." if name == "timeline" else
                            f" Hatched: {plural(c['undated'], 'undated claim')}, listed below.")
        else:
            listed = [plural(c["imprecise"], "imprecise claim")] if c["imprecise"] else []
            pointed = []
            if c["undated"]:
                (pointed if self.params.undated == "count" else listed).append(
                    plural(c["undated"], "undated claim"))
            if listed:
                caption += f" Not counted: {' and '.join(listed)}, listed below."
            if pointed:
                caption += (f" Not counted: {pointed[0]}, listed in the report of all dates.")
        return figure_html(charts.to_svg(make()), caption)

    def contested(self) -> Any:
        return _html(self._contested())

    def _contested(self) -> str:
        return contested_html(self.summary.pairs, self.data.claims, self.data.mentions,
                              self.titles, total=self.summary.pairs_total)

    def claims_table(self, group: str) -> Any:
        return _html(self._table(group))

    def _table(self, group: str) -> str:
        empty = {"in_range": "No claims in range.",
                 "imprecise": "No claims with a date that only partly overlaps the range.",
                 "undated": "No undated claims."}[group]
        return claims_table_html(self.rows(self.summary.firsts[group]), self.data.mentions,
                                 self.titles, group, empty, total=self.counts()[group])

    def _sources(self) -> str:
        """The Sources section's body: claims by publisher, and the claim × source table."""
        tally = self.publisher_tally
        many = tally["publisher"].nunique() > charts.TOP_CLAIMANTS if len(tally) else False
        which = "claims (undated ones hatched)" if self.summary.open_range else "claims in range"
        caption = (f"Each bar counts the {which} that documents of one publisher mention: a "
                   "claim carried by three publishers counts once for each of them, so the bars "
                   f"add up to more than the {which.split(' (')[0]}.")
        if many:
            caption += (f" The {charts.TOP_CLAIMANTS} publishers carrying most claims are shown; "
                        "one bar counts all the others.")
        scope = "All claims" if self.summary.open_range else "Claims in range"
        figure = figure_html(charts.to_svg(charts.by_claimant(tally, scope, by="publisher")),
                             caption)
        table = sources_table_html(self.carried, self.carried_claims, self.carried_documents,
                                   self.carried_total)
        return figure + table

    def provenance(self) -> Any:
        return _html(provenance_html(self.data, self.params, self.generated,
                                     self.digest or selection_digest(self.params)))


def html_display(fragment: str) -> Any:
    """A section as the notebook displays it (and nbconvert exports it): HTML, never code."""
    # tex2jax_ignore: JupyterLab's MathJax leaves "$...$" from the data alone.
    return HTML(f'<div class="cb-section tex2jax_ignore">{fragment}</div>')


_html = html_display
