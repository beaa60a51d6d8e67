"""Charts as pure functions: claims in, a matplotlib Figure out.

Each chart takes a claims DataFrame (`store.typed_claims`) or its tally (`summary.tally`: one
row per claimant, claim type and month with a `claims` count) and draws the same figure from
either (a timeline over an open range needs its bounds with a tally, which knows only months);
a report passes the tally, so a million claims are a few thousand rows here.

No pyplot state, no plt.show: figures are built with `Figure()` so that many reports in one
process (a batch worker) never share or leak figures. Such a figure is not seen by JupyterLab's
inline backend, so each one displays itself (`_repr_svg_`, and `_repr_png_` for a notebook
JupyterLab does not trust, where it shows no SVG): no `%matplotlib inline` needed. Every chart
uses the one colour per claim type in `schema.CLAIM_TYPE_COLOURS`, and text from the data is
never parsed as mathtext and shows its control characters as marks.
"""

from __future__ import annotations

import io
import textwrap
from datetime import date
from itertools import pairwise

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from claimbook.claims import schema, summary
from claimbook.claims.control_chars import visible

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",  # text stays text: smaller files, selectable and searchable
    "svg.hashsalt": "claimbook",  # stable ids: the same data gives the same SVG
    "text.parse_math": False,  # "$x$" in a claimant name is text, not mathtext
}

WRAP = 28  # characters per line of a claimant name on an axis
TOP_CLAIMANTS = 20  # charts by claimant show these and one bar for all others: aggregates stay small
NOTE_WRAP = 100  # characters per line of a note under an axis (the figure's width)
MAX_LINES = 3  # a longer name is cut with "…" on the axis; tables show it in full
TYPES = list(schema.CLAIM_TYPES)
THOUSANDS = StrMethodFormatter("{x:,.0f}")  # 120,000 on an axis, not 120000
MIN_SLOTS = 8  # a timeline of fewer bins keeps room for this many bars


def _wrap(label: str, width: int = WRAP, max_lines: int = MAX_LINES) -> str:
    """A name from the data as an axis label: wrapped, cut, and its control characters shown as
    marks (`controls.visible`; a NUL or ESC in the SVG would make it ill-formed XML)."""
    label = visible(str(label))
    lines = textwrap.wrap(label, width, break_long_words=True) or [label]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: width - 1] + "…"]
    return "\n".join(lines)


class _StyledFigure(Figure):
    """A Figure that draws under STYLE wherever it is drawn (JupyterLab's inline display, a
    plain savefig): tick labels are created at draw time and would otherwise parse "$x$" from
    the data as mathtext (typeset, or crash on "$$"). It displays itself in a notebook."""

    def draw(self, renderer):  # noqa: ANN001, ANN201
        with matplotlib.rc_context(STYLE):
            return super().draw(renderer)

    def _repr_svg_(self) -> str:
        """What IPython shows: the report's SVG (text stays text, sharp at any zoom)."""
        return to_svg(self)

    def _repr_png_(self) -> bytes:
        """The PNG JupyterLab shows instead where a notebook is not trusted (no SVG there)."""
        buf = io.BytesIO()
        with matplotlib.rc_context(STYLE):
            self.savefig(buf, format="png", metadata={"Software": None})
        return buf.getvalue()


def _figure(width: float, height: float) -> Figure:
    with matplotlib.rc_context(STYLE):
        return _StyledFigure(figsize=(width, height), layout="constrained")


TITLE_WRAP = 80  # characters per line of a title (a selection's title names its filters)


def _title(ax, title: str) -> None:  # noqa: ANN001
    """A title on at most two lines, its control characters shown as marks (`_wrap`)."""
    ax.set_title(_wrap(title, TITLE_WRAP, 2))


def _empty(fig: Figure, title: str, message: str) -> Figure:
    with matplotlib.rc_context(STYLE):
        ax = fig.subplots()
        _title(ax, title)
        ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes,
                color="#555555", fontsize=10)
        ax.set_axis_off()
    return fig


