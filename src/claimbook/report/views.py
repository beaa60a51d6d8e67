"""What the Python API's objects look like in a notebook: a table of rows, and one claim's card.

`Table` displays its first rows as an HTML table; `ClaimTrail` (what `Workbook.claim(id)`
returns) displays itself as a card: the claim, who made it (type, country), when, its topic,
credibility and notes, what it answers and who answers it, who carries it, and every mention
with its quote. Every value from the data is escaped (`html.esc`/`text`): a `<script>` in a
claim shows as text, `$x$` is not typeset, bidi controls are isolated. Both print as readable
text too (`repr`), and their fields are documented on the class (JupyterLab's Shift+Tab).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from claimbook.claims import names
from claimbook.report.html import esc, text

TABLE_ROWS = 50  # rows a table shows in a notebook; its `frame` holds all of them
# Cell style of a table: JupyterLab right-aligns table cells, which suits numbers, not claims.
CELL_STYLE = "text-align:left;vertical-align:top"
WIDE_COLUMNS = ("claim", "response_claim", "quote", "title")  # text to read: room for it
WHOLE_COLUMNS = ("date", "response_date", "published", "claim_id", "response_id", "group")
CARD_STYLE = ("border:1px solid #bbb;border-radius:6px;padding:0.6em 1em;margin:0.4em 0;"
              "max-width:60em")
FIELDS = ("claim", "answers", "responses", "mentions", "carried")  # a ClaimTrail's fields


def filled(value: Any) -> bool:
    """Whether a cell holds a value (not None, NA or '')."""
    return value is not None and not (not isinstance(value, str) and pd.isna(value)) and \
        str(value) != ""


@dataclass(frozen=True)
class Table:
    """Rows to read in a notebook: `frame` holds all of them; it displays its first
    `max_rows` as an HTML table in which every value from the data is escaped (a `<script>`
    in a claim shows as text, `$x$` is not typeset)."""

    frame: pd.DataFrame
    caption: str = ""
    max_rows: int = TABLE_ROWS

    def __len__(self) -> int:
        return len(self.frame)

    def __repr__(self) -> str:
        return f"{self.caption}\n{self.frame.to_string(max_rows=self.max_rows, max_colwidth=60)}"

    def _repr_html_(self) -> str:
        shown = self.frame.iloc[: self.max_rows]
        styles = [CELL_STYLE + (";min-width:22em" if c in WIDE_COLUMNS else "")
                  + (";white-space:nowrap" if c in WHOLE_COLUMNS else "") for c in shown.columns]
        head = "".join(f'<th style="{st}">{esc(c)}</th>' for c, st in zip(shown.columns, styles,
                                                                         strict=True))
        body = "".join(
            "<tr>" + "".join(f'<td style="{st}">{text(v)}</td>'
                             for v, st in zip(row, styles, strict=True)) + "</tr>"
            for row in shown.itertuples(index=False, name=None))
        more = (f'<p class="more-rows">Showing the first {len(shown):,} of {len(self):,} rows; '
                "<code>.frame</code> holds all of them.</p>" if len(self) > len(shown) else "")
        return (f'<div class="claimbook-table tex2jax_ignore"><table><caption>'
                f"{text(self.caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}"
                f"</tbody></table>{more}</div>")


def _words(value: Any) -> str:
    return str(value).replace("_", " ")


@dataclass(frozen=True)
class ClaimTrail:
    """One claim and where it leads, as `Workbook.claim(id)` returns it; in a notebook it
    displays itself as a card, and `print` shows the same as text. Its fields:

    * `claim` — the claim's row (a pandas Series): `claim_id`, `claim` (the text), `claimant`
      (as the data shows it), `claimant_type`, `claimant_country`, `claim_type`, `date` (as
      written: 2025, 2025-07, 2025-07-14 or empty) with `date_start`, `date_end` and
      `date_precision`, `topic`, `responds_to` (the id of the claim it answers), `notes`, `url`,
      `attributes` (JSON of an import's other columns) and `credibility` (1-6, Admiralty).
    * `answers` — the claim it responds to: 0 or 1 row, with the columns of `claim`.
    * `responses` — the claims that respond to it, with the columns of `claim`.
    * `mentions` — each place it is quoted: `doc_id`, `title`, `publisher`, `published`,
      `start` and `end` (character offsets in the source's text), `page` (PDF sources) and
      `quote`.
    * `carried` — who carries it (`corroboration.per_claim`): `n_publishers`, `graded`
      (publisher and reliability grade pairs), `first_doc` and `first_published` (where it was
      first seen); None when it has no mention.
    """

    claim: pd.Series
    answers: pd.DataFrame
    responses: pd.DataFrame
    mentions: pd.DataFrame
    carried: pd.Series | None

    def _facts(self) -> list[tuple[str, str, str]]:
        """(label, text, HTML) of each fact the card shows below the claim, in order."""
        c = self.claim
        out = []
        who = names.shown(str(c["claimant"]))
        about = ", ".join(x for x in (_words(c["claimant_type"]) if filled(c["claimant_type"])
                                      else "", str(c["claimant_country"])
                                      if filled(c["claimant_country"]) else "") if x)
        out.append(("claimant", f"{who} ({about})" if about else who,
                    f"{text(who)}" + (f" ({esc(about)})" if about else "")))
        when = (f"{c['date']} ({c['date_precision']} precision)" if filled(c["date"])
                else "undated")
        out.append(("date", when, esc(when)))
        for column, label in (("topic", "topic"), ("credibility", "credibility"),
                              ("notes", "notes"), ("url", "url"), ("attributes", "attributes")):
            if column in c.index and filled(c[column]):
                value = _words(c[column]) if column == "topic" else str(c[column])
                out.append((label, value, text(value)))
        for label, rows in (("answers", self.answers), ("answered by", self.responses)):
            for _, r in rows.iterrows():
                line = (f"{r['claim_id']} ({names.shown(str(r['claimant']))}, "
                        f"{_words(r['claim_type'])}): {r['claim']}")
                out.append((label, line, f"{esc(r['claim_id'])} ({text(names.shown(str(r['claimant'])))}"
                            f", {esc(_words(r['claim_type']))}): {text(r['claim'])}"))
        if self.carried is not None:
            n = int(self.carried["n_publishers"])
            doc = self.carried["first_doc"]
            titles = dict(zip(self.mentions["doc_id"], self.mentions["title"], strict=True))
            publishers = [str(p) for p, _ in self.carried["graded"]]
            first = (f"first seen in {titles.get(doc, doc)} ({doc}, published "
                     f"{self.carried['first_published']})" if doc
                     else "first seen: no document that carries it has a publication date")
            plain = f"{n} publisher{'' if n == 1 else 's'}: {', '.join(publishers)}; {first}"
            html_first = (f"first seen in {text(titles.get(doc, doc))} ({esc(doc)}, published "
                          f"{esc(self.carried['first_published'])})" if doc else esc(first))
            out.append(("carried by", plain,
                        f"{n} publisher{'' if n == 1 else 's'}: "
                        f"{', '.join(text(p) for p in publishers)}; {html_first}"))
        return out

    def __repr__(self) -> str:
        c = self.claim
        lines = [f"{c['claim_id']} · {_words(c['claim_type'])}", f"  {c['claim']}"]
        lines += [f"  {label}: {plain}" for label, plain, _ in self._facts()]
        lines.append(f"  {len(self.mentions)} mention(s); fields: "
                     + ", ".join(f".{f}" for f in FIELDS))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        c = self.claim
        rows = "".join(f'<tr><th style="{CELL_STYLE};white-space:nowrap;padding-right:1em">'
                       f"{esc(label)}</th><td style=\"{CELL_STYLE}\">{html}</td></tr>"
                       for label, _, html in self._facts())
        mentions = Table(self.mentions, f"Mentions of {c['claim_id']}",
                         max_rows=len(self.mentions))
        return (f'<div class="claimbook-claim tex2jax_ignore" style="{CARD_STYLE}">'
                f"<h4>{esc(c['claim_id'])} · {esc(_words(c['claim_type']))}</h4>"
                f"<p><strong>{text(c['claim'])}</strong></p><table>{rows}</table>"
                f"{mentions._repr_html_()}"
                f'<p style="font-size:smaller;color:#555">Fields: '
                + ", ".join(f"<code>.{f}</code>" for f in FIELDS)
                + " (<code>help(trail)</code> describes each).</p></div>")
