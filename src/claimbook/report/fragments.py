"""The report's sections as HTML fragments: pure functions, data in and a string out, tested
without a kernel (`Report` in `sections` bundles them for the notebook)."""

from __future__ import annotations

import platform
from datetime import datetime
from importlib.metadata import PackageNotFoundError, version

import pandas as pd

from claimbook import store
from claimbook.claims import summary
from claimbook.claims.daterule import headline_words
from claimbook.claims.dates import describe_date
from claimbook.params import ReportParams
from claimbook.report.html import date_cell, esc, link, plural, text, type_chip
from claimbook.tables.exporter import SELECTION_CSV

KEY_PACKAGES = ("claimbook", "pandas", "matplotlib", "papermill", "nbconvert", "weasyprint")
# A report stays readable and small at any table size: each claims table shows at most this many
# rows and links the full selection, a CSV written beside the report (exporter.SELECTION_CSV).
MAX_TABLE_ROWS = summary.MAX_ROWS
MAX_CONTESTED = summary.MAX_PAIRS
# What the page shows of a claim (the rest is in selection.csv): read for the rows it shows.
SHOWN_COLUMNS = ("claim_id", "claim", "claimant", "claimant_type", "claim_type", "date", "topic",
                 "responds_to", "url")


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
    others = [plural(counts[g], f"{w} claim") for g, w in (("imprecise", "imprecise"),
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
        f'this report: {plural(len(docs), "document")}.</p>'
        f'<ul class="documents">{"".join(docs)}</ul>'
        f'<p>Selection fingerprint: <code class="fingerprint">{esc(digest)}</code> (sha256 of '
        f'the claims, mentions and source documents this report is made from, in '
        f'{esc(", ".join(data.table_files))})</p>'
        f'<p>Parameters: {text(params.describe())}. '
        f'Generated {esc(generated.isoformat(timespec="seconds"))}.</p>'
        f'<p class="versions">{esc(" · ".join(versions))}</p></footer>'
    )


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
        parts.append(f"{plural(n, 'claim')} {word}{named}")
    removed = int(changes.get("removed", 0))
    if removed:
        parts.append(f"{plural(removed, 'claim')} no longer listed")
    nothing = not any(int(changes.get(k, 0)) for k in ("added", "changed", "removed"))
    text_ = "nothing changed in its claims" if nothing else "; ".join(parts)
    return (f'<aside class="changes" data-added="{int(changes.get("added", 0))}" '
            f'data-changed="{int(changes.get("changed", 0))}"><strong>What changed since the '
            f'previous edition</strong> ({esc(when)}): {text_}.</aside>')


def pairs_left_out_note(n: int) -> str:
    """How many contested pairs of the selection a report with a range leaves out, and why."""
    if not n:
        return ""
    return (f'<p class="left-out" data-left-out="{n}">{plural(n, "more contested pair")} of '
            f'this selection {"is" if n == 1 else "are"} not shown: neither side is in the range '
            "or overlaps it (both are undated, or one is undated and the other outside the "
            "range). The report of all dates shows every pair.</p>")


def undated_pointer(n: int) -> str:
    """What a report that counts its undated claims says instead of listing them."""
    return (f'<p class="undated-pointer" data-group="undated">{plural(n, "claim")} of this '
            f'selection {"has" if n == 1 else "have"} no date. They are counted, not listed, '
            f'here: the report of all dates (<a href="../all-dates/report.html">all-dates</a>, '
            f'beside this one in the reports folder) lists them and counts them in its charts.'
            f'</p>')
