"""The command line: each command parses its options and delegates to one module."""

from __future__ import annotations

import io
import json
import logging
import signal
import sys
from importlib.metadata import version
from pathlib import Path

import click

from claimbook.config import FORMATS, MAX_REPORTS, BatchConfig, RenderConfig, ReportParams
from claimbook.errors import ClaimbookError, Interrupted, raise_interrupted

log = logging.getLogger("claimbook")
MAX_WARNINGS = 20  # warning lines `validate` prints one per claim; a summary line counts all

data_option = click.option(
    "--data", "data_dir", default="data", show_default=True,
    type=click.Path(file_okay=False), help="Folder holding claims.csv, mentions.csv, documents.csv.",
)


wait_option = click.option(
    "--wait", type=click.FloatRange(min=0), default=60, show_default=True,
    help="Seconds to wait while another command writes the data folder (then exit 3).")


def _stack(options: list):  # noqa: ANN202 - builds a reusable decorator from click options
    def decorate(f):  # noqa: ANN001, ANN202
        for opt in reversed(options):
            f = opt(f)
        return f

    return decorate


period_option = click.option(
    "--period", help="2025-07, 2025-Q3, 2025, 2025-W27, last-month, last-quarter, this-year, ...")
as_of_option = click.option("--as-of", "as_of",
                            help="The day relative periods count from (default: today).")
select_options = _stack([
        click.option("--claimant", "claimants", multiple=True, metavar="NAME",
                     help="Only this claimant (repeatable)."),
        click.option("--type", "claim_types", multiple=True, metavar="TYPE",
                     help="Only this claim type (repeatable)."),
        click.option("--topic", "topics", multiple=True, metavar="TOPIC",
                     help="Only this topic (repeatable)."),
])
filter_options = _stack([
    click.option("--start", help="First day of the range (2025-07-01; 2025-07 means its 1st)."),
    click.option("--end", help="Last day of the range (2025-08-31; 2025-08 means its last)."),
    period_option, as_of_option, select_options,
])


