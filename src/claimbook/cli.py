"""The command line: each command parses its options and delegates to one module."""

from __future__ import annotations

import io
import json
import logging
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from claimbook.choices import FORMATS, MAX_REPORTS
from claimbook.errors import ClaimbookError, ConfigError, Interrupted, raise_interrupted

if TYPE_CHECKING:
    from claimbook.params import ReportParams

log = logging.getLogger("claimbook")
MAX_WARNINGS = 20  # warning lines `validate` prints one per claim; a summary line counts all



def _open_data(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Every command opens its data folder through `folders.open_data`: a change of several
    tables left unfinished by a killed writer is finished before anything reads them."""
    if value is not None:
        from claimbook.publish import folders

        folders.open_data(value)
    return value


data_option = click.option(
    "--data", "data_dir", default="data", show_default=True, callback=_open_data,
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
        click.option("--publisher", "publishers", multiple=True, metavar="NAME",
                     help="Only claims a document of this publisher mentions (repeatable)."),
        click.option("--doc", "docs", multiple=True, metavar="DOC_ID",
                     help="Only claims this document mentions (repeatable)."),
])
filter_options = _stack([
    click.option("--start", help="First day of the range (2025-07-01; 2025-07 means its 1st)."),
    click.option("--end", help="Last day of the range (2025-08-31; 2025-08 means its last)."),
    period_option, as_of_option, select_options,
])


def resolve_claimants(params: ReportParams) -> ReportParams:
    """The --claimant names as the claimants of the data (case, aliases), or exit 2 with the
    nearest names; says on stderr which claimant a spelling was read as. `--publisher` and
    `--doc` must name a source of the data too (`claimants.resolve_params`)."""
    from claimbook.claims.claimants import resolve_params

    return resolve_params(params, say=lambda line: click.echo(f"claimbook: {line}", err=True))


def usage_message(e: click.UsageError) -> str:
    """click's refusal of an option in the words of claimbook's own: the option, what was
    wrong, what it takes ('--every: 'fortnight' is not one of week, month, quarter, year')."""
    import re

    param = getattr(e, "param", None)
    name = ""
    if param is not None:
        opts = [o for o in getattr(param, "opts", []) if o.startswith("--")] or \
            list(getattr(param, "opts", [])) or [param.human_readable_name]
        name = opts[0] if param.param_type_name == "option" else param.human_readable_name
    if isinstance(e, click.MissingParameter) and param is not None:
        return f"{name}: is required" + (f" ({param.help})" if getattr(param, "help", "") else "")
    message = e.format_message()
    message = re.sub(r"^Invalid value for [^:]+: ", "", message)
    if param is not None and isinstance(param.type, click.Choice):
        m = re.match(r"^(.*?) is not one of ", message)
        if m:
            message = f"{m.group(1)} is not one of {', '.join(map(str, param.type.choices))}"
    ranges = ((r"^(.+) is not in the range x>=(\S+?)\.?$", r"must be at least \2, not \1"),
              (r"^(.+) is not in the range x<=(\S+?)\.?$", r"must be at most \2, not \1"),
              (r"^(.+) is not in the range (\S+)<=x<=(\S+?)\.?$",
               r"must be from \2 to \3, not \1"),
              (r"^(.+) is not a valid integer\.?$", r"\1 is not a whole number"),
              (r"^(.+) is not a valid float\.?$", r"\1 is not a number"))
    for pattern, words in ranges:
        message = re.sub(pattern, words, message)
    message = message.rstrip(".")
    return f"{name}: {message}" if name else message


class _Group(click.Group):
    """Turns the errors a user can fix into a message and an exit code, never a traceback."""

    def invoke(self, ctx: click.Context):  # noqa: ANN201
        try:
            return super().invoke(ctx)
        except click.UsageError as e:
            where = e.ctx.command_path if e.ctx is not None else "claimbook"
            click.echo(f"claimbook: {usage_message(e)} (see '{where} --help')", err=True)
            ctx.exit(2)
        except ClaimbookError as e:
            click.echo(f"claimbook: {e}", err=True)
            ctx.exit(e.exit_code)
        except KeyboardInterrupt as e:  # SIGINT, or SIGTERM via raise_interrupted
            signum = e.signum if isinstance(e, Interrupted) else signal.SIGINT
            click.echo(f"claimbook: interrupted by {signal.Signals(signum).name}; published "
                       "reports are untouched, unfinished ones were discarded", err=True)
            ctx.exit(128 + signum)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claimbook", prog_name="claimbook")
@click.option("-v", "--verbose", is_flag=True, help="Log what is being done.")
def cli(verbose: bool) -> None:
    """claimbook: reports an analyst can trust on contested claims: who asserted what, of
    what kind, and when.

    Keep a table of claims read from source documents (add-source, extract, accept, or
    import), check it (validate), look at it (claims, claimants) and publish reports for a
    date range as offline HTML and PDF (render), or one per period on a schedule (batch).

    \b
    Example: claimbook render --period 2025-07
    Exit codes: 0 done; 1 a report failed; 2 invalid input; 3 locked by another run.
    """
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(message)s")


@cli.command()
@data_option
def validate(data_dir: str) -> None:
    """Check the claim tables and sources; print a summary or every problem (exit 2), and a
    warning for each claim dated far from the others and each pair of claims that look like one
    (still valid, exit 0).

    \b
    Example: claimbook validate --data data
    Exit codes: 0 valid; 2 a problem (each listed)."""
    from claimbook import store
    from claimbook.claims import schema
    from claimbook.sources import matching

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
    del checked, dates  # a million claims' ids and dates: not held through the next check
    dups = matching.duplicate_pairs(store.read_claim_columns(
        data_dir, ("claim_id", "claim", "claimant", "date")))
    for d in dups.first(MAX_WARNINGS):  # valid, exit 0: two claims may be one stated twice
        click.echo(f"warning: {d.first} and {d.second} look like one claim ({d.claimant!r}, "
                   f"text similarity {d.score:.2f}, compatible dates): keep one and move the "
                   "other's mentions to it", err=True)
    if len(dups) > MAX_WARNINGS:
        click.echo(f"warning: {len(dups):,} likely duplicate pairs ({len(dups) - MAX_WARNINGS:,} "
                   "more not shown)", err=True)


@cli.command("claimants")
@data_option
def claimants_(data_dir: str) -> None:
    """List the claimants of the data: type, country, claims (dated / undated) and the other
    spellings --claimant accepts for each.

    \b
    Example: claimbook claimants --data data
    Exit codes: 0 listed; 2 invalid input (a broken table)."""
    from claimbook.claims.claimants import listing
    from claimbook.claims.control_chars import for_stream

    rows = listing(data_dir)
    width = max([len("claimant"), *(len(r.claimant) for r in rows)])
    click.echo(f"{'claimant':<{width}}  {'type':<21}  country  claims  dated  undated  aliases")
    for r in rows:
        click.echo(for_stream(
            f"{r.claimant:<{width}}  {r.claimant_type:<21}  {r.country or '-':<7}  "
            f"{r.claims:>6}  {r.dated:>5}  {r.undated:>7}  {'; '.join(r.aliases) or '-'}"))
    click.echo(f"{len(rows)} claimants, {sum(r.claims for r in rows)} claims", err=True)


@cli.command()
@data_option
@filter_options
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]),
              default="table", show_default=True,
              help="A table to read, CSV, one JSON document (counts and claims) or JSON lines "
                   "(one claim a line, as export writes them).")
def claims(data_dir: str, start: str | None, end: str | None, period: str | None,
           as_of: str | None, claimants: tuple[str, ...], claim_types: tuple[str, ...],
           topics: tuple[str, ...], publishers: tuple[str, ...], docs: tuple[str, ...],
           fmt: str) -> None:
    """List the claims for a range: in range, imprecise and undated, with the three counts.

    \b
    Example: claimbook claims --period 2025-07 --claimant Zelensky
    Exit codes: 0 listed; 2 invalid input (an option, an unknown claimant, a broken table)."""
    from claimbook import store
    from claimbook.claims import query
    from claimbook.claims.control_chars import for_stream, printable, write_stdout
    from claimbook.params import ReportParams

    params = ReportParams.from_cli(start=start, end=end, period=period, as_of=as_of,
                                   claimants=claimants, claim_types=claim_types, topics=topics,
                                   publishers=publishers, docs=docs, data_dir=data_dir)
    params = resolve_claimants(params)
    if fmt == "csv":  # a slice of claims at a time: any size
        from claimbook.claims.control_chars import is_terminal
        from claimbook.tables.exporter import write_listing_csv

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
    ids = params.claim_ids()
    data = store.load_selection(data_dir, params.start, params.end, params.claimants,
                                params.claim_types, params.topics, related=False, claim_ids=ids)
    sel = query.select(data.claims, params.start, params.end, params.claimants,
                       params.claim_types, params.topics, claim_ids=ids)
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
        payload = ("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out)
                   if fmt == "jsonl" else
                   json.dumps({"counts": counts, "claims": out}, ensure_ascii=False,
                              indent=1) + "\n")
        write_stdout(payload.encode("utf-8"))  # not click.echo: it drops escapes from a pipe


@cli.command()
@data_option
@filter_options
@click.option("--title", default="", help="Report title (default: the range in words).")
@click.option("--undated", type=click.Choice(["list", "count"]), default="list", show_default=True,
              help="With a range: list undated claims in full, or count them and point to the "
                   "report of all dates.")
@click.option("--format", "formats", default="html,pdf,ipynb", show_default=True,
              help=f"Comma-separated output formats: {', '.join(FORMATS)}.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Output folder (default: reports/<slug from the parameters>); replaced only "
                   "if it is new, empty or a previous claimbook report.")
@click.option("--reports-dir", default="reports", show_default=True, type=click.Path(file_okay=False),
              help="Folder of all reports and their index.html.")
@click.option("--notebook", default="notebooks/claims_report.ipynb", show_default=True,
              metavar="NAME|PATH", help="The report notebook to execute: a name picks "
              "notebooks/NAME.ipynb (claims_report, claimant: a claimant's profile), or a path.")
@click.option("--timeout", type=float, default=600, show_default=True,
              help="Whole seconds a single cell may run (1 to 604800, a week).")
@click.option("--wait", type=click.FloatRange(min=0), default=60, show_default=True,
              help="Seconds to wait while another run publishes into the same folder "
                   "(then exit 3).")
def render(data_dir: str, start: str | None, end: str | None, period: str | None,
           as_of: str | None, claimants: tuple[str, ...], claim_types: tuple[str, ...],
           topics: tuple[str, ...], publishers: tuple[str, ...], docs: tuple[str, ...],
           title: str, undated: str, formats: str, out_dir: str | None,
           reports_dir: str, notebook: str, timeout: float, wait: float) -> None:
    """Render one report (HTML, PDF and the executed notebook) and update reports/index.html.

    \b
    Example: claimbook render --start 2025-04-01 --end 2025-08-31 --type denial
    Exit codes: 0 rendered; 1 a cell failed (the previous report is kept); 2 invalid input;
    3 another run is publishing into the folder for longer than --wait."""
    from claimbook.claims.daterule import headline_words
    from claimbook.params import RenderConfig, ReportParams
    from claimbook.publish import render as render_mod

    params = ReportParams.from_cli(start=start, end=end, period=period, as_of=as_of,
                                   claimants=claimants, claim_types=claim_types, topics=topics,
                                   publishers=publishers, docs=docs, title=title,
                                   data_dir=data_dir, undated=undated)
    params = resolve_claimants(params)
    cfg = RenderConfig.build(params=params, formats=formats, out_dir=out_dir,
                             reports_dir=reports_dir, notebook=notebook, timeout=timeout)
    result = render_mod.render(cfg, wait=wait)
    click.echo(f"{cfg.title()}: "
               f"{headline_words(result.counts, params.start, params.end)}")
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
@click.option("--per", type=click.Choice(["claimant", "type", "publisher"]),
              help="Also one report per claimant, claim type or publisher with claims in each "
                   "period.")
@select_options
@click.option("--undated", type=click.Choice(["list", "count"]), default="count", show_default=True,
              help="List each period's undated claims in full, or count them and point to the "
                   "report of all dates.")
@click.option("-j", "--jobs", type=int, default=1, show_default=True,
              help="Reports rendered in parallel.")
@click.option("--format", "formats", default="html,pdf,ipynb", show_default=True,
              help=f"Comma-separated output formats: {', '.join(FORMATS)}.")
@click.option("--reports-dir", "reports_dir", default=None, type=click.Path(file_okay=False),
              help="Folder of all reports and their index.html (as for render; default "
                   "reports): new, empty or one claimbook made.")
@click.option("--out", "old_out", type=click.Path(file_okay=False), hidden=True,
              help="Deprecated spelling of --reports-dir.")
@click.option("--force", is_flag=True, help="Render even reports that are up to date.")
@click.option("--max-reports", type=click.IntRange(min=1), default=MAX_REPORTS, show_default=True,
              help="Refuse (exit 2) a batch that would plan more reports than this.")
@click.option("--wait", type=float, default=0, show_default=True,
              help="Seconds to wait for another run's lock on --reports-dir (then exit 3).")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Also log to this file.")
@click.option("-q", "--quiet", is_flag=True, help="Print only failures (for cron mail).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Dask scheduler (--executor dask).")
@click.option("--notebook", default="notebooks/claims_report.ipynb", show_default=True,
              metavar="NAME|PATH", help="The report notebook to execute: a name picks "
              "notebooks/NAME.ipynb (claims_report, claimant: a claimant's profile), or a path.")
@click.option("--timeout", type=float, default=600, show_default=True,
              help="Whole seconds a single cell may run (1 to 604800, a week).")
@click.option("--mail-to", "mail_to", multiple=True, metavar="ADDRESS",
              help="Send one e-mail when the batch finishes (repeatable): summary, reports, "
                   "failures. Needs --smtp-host; credentials from CLAIMBOOK_SMTP_USER and "
                   "CLAIMBOOK_SMTP_PASSWORD.")
@click.option("--smtp-host", metavar="HOST", help="The SMTP server for --mail-to.")
@click.option("--smtp-port", type=click.IntRange(1, 65535), default=25, show_default=True,
              help="Its port (587 with --smtp-starttls, usually).")
@click.option("--smtp-starttls", is_flag=True, help="Upgrade the connection with STARTTLS.")
@click.option("--mail-from", default="claimbook@localhost", show_default=True,
              metavar="ADDRESS", help="The sender of the mail.")
@click.option("--mail-link", "mail_link", metavar="URL",
              help="Where the reports folder is served: the mail links reports there instead "
                   "of attaching their HTML.")
@click.pass_context
def batch(ctx: click.Context, data_dir: str, start: str | None, end: str | None,
          period: str | None, as_of: str | None, every: str, per: str | None,
          claimants: tuple[str, ...], claim_types: tuple[str, ...], topics: tuple[str, ...],
          publishers: tuple[str, ...], docs: tuple[str, ...],
          undated: str, jobs: int, formats: str, reports_dir: str | None, old_out: str | None,
          force: bool, max_reports: int, wait: float,
          log_file: str | None, quiet: bool, executor: str, scheduler: str | None,
          notebook: str, timeout: float, mail_to: tuple[str, ...], smtp_host: str | None,
          smtp_port: int, smtp_starttls: bool, mail_from: str, mail_link: str | None) -> None:
    """Render a report for every period (cron-safe), re-rendering only what changed.

    \b
    Example: claimbook batch --from 2025-01 --to 2025-12 --every month -j 2
    Exit codes: 0 all rendered or up to date; 1 some failed; 2 invalid input; 3 another
    batch holds the reports folder's lock."""
    from claimbook.publish import batch as batch_mod

    batch_mod.configure_logging(quiet, log_file, verbose=ctx.parent.params.get("verbose", False))
    if old_out is not None:  # `batch --out` was the reports folder; `render --out` is one report's
        if reports_dir is not None:
            raise click.UsageError("give --reports-dir only (--out is its old spelling)", ctx)
        click.echo("claimbook: batch --out is deprecated; it is --reports-dir, as for render",
                   err=True)
        reports_dir = old_out
    reports_dir = reports_dir or "reports"
    if mail_to:
        from claimbook.publish.mail import check_address

        for address in mail_to:
            check_address("--mail-to", address)
        check_address("--mail-from", mail_from)
        if not smtp_host:
            raise ConfigError("--mail-to: give the SMTP server with --smtp-host HOST")
    from claimbook.params import BatchConfig, ReportParams

    base = ReportParams.build(claimants=claimants, claim_types=claim_types, topics=topics,
                              publishers=publishers, docs=docs, data_dir=data_dir,
                              undated=undated)
    base = resolve_claimants(base)
    cfg = BatchConfig.from_cli(
        period=period, start=start, end=end, as_of=as_of, formats=formats, every=every, per=per,
        base=base, reports_dir=reports_dir, notebook=notebook, timeout=timeout, force=force,
        jobs=jobs, executor=executor, scheduler=scheduler, wait=wait, max_reports=max_reports)
    summary = batch_mod.run(cfg, quiet=quiet)
    (batch_mod.log.error if summary.exit_code else batch_mod.log.info)(summary.line())
    if mail_to:  # a mail that cannot be sent is logged; the batch keeps its own exit code
        from claimbook.publish import mail

        mail.send(mail.Mail(tuple(mail_to), smtp_host or "", smtp_port, smtp_starttls,
                                mail_from, attach=not mail_link, link_base=mail_link or ""),
                    summary, cfg.reports_dir)
    ctx.exit(summary.exit_code)

@cli.command()
@click.option("--reports-dir", default="reports", show_default=True,
              type=click.Path(file_okay=False), help="Folder of all reports and their index.html.")
@click.option("--stale", is_flag=True,
              help="Remove reports whose claims, sources, notebook or template changed since.")
@click.option("--older-than", "older_than", type=click.IntRange(min=0), metavar="DAYS",
              help="Remove reports rendered more than DAYS days ago.")
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
def prune(reports_dir: str, stale: bool, older_than: int | None, dry_run: bool) -> None:
    """Remove stale or old reports from the reports folder and rewrite its index.

    \b
    Example: claimbook prune --stale --dry-run
    Exit codes: 0 done (or nothing to remove); 2 bad input; 3 the folder is being published into."""
    from claimbook.publish.prune import prune as prune_reports

    found = prune_reports(Path(reports_dir), stale=stale, older_than_days=older_than,
                          dry_run=dry_run)
    verb = "would remove" if dry_run else "removed"
    for p in found:
        click.echo(f"{verb} {Path(reports_dir) / p.folder} ({p.reason})")
    click.echo(f"{len(found)} report(s) {verb}" if found else "nothing to remove", err=True)


# --- from sources to claims: add-source, extract, accept -------------------------------------------


@cli.command("add-source")
@data_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--title", default="",
              help="A descriptive title (default: a web page's or PDF's own title).")
