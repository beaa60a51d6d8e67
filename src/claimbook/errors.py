"""Typed errors: the CLI turns each into a message and an exit code, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3


class ClaimbookError(Exception):
    """Base of the errors a user can fix; `exit_code` is what the CLI exits with."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True)
class Problem:
    """One problem in one place of a table: file, spreadsheet row (header = 1), column."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class DataError(ClaimbookError):
    """The tables are invalid; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        n = len(problems)
        lines = [f"{n} problem{'s' if n != 1 else ''} found:"]
        lines += [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))


class ConfigError(ClaimbookError):
    """A parameter of a run is invalid (checked before any kernel starts)."""


class AmbiguousName(ConfigError):
    """A name given to a filter (`--claimant`, `claimants=`) is part of several claimants' names:
    `candidates` lists them; exit 2, nothing selected."""

    def __init__(self, message: str, option: str, given: str, candidates: list[str]):
        super().__init__(message)
        self.option, self.given, self.candidates = option, given, candidates


class RenderError(ClaimbookError):
    """A report could not be rendered; the executed notebook is kept for debugging."""

    exit_code = EXIT_FAILED


class LockedError(ClaimbookError):
    """Another run holds the output folder's lock (a cron run overlapping the previous one)."""

    exit_code = EXIT_LOCKED


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM: stop, clean up (kernels, temporary folders), exit 128 + signal."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def raise_interrupted(signum: int, frame: object = None) -> None:
    """A signal handler: turn SIGTERM into an exception so `finally` blocks run."""
    raise Interrupted(signum)


class ModelError(ClaimbookError):
    """The English language model extraction reads with is not installed (or cannot be loaded)."""

    exit_code = EXIT_FAILED
