"""A validation error of the parameters as one plain line, naming the options the user typed.

pydantic says what is wrong with a field in its own words (`literal_error`, `greater_than_equal`);
a message here names the command-line option (`--format`, not `formats`) and the allowed values.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

# The command-line option each field comes from, so that a message names what the user typed.
PARAM_OPTIONS = {"start": "--start", "end": "--end", "claimants": "--claimant",
                 "claim_types": "--type", "topics": "--topic", "title": "--title",
                 "publishers": "--publisher", "docs": "--doc",
                 "data_dir": "--data", "as_of": "--as-of", "undated": "--undated"}
RENDER_OPTIONS = {"formats": "--format", "out_dir": "--out", "reports_dir": "--reports-dir",
                  "notebook": "--notebook", "timeout": "--timeout"}
BATCH_OPTIONS = {"start": "--from", "end": "--to", "every": "--every", "per": "--per",
                 "formats": "--format", "reports_dir": "--reports-dir", "notebook": "--notebook",
                 "timeout": "--timeout", "jobs": "-j/--jobs", "executor": "--executor",
                 "scheduler": "--scheduler", "wait": "--wait"}
CHOICE_NOUNS = {"undated": "a way to show undated claims", "formats": "a format",
                "every": "a period length", "per": "a grouping", "executor": "an executor"}


def _plain(err: Any) -> str:
    """pydantic's message for one error in plain words."""
    kind, ctx, field = err["type"], err.get("ctx") or {}, next(
        (str(x) for x in err["loc"] if isinstance(x, str)), "")
    if kind == "literal_error":
        choices = ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", ""))))
        return (f"{str(err['input'])!r} is not {CHOICE_NOUNS.get(field, 'a choice')}; "
                f"choose from {choices}")
    bounds = {"greater_than_equal": ("must be at least", "ge"),
              "greater_than": ("must be more than", "gt"),
              "less_than_equal": ("must be at most", "le"),
              "less_than": ("must be less than", "lt")}
    if kind in bounds:
        words, key = bounds[kind]
        limit = ctx.get(key)
        return f"{words} {limit:g}" if isinstance(limit, float) else f"{words} {limit}"
    plain = {"int_parsing": "must be a whole number", "int_from_float": "must be a whole number",
             "float_parsing": "must be a number", "finite_number": "must be a finite number",
             "extra_forbidden": "is not a parameter", "missing": "is required",
             "bool_parsing": "must be true or false", "date_from_datetime_parsing": "must be a date"}
    return plain.get(kind, str(err["msg"]).removeprefix("Value error, "))


def one_line(e: ValidationError, options: dict[str, str] | None = None) -> str:
    """Every error on one line, each naming its command-line option (or the parameter)."""
    names = {**PARAM_OPTIONS, **(options or {})}
    msgs = []
    for err in e.errors():
        field = next((str(x) for x in err["loc"] if isinstance(x, str)), "")
        where = names.get(field, field)
        msgs.append(f"{where}: {_plain(err)}" if where else _plain(err))
    return "; ".join(msgs)