@click.option("--publisher", default="",
              help="Who published it (the claimant of its own voice; default: the page's site "
                   "name or author).")
@click.option("--url", default="", help="Where it was found (default: a web page's own address).")
@click.option("--published", default="",
              help="Publication date: 2025, 2025-Q3, 2025-07 or 2025-07-14 (default: a web page's "
                   "own date); omit when unknown.")
@click.option("--encoding", default=None,
              help="Encoding of a text file that is not UTF-8 (e.g. latin-1, cp1252, utf-16): "
                   "the original is kept, the converted text stored beside it.")
@wait_option
def add_source(data_dir: str, file: str, title: str, publisher: str, url: str,
               published: str, encoding: str | None, wait: float) -> None:
    """Register a source document (.txt, a saved web page or a PDF): copy FILE into
    data/sources/ and record it in documents.csv.

    \b
    Example: claimbook add-source article.html --publisher "Reuters"
    Exit codes: 0 registered; 2 invalid input; 3 the data folder is being written."""
    from claimbook.sources import register

    notes: list[str] = []
    src = register.add_source(data_dir, file, title=title, publisher=publisher, url=url,
                             published=published, encoding=encoding, notes=notes,
                             wait=wait)
    for note in notes:  # stdout keeps the one result line, as scripts read it
        click.echo(note, err=True)
    click.echo(f"registered {src.doc_id}: {src.path}")


