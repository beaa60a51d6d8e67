"""The report's sections as HTML fragments, for the notebook to display.

Every text that comes from the data (claims, claimants, quotes, titles, URLs) passes through
`esc` or `link`: source text is untrusted, so it is shown as text and never interpreted as HTML,
Markdown or LaTeX, and its control characters are shown as marks. Section builders are pure
(data in, string out) and tested without a kernel; `Report` only bundles them for the notebook's
few calls.
"""

from __future__ import annotations

import html
import json
import platform
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claimbook import store
from claimbook.claims import corroboration, schema, summary
from claimbook.claims.control_chars import visible
from claimbook.claims.daterule import headline_words
from claimbook.claims.dates import describe_date
from claimbook.params import ReportParams
from claimbook.report import charts
from claimbook.tables.exporter import SELECTION_CSV

KEY_PACKAGES = ("claimbook", "pandas", "matplotlib", "papermill", "nbconvert", "weasyprint")
# A report stays readable and small at any table size: each claims table shows at most this many
# rows and links the full selection, a CSV written beside the report (exporter.SELECTION_CSV).
MAX_TABLE_ROWS = summary.MAX_ROWS
MAX_CONTESTED = summary.MAX_PAIRS
# What the page shows of a claim (the rest is in selection.csv): read for the rows it shows.
SHOWN_COLUMNS = ("claim_id", "claim", "claimant", "claimant_type", "claim_type", "date", "topic",
                 "responds_to", "url")
PRECISION_WORDS = {"day": "day", "month": "month", "quarter": "quarter", "year": "year", "none": ""}


def esc(value: Any) -> str:
    """Text for HTML: `<script>` shows as text; `$`/backticks are escaped so nothing renders math;
    a control character (NUL, ESC, form feed, …) shows as a mark (`controls.visible`)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return (html.escape(visible(str(value)), quote=True).replace("$", "&#36;")
            .replace("`", "&#96;"))


LINKED_CHARS = 120  # of a longer address shown as its own label, only the start is the link


# Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko, …) and the bidi controls.
_BIDI = re.compile("[\u0590-\u08ff\u200e\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff"
                   "\ufe70-\ufefe]")


def text(value: Any) -> str:
    """`esc` for a value between tags. A value with right-to-left letters or bidi controls is
    isolated in `<bdi>`: an unterminated U+202E in a claimant reversed the date printed after
    it in the same line; isolated, it reorders only itself."""
    s = esc(value)
    return f"<bdi>{s}</bdi>" if _BIDI.search(s) else s


def _text(value: Any) -> str:
    return text(value)


def link(url: Any, text: Any = None) -> str:
    """Only http(s) URLs become links; anything else (javascript:, data:) stays plain text.

    An address shown as its own label stays whole, but past LINKED_CHARS characters the rest
    is plain text after the link: a PDF repeats the whole address in a link annotation for
    every line the link covers, and a 100,000-character address made a PDF of 75+ MB.
    """
    if url is None or (not isinstance(url, str) and pd.isna(url)) or not str(url).strip():
        return _text(text) if text else ""
    scheme = urlparse(str(url).strip()).scheme.lower()
    label = _text(text if text else url)
    if scheme in ("http", "https"):
        href = str(url).strip()
        rest = ""
        if not text and len(href) > LINKED_CHARS:
            label, rest = _text(href[:LINKED_CHARS]), _text(href[LINKED_CHARS:])
        return f'<a href="{esc(href)}" rel="noopener noreferrer">{label}</a>{rest}'
    return label


def type_chip(claim_type: str) -> str:
    colour = schema.CLAIM_TYPE_COLOURS.get(str(claim_type), "#777777")
    return (f'<span class="chip" style="border-color:{colour}">'
            f'<i style="background:{colour}"></i>{esc(str(claim_type).replace("_", " "))}</span>')


def date_cell(row: pd.Series) -> str:
    if pd.isna(row["date"]) or not row["date"]:
        return '<span class="muted">undated</span>'
    words = PRECISION_WORDS[str(row["date_precision"])]
    return f'{esc(row["date"])}<br><span class="muted">{esc(words)}</span>'


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def header_figures(params: ReportParams) -> tuple[list[tuple[str, str, str]], str]:
    """The headline's figures (count key, label, hint) and what the charts count, in words
    that fit the case (no range: every claim is in scope, dated or not)."""
    open_range = params.start is None and params.end is None
    undated_hint = ("no date; counted, not listed: see the report of all dates"
                    if params.undated == "count" else "no date; listed, not counted")
    if open_range:
        figures = [
            ("counted", "claims", "all of them counted in the charts"),
            ("in_range", "dated", "placed on the timeline"),
            ("undated", "undated", "no date; counted, hatched in the charts"),
            ("mentions", "mentions", "of these claims"),
            ("claimants", "claimants", "of these claims"),
            ("documents", "source documents", "of these claims"),
        ]
        scope = ("Every claim is in scope: the charts count dated and undated claims alike and "
                 "hatch the undated part; the timeline shows the dated ones.")
    else:
        figures = [
            ("in_range", "claims in range", "counted in the charts"),
            ("imprecise", "imprecise", "date overlaps the range; listed, not counted"),
            ("undated", "undated", undated_hint),
            ("mentions", "mentions", "of the claims in range"),
            ("claimants", "claimants", "of the claims in range"),
            ("documents", "source documents", "of the claims in range"),
        ]
        scope = ("Only claims whose date lies inside the range are counted in the charts. Claims "
                 "whose date is less precise than the range (dated to a year in a monthly "
                 "report) are listed as imprecise; claims with no date are "
                 + ("counted here and listed in the report of all dates."
                    if params.undated == "count" else "listed as undated.")
                 + " None is silently dropped.")
    return figures, scope


def figure_cards(figures: list[tuple[str, str, str]], counts: dict[str, int]) -> str:
    """The headline's figures as cards, each count readable back by its `data-count` key."""
    counts = {"counted": counts.get("counted", counts["in_range"]), **counts}
    return "".join(
        f'<div class="figure-card"><span class="count{" wide" if counts[key] >= 100_000 else ""}" '
        f'data-count="{key}">{counts[key]:,}</span>'
        f'<span class="label">{label}</span><span class="hint">{hint}</span></div>'
        for key, label, hint in figures
    )


