"""Options several commands share, each written once.

`selection_options` reads the selection's options into one `ReportParams` (validated, claimant
names resolved) and hands the command `params`; `run_options` are what `render` and `batch`
share, with the defaults of `params.RunOptions`.
"""

from __future__ import annotations

import functools
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import click

from claimbook.choices import FORMATS, RUN_DEFAULTS
from claimbook.claims.control_chars import is_terminal, write_stdout

T = TypeVar("T")


def _open_data(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Every command opens its data folder through `locks.open_data`: a change of several
    tables left unfinished by a killed writer is finished before anything reads them."""
    if value is not None:
        from claimbook.store import locks

        locks.open_data(value)
    return value


data_option = click.option(
    "--data", "data_dir", default="data", show_default=True, callback=_open_data,
    type=click.Path(file_okay=False), help="Folder holding claims.csv, mentions.csv, documents.csv.",
)

wait_option = click.option(
    "--wait", type=click.FloatRange(min=0), default=60, show_default=True,
    help="Seconds to wait while another command writes the data folder (then exit 3).")


def stack(options: list[Callable[[Any], Any]]) -> Callable[[Any], Any]:
    """One decorator applying several click options, in the order listed."""
    def decorate(f: Any) -> Any:
        for opt in reversed(options):
            f = opt(f)
        return f

    return decorate


period_option = click.option(
    "--period", help="2025-07, 2025-Q3, 2025, 2025-W27, last-month, last-quarter, this-year, ...")
as_of_option = click.option("--as-of", "as_of",
                            help="The day relative periods count from (default: today).")
select_options = stack([
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
SELECTION = ("start", "end", "period", "as_of", "claimants", "claim_types", "topics",
             "publishers", "docs")
# options a command may add that belong to the report's parameters too
PARAMETERS = ("title", "undated")


def write_out(write: Callable[[BinaryIO | Path], T], out: str | None = None) -> T:
    """`write` a command's output into `--out` FILE, or standard output: to a terminal, buffered
    and written with control characters marked (as many rows as a person reads); to a file or a
    pipe, streamed, any size. Returns what `write` returns."""
    if out:
        return write(Path(out))
    if is_terminal():
        buf = io.BytesIO()
        result = write(buf)
        write_stdout(buf.getvalue())
        return result
    result = write(sys.stdout.buffer)
    sys.stdout.flush()
    return result


def say(line: str) -> None:
    """A note on stderr, where it never mixes with a command's output."""
    click.echo(f"claimbook: {line}", err=True)


def resolve_claimants(params: Any) -> Any:
    """The --claimant names as the claimants of the data (case, aliases), or exit 2 with the
    nearest names; says on stderr which claimant a spelling was read as. `--publisher` and
    `--doc` must name a source of the data too (`claimants.resolve_params`)."""
    from claimbook.claims.claimants import resolve_params

    return resolve_params(params, say=say)


def selection_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """`--data`, the range and the filters, given to the command as one `params`."""
    @functools.wraps(f)
    def command(**kwargs: Any) -> Any:
        from claimbook.params import ReportParams

        given = {k: kwargs.pop(k) for k in (*SELECTION, *PARAMETERS) if k in kwargs}
        params = ReportParams.from_cli(data_dir=kwargs.pop("data_dir"), **given)
        return f(params=resolve_claimants(params), **kwargs)

    return stack([
        data_option,
        click.option("--start", help="First day of the range (2025-07-01; 2025-07 means its 1st)."),
        click.option("--end", help="Last day of the range (2025-08-31; 2025-08 means its last)."),
        period_option, as_of_option, select_options,
    ])(command)


run_options = stack([
    click.option("--format", "formats", default=RUN_DEFAULTS["formats"], show_default=True,
                 help=f"Comma-separated output formats: {', '.join(FORMATS)}."),
    click.option("--notebook", default=None, metavar="NAME|PATH",
                 help="The report notebook to execute: a name picks NAME.ipynb of the data "
                 "folder's workbook's notebooks/ (claims_report, the default; claimant: a "
                 "claimant's profile), else the one installed with claimbook; or a path."),
    click.option("--timeout", type=float, default=RUN_DEFAULTS["timeout"], show_default=True,
                 help="Whole seconds a single cell may run (1 to 604800, a week)."),
])