@cli.command("remove-source")
@data_option
@click.argument("doc_id")
@click.option("--with-mentions", is_flag=True,
              help="Also remove the source's mentions and the claims left without provenance.")
@wait_option
def remove_source(data_dir: str, doc_id: str, with_mentions: bool, wait: float) -> None:
    """Unregister the source DOC_ID (refused while mentions use it, unless --with-mentions)."""
    from claimbook.sources import register

    removed = register.remove_source(data_dir, doc_id, with_mentions=with_mentions, wait=wait)
    claims = f" and {len(removed.claims)} claims ({', '.join(removed.claims)})" if removed.claims \
        else ""
    click.echo(f"removed {removed.doc_id} with {removed.mentions} mentions{claims}; previous "
               "tables kept as .bak")


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
    """Propose claims from SOURCE (a doc_id or a file) into a review CSV, one row per mention.

    \b
    Example: claimbook extract 000_cd4c6eedc46ef4ad --out review.csv
    Exit codes: 0 written; 2 invalid input (an unknown source, an existing review file)."""
    from claimbook.sources import review

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
    """Append the kept rows of a REVIEW CSV as claims and mentions (all or nothing).

    \b
    Example: claimbook accept review.csv
    Exit codes: 0 accepted; 2 a problem in the review file (nothing written); 3 the data
    folder is being written."""
    from claimbook.sources import review

    done = review.accept(review_file, data_dir, wait=wait)
    ids = [c["claim_id"] for c in done.claims]
    span = f" ({ids[0]}–{ids[-1]})" if ids else ""
    existing = done.new_mentions_of_existing
    of = f", of {', '.join(done.restated)}" if done.restated else ""
    click.echo(f"accepted {len(ids)} claims{span} and {len(done.mentions)} mentions into "
               f"{data_dir} (new claims: {len(ids)}; new mentions of existing claims: "
               f"{existing}{of})")


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

    Example: claimbook import other.csv --map claim=text --set claimant_type=media

    Exit 0 all rows imported (or there already); 1 valid rows imported, some rejected; 2 bad
    input (with --strict: any row rejected, nothing imported); 3 another command is writing
    the data folder for longer than --wait."""
    from claimbook.tables import importer

    cmap = importer.from_options(maps, sets, date_format, ignore)
    if mapping:
        try:
            cmap = importer.read_mapping(mapping).merged(cmap)
        except ConfigError as e:
            raise ConfigError(f"--mapping: {e}") from None
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
           topics: tuple[str, ...], publishers: tuple[str, ...], docs: tuple[str, ...],
           fmt: str, out: str | None) -> None:
    """Export the claims of a range (the same selection as `claims`) for another tool.

    \b
    Example: claimbook export --period 2025 --format jsonl --out claims.jsonl
    Exit codes: 0 exported; 2 invalid input."""
    from claimbook.claims import query
    from claimbook.claims.control_chars import is_terminal, write_stdout
    from claimbook.params import ReportParams
    from claimbook.tables import exporter

    params = ReportParams.from_cli(start=start, end=end, period=period, as_of=as_of,
                                   claimants=claimants, claim_types=claim_types, topics=topics,
                                   publishers=publishers, docs=docs, data_dir=data_dir)
    params = resolve_claimants(params)
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
    """Switch the claim tables between CSV (spreadsheets) and Parquet (large tables).

    \b
    Example: claimbook convert --to parquet
    Exit codes: 0 converted (the previous files kept as .bak); 2 invalid input."""
    from claimbook.tables.convert import convert_folder

    done = convert_folder(data_dir, to, wait=wait)
    for old, new in done.tables.values():
        click.echo(f"{old} -> {new}" + (f" (previous kept as {old.name}.bak)" if old != new else ""))


def main() -> None:
    # SIGTERM (systemd stop, kill) unwinds like Ctrl-C: kernels stop, temporary folders go.
    signal.signal(signal.SIGTERM, raise_interrupted)
    cli(prog_name="claimbook")


if __name__ == "__main__":
    main()