def header_html(params: ReportParams, counts: dict[str, int], generated: datetime) -> str:
    """Title, parameters, the headline in words and the figures; then what the charts count."""
    figures, scope = header_figures(params)
    cards = figure_cards(figures, counts)
    counts = {"counted": counts.get("counted", counts["in_range"]), **counts}
    as_of = f" · as of {describe_date(params.as_of)}" if params.as_of else ""
    return (
        f'<header class="report-header"><h1>{text(params.display_title())}</h1>'
        f'<p class="params">{text(params.describe())}</p>'
        f'<p class="generated">Generated {esc(generated.strftime("%d %B %Y, %H:%M %Z").strip())}'
        f'{as_of}</p>'
        f'<p class="headline">{esc(headline_words(counts, params.start, params.end))}</p>'
        f'<div class="figures">{cards}</div><p class="scope">{esc(scope)}</p></header>'
    )


def empty_html(params: ReportParams, counts: dict[str, int]) -> str:
    """The one short page of a selection with nothing dated in it: what was asked, that
    nothing is dated in it, and what there is instead (the lists, if any, follow)."""
    others = [_plural(counts[g], f"{w} claim") for g, w in (("imprecise", "imprecise"),
                                                            ("undated", "undated"))]
    return (f'<section class="empty-selection"><h2>Nothing dated in this selection</h2>'
            f'<p>Asked for: {text(params.describe())}.</p>'
            f'<p>No claim of this selection is dated within it, so there is nothing to chart. '
            f'It has {" and ".join(others)}.</p></section>')


def figure_html(fig_svg: str, caption: str) -> str:
    return f'<figure class="chart">{fig_svg}<figcaption>{esc(caption)}</figcaption></figure>'


def citation_html(d: pd.Series | dict) -> str:
    """How a quote's document is cited: title, publisher, publication date (or "date unknown")
    and a link when the document has an http(s) address."""
    def value(key: str) -> str:
        v = d.get(key)
        return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)

    publisher = value("publisher")
    published = value("published")
    url = value("url")
    parts = [f'<span class="src-title">{text(value("title") or value("doc_id"))}</span>',
             text(publisher) if publisher else '<span class="muted">publisher unknown</span>',
             esc(published) if published else '<span class="muted">date unknown</span>']
    more = ", ".join(parts[1:]) + (f", {link(url)}" if url else "")  # a link shows its address
    return f'{parts[0]}<span class="cite-more">, {more}</span>'  # a PDF lists them at the end


def citations(documents: pd.DataFrame) -> dict[str, str]:
    """doc_id -> its citation (HTML) for every document of `documents`."""
    return {str(d["doc_id"]): citation_html(d) for _, d in documents.iterrows()}


