"""A claimant's profile: what one claimant claimed over time, who answered those claims and how,
and whom the claimant answered, as HTML sections for `notebooks/claimant.ipynb`.

The claimant's own claims follow the date rule of every report (in range, imprecise, undated:
`Report` lists and charts them as the main report does). An exchange — a claim and the claim
answering it (`responds_to`) — joins the profile when the claimant's side is in its selection
and, as for the main report's contested pairs, one of its sides is in range or imprecise
(without a range, every exchange): an undated answer alone does not bring an April claim
into a January profile. Nothing else of other claimants is shown.

The functions building the exchanges and their HTML are pure (frames in, frame or text out);
`Profile` reads what they need and bundles them for the notebook's few calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from claimbook import store
from claimbook.claims import schema, summary
from claimbook.claims.daterule import GROUPS, headline_words
from claimbook.errors import ConfigError
from claimbook.publish.digest import selection_digest
from claimbook.report import fragments
from claimbook.report.fragments import (
    MAX_CONTESTED,
    SHOWN_COLUMNS,
    citations,
    cited_documents,
    claim_card,
    figure_cards,
    header_figures,
)
from claimbook.report.html import esc, text, type_chip
from claimbook.report.sections import Report, html_display

KIND = "Claimant profile"  # the noun of its titles: notebooks/claimant.ipynb's claimbook.kind
PAIR_COLUMNS = ("claim_id", "responds_to")
# An exchange with a side in one of these groups is in a report with a range (as a pair is).
IN_REPORT = (GROUPS.index("in_range"), GROUPS.index("imprecise"))


# --- the exchanges (pure) ------------------------------------------------------------------------


def touching(responses: pa.Table, own_ids: pa.Array | pa.ChunkedArray
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The answers to the claimant's claims (`responds_to` is theirs) and the claimant's own
    answers (`claim_id` is theirs), as PAIR_COLUMNS frames; `responses` as
    `store.read_responses` gives them. A claim answering the claimant's own claim is one of
    their own answers, not also one received."""
    given = responses.filter(pc.is_in(responses["claim_id"], value_set=own_ids))
    received = responses.filter(pc.and_(pc.is_in(responses["responds_to"], value_set=own_ids),
                                        pc.invert(pc.is_in(responses["claim_id"],
                                                           value_set=own_ids))))
    return _frame(received), _frame(given)


def _frame(tbl: pa.Table) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(tbl[c].to_pylist(), dtype=object) for c in PAIR_COLUMNS})


def shown(pairs: pd.DataFrame, own: str, codes: dict[str, int], claimants: dict[str, str],
          claimant: str, order: dict[str, int], open_range: bool) -> tuple[pd.DataFrame, int]:
    """The exchanges the profile shows, in the order of the claimant's claims (then by the
    answer's id), and how many exchanges of the selection it leaves out.

    `own` names the column holding the claimant's side ("responds_to" for answers received,
    "claim_id" for their own answers); `codes` is each claim's group (`daterule.GROUPS`
    index, -1 out of range), `claimants` each claim's claimant and `order` the rank of each of
    the claimant's claims in report order. An answer by the claimant to their own claim
    outside the selection is not someone else's: it is left out of the answers received."""
    other = "claim_id" if own == "responds_to" else "responds_to"
    if pairs.empty:
        return pairs.iloc[:0], 0
    own_code = pairs[own].map(codes).fillna(-1).astype(int)
    other_code = pairs[other].map(codes).fillna(-1).astype(int)
    theirs = own_code >= 0
    if own == "responds_to":  # answers received come from someone else
        theirs &= pairs[other].map(claimants) != claimant
    reported = open_range | own_code.isin(IN_REPORT) | other_code.isin(IN_REPORT)
    chosen = pairs[theirs & reported].copy()
    chosen["_rank"] = chosen[own].map(order)
    chosen = chosen.sort_values(["_rank", "claim_id"]).drop(columns="_rank")
    return chosen.reset_index(drop=True), int((theirs & ~reported).sum())