def _legend(fig: Figure, ax, types: list[str], undated: bool = False) -> None:  # noqa: ANN001
    handles = [Patch(color=schema.CLAIM_TYPE_COLOURS[t], label=t.replace("_", " ")) for t in types]
    if undated:
        handles.append(Patch(facecolor="#dddddd", edgecolor="#555555", hatch=UNDATED_HATCH,
                             linewidth=0, label=UNDATED_LABEL))
    ax.legend(handles=handles, title="claim type", loc="upper left", bbox_to_anchor=(1.01, 1.0),
              frameon=False, fontsize=8, title_fontsize=8)


def as_tally(claims: pd.DataFrame) -> pd.DataFrame:
    """A claims frame's tally; a tally as it is."""
    if "claims" in claims.columns and "claim_id" not in claims.columns:
        return claims
    return summary.tally(summary.keys_of(claims))


def type_counts(claims: pd.DataFrame, by: str, top: int | None = None,
                dated: bool | None = None) -> pd.DataFrame:
    """Rows `by`, one column per claim type present, counts of claims (not mentions).
    With `top`, the `top` rows with most claims and one first row summing all the others, so a
    table with thousands of claimants still makes a chart of `top + 1` bars. With `dated`,
    only the dated (True) or undated (False) claims are counted.
    """
    counted = as_tally(claims)
    if dated is not None:
        counted = counted[_dated(counted) == dated]
    if counted.empty:
        return pd.DataFrame(columns=TYPES)
    table = (counted.groupby([counted[by].astype(str), counted["claim_type"].astype(str)])
             ["claims"].sum().unstack(fill_value=0))
    cols = [t for t in TYPES if t in table.columns]
    table = table[cols]
    table = table.loc[table.sum(axis=1).sort_values(ascending=True, kind="stable").index]
    if top is not None and len(table) > top:
        rest = table.iloc[:-top]
        other = rest.sum().to_frame(f"all other {by}s ({len(rest):,})").T
        table = pd.concat([other, table.iloc[-top:]])
    table.index.name, table.columns.name = by, "claim_type"
    return table


UNDATED_HATCH = "////"  # the undated part of a bar: its type's colour, hatched
UNDATED_LABEL = "undated (hatched)"


def _dated(tally: pd.DataFrame) -> pd.Series:
    """Whether each tally row counts dated claims (a tally without the column: all dated)."""
    return tally["dated"].astype(bool) if "dated" in tally.columns else \
        pd.Series(True, index=tally.index)