def by_claim(mentions: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each claim's mentions (in table order), by claim id: split once for a table of claims,
    instead of filtering every mention for each row shown (600 rows of a month of a million
    claims took most of a second so)."""
    if mentions.empty:
        return {}
    return {str(k): g for k, g in mentions.groupby(mentions["claim_id"].astype(str),
                                                    sort=False, observed=True)}


def _quotes(claim_id: str, mentions: pd.DataFrame | dict[str, pd.DataFrame],
            titles: dict[str, str]) -> str:
    """Each quote of the claim with its citation (`titles`: doc_id -> `citation_html`), the
    page for a PDF, and the offsets that validation checks. `mentions`: a mentions table, or
    one already split by claim (`by_claim`)."""
    if isinstance(mentions, dict):
        rows = mentions.get(str(claim_id))
        if rows is None:
            return ""
    else:
        rows = mentions[mentions["claim_id"] == claim_id]
    parts = []
    for _, m in rows.iterrows():
        cite = titles.get(m["doc_id"], text(m["doc_id"]))
        page = m.get("page") if "page" in m else None
        page_text = f", p. {esc(page)}" if isinstance(page, str) and page else ""
        parts.append(f'<blockquote>“{text(m["quote"])}”<cite>{cite}{page_text} · '
                     f'characters {int(m["start"])}–{int(m["end"])}</cite></blockquote>')
    return "".join(parts)


MAX_SOURCE_ROWS = 50  # claims in the claim × source table (the most widely carried first)


def sources_table_html(rows: pd.DataFrame, claims: pd.DataFrame, documents: pd.DataFrame,
                       total: int) -> str:
    """The claim × source table: per claim in range, who claims it, how many independent
    publishers carry it, where it was first seen and by whom, and each publisher with its
    reliability grade."""
    if total == 0:
        return '<p class="empty sources-empty">No claims in range have a source document.</p>'
    text_of = dict(zip(claims["claim_id"].astype(str), claims["claim"], strict=True))
    who = dict(zip(claims["claim_id"].astype(str), claims["claimant"], strict=True)) \
        if "claimant" in claims.columns else {}
    titles = dict(zip(documents["doc_id"].astype(str), documents["title"], strict=True))
    head = ("<thead><tr><th>id</th><th>claim</th><th>claimant</th><th>publishers</th>"
            "<th>first seen</th><th>carried by (reliability)</th></tr></thead>")
    body = []
    for _, r in rows.iterrows():
        if r["first_doc"]:
            first = (f'{esc(r["first_published"])}<br>{text(r["first_publisher"])}'
                     f'<br><span class="muted">{text(titles.get(r["first_doc"], r["first_doc"]))}'
                     '</span>')
        else:
            first = '<span class="muted">no dated document</span>'
        graded = "<br>".join(f"{text(p)} ({esc(g) if g else 'not graded'})"
                             for p, g in r["graded"])
        body.append(f'<tr data-claim-id="{esc(r["claim_id"])}"><td class="id">{esc(r["claim_id"])}'
                    f'</td><td class="claim">{text(text_of.get(r["claim_id"], ""))}</td>'
                    f'<td class="claimant">{text(who.get(r["claim_id"], ""))}</td>'
                    f'<td class="n">{int(r["n_publishers"])}</td><td class="first">{first}</td>'
                    f'<td class="carriers">{graded}</td></tr>')
    note = (f'<p class="more-rows sources-more">Showing the {len(rows):,} most widely '
            f'carried of {total:,} claims in range with a source document; every claim\'s '
            f'documents and publishers are in <a href="{SELECTION_CSV}">{SELECTION_CSV}</a>.</p>'
            if total > len(rows) else "")
    return (f'{note}<table class="sources">{head}<tbody>'
            f'{"".join(body)}</tbody></table>')


def _appeared(c: pd.Series) -> str:
    """An imported claim's provenance: where it appeared, as a link."""
    url = c.get("url")
    if url is None or pd.isna(url) or not url:
        return ""
    return f'<p class="appeared">appeared at {link(url)}</p>'


def more_rows_note(shown: int, total: int, group: str) -> str:
    """What a bounded table leaves out, and where all of it is."""
    return (f'<p class="more-rows" data-group="{group}">Showing the first {shown:,} of {total:,} '
            f'claims, in date order. Every claim of this report is in '
            f'<a href="{SELECTION_CSV}">{SELECTION_CSV}</a>, beside this report.</p>')


def claims_table_html(claims: pd.DataFrame, mentions: pd.DataFrame, titles: dict[str, str],
                      group: str, empty_text: str, max_rows: int = MAX_TABLE_ROWS,
                      total: int | None = None) -> str:
    """The claims of one group: claim, claimant, type, date with precision, verbatim quotes.

    At most `max_rows` rows, so the page does not grow with the table; a note says how many
    are left out and links the CSV of the whole selection. `claims` may hold only the group's
    first rows, with `total` the group's size."""
    total = len(claims) if total is None else total
    if total == 0:
        return f'<p class="empty" data-group="{group}">{esc(empty_text)}</p>'
    shown = claims.iloc[:max_rows]
    quotes = by_claim(mentions[store.isin(mentions["claim_id"], shown["claim_id"])])
    head = ("<thead><tr><th>id</th><th>date</th><th>claimant</th><th>type</th>"
            "<th>claim and verbatim quotes</th></tr></thead>")
    body = []
    for _, c in shown.iterrows():
        sort_date = c["date_start"].strftime("%Y-%m-%d") if pd.notna(c["date_start"]) else ""
        body.append(
            f'<tr data-claim-id="{esc(c["claim_id"])}">'
            f'<td class="id">{esc(c["claim_id"])}</td>'
            f'<td class="date" data-sort="{sort_date}">{date_cell(c)}</td>'
            f'<td class="claimant">{text(c["claimant"])}'
            f'<br><span class="muted">{esc(str(c["claimant_type"]).replace("_", " "))}</span></td>'
            f'<td class="type" data-sort="{esc(c["claim_type"])}">{type_chip(c["claim_type"])}</td>'
            f'<td class="claim"><p>{text(c["claim"])}</p>'
            f'{_quotes(c["claim_id"], quotes, titles)}{_appeared(c)}</td></tr>'
        )
    note = more_rows_note(len(shown), total, group) if total > len(shown) else ""
    return (f'{note}<table class="claims" data-group="{group}">{head}<tbody>{"".join(body)}'
            f"</tbody></table>")


def claim_card(c: pd.Series, mentions: pd.DataFrame | dict[str, pd.DataFrame],
               titles: dict[str, str]) -> str:
    """One claim as a card: type, claimant, date, the claim and its quotes (`mentions` as
    `_quotes` takes them)."""
    date = esc(c["date"]) if pd.notna(c["date"]) and c["date"] else "undated"
    return (f'<div class="claim-card">{type_chip(c["claim_type"])}'
            f'<p class="who">{text(c["claimant"])} · {date}</p>'
            f'<p>{text(c["claim"])}</p>{_quotes(c["claim_id"], mentions, titles)}'
            f'{_appeared(c)}</div>')


def contested_html(pairs: pd.DataFrame, claims: pd.DataFrame, mentions: pd.DataFrame,
                   titles: dict[str, str], max_pairs: int = MAX_CONTESTED,
                   total: int | None = None) -> str:
    """Each response beside the claim it answers (`pairs`: claim_id, responds_to; `claims`
    holds both sides of each), at most `max_pairs` of `total`; the rest are in the claims
    tables and the selection's CSV."""
    total = len(pairs) if total is None else total
    if total == 0:
        return '<p class="empty" data-group="contested">No contested claims in this selection.</p>'
    rows = []
    pairs = pairs.iloc[:max_pairs]
    if total > len(pairs):
        rows.append(f'<p class="more-rows" data-group="contested">Showing {len(pairs):,} of '
                    f'{total:,} pairs of a claim and its response.</p>')
    by_id = claims.drop_duplicates("claim_id").set_index("claim_id", drop=False)
    mentions = by_claim(mentions)
    for _, r in pairs.iterrows():
        original = by_id.loc[r["responds_to"]]
        r = by_id.loc[r["claim_id"]]
        rows.append(f'<div class="contested-pair" data-response="{esc(r["claim_id"])}">'
                    f'<div class="side"><h4>Claim</h4>{claim_card(original, mentions, titles)}</div>'
                    f'<div class="side"><h4>Response</h4>{claim_card(r, mentions, titles)}</div></div>')
    return "".join(rows)


def cited_documents(documents: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """The documents that `mentions` quote, in table order: a report's provenance lists the
    sources of the claims it shows, not every document of the folder (20,000 registered
    documents made a one-month report take minutes and megabytes of HTML)."""
    return documents[store.isin(documents["doc_id"], mentions["doc_id"])].reset_index(drop=True)


def provenance_html(data: store.ClaimData, params: ReportParams, generated: datetime,
                    digest: str = "") -> str:
    """Where the shown claims come from: the documents their quotes are in (`data.documents`,
    see `cited_documents`), the data's fingerprint, the parameters and the versions."""
    docs = []
    for _, d in data.documents.iterrows():
        published = esc(d["published"]) if pd.notna(d["published"]) else "unknown"
        docs.append(
            f'<li><strong>{text(d["title"])}</strong> — {text(d["publisher"])}<br>'
            f'{link(d["url"])}<br>published: {published} · retrieved: {esc(d["retrieved"])} · '
            f'<code class="sha">sha256 {esc(d["sha256"])}</code></li>')
    versions = []
    for name in KEY_PACKAGES:
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            continue
    versions.append(f"Python {platform.python_version()}")
    return (
        '<footer class="provenance"><h2>Provenance</h2>'
        f'<h3>Source documents</h3><p class="documents-note">Quoted by the claims shown in '
        f'this report: {_plural(len(docs), "document")}.</p>'
        f'<ul class="documents">{"".join(docs)}</ul>'
        f'<p>Selection fingerprint: <code class="fingerprint">{esc(digest)}</code> (sha256 of '
        f'the claims, mentions and source documents this report is made from, in '
        f'{esc(", ".join(data.table_files))})</p>'
        f'<p>Parameters: {text(params.describe())}. '
        f'Generated {esc(generated.isoformat(timespec="seconds"))}.</p>'
        f'<p class="versions">{esc(" · ".join(versions))}</p></footer>'
    )


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
            from claimbook.claims.claimants import resolved_names

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
                            f" Hatched: {_plural(c['undated'], 'undated claim')}, listed below.")
        else:
            listed = [_plural(c["imprecise"], "imprecise claim")] if c["imprecise"] else []
            pointed = []
            if c["undated"]:
                (pointed if self.params.undated == "count" else listed).append(
                    _plural(c["undated"], "undated claim"))
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
        from claimbook.publish.digest import selection_digest

        return _html(provenance_html(self.data, self.params, self.generated,
                                     self.digest or selection_digest(self.params)))


CHANGED_IDS = 5  # ids the "what changed" box names of each kind before "…"


def changes_html(changes: dict) -> str:
    """'Since the edition of 1 March: 1 claim added (C023), none changed' at the top of a
    report of a series, so a reader sees what is new."""
    since = changes.get("since", "")
    try:
        when = datetime.fromisoformat(since).strftime("%d %B %Y, %H:%M")
    except ValueError:
        when = since
    parts = []
    for key, word in (("added", "added"), ("changed", "changed")):
        n = int(changes.get(key, 0))
        ids = changes.get(f"{key}_ids", [])
        first = ids[:CHANGED_IDS]
        named = (f" ({', '.join(esc(i) for i in first)}{', …' if n > len(first) else ''})"
                 if first else "")
        parts.append(f"{_plural(n, 'claim')} {word}{named}")
    removed = int(changes.get("removed", 0))
    if removed:
        parts.append(f"{_plural(removed, 'claim')} no longer listed")
    nothing = not any(int(changes.get(k, 0)) for k in ("added", "changed", "removed"))
    text_ = "nothing changed in its claims" if nothing else "; ".join(parts)
    return (f'<aside class="changes" data-added="{int(changes.get("added", 0))}" '
            f'data-changed="{int(changes.get("changed", 0))}"><strong>What changed since the '
            f'previous edition</strong> ({esc(when)}): {text_}.</aside>')


def pairs_left_out_note(n: int) -> str:
    """How many contested pairs of the selection a report with a range leaves out, and why."""
    if not n:
        return ""
    return (f'<p class="left-out" data-left-out="{n}">{_plural(n, "more contested pair")} of '
            f'this selection {"is" if n == 1 else "are"} not shown: neither side is in the range '
            "or overlaps it (both are undated, or one is undated and the other outside the "
            "range). The report of all dates shows every pair.</p>")


def undated_pointer(n: int) -> str:
    """What a report that counts its undated claims says instead of listing them."""
    return (f'<p class="undated-pointer" data-group="undated">{_plural(n, "claim")} of this '
            f'selection {"has" if n == 1 else "have"} no date. They are counted, not listed, '
            f'here: the report of all dates (<a href="../all-dates/report.html">all-dates</a>, '
            f'beside this one in the reports folder) lists them and counts them in its charts.'
            f'</p>')


def html_display(fragment: str) -> Any:
    """A section as the notebook displays it (and nbconvert exports it): HTML, never code."""
    from IPython.display import HTML  # only the kernel needs IPython

    # tex2jax_ignore: JupyterLab's MathJax leaves "$...$" from the data alone.
    return HTML(f'<div class="cb-section tex2jax_ignore">{fragment}</div>')


_html = html_display
