"""Every option error is in the user's words: each command run with a bad value for each of its
options exits 2 with one line naming the option (and, for a choice, the allowed values), no
traceback and nothing of click's or pydantic's internals."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from claimbook.cli import cli
from conftest import run_cli
from places import DATA, NOTEBOOK

# Values that are wrong for an option that takes text (a choice or a number is wrong by type).
BAD_TEXT = {"--start": "2025-13-45", "--end": "the end", "--period": "fortnight",
            "--as-of": "yesterday-ish", "--from": "bogus", "--to": "bogus", "--type": "rumour",
            "--topic": "bogus-topic", "--claimant": "Nobody At All", "--format": "docx",
            "--notebook": "/nonexistent/x.ipynb", "--title": "a\x07bell",
            "--published": "someday", "--map": "no-equals-sign", "--set": "no-equals-sign",
            "--mapping": "/nonexistent/mapping.toml", "--mail-to": "ops@example.org\nBcc: x@y",
            "--mail-from": "not an address", "--encoding": "no-such-encoding",
            "--doc": "no-such-doc", "--grade": "Some Publisher=Z"}
# Options whose every value is acceptable text (a name, an address, a file to write).
ANY_TEXT = {"--data", "--url", "--publisher", "--out", "--reports-dir", "--log-file",
            "--scheduler", "--rejects", "--ignore", "--date-format", "--smtp-host", "--mail-link"}
ANY_TEXT_OF = {("add-source", "--title")}  # a document's own title, kept as written
ARGUMENTS = {"add-source": ["x.txt"], "extract": ["x.txt"], "accept": ["x.csv"],
             "import": ["x.csv"]}
REQUIRED = {"add-source": {"--title": "t"}, "convert": {"--to": "csv"},
            "prune": {"--stale": None, "--dry-run": None}}
SOME_PERIOD = {"batch": ["--period", "2025-07"]}
INTERNALS = ("Traceback", "pydantic", "validation error", "Invalid value for", "x>=",
             "literal_error", "Usage:")


def cases() -> list[tuple[str, str, str]]:
    out = []
    for name, command in sorted(cli.commands.items()):
        for param in command.params:
            if not isinstance(param, click.Option) or param.is_flag or param.name == "help":
                continue
            opt = next(o for o in [*param.opts, *param.secondary_opts] if o.startswith("--"))
            if isinstance(param.type, click.Choice):
                bad = "bogus-choice"
            elif isinstance(param.type, (click.types.IntParamType, click.types.FloatParamType)):
                bad = "not-a-number"
            elif opt in BAD_TEXT and (name, opt) not in ANY_TEXT_OF:
                bad = BAD_TEXT[opt]
            else:
                assert opt in ANY_TEXT or (name, opt) in ANY_TEXT_OF, \
                    f"{name} {opt}: give it a bad value above, or list it"
                continue
            out.append((name, opt, bad))
    return out


@pytest.mark.parametrize(("command", "option", "bad"), cases())
def test_a_bad_value_is_refused_naming_the_option(command: str, option: str, bad: str,
                                                  tmp_path: Path, data_copy: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # defaults such as reports/ land here
    for name in ("x.txt", "x.csv"):  # the FILE arguments exist: the option is what is wrong
        (tmp_path / name).write_text("claim_id\n", encoding="utf-8")
    args = [command, *ARGUMENTS.get(command, [])]
    if command != "prune":  # a copy: a value wrongly accepted must not change the data
        args += ["--data", str(data_copy)]
    if option != "--notebook" and command in ("render", "batch"):
        args += ["--notebook", str(NOTEBOOK)]
    if option not in ("--period", "--from", "--to"):
        args += SOME_PERIOD.get(command, [])
    for opt, value in REQUIRED.get(command, {}).items():
        if opt != option:
            args += [opt] if value is None else [opt, value]
    if option == "--mail-from":  # read only when there is a mail to send
        args += ["--mail-to", "ops@example.org"]
    done = run_cli(*args, option, bad)
    assert done.exit_code == 2, (args, done.output)
    assert option in done.stderr, done.stderr
    for word in INTERNALS:
        assert word not in done.output, done.output
    if bad == "bogus-choice":
        param = next(p for p in cli.commands[command].params if option in p.opts)
        assert ", ".join(map(str, param.type.choices)) in done.stderr


def test_the_old_batch_out_still_works_and_says_it_is_deprecated(tmp_path: Path) -> None:
    done = run_cli("batch", "--data", str(DATA), "--out", str(tmp_path / "r"), "--period",
                   "fortnight")
    assert "batch --out is deprecated; it is --reports-dir" in done.stderr
    assert "--period: 'fortnight' is not a period" in done.stderr and done.exit_code == 2