class _Group(click.Group):
    """Turns the errors a user can fix into a message and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201
        try:
            return super().invoke(ctx)
        except ClaimbookError as e:
            click.echo(f"claimbook: {e}", err=True)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt as e:  # SIGINT, or SIGTERM via raise_interrupted
            signum = e.signum if isinstance(e, Interrupted) else signal.SIGINT
            click.echo(f"claimbook: interrupted by {signal.Signals(signum).name}; published "
                       "reports are untouched, unfinished ones were discarded", err=True)
            ctx.exit(128 + signum)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version("claimbook"), prog_name="claimbook")
@click.option("-v", "--verbose", is_flag=True, help="Log what is being done.")
def cli(verbose: bool) -> None:
    """claimbook: claim tables in, charts and reports out.

    Commands import what they need when they run: a kernel can start before pandas loads.
    """
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(message)s")


@cli.command()
@data_option
def validate(data_dir: str) -> None:
    """Check the claim tables and sources; print a summary or every problem (exit 2), and a
    warning for each claim dated far from the others (still valid, exit 0)."""
    from claimbook import schema, store

    checked = store.validate(data_dir)  # in batches: memory holds a batch, not the tables
    store.mark_valid(data_dir)  # reports of this exact content need not validate it again
    dates = checked["claims"].dates
    assert dates is not None
    dated = int(dates["date_start"].notna().sum())
    click.echo(f"{data_dir}: valid — {checked['claims'].rows} claims, "
               f"{checked['mentions'].rows} mentions, {checked['claims'].claimants} claimants, "
               f"{checked['documents'].rows} source document(s); "
               f"{dated} dated, {len(dates) - dated} undated")
    far, lines = store.far_out_dates(dates, limit=MAX_WARNINGS,
                                     file=store.table_path(data_dir, schema.CLAIMS).name)
    for line in lines:  # valid, exit 0: a far-out date may be right, or a typo
        click.echo(f"warning: {line}", err=True)
    if far:
        more = f" ({far - len(lines):,} more not shown)" if far > len(lines) else ""
        click.echo(f"warning: {far:,} claim(s) dated far from the others{more}: before "
                   f"{store.EARLIEST_LIKELY.year}, more than {store.LATEST_YEARS_AHEAD} years "
                   f"ahead or {store.FROM_MEDIAN_YEARS} years from the median; check for typos",
                   err=True)


@cli.command()
@data_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def claims(data_dir: str, start: str | None, end: str | None, period: str | None,
           as_of: str | None, claimants: tuple[str, ...], claim_types: tuple[str, ...],
           topics: tuple[str, ...], fmt: str) -> None:
    """List the claims for a range: in range, imprecise and undated, with the three counts."""
    from claimbook import query, store
    from claimbook.controls import for_stream, printable, write_stdout

    params = ReportParams.from_cli(start=start, end=end, period=period, as_of=as_of,
                                   claimants=claimants, claim_types=claim_types, topics=topics,
                                   data_dir=data_dir)
    if fmt == "csv":  # a slice of claims at a time: any size
        from claimbook.controls import is_terminal
        from claimbook.exporter import write_listing_csv

        if is_terminal():  # as many claims as a person reads, control marks shown
            buf = io.BytesIO()
            counts = write_listing_csv(data_dir, params, buf)
            write_stdout(buf.getvalue())
        else:
            counts = write_listing_csv(data_dir, params, sys.stdout.buffer)
            sys.stdout.flush()
        click.echo(" · ".join(f"{query.GROUP_LABELS[g]}: {n}" for g, n in counts.items()),
                   err=True)  # stdout stays machine-readable
        return
    data = store.load_selection(data_dir, params.start, params.end, params.claimants,
                                params.claim_types, params.topics, related=False)
    sel = query.select(data.claims, params.start, params.end, params.claimants,
                       params.claim_types, params.topics)
    rows = sel.all()[["group", "claim_id", "date", "date_precision", "claimant", "claim_type",
                      "claim"]]
    counts = sel.counts()
    headline = " · ".join(f"{query.GROUP_LABELS[g]}: {n}" for g, n in counts.items())
    if fmt == "table":
        click.echo(for_stream(f"{params.describe()}\n{headline}"))
        if len(rows):
            text = rows.astype("string").fillna("").apply(printable)
            click.echo(text.to_string(index=False, max_colwidth=70))
    else:
        click.echo(headline, err=True)  # stdout stays machine-readable
        out = rows.astype(object).where(rows.notna(), None).to_dict("records")
        payload = json.dumps({"counts": counts, "claims": out}, ensure_ascii=False,
                             indent=1) + "\n"
        write_stdout(payload.encode("utf-8"))  # not click.echo: it drops escapes from a pipe


@cli.command()
@data_option
@filter_options
@click.option("--title", default="", help="Report title (default: the range in words).")
@click.option("--format", "formats", default="html,pdf,ipynb", show_default=True,
              help=f"Comma-separated output formats: {', '.join(FORMATS)}.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Output folder (default: reports/<slug from the parameters>); replaced only "
                   "if it is new, empty or a previous claimbook report.")
@click.option("--reports-dir", default="reports", show_default=True, type=click.Path(file_okay=False),
              help="Folder of all reports and their index.html.")
@click.option("--notebook", default="notebooks/claims_report.ipynb", show_default=True,
              type=click.Path(dir_okay=False), help="The report notebook to execute.")
@click.option("--timeout", type=float, default=600, show_default=True,
              help="Whole seconds a single cell may run (1 to 604800, a week).")
@click.option("--wait", type=click.FloatRange(min=0), default=60, show_default=True,
              help="Seconds to wait while another run publishes into the same folder "
                   "(then exit 3).")
def render(data_dir: str, start: str | None, end: str | None, period: str | None,
           as_of: str | None, claimants: tuple[str, ...], claim_types: tuple[str, ...],
           topics: tuple[str, ...], title: str, formats: str, out_dir: str | None,
           reports_dir: str, notebook: str, timeout: float, wait: float) -> None:
    """Render one report (HTML, PDF and the executed notebook) and update reports/index.html."""
    from claimbook import render as render_mod

    params = ReportParams.from_cli(start=start, end=end, period=period, as_of=as_of,
                                   claimants=claimants, claim_types=claim_types, topics=topics,
                                   title=title, data_dir=data_dir)
    cfg = RenderConfig.build(params=params, formats=formats, out_dir=out_dir,
                             reports_dir=reports_dir, notebook=notebook, timeout=timeout)
    result = render_mod.render(cfg, wait=wait)
    c = result.counts
    click.echo(f"{params.display_title()}: {c['in_range']} in range, {c['imprecise']} imprecise, "
               f"{c['undated']} undated")
    for path in result.files.values():
        click.echo(str(path))
    click.echo(str(Path(reports_dir) / "index.html"))


@cli.command()
@data_option
@click.option("--from", "start", metavar="PERIOD", help="First period (2025-01, 2025-Q1, ...).")
@click.option("--to", "end", metavar="PERIOD", help="Last period (2025-12, last-month, ...).")
@period_option
@as_of_option
@click.option("--every", type=click.Choice(["week", "month", "quarter", "year"]), default="month",
              show_default=True, help="One report per calendar week, month, quarter or year.")
@click.option("--per", type=click.Choice(["claimant", "type"]),
              help="Also one report per claimant or claim type with claims in each period.")
@select_options
@click.option("-j", "--jobs", type=int, default=1, show_default=True,
              help="Reports rendered in parallel.")
@click.option("--format", "formats", default="html,pdf,ipynb", show_default=True,
              help=f"Comma-separated output formats: {', '.join(FORMATS)}.")
@click.option("--out", "reports_dir", default="reports", show_default=True,
              type=click.Path(file_okay=False),
              help="Reports folder (its index.html is updated): new, empty or one claimbook made.")
@click.option("--force", is_flag=True, help="Render even reports that are up to date.")
@click.option("--max-reports", type=click.IntRange(min=1), default=MAX_REPORTS, show_default=True,
              help="Refuse (exit 2) a batch that would plan more reports than this.")
@click.option("--wait", type=float, default=0, show_default=True,
              help="Seconds to wait for another run's lock on --out (then exit 3).")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Also log to this file.")
@click.option("-q", "--quiet", is_flag=True, help="Print only failures (for cron mail).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Dask scheduler (--executor dask).")
@click.option("--notebook", default="notebooks/claims_report.ipynb", show_default=True,
              type=click.Path(dir_okay=False), help="The report notebook to execute.")
@click.option("--timeout", type=float, default=600, show_default=True,
              help="Whole seconds a single cell may run (1 to 604800, a week).")
@click.pass_context
def batch(ctx: click.Context, data_dir: str, start: str | None, end: str | None,
          period: str | None, as_of: str | None, every: str, per: str | None,
          claimants: tuple[str, ...], claim_types: tuple[str, ...], topics: tuple[str, ...],
          jobs: int, formats: str, reports_dir: str, force: bool, max_reports: int, wait: float,
          log_file: str | None, quiet: bool, executor: str, scheduler: str | None,
          notebook: str, timeout: float) -> None:
    """Render a report for every period (cron-safe). Exit 0 ok, 1 some failed, 2 bad input,
    3 locked."""
    from claimbook import batch as batch_mod

    batch_mod.configure_logging(quiet, log_file, verbose=ctx.parent.params.get("verbose", False))
    base = ReportParams.build(claimants=claimants, claim_types=claim_types, topics=topics,
                              data_dir=data_dir)
    cfg = BatchConfig.from_cli(
        period=period, start=start, end=end, as_of=as_of, formats=formats, every=every, per=per,
        base=base, reports_dir=reports_dir, notebook=notebook, timeout=timeout, force=force,
        jobs=jobs, executor=executor, scheduler=scheduler, wait=wait, max_reports=max_reports)
    summary = batch_mod.run(cfg, quiet=quiet)
    (batch_mod.log.error if summary.exit_code else batch_mod.log.info)(summary.line())
    ctx.exit(summary.exit_code)

# --- from sources to claims: add-source, extract, accept -------------------------------------------


@cli.command("add-source")
@data_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--title", required=True, help="A descriptive title of the document.")
@click.option("--publisher", default="", help="Who published it (the claimant of its own voice).")
@click.option("--url", default="", help="Where it was found.")
@click.option("--published", default="",
              help="Publication date: 2025, 2025-Q3, 2025-07 or 2025-07-14; omit when unknown.")
@wait_option
def add_source(data_dir: str, file: str, title: str, publisher: str, url: str,
               published: str, wait: float) -> None:
    """Register a source document: copy FILE into data/sources/ and record it in documents.csv."""
    from claimbook import sources

    src = sources.add_source(data_dir, file, title=title, publisher=publisher, url=url,
                             published=published, wait=wait)
    click.echo(f"registered {src.doc_id}: {src.path}")


@cli.command()
@data_option
@click.argument("source")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Review CSV to write (default: review-<doc_id>.csv here).")
@click.option("--publisher", default=None,
              help="Claimant of the document's own voice (default: its publisher in documents.csv).")
@click.option("--published", default=None,
              help="Published date that 'on Tuesday' counts from (default: from documents.csv).")
@click.option("--force", is_flag=True, help="Overwrite an existing review file.")
def extract(data_dir: str, source: str, out: str | None, publisher: str | None,
            published: str | None, force: bool) -> None:
    """Propose claims from SOURCE (a doc_id or a file) into a review CSV, one row per mention."""
    from claimbook import review

    r = review.extract_to_review(data_dir, source, out, publisher=publisher, published=published,
                                 force=force)
    click.echo(f"{r.candidates} candidate claims, {r.mentions} mentions ({r.kept} proposed with "
               f"keep = yes) from {r.doc_id or source}")
    click.echo(str(r.out))


@cli.command()
@data_option
@click.argument("review_file", metavar="REVIEW", type=click.Path(dir_okay=False))
@wait_option
def accept(data_dir: str, review_file: str, wait: float) -> None:
    """Append the kept rows of a REVIEW CSV as claims and mentions (all or nothing)."""
    from claimbook import review

    done = review.accept(review_file, data_dir, wait=wait)
    ids = [c["claim_id"] for c in done.claims]
    click.echo(f"accepted {len(ids)} claims ({ids[0]}–{ids[-1]}) and {len(done.mentions)} "
               f"mentions into {data_dir}")


# --- claims from elsewhere and to elsewhere: import, export, convert -------------------------------


@cli.command("import")
@data_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--map", "maps", multiple=True, metavar="TARGET=SOURCE",
              help="Fill a claims column from a column of FILE (repeatable).")
@click.option("--set", "sets", multiple=True, metavar="TARGET=VALUE",
              help="Give a claims column one value for every row (repeatable).")
@click.option("--date-format", metavar="FMT",
              help="How FILE writes dates, e.g. %m/%d/%Y; without it dates must be ISO.")
@click.option("--mapping", type=click.Path(dir_okay=False),
              help="A TOML mapping file: [columns], [set], [values.<column>], date_format.")
@click.option("--ignore", multiple=True, metavar="COLUMN",
              help="A column of FILE to drop instead of keeping it in attributes (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet"]),
              help="FILE's format (default: from its suffix).")
@click.option("--strict", is_flag=True, help="Import nothing if any row is rejected.")
@click.option("--rejects", type=click.Path(dir_okay=False),
              help="Where rejected rows go with their reasons (default: rejects-<FILE name>.csv).")
@wait_option
@click.pass_context
def import_(ctx: click.Context, data_dir: str, file: str, maps: tuple[str, ...], sets: tuple[str, ...],
            date_format: str | None, mapping: str | None, ignore: tuple[str, ...],
            fmt: str | None, strict: bool, rejects: str | None, wait: float) -> None:
    """Import claims from a CSV, JSON lines or Parquet FILE of another tool.

    Exit 0 all rows imported (or there already); 1 valid rows imported, some rejected; 2 bad
    input (with --strict: any row rejected, nothing imported); 3 another command is writing
    the data folder for longer than --wait."""
    from claimbook import importer

    cmap = importer.from_options(maps, sets, date_format, ignore)
    if mapping:
        cmap = importer.read_mapping(mapping).merged(cmap)
    r = importer.import_claims(file, data_dir, cmap, fmt=fmt, strict=strict, rejects=rejects,
                               wait=wait)
    click.echo(f"imported {r.added} claims into {r.claims_file}; {r.unchanged} already there, "
               f"{r.rejected} rejected")
    if r.rejects_file:
        click.echo(f"rejected rows and their reasons: {r.rejects_file}", err=True)
        ctx.exit(1)


@cli.command()
@data_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "claimreview"]),
              default="csv", show_default=True,
              help="A table (CSV with formulas neutralized, JSON lines, Parquet) or schema.org "
                   "ClaimReview JSON-LD.")
@click.option("--out", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
def export(data_dir: str, start: str | None, end: str | None, period: str | None,
           as_of: str | None, claimants: tuple[str, ...], claim_types: tuple[str, ...],
           topics: tuple[str, ...], fmt: str, out: str | None) -> None:
    """Export the claims of a range (the same selection as `claims`) for another tool."""
    from claimbook import exporter, query
    from claimbook.controls import is_terminal, write_stdout

    params = ReportParams.from_cli(start=start, end=end, period=period, as_of=as_of,
                                   claimants=claimants, claim_types=claim_types, topics=topics,
                                   data_dir=data_dir)
    if fmt == "csv" and (out or not is_terminal()):  # any size: from Arrow, never pandas rows
        found = exporter.export_selection_csv(data_dir, params,
                                              Path(out) if out else sys.stdout.buffer)
        sys.stdout.flush()
    elif fmt == "csv":  # to a terminal: as many claims as a person reads, control marks shown
        buf = io.BytesIO()
        found = exporter.export_selection_csv(data_dir, params, buf)
        write_stdout(buf.getvalue())
    elif out or not is_terminal():  # a slice of claims at a time
        found = exporter.export_streamed(data_dir, params, fmt,
                                         Path(out) if out else sys.stdout.buffer)
        sys.stdout.flush()
    else:  # to a terminal: control marks shown
        buf = io.BytesIO()
        found = exporter.export_streamed(data_dir, params, fmt, buf)
        write_stdout(buf.getvalue())
    counts = " · ".join(f"{query.GROUP_LABELS[g]}: {n}" for g, n in found.items())
    click.echo(f"exported {sum(found.values())} claims ({counts})"
               + (f" to {out}" if out else ""), err=True)


@cli.command()
@data_option
@click.option("--to", "to", type=click.Choice(["csv", "parquet"]), required=True,
              help="The format of claims and mentions after the command.")
@wait_option
def convert(data_dir: str, to: str, wait: float) -> None:
    """Switch the claim tables between CSV (spreadsheets) and Parquet (large tables)."""
    from claimbook.convert import convert_folder

    done = convert_folder(data_dir, to, wait=wait)
    for old, new in done.tables.values():
        click.echo(f"{old} -> {new}" + (f" (previous kept as {old.name}.bak)" if old != new else ""))


def main() -> None:
    # SIGTERM (systemd stop, kill) unwinds like Ctrl-C: kernels stop, temporary folders go.
    signal.signal(signal.SIGTERM, raise_interrupted)
    cli(prog_name="claimbook")


if __name__ == "__main__":
    main()
