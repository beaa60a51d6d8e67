"""The `claimbook` group: its commands, and every error turned into one message and an exit code."""

from __future__ import annotations

import logging
import re
import signal

import click

from claimbook.cli import data, reports
from claimbook.errors import ClaimbookError, Interrupted, raise_interrupted


def usage_message(e: click.UsageError) -> str:
    """click's refusal of an option in the words of claimbook's own: the option, what was
    wrong, what it takes ('--every: 'fortnight' is not one of week, month, quarter, year')."""
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

    Start a workbook for a question (init), keep a table of claims read from source documents
    (add-source, extract, accept, or import; grade their publishers), check it (validate),
    look at it (claims, claimants) and publish reports for a date range as offline HTML and
    PDF (render), or one per period on a schedule (batch).

    \b
    Example: claimbook render --period 2025-07
    Exit codes: 0 done; 1 a report failed; 2 invalid input; 3 locked by another run.
    """
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(message)s")


for command in (data.init, data.validate, data.claimants_, data.publishers_, reports.claims,
                reports.render, reports.batch, reports.prune, data.add_source,
                data.remove_source, data.extract, data.accept, data.import_, reports.export,
                data.convert):
    cli.add_command(command)


def main() -> None:
    # SIGTERM (systemd stop, kill) unwinds like Ctrl-C: kernels stop, temporary folders go.
    signal.signal(signal.SIGTERM, raise_interrupted)
    from claimbook.publish.mail import take_credentials

    take_credentials()  # no kernel or worker this process starts inherits the SMTP password
    cli(prog_name="claimbook")


if __name__ == "__main__":
    main()