def answer_tally(received: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Who answered the claimant, and how: one row per answering claimant with a count per
    claim type (vocabulary order) and a total, most answers first."""
    if received.empty:
        return pd.DataFrame({"claimant": pd.Series([], dtype=object), "total": []})
    rows = claims.drop_duplicates("claim_id").set_index("claim_id").loc[list(received["claim_id"])]
    counts = pd.crosstab(rows["claimant"].astype(str), rows["claim_type"].astype(str))

    counts = counts[[t for t in schema.CLAIM_TYPES if t in counts.columns]]
    counts.columns.name = None
    counts["total"] = counts.sum(axis=1)
    counts = counts.reset_index().rename(columns={"index": "claimant"})
    return counts.sort_values(["total", "claimant"], ascending=[False, True], ignore_index=True)


# --- the exchanges as HTML (pure) -----------------------------------------------------------------


def tally_html(tally: pd.DataFrame) -> str:
    """The answering claimants and the kinds of their answers ('China Foreign Ministry:
    1 denial, 1 statement')."""
    if tally.empty:
        return ""
    rows = []
    for _, r in tally.iterrows():
        kinds = " ".join(f'{type_chip(t)}&nbsp;×&nbsp;{int(r[t])}' for t in tally.columns
                         if t not in ("claimant", "total") and int(r[t]))
        rows.append(f'<tr data-answerer="{esc(r["claimant"])}"><td class="claimant">'
                    f'{text(r["claimant"])}</td><td class="n">{int(r["total"])}</td>'
                    f'<td class="kinds">{kinds}</td></tr>')
    return ('<table class="answers"><thead><tr><th>answered by</th><th>answers</th>'
            f'<th>of which kind</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def exchanges_html(pairs: pd.DataFrame, claims: pd.DataFrame, mentions: pd.DataFrame,
                   titles: dict[str, str], total: int, group: str,
                   labels: tuple[str, str], empty_text: str,
                   max_pairs: int = MAX_CONTESTED) -> str:
    """Each answered claim beside every answer it has here (`pairs`: the answer's claim_id
    and the answered responds_to, in the order to show; `claims` holds both sides); `labels`
    head the two sides. `group` is `received` (answers to the claimant) or `given` (theirs)."""
    if total == 0:
        return f'<p class="empty" data-group="{group}">{esc(empty_text)}</p>'
    by_id = claims.drop_duplicates("claim_id").set_index("claim_id", drop=False)
    shown_pairs = pairs.iloc[:max_pairs]
    parts = ([f'<p class="more-rows" data-group="{group}">Showing {len(shown_pairs):,} of '
              f'{total:,} answers.</p>'] if total > len(shown_pairs) else [])
    for answered, answers in shown_pairs.groupby("responds_to", sort=False):
        cards = "".join(
            f'<div class="answer" data-response="{esc(a)}">'
            f'{claim_card(by_id.loc[a], mentions, titles)}</div>' for a in answers["claim_id"])
        parts.append(
            f'<div class="contested-pair exchange" data-group="{group}" '
            f'data-claim-id="{esc(answered)}"><div class="side"><h4>{esc(labels[0])}</h4>'
            f'{claim_card(by_id.loc[answered], mentions, titles)}</div>'
            f'<div class="side"><h4>{esc(labels[1])}</h4>{cards}</div></div>')
    return "".join(parts)


def left_out_note(n: int) -> str:
    """What the range leaves out of the exchanges, and where they are."""
    if not n:
        return ""
    more = f"{n:,} more exchange{'' if n == 1 else 's'}"
    return (f'<p class="left-out">{more} of undated claims with an answer or claim also '
            'undated or outside the range '
            f'{"is" if n == 1 else "are"} not shown here, as in every report with a range: the '
            f'profile of all dates shows {"it" if n == 1 else "them"}.</p>')


# --- what the notebook calls ------------------------------------------------------------------------


@dataclass
class Profile:
    """One claimant's profile: their `Report` (counts, charts and lists of their own claims)
    and the exchanges with other claimants it shows."""

    report: Report
    claimant: str
    claimant_type: str
    country: str
    received: pd.DataFrame
    received_total: int
    received_left_out: int
    given: pd.DataFrame
    given_total: int
    given_left_out: int
    exchanged: store.ClaimData  # both sides of every exchange shown, their mentions, documents

    @classmethod
    def build(cls, changes: str = "", **notebook_params: Any) -> Profile:
        """The profile of the one claimant of `claimants` (case and aliases resolved as on the
        command line), with the parameters of the main report."""
        base = Report.build(changes=changes, **notebook_params)
        p = base.params
        if len(p.claimants) != 1:
            raise ConfigError(f"claimants: a claimant profile is of exactly one claimant; "
                              f"give one name (given {len(p.claimants) or 'none'})")
        name = p.claimants[0]
        keys = store.selection.keys(p)
        codes = summary.group_codes(keys, p.start, p.end)
        ids = keys["claim_id"].to_pylist()
        listed = keys["claim_id"].filter(pa.array(codes >= 0))
        received, given = touching(store.read_responses(p.data_dir), listed)
        others = pd.concat([received["claim_id"], given["responds_to"]], ignore_index=True)
        other_rows = store.read_claims_by_id(p.data_dir, others,
                                             ("claim_id", "claimant", "claim_type", "date"))
        other_codes = summary.group_codes(summary.keys_of(other_rows), p.start, p.end)
        all_codes = {**dict(zip(other_rows["claim_id"].astype(str), other_codes.tolist(),
                                strict=True)),
                     **dict(zip(ids, codes.tolist(), strict=True))}
        who = dict(zip(other_rows["claim_id"].astype(str), other_rows["claimant"].astype(str),
                       strict=True))
        order = {ids[i]: rank for rank, i in enumerate(summary.report_order(keys, codes))}
        open_range = p.start is None and p.end is None
        received, received_out = shown(received, "responds_to", all_codes, who, name, order,
                                       open_range)
        given, given_out = shown(given, "claim_id", all_codes, who, name, order, open_range)
        sides = pd.concat([received["claim_id"], received["responds_to"], given["claim_id"],
                           given["responds_to"]], ignore_index=True).drop_duplicates()
        rows = store.read_claims_by_id(p.data_dir, sides, SHOWN_COLUMNS)
        mentions, documents = store.read_mentions_documents(p.data_dir)
        mentions = mentions[store.isin(mentions["claim_id"], sides)].reset_index(drop=True)
        exchanged = store.ClaimData(Path(p.data_dir), rows, mentions,
                                    cited_documents(documents, mentions), complete=False)
        anyone = ids[:1] or store.read_keys(p.data_dir, claimants=(name,))["claim_id"].slice(0, 1).to_pylist()
        first = store.read_claims_by_id(p.data_dir, pd.Series(anyone),
                                        ("claim_id", "claimant_type", "claimant_country"))
        kind = str(first["claimant_type"].iloc[0]) if len(first) else ""
        country = first["claimant_country"].iloc[0] if len(first) else None
        return cls(base, name, kind, "" if pd.isna(country) else str(country),
                   received, len(received), received_out, given, len(given), given_out,
                   exchanged)

    @property
    def counts(self) -> dict[str, int]:
        """The report's headline figures and the exchanges shown (`received`, `given`)."""
        return {**self.report.counts(), "received": self.received_total,
                "given": self.given_total}

    def header(self) -> Any:
        return html_display(self.header_html())

    def header_html(self) -> str:
        """Title, who the claimant is, parameters, the headline and the figures."""
        p, r = self.report.params, self.report
        figures, scope = header_figures(p)
        figures = [f for f in figures if f[0] != "claimants"]  # one, by definition
        figures += [("received", "answers received", "claims of others answering theirs"),
                    ("given", "answers given", "their claims answering others")]
        who = ", ".join(x for x in (self.claimant_type.replace("_", " "), self.country) if x)
        as_of = f" · as of {esc(p.as_of.isoformat())}" if p.as_of else ""
        return (
            f'<header class="report-header profile-header"><h1>{text(p.display_title(KIND))}</h1>'
            f'<p class="params"><strong class="claimant-name">{text(self.claimant)}</strong>'
            f'{" (" + esc(who) + ")" if who else ""} · {text(p.describe(claimants=False))}</p>'
            f'<p class="generated">Generated '
            f'{esc(r.generated.strftime("%d %B %Y, %H:%M %Z").strip())}{as_of}</p>'
            f'<p class="headline">{esc(headline_words(self.counts, p.start, p.end))}</p>'
            f'<div class="figures profile-figures">{figure_cards(figures, self.counts)}</div>'
            f'<p class="scope">{esc(scope)} Answers are shown for the claims listed here.</p>'
            '</header>')

    def section(self, name: str) -> Any:
        """One section of the profile, or nothing where it has nothing to show."""
        r = self.report
        if name in ("changes", "when", "in_range", "imprecise", "undated"):
            return r.section(name)
        if name == "types":
            if r.empty:
                return html_display(fragments.empty_html(r.params, r.counts()))
            return html_display("<h2>What kind of claims</h2>" + r.chart_html("by_type"))
        if name in ("received", "given") and r.empty and not (
                self.received_total + self.given_total):
            return None  # the one short page of an empty selection
        if name == "received":
            body = exchanges_html(self.received, self.exchanged.claims, self.exchanged.mentions,
                                  self.titles, self.received_total, "received",
                                  ("Their claim", "Answered by"),
                                  "No claim of this selection was answered by another claimant.")
            return html_display(
                f'<h2>Who answered {text(self.claimant)}</h2><p>Claims of others that answer '
                '(<em>respond to</em>) a claim of this profile, beside it.</p>'
                + tally_html(answer_tally(self.received, self.exchanged.claims)) + body
                + left_out_note(self.received_left_out))
        if name == "given":
            body = exchanges_html(self.given, self.exchanged.claims, self.exchanged.mentions,
                                  self.titles, self.given_total, "given",
                                  ("The claim answered", "Their answer"),
                                  "No claim of this selection answers another claim.")
            return html_display(
                f'<h2>Whom {text(self.claimant)} answered</h2><p>Their claims that answer '
                'another claim, beside the claim they answer.</p>' + body
                + left_out_note(self.given_left_out))
        raise ValueError(f"no section {name!r} in a claimant profile")

    @property
    def titles(self) -> dict[str, str]:
        return citations(self.exchanged.documents)

    def provenance(self) -> Any:
        """The report's provenance, its documents those of every claim the profile shows."""
        r = self.report
        data = r.data
        mentions = pd.concat([data.mentions, self.exchanged.mentions], ignore_index=True)
        mentions = mentions.drop_duplicates(["claim_id", "doc_id", "start", "end"])
        documents = pd.concat([data.documents, self.exchanged.documents], ignore_index=True)
        documents = cited_documents(documents.drop_duplicates("doc_id"), mentions)
        both = store.ClaimData(data.data_dir, data.claims, mentions, documents, complete=False)
        return html_display(fragments.provenance_html(both, r.params, r.generated,
                                                   r.digest or selection_digest(r.params)))

