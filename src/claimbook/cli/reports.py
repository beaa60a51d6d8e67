"""The commands of selections and reports: `claims`, `render`, `batch`, `prune`, `export`."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from claimbook.choices import MAX_REPORTS, RUN_DEFAULTS
from claimbook.cli.options import (
    as_of_option,
    data_option,
    period_option,
    resolve_claimants,
    run_options,
    select_options,
    selection_options,
    write_out,
)

if TYPE_CHECKING:
    from claimbook.params import ReportParams


@click.command()
@selection_options
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "jsonl"]),
              default="table", show_default=True,
              help="A table to read, CSV, one JSON document (counts and claims) or JSON lines "
                   "(one claim a line, as export writes them).")
def claims(params: ReportParams, fmt: str) -> None:
    """List the claims for a range: in range, imprecise and undated, with the three counts.

    \b
    Example: claimbook claims --period 2025-07 --claimant Zelensky
    Exit codes: 0 listed; 2 invalid input (an option, an unknown claimant, a broken table)."""
    from claimbook.claims.control_chars import for_stream, write_stdout
    from claimbook.tables import listing

    if fmt == "csv":  # a slice of claims at a time: any size
        counts = write_out(lambda sink: listing.listing_csv(params, sink))
        click.echo(listing.headline(counts), err=True)  # stdout stays machine-readable
        return
    text, counts = listing.listing(params, fmt)
    if fmt == "table":
        click.echo(for_stream(text), nl=False)
    else:
        click.echo(listing.headline(counts), err=True)  # stdout stays machine-readable
        write_stdout(text.encode("utf-8"))  # not click.echo: it drops escapes from a pipe

@click.command()
@selection_options
@click.option("--title", default="", help="Report title (default: the range in words).")
@click.option("--undated", type=click.Choice(["list", "count"]), default="list", show_default=True,
              help="With a range: list undated claims in full, or count them and point to the "
                   "report of all dates.")
@run_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Output folder (default: reports/<slug from the parameters>); replaced only "
                   "if it is new, empty or a previous claimbook report.")
@click.option("--reports-dir", default=None, type=click.Path(file_okay=False),
              help="Folder of all reports and their index.html (default: reports/ beside the "
                   "data folder, in its workbook).")
@click.option("--wait", type=click.FloatRange(min=0), default=60, show_default=True,
              help="Seconds to wait while another run publishes into the same folder "
                   "(then exit 3).")
def render(params: ReportParams, formats: str, out_dir: str | None, reports_dir: str | None,
           notebook: str | None, timeout: float, wait: float) -> None:
    """Render one report (HTML, PDF and the executed notebook) and update reports/index.html.

    \b
    Example: claimbook render --start 2025-04-01 --end 2025-08-31 --type denial
    Exit codes: 0 rendered; 1 a cell failed (the previous report is kept); 2 invalid input;
    3 another run is publishing into the folder for longer than --wait."""
    from claimbook.claims.daterule import headline_words
    from claimbook.params import RenderConfig
    from claimbook.publish import render as render_mod

    cfg = RenderConfig.build(params=params, formats=formats, out_dir=out_dir,
                             reports_dir=reports_dir, notebook=notebook, timeout=timeout)
    result = render_mod.render(cfg, wait=wait)
    click.echo(f"{cfg.title()}: "
               f"{headline_words(result.counts, params.start, params.end)}")
    for path in result.files.values():
        click.echo(str(path))
    click.echo(str(cfg.reports_dir / "index.html"))


@click.command()
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
@click.option("--reports-dir", "reports_dir", default=None, type=click.Path(file_okay=False),
              help="Folder of all reports and their index.html (as for render; default "
                   "reports/ beside the data folder): new, empty or one claimbook made.")
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
@run_options
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
@click.option("--mail-timeout", "mail_timeout", type=float, default=120, show_default=True,
              metavar="SECONDS", help="Seconds the whole mail may take (then it is logged as "
              "not sent; the batch keeps its exit code).")
@click.pass_context
def batch(ctx: click.Context, data_dir: str, start: str | None, end: str | None,
          period: str | None, as_of: str | None, every: str, per: str | None,
          claimants: tuple[str, ...], claim_types: tuple[str, ...], topics: tuple[str, ...],
          publishers: tuple[str, ...], docs: tuple[str, ...],
          undated: str, jobs: int, formats: str, reports_dir: str | None, old_out: str | None,
          force: bool, max_reports: int, wait: float,
          log_file: str | None, quiet: bool, executor: str, scheduler: str | None,
          notebook: str | None, timeout: float, mail_to: tuple[str, ...], smtp_host: str | None,
          smtp_port: int, smtp_starttls: bool, mail_from: str, mail_link: str | None,
          mail_timeout: float) -> None:
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
    mail = None
    if mail_to:  # checked before any kernel starts
        from claimbook.publish.mail import Mail

        mail = Mail(tuple(mail_to), smtp_host or "", smtp_port, smtp_starttls, mail_from,
                    attach=not mail_link, link_base=mail_link or "", timeout=mail_timeout)
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
    if mail is not None:  # a mail that cannot be sent is logged; the batch keeps its exit code
        from claimbook.publish.mail import send

        # SIGTERM/SIGINT: the mail is cut short (and logged) at once; the reports and the index
        # are published, so the batch's own exit code is still the answer
        with contextlib.suppress(KeyboardInterrupt):
            send(mail, summary, cfg.reports_dir)
    ctx.exit(summary.exit_code)


@click.command()
@click.option("--reports-dir", default=RUN_DEFAULTS["reports_dir"], show_default=True,
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


@click.command()
@selection_options
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "claimreview"]),
              default="csv", show_default=True,
              help="A table (CSV with formulas neutralized, JSON lines, Parquet) or schema.org "
                   "ClaimReview JSON-LD.")
@click.option("--out", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
def export(params: ReportParams, fmt: str, out: str | None) -> None:
    """Export the claims of a range (the same selection as `claims`) for another tool.

    \b
    Example: claimbook export --period 2025 --format jsonl --out claims.jsonl
    Exit codes: 0 exported; 2 invalid input."""
    from claimbook.claims import query
    from claimbook.tables import exporter

    if fmt == "csv":  # any size: from Arrow, never pandas rows
        found = write_out(lambda sink: exporter.export_selection_csv(params.data_dir, params, sink),
                          out)
    else:  # a slice of claims at a time
        found = write_out(lambda sink: exporter.export_streamed(params.data_dir, params, fmt, sink),
                          out)
    counts = " · ".join(f"{query.GROUP_LABELS[g]}: {n}" for g, n in found.items())
    click.echo(f"exported {sum(found.values())} claims ({counts})"
               + (f" to {out}" if out else ""), err=True)
