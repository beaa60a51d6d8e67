"""The Python API for analysis in a notebook: open a data folder, select, chart, read, render.

    import claimbook
    wb = claimbook.open()                    # ./data, or the data/ folder of a parent
    july = wb.select(period="2025-07", claimants=["Zelensky"])
    july.counts                              # {'in_range': 1, 'imprecise': 0, 'undated': 0}
    july.chart("by_claimant")                # displays itself: no %matplotlib inline
    july.table()                             # the claims, as escaped HTML
    wb.claim("C008")                         # one claim as a card: who, when, answers, quotes
    july.report(formats="html")              # the report `claimbook render` makes of it

Nothing here has a rule of its own. Dates, periods and filters given as text are read by
`config.ReportParams.from_cli` and names resolved by `claimants.resolve_params`, as the command
line reads them (`end="2025-07"` is 31 July; `"Zelensky"` is 'Volodymyr Zelenskyy'); the three
groups are `query.select`'s, the counted claims, tally and contested pairs `summary`'s, the
charts `charts`' and who carries what `carriers`'; `Selection.report` renders through
`render.render`, as `claimbook render` does. So a cell and a command of the same selection
give the same counts. Text from the data is escaped wherever it is shown as HTML; the
DataFrames it hands out are `frames.TextFrame`s, whose tables JupyterLab never typesets.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Sequence
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa
from matplotlib.figure import Figure

from claimbook import store
from claimbook.claims import corroboration, names, query, schema, summary
from claimbook.claims.claimants import listing, resolve_params
from claimbook.claims.daterule import GROUPS, headline_words
from claimbook.claims.dates import describe_period, describe_range
from claimbook.errors import ConfigError
from claimbook.params import FORMATS, RenderConfig, ReportParams
from claimbook.report import charts
from claimbook.report.frames import text_frame
from claimbook.report.html import esc, text
from claimbook.report.views import TABLE_ROWS, ClaimTrail, Table, filled
from claimbook.store import locks

log = logging.getLogger("claimbook")

DATA_DIR = "data"  # the command line's --data default, relative to the current folder
# The charts of a report, by the names its notebook uses ("sources": claims by publisher).
CHART_NAMES = ("by_claimant", "by_type", "timeline", "matrix", "sources")
LISTED_COLUMNS = ("group", "claim_id", "date", "claimant", "claim_type", "topic", "claim")
MAX_NAMED_FILTERS = 3  # filter values a chart title names before "+N more"


def find_data(folder: str | Path | None = None) -> Path:
    """The data folder `open()` uses without one: `data/` in `folder` (default the current
    folder), as the command line's `--data` default, else in the nearest parent that has one
    (a notebook in `notebooks/` runs there and finds `../data`). It must hold a claims table."""
    here = Path.cwd() if folder is None else Path(folder)
    for up, parent in enumerate((here, *here.resolve().parents)):
        candidate = parent / DATA_DIR
        if any(store.path_for(candidate, schema.CLAIMS, fmt).is_file()
               for fmt in store.STORAGE_FORMATS):
            return Path(*[".."] * up, DATA_DIR) if folder is None else candidate
    raise ConfigError(f"no data folder: neither {here / DATA_DIR} nor a {DATA_DIR}/ folder of a "
                      f"parent holds {schema.CLAIMS.filename}; give its path: "
                      "claimbook.open('path/to/data')")


def open(data_dir: str | Path | None = None) -> Workbook:  # noqa: A001 - claimbook.open
    """Open a data folder: its tables read, validated in full and typed (`store.load`).

    `data_dir`: the folder holding claims.csv (or claims.parquet), mentions.csv and
    documents.csv; default `find_data()`: ./data, else the data/ folder of the nearest parent.
    A broken table raises DataError listing every problem, as `claimbook validate` does.
    Open the folder again after its tables change."""
    folder = find_data() if data_dir is None else Path(data_dir)
    locks.open_data(folder)  # a change a killed writer left unfinished is finished first
    return Workbook(store.load(folder))


def _values(given: str | Sequence[str] | None) -> tuple[str, ...]:
    """A filter as given in a cell: one name, or a list of them (a name may hold a comma)."""
    if given is None:
        return ()
    return (given,) if isinstance(given, str) else tuple(given)


def _when(value: date | str | None) -> date | str | None:
    return value if isinstance(value, date) or value is None else str(value)


class Workbook:
    """One data folder, opened: its typed tables and the selections made of them.

    `claims`, `mentions` and `documents` are the validated tables as typed DataFrames (the
    claims with `date_start`, `date_end` and `date_precision`); `claimants` lists who is in
    the data, as `claimbook claimants` does. `select(...)` makes a `Selection`; `claim(id)`
    follows one claim through its answers, mentions and sources."""

    def __init__(self, data: store.ClaimData) -> None:
        self.data = data

    @property
    def data_dir(self) -> Path:
        """The folder the tables were read from."""
        return self.data.data_dir

    @property
    def claims(self) -> pd.DataFrame:
        """Every claim, typed (`store.typed_claims`): one row per claim."""
        return text_frame(self.data.claims)

    @property
    def mentions(self) -> pd.DataFrame:
        """Every mention: where a claim is quoted (doc_id, offsets, verbatim quote)."""
        return text_frame(self.data.mentions)

    @property
    def documents(self) -> pd.DataFrame:
        """Every registered source document (doc_id, title, publisher, published, ...)."""
        return text_frame(self.data.documents)

    @cached_property
    def claimants(self) -> pd.DataFrame:
        """Who is in the data, as `claimbook claimants` lists them: type, country, claims
        (dated and undated) and the other spellings a claimant filter accepts, most claims
        first."""
        rows = listing(self.data_dir, self.claims)
        return text_frame({
            "claimant": [r.claimant for r in rows], "type": [r.claimant_type for r in rows],
            "country": [r.country for r in rows], "claims": [r.claims for r in rows],
            "dated": [r.dated for r in rows], "undated": [r.undated for r in rows],
            "aliases": ["; ".join(r.aliases) for r in rows]})

    def select(self, start: date | str | None = None, end: date | str | None = None, *,
               period: str | None = None, as_of: date | str | None = None,
               claimants: str | Sequence[str] = (), claim_types: str | Sequence[str] = (),
               topics: str | Sequence[str] = (), publishers: str | Sequence[str] = (),
               docs: str | Sequence[str] = ()) -> Selection:
        """The claims of a date range and filters, in the three groups of a report.

        `start`/`end`: a day or a reduced date (`end="2025-07"` is 31 July), or `period`
        ("2025-07", "2025-Q3", "2025-W27", "last-month" counted from `as_of`, default today),
        never both. Filters (one name or a list; empty means all): `claimants` (case and
        aliases resolved: "Zelensky"), `claim_types`, `topics`, and by source `publishers`
        and `docs` (the claims their documents mention). Read exactly as `claimbook claims`
        reads its options; a bad value raises ConfigError naming it (and the nearest names)."""
        params = ReportParams.from_cli(
            start=_when(start), end=_when(end), period=period, as_of=_when(as_of),
            claimants=_values(claimants), claim_types=_values(claim_types),
            topics=_values(topics), publishers=_values(publishers), docs=_values(docs),
            data_dir=str(self.data_dir))
        params = resolve_params(params, say=log.info)
        groups = query.select(self.claims, params.start, params.end, params.claimants,
                              params.claim_types, params.topics, claim_ids=store.selection.claim_ids(params))
        return Selection(self, params, groups)

    def claim(self, claim_id: str) -> ClaimTrail:
        """One claim followed through the data, displayed as a card in a notebook: the claim,
        its claimant (type, country), date, topic and notes, the claim it answers, the claims
        answering it, who carries it (publishers, first seen) and each mention with its quote
        and document. Its fields (`.claim`, `.answers`, `.responses`, `.mentions`, `.carried`)
        are described by `help(ClaimTrail)`. An id not in the data raises ConfigError with the
        nearest ids."""
        ids = self.claims["claim_id"].astype(str)
        if claim_id not in set(ids):
            near = difflib.get_close_matches(str(claim_id), list(ids), n=3, cutoff=0.5)
            hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            raise ConfigError(f"no claim {claim_id!r} in {self.data_dir}{hint}")
        by_id = self.claims.set_index(ids, drop=False)
        row = by_id.loc[claim_id]
        answers = by_id.loc[[row["responds_to"]]] if filled(row["responds_to"]) else \
            by_id.iloc[:0]
        responses = by_id[by_id["responds_to"].astype("string").fillna("") == claim_id]
        carried = corroboration.carriage(self.mentions, self.documents, pd.Series([claim_id]))
        firsts, _ = corroboration.per_claim(carried)
        quoted = self.mentions[self.mentions["claim_id"].astype(str) == claim_id]
        docs = self.documents[["doc_id", "title", "publisher", "published"]]
        columns = ["doc_id", "title", "publisher", "published", "start", "end",
                   *(["page"] if "page" in quoted.columns else []), "quote"]
        mentions = quoted.astype({"doc_id": str}).merge(
            docs.astype({"doc_id": str}), on="doc_id", how="left")[columns]
        return ClaimTrail(row, answers, responses, mentions,
                          firsts.iloc[0] if len(firsts) else None)

    @cached_property
    def _responses(self) -> pa.Table:
        """claim_id and responds_to of every answering claim (`store.read_responses`' shape)."""
        answering = self.claims[self.claims["responds_to"].astype("string").fillna("") != ""]
        return pa.table({c: pa.array(answering[c].astype(str).tolist(), pa.string())
                         for c in ("claim_id", "responds_to")})

    def __repr__(self) -> str:
        s = self.data.summary()
        return (f"<claimbook.Workbook {self.data_dir}: {s['claims']} claims ({s['dated']} dated, "
                f"{s['undated']} undated), {s['mentions']} mentions, {s['claimants']} claimants, "
                f"{s['documents']} source documents>")


class Selection:
    """The claims of one range and filters, as a report of it would count and list them.

    `in_range`, `imprecise` and `undated` are the three groups (DataFrames of the workbook's
    typed claims); `counts` their sizes, as `claimbook claims` prints them. `chart(name)`
    draws a chart of the report, `table()` and `contested()` show rows as escaped HTML, and
    `report()` renders the report of exactly this selection. `params` is the validated
    selection (`config.ReportParams`)."""

    def __init__(self, workbook: Workbook, params: ReportParams,
                 groups: query.Selection) -> None:
        self.workbook = workbook
        self.params = params
        self._groups = groups

    @property
    def in_range(self) -> pd.DataFrame:
        """Claims whose date lies inside the range: the ones the charts count."""
        return text_frame(self._groups.in_range)

    @property
    def imprecise(self) -> pd.DataFrame:
        """Claims whose date overlaps the range but is not inside it: listed, not counted."""
        return text_frame(self._groups.imprecise)

    @property
    def undated(self) -> pd.DataFrame:
        """Claims with no date: listed, never dropped (counted only without a range)."""
        return text_frame(self._groups.undated)

    @property
    def counts(self) -> dict[str, int]:
        """{'in_range': …, 'imprecise': …, 'undated': …}: the report's three numbers."""
        return self._groups.counts()

    @property
    def open_range(self) -> bool:
        """No start and no end: every claim is in scope, and the charts count undated ones."""
        return self.params.start is None and self.params.end is None

    def all(self) -> pd.DataFrame:
        """Every selected claim with its `group`, in report order (group, date, id)."""
        return text_frame(self._groups.all())

    def headline(self) -> str:
        """The selection in words, as a report's headline says it."""
        return headline_words(self.counts, self.params.start, self.params.end)

    @cached_property
    def _summary(self) -> summary.Summary:
        """The report's figures, tally and contested pairs of these claims (`summary`)."""
        keys = summary.keys_of(self.all())
        return summary.summarize(keys, self.params.start, self.params.end,
                                 self.workbook._responses, self.workbook.mentions,
                                 max_pairs=max(1, len(self.workbook._responses)))

    def counted(self) -> pd.DataFrame:
        """The claims the charts count: those in range; without a range, the undated too."""
        return pd.concat([self.in_range, self.undated]) if self.open_range else self.in_range

    def title(self) -> str:
        """What the charts' titles say was selected: 'Claims in July 2025 (denial)'."""
        p = self.params
        if self.open_range:
            words = "All claims"
        elif p.start and p.end:
            words = f"Claims in {describe_period(p.start, p.end)}"
        else:
            words = f"Claims {describe_range(p.start, p.end)}"
        chosen = [*(names.shown(c) for c in p.claimants),
                  *(t.replace("_", " ") for t in p.claim_types),
                  *(t.replace("_", " ") for t in p.topics),
                  *(f"carried by {x}" for x in p.publishers), *(f"in {d}" for d in p.docs)]
        if chosen:
            more = len(chosen) - MAX_NAMED_FILTERS
            named = ", ".join(chosen[:MAX_NAMED_FILTERS]) + (f", +{more} more" if more > 0 else "")
            words += f" ({named})"
        return words

    def _dated_title(self) -> str:
        """The timeline's: 'Dated claims in July 2025 (denial)' (it draws dated claims only)."""
        words = self.title()
        rest = words.removeprefix("All claims") if self.open_range else words.removeprefix("Claims")
        return "Dated claims" + rest

    def chart(self, name: str) -> Figure:
        """One chart of the report, drawn from this selection, titled with it; it displays
        itself in a notebook (SVG, or PNG where the notebook is not trusted). Names:
        by_claimant, by_type, timeline, matrix, sources (claims by publisher)."""
        makers: dict[str, Callable[[], Figure]] = {
            "by_claimant": lambda: charts.by_claimant(self._summary.tally, self.title()),
            "by_type": lambda: charts.by_type(self._summary.tally, self.title()),
            "timeline": lambda: charts.timeline(
                self._summary.tally, *self._summary.bounds(self.params.start, self.params.end),
                outside=self._summary.outside, scope=self._dated_title()),
            "matrix": lambda: charts.matrix(self._summary.tally, self.title()),
            "sources": lambda: charts.by_claimant(self.publisher_tally(), self.title(),
                                                  by="publisher"),
        }
        if name not in makers:
            raise ConfigError(f"no chart {name!r}; choose from {', '.join(CHART_NAMES)}")
        return makers[name]()

    def publisher_tally(self) -> pd.DataFrame:
        """Claims per publisher and claim type among the counted claims (`carriers`): a claim
        carried by three publishers counts once for each."""
        counted = self.counted()
        ids = counted["claim_id"].astype(str)
        carried = corroboration.carriage(self.workbook.mentions, self.workbook.documents, ids)
        types = pd.Series(counted["claim_type"].astype(str).to_numpy(), index=ids.to_numpy())
        dated = pd.Series(counted["date_start"].notna().to_numpy(), index=ids.to_numpy())
        return text_frame(corroboration.by_publisher(carried, types, dated))

    def table(self, group: str | None = None, max_rows: int = TABLE_ROWS) -> Table:
        """The selected claims (or one group: in_range, imprecise, undated) as a table that
        shows its first `max_rows` rows as escaped HTML; `.frame` holds every row."""
        rows = self.all()
        if group is not None:
            if group not in GROUPS:
                raise ConfigError(f"no group {group!r}; choose from {', '.join(GROUPS)}")
            rows = rows[rows["group"] == group]
        frame = rows[list(LISTED_COLUMNS)].reset_index(drop=True)
        return Table(frame, f"{self.title()}: {self.headline()}", max_rows)

    def contested(self, max_rows: int = TABLE_ROWS) -> Table:
        """Each response beside the claim it answers, for the pairs with a side in this
        selection (a report's rule: with a range, a side in range or imprecise)."""
        pairs = self._summary.pairs
        by_id = self.workbook.claims.set_index(self.workbook.claims["claim_id"].astype(str))
        frame = pd.DataFrame({"claim_id": pairs["responds_to"].astype(str).to_numpy()})
        for side, ids in (("", pairs["responds_to"]), ("response_", pairs["claim_id"])):
            rows = by_id.loc[list(ids.astype(str))]
            if side:
                frame["response_id"] = list(ids.astype(str))
            for column in ("claimant", "claim_type", "date", "claim"):
                frame[side + column] = rows[column].astype("string").to_numpy()
        return Table(frame, f"Contested claims: {len(frame)} pair(s) of a claim and a response",
                     max_rows)

    def report(self, formats: str | Sequence[str] = FORMATS, out: str | Path | None = None, *,
               title: str = "", undated: str = "list", reports_dir: str | Path | None = None,
               notebook: str | Path | None = None, timeout: float = 600, wait: float = 60
               ) -> dict[str, Path]:
        """Render the report of exactly this selection, as `claimbook render` does (the same
        `RenderConfig` and `render.render`), and return its files by kind (html, pdf, ipynb,
        csv, ...). `out`: the report's folder (default `<reports_dir>/<slug>`); `reports_dir`
        defaults to `reports/` beside the data folder, `notebook` (a name or a path) to the
        claims_report.ipynb of the workbook the data folder is in, else the installed one;
        `title` and `undated` as `render --title/--undated`."""
        from claimbook.publish import render  # lazy: papermill and kernels, ~1.7 s, for report() only

        params = ReportParams.build(**{**self.params.model_dump(), "title": title,
                                       "undated": undated})
        cfg = RenderConfig.build(
            params=params, formats=formats, out_dir=Path(out) if out is not None else None,
            reports_dir=Path(reports_dir) if reports_dir is not None else None,
            notebook=notebook,
            timeout=timeout)
        return dict(render.render(cfg, wait=wait).files)

    def __repr__(self) -> str:
        return f"<claimbook.Selection {self.params.describe()}: {self.headline()}>"

    def _repr_html_(self) -> str:
        counts = " · ".join(f"{query.GROUP_LABELS[g]}: {n:,}" for g, n in self.counts.items())
        return (f'<div class="claimbook-selection tex2jax_ignore"><strong>{text(self.title())}'
                f"</strong><br>{text(self.params.describe())}<br>{esc(self.headline())} "
                f"({esc(counts)})</div>")