def _split(claims: pd.DataFrame, by: str, top: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`type_counts` of all claims, and of the undated ones aligned to it (zeros where none;
    the 'all other claimants' row sums the undated claims of the claimants it stands for)."""
    table = type_counts(claims, by, top)
    some = type_counts(claims, by, None, dated=False)
    undated = some.reindex(index=table.index, columns=table.columns).fillna(0)
    if top is not None and len(type_counts(claims, by)) > top:  # row 0 is "all other claimants"
        rest = some.drop(index=[i for i in table.index[1:] if i in some.index])
        undated.iloc[0] = rest.reindex(columns=table.columns).fillna(0).sum()
    return table, undated.astype(int)


def _bars(ax, y: np.ndarray, table: pd.DataFrame, undated: pd.DataFrame,  # noqa: ANN001
          horizontal: bool = True) -> np.ndarray:
    """Stacked bars by claim type: each type's dated claims solid, then its undated ones
    hatched in the same colour. Returns the totals."""
    base = np.zeros(len(table))
    for t in table.columns:
        u = undated[t].to_numpy() if t in undated.columns else np.zeros(len(table))
        for part, hatch in ((table[t].to_numpy() - u, None), (u, UNDATED_HATCH)):
            if not part.any():
                continue
            colour = schema.CLAIM_TYPE_COLOURS[t]
            kw = dict(color=colour, edgecolor="white", linewidth=0.6, hatch=hatch)
            if hatch:
                kw.update(facecolor=_light(colour), edgecolor=_dark(colour), linewidth=0)
                kw.pop("color")
            if horizontal:
                ax.barh(y, part, left=base, height=0.62, **kw)
            else:
                ax.bar(y, part, bottom=base, width=0.8, **kw)
            base = base + part
    return base


def _light(colour: str) -> tuple[float, float, float]:
    """A colour mixed halfway to white: the ground of a hatched (undated) part."""
    r, g, b = matplotlib.colors.to_rgb(colour)
    return (0.5 + r / 2, 0.5 + g / 2, 0.5 + b / 2)


def _dark(colour: str) -> tuple[float, float, float]:
    """A colour darkened by a third: the hatch lines of an undated part, visible on the light
    ground of even the lightest type (yellow hatching on pale yellow was lost, and in print)."""
    r, g, b = matplotlib.colors.to_rgb(colour)
    return (r * 2 / 3, g * 2 / 3, b * 2 / 3)


def by_claimant(claims: pd.DataFrame, scope: str = "Claims in range",
                by: str = "claimant") -> Figure:
    """Horizontal bars: claims per claimant (or per `by`, e.g. the publisher of a
    `carriers.by_publisher` tally), stacked by claim type; the undated part of each type
    hatched (a tally of a report of all dates counts undated claims too)."""
    title = f"{scope} by {by}, stacked by claim type"
    table, undated = _split(claims, by, TOP_CLAIMANTS)
    fig = _figure(8.5, max(2.0, 0.42 * len(table) + 1.0))
    if table.empty:
        return _empty(fig, title, "No claims in range")
    with matplotlib.rc_context(STYLE):
        ax = fig.subplots()
        y = np.arange(len(table))  # positions, not label categories: two names may wrap alike
        left = _bars(ax, y, table, undated)
        ax.set_yticks(y, [_wrap(c) for c in table.index])
        for i, total in enumerate(left):
            u = int(undated.iloc[i].sum())
            label = f"{int(total):,}" + (f" ({u:,} undated)" if u else "")
            ax.text(total + 0.05, i, label, va="center", fontsize=8)
        ax.set_xlim(0, left.max() * (1.35 if undated.to_numpy().any() else 1.1) + 0.2)
        _title(ax, title)
        ax.set_xlabel("number of claims")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(THOUSANDS)
        _legend(fig, ax, list(table.columns), bool(undated.to_numpy().any()))
    return fig


def by_type(claims: pd.DataFrame, scope: str = "Claims in range") -> Figure:
    """Horizontal bars: claims per claim type, in the vocabulary's order; undated part hatched."""
    title = f"{scope} by claim type"
    counted = as_tally(claims)
    kind = counted["claim_type"].astype(str)
    totals = counted.groupby(kind)["claims"].sum()
    und = counted[~_dated(counted)].groupby(kind[~_dated(counted)])["claims"].sum()
    types = [t for t in reversed(TYPES) if totals.get(t, 0) > 0]
    fig = _figure(8.5, max(2.0, 0.34 * len(types) + 1.0))
    if not types:
        return _empty(fig, title, "No claims in range")
    with matplotlib.rc_context(STYLE):
        ax = fig.subplots()
        y = np.arange(len(types))
        for i, t in enumerate(types):
            total, u = int(totals[t]), int(und.get(t, 0))
            colour = schema.CLAIM_TYPE_COLOURS[t]
            if total - u:
                ax.barh([i], [total - u], color=colour, height=0.62)
            if u:
                ax.barh([i], [u], left=[total - u], height=0.62, facecolor=_light(colour),
                        edgecolor=_dark(colour), linewidth=0, hatch=UNDATED_HATCH)
            ax.text(total + 0.05, i, f"{total:,}" + (f" ({u:,} undated)" if u else ""),
                    va="center", fontsize=8)
        ax.set_yticks(y, [t.replace("_", " ") for t in types])
        ax.set_xlim(0, totals.max() * (1.35 if und.any() else 1.1) + 0.2)
        _title(ax, title)
        ax.set_xlabel("number of claims")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(THOUSANDS)
        if und.any():
            ax.legend(handles=[Patch(facecolor="#dddddd", edgecolor="#555555",
                                     hatch=UNDATED_HATCH, linewidth=0, label=UNDATED_LABEL)],
                      loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=8)
    return fig


def month_range(monthly: pd.DataFrame, start: date | None, end: date | None) -> pd.PeriodIndex:
    """The months a timeline covers: the range given, or where it is open the tally's months
    (a claims frame gives its dates, see `timeline`; a report gives its claims' span)."""
    lo = pd.Timestamp(start) if start else monthly["month"].min()
    hi = pd.Timestamp(end) if end else monthly["month"].max()
    if pd.isna(lo) or pd.isna(hi):
        return pd.PeriodIndex([], freq="M")
    return pd.period_range(lo.to_period("M"), hi.to_period("M"), freq="M")


# A timeline's bin, from the months it spans: up to MONTHLY months a bar per month, up to
# QUARTERLY a bar per quarter, beyond a bar per year.
MONTHLY, QUARTERLY = 36, 120
BINS = {"M": "month", "Q": "quarter", "Y": "year"}
MIN_BREAK = 4  # a run of at least this many empty bins is drawn as one break, not as empty bars
BREAK_COLOUR = "#777777"


def timeline_bin(months: pd.PeriodIndex) -> str:
    """'M', 'Q' or 'Y': the bin of a timeline over these months (see MONTHLY, QUARTERLY)."""
    return "M" if len(months) <= MONTHLY else "Q" if len(months) <= QUARTERLY else "Y"


def _period_label(p: pd.Period, two_lines: bool = True) -> str:
    sep = "\n" if two_lines else " "
    if p.freqstr.startswith("M"):
        return p.strftime(f"%b{sep}%Y")
    if p.freqstr.startswith("Q"):
        return f"Q{p.quarter}{sep}{p.year}"
    return str(p.year)


def timeline_slots(table: pd.DataFrame) -> list[tuple[int, int]]:
    """The bins as drawn: (first, last) row of `table` per slot; a run of at least MIN_BREAK
    empty bins is one slot (a break), every other bin a slot of its own."""
    empty = table.sum(axis=1).to_numpy() == 0
    slots, i = [], 0
    while i < len(empty):
        j = i
        while empty[i] and j + 1 < len(empty) and empty[j + 1]:
            j += 1
        if empty[i] and j - i + 1 >= MIN_BREAK:
            slots.append((i, j))
            i = j + 1
        else:
            slots.append((i, i))
            i += 1
    return slots


def _placed(counted: pd.DataFrame, freq: str) -> pd.DataFrame:
    """The dated tally rows a timeline by `freq` places, with the day `at` that places them:
    by month the claims dated to a month or day; by quarter also those dated to a quarter; by
    year also those dated to a year (a tally without the quarter and year columns: months)."""
    at = counted["month"]
    for column, bins in (("quarter", "QY"), ("year", "Y")):
        if freq in bins and column in counted.columns:
            at = at.fillna(counted[column])
    return counted.assign(at=at)[at.notna()]


def _thin_ticks(fig: Figure, ax, x: np.ndarray, labels: list[str]) -> None:  # noqa: ANN001
    """Tick labels at `x`, every k-th, the smallest k at which no two labels overlap (measured
    on the drawn figure)."""
    for step in range(1, len(x) + 1):
        ax.set_xticks(x[::step], labels[::step])
        fig.draw_without_rendering()
        boxes = [t.get_window_extent() for t in ax.get_xticklabels() if t.get_text()]
        if all(a.x1 + 2 <= b.x0 for a, b in pairwise(boxes)):
            return


def timeline(claims: pd.DataFrame, start: date | None = None, end: date | None = None,
             outside: tuple[int, tuple[tuple[str, str], ...]] | None = None,
             scope: str = "Dated claims") -> Figure:
    """Stacked bars over the range by month, quarter or year, chosen from its span
    (`timeline_bin`) and said in the title; a long run of empty bins is drawn as one break
    (marked on the axis and named), and tick labels are thinned until none overlap. Claims
    dated only to a quarter or year have no month and are counted under the axis.

    At most `summary.MAX_TIMELINE_YEARS` years are drawn (`summary.timeline_window`); claims
    dated outside them are counted and named under the axis: `outside` as `Summary.outside`
    gives them for a tally, a claims frame gives them itself. `scope` starts the title (the
    Python API names the selection there)."""
    if "date_start" in claims.columns:  # a frame: open bounds from every date, years included
        first, last = claims["date_start"].min(), claims["date_end"].max()
        start = start or (first.date() if pd.notna(first) else None)
        end = end or (last.date() if pd.notna(last) else None)
    counted = as_tally(claims)
    no_date = int(counted.loc[~_dated(counted), "claims"].sum())  # a report of all dates
    counted = counted[_dated(counted)]
    monthly = counted[counted["month"].notna()]
    coarse = int(counted["claims"].sum() - monthly["claims"].sum())
    fig = _figure(8.5, 3.0)
    months = month_range(monthly, *summary.timeline_window(monthly, start, end)) if len(monthly) \
        else pd.PeriodIndex([], freq="M")
    freq = timeline_bin(months)
    title = f"{scope} per {BINS[freq]}, stacked by claim type"
    if monthly.empty or len(months) == 0:
        msg = "No claims in range dated to a month or day"
        if coarse:
            msg += f"\n({coarse:,} dated only to a quarter or year)"
        if no_date:
            msg += f"\n({_undated_note(no_date)})"
        return _empty(fig, title, msg)
    if outside is None:
        outside = (summary.outside_window(summary.keys_of(claims), months[0].start_time.date(),
                                          months[-1].end_time.date())
                   if "claim_id" in claims.columns else (0, ()))
    drawn = months
    bins = pd.period_range(months[0].asfreq(freq), months[-1].asfreq(freq), freq=freq)
    placed = _placed(counted, freq)  # by quarter or year, the claims dated to one count too
    period = pd.PeriodIndex(placed["at"], freq=freq)
    table = (placed.groupby([period, placed["claim_type"].astype(str)])["claims"].sum()
             .unstack(fill_value=0))
    table = table[table.index.isin(bins)].reindex(bins, fill_value=0)
    coarse = int(counted["claims"].sum() - monthly["claims"].sum()
                 - (table.to_numpy().sum() - monthly.loc[monthly["month"].between(
                     bins[0].start_time, bins[-1].end_time), "claims"].sum()))
    cols = [t for t in TYPES if t in table.columns and table[t].any()]  # drawn: in the legend
    slots = timeline_slots(table[cols])
    with matplotlib.rc_context(STYLE):
        ax = fig.subplots()
        x = np.arange(len(slots))
        bars = [a for a, b in slots if a == b]
        xs = np.array([k for k, (a, b) in enumerate(slots) if a == b])
        bottom = np.zeros(len(bars))
        for t in cols:
            values = table[t].to_numpy()[bars]
            ax.bar(xs, values, bottom=bottom, color=schema.CLAIM_TYPE_COLOURS[t],
                   width=0.8, edgecolor="white", linewidth=0.5)
            bottom += values
        labels = []
        for k, (a, b) in enumerate(slots):
            if a == b:
                labels.append(_period_label(table.index[a]))
                continue
            labels.append("")
            first, last = table.index[a], table.index[b]
            ax.text(k, 0.5, f"no claims: {_period_label(first, False)} – "
                    f"{_period_label(last, False)}", rotation=90, ha="center", va="center",
                    fontsize=7.5, color=BREAK_COLOUR,
                    transform=matplotlib.transforms.blended_transform_factory(
                        ax.transData, ax.transAxes))
            for dx in (-0.3, 0.3):  # a break: two slashes across the axis line
                ax.plot([k + dx - 0.08, k + dx + 0.08], [-0.03, 0.03], color=BREAK_COLOUR,
                        linewidth=1, clip_on=False,
                        transform=matplotlib.transforms.blended_transform_factory(
                            ax.transData, ax.transAxes))
        pad = max(0, MIN_SLOTS - len(x)) / 2  # one bin is one bar of its usual width, centred,
        ax.set_xlim(-0.6 - pad, len(x) - 0.4 + pad)  # not a wall across the whole chart
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(THOUSANDS)
        ax.set_ylabel("number of claims")
        _title(ax, title)
        less = {"M": "a quarter or year", "Q": "a year", "Y": "more than a year"}[freq]
        notes = [f"not shown: {coarse:,} dated only to {less}"] if coarse else []
        if no_date:
            notes.append(_undated_note(no_date))
        if outside[0]:
            notes.append(_outside_note(outside, drawn))
        if notes:  # under the axis: in the title it ran past the figure's edge
            ax.set_xlabel("\n".join(notes), color="#555555", fontsize=8)
        _legend(fig, ax, cols)
        _thin_ticks(fig, ax, x, labels)
    return fig


def _undated_note(n: int) -> str:
    return f"not placed: {n:,} undated claim{'' if n == 1 else 's'} (no date to put on the axis)"


def _outside_note(outside: tuple[int, tuple[tuple[str, str], ...]], drawn: pd.PeriodIndex
                  ) -> str:
    """'2 claims dated outside 2019–2026 not drawn: C017 (0205-04), C018 (9999-12-31)'."""
    total, named = outside
    y0, y1 = drawn[0].year, drawn[-1].year
    years = str(y0) if y0 == y1 else f"{y0}–{y1}"
    names = ", ".join(f"{claim_id}\u00a0({when})" for claim_id, when in named)  # one line each
    more = f" and {total - len(named):,} more" if total > len(named) else ""
    return _wrap(f"{total:,} claim{'' if total == 1 else 's'} dated outside {years} not drawn: "
                 f"{names}{more}", NOTE_WRAP, 3)


def matrix(claims: pd.DataFrame, scope: str = "Claims in range") -> Figure:
    """Claimant × claim type: who makes which kind of claim, with the count in each cell (and
    how many of them are undated, when a report of all dates counts them)."""
    title = f"{scope}: claimant × claim type"
    table, undated = _split(claims, "claimant", TOP_CLAIMANTS)  # pcolormesh: row 0 at the bottom
    fig = _figure(8.5, max(2.0, 0.42 * len(table) + 1.4))
    if table.empty:
        return _empty(fig, title, "No claims in range")
    with matplotlib.rc_context(STYLE):
        ax = fig.subplots()
        values = table.to_numpy()
        # Vector cells (not imshow's embedded bitmap): sharp at any zoom and in the PDF.
        ax.pcolormesh(values, cmap="Greys", vmin=0, vmax=max(1, values.max()) * 1.6,
                      edgecolors="white", linewidth=2)
        for (i, j), v in np.ndenumerate(values):
            u = int(undated.iat[i, j])
            label = (f"{v:,}" if v else "·") + (f"\n{u:,} undated" if u else "")
            ax.text(j + 0.5, i + 0.5, label, ha="center", va="center",
                    fontsize=8 if u else 9, color="black")
        ax.set_xticks(np.arange(len(table.columns)) + 0.5,
                      [t.replace("_", "\n") for t in table.columns])
        ax.set_yticks(np.arange(len(table)) + 0.5, [_wrap(c) for c in table.index])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        _title(ax, title)
    return fig


def to_svg(fig: Figure) -> str:
    """The figure as an inline SVG document (vector: sharp on screen and in the PDF)."""
    buf = io.StringIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]  # drop the XML prolog and DOCTYPE: it is inlined in HTML
