"""One typed, validated description of a selection and of a report run.

Command-line strings are converted here and only here, and a bad value is refused before any
kernel starts. The notebook receives `ReportParams.notebook_parameters()` — plain strings and
lists that papermill can inject — and turns them back with `ReportParams.from_notebook`.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from claimbook import workbook_dir
from claimbook.choices import FORMATS, MAX_REPORTS, RUN_DEFAULTS
from claimbook.claims import names, schema
from claimbook.claims.control_chars import CONTROLS
from claimbook.claims.dates import (
    DateError,
    count_periods,
    describe_period,
    describe_range,
    parse_period,
    range_bound,
)
from claimbook.errors import ConfigError
from claimbook.param_errors import BATCH_OPTIONS, PARAM_OPTIONS, RENDER_OPTIONS, one_line
from claimbook.report_notebook import NOTEBOOK_NAME, check_notebook, resolve_notebook

Format = Literal["html", "pdf", "ipynb"]
# How a report with a date range shows its undated claims: listed in full, or counted with a
# pointer to the report of all dates (a monthly series need not repeat them every month).
Undated = Literal["list", "count"]
UNDATED_MODES: tuple[str, ...] = ("list", "count")
MAX_TIMEOUT = 7 * 24 * 3600  # a week: a cell's limit, in whole seconds (what nbclient takes)


def _bound(value: Any, *, end: bool) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return range_bound(str(value), end=end)
    except DateError as e:
        raise ValueError(str(e)) from None


def _utf8(v: str) -> str:
    """A string from the command line that can reach a notebook: a byte that is not UTF-8
    (`--title=$'\\xff'`) arrives as a lone surrogate and would fail in the kernel instead."""
    try:
        v.encode("utf-8")
    except UnicodeEncodeError as e:
        bad = v[e.start].encode("utf-8", "surrogateescape")
        raise ValueError(f"not UTF-8 text (byte {bad.hex(' ')} at character {e.start + 1}); "
                         "give the text in UTF-8") from None
    return v


def _path(v: Path | None) -> Path | None:
    """A folder or file name that reaches the notebook, meta.json and the index: UTF-8 too."""
    if v is not None:
        _utf8(str(v))
    return v


def _seconds(v: float | None) -> float | None:
    """A cell timeout: whole seconds from 1 to a week (inf, nan, 0 and fractions refused)."""
    if v is None:
        return v
    if not (math.isfinite(v) and v == int(v) and 1 <= v <= MAX_TIMEOUT):
        raise ValueError(f"give whole seconds from 1 to {MAX_TIMEOUT} (a week), not {v:g}")
    return int(v)


class ReportParams(BaseModel):
    """What a report selects: a date range and filters (empty filter = all)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date | None = None
    end: date | None = None
    claimants: tuple[str, ...] = ()
    claim_types: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    title: str = ""
    data_dir: str = "data"
    as_of: date | None = None
    undated: Undated = "list"

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, v: Any) -> date | None:
        return _bound(v or None, end=False)

    @field_validator("end", mode="before")
    @classmethod
    def _end(cls, v: Any) -> date | None:
        return _bound(v or None, end=True)

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, v: Any) -> date | None:
        return _bound(v or None, end=False)

    @field_validator("claimants", "publishers", "docs", "data_dir")
    @classmethod
    def _text(cls, v: Any) -> Any:
        for x in (v,) if isinstance(v, str) else v:
            _utf8(x)
        return v

    @field_validator("title")
    @classmethod
    def _title(cls, v: str) -> str:
        _utf8(v)
        bad = CONTROLS.search(v)
        if bad:
            raise ValueError(f"holds the control character U+{ord(bad.group()):04X}; give "
                             "plain text")
        return v

    @field_validator("claim_types")
    @classmethod
    def _types(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [t for t in v if t not in schema.CLAIM_TYPES]
        if unknown:
            raise ValueError(f"unknown claim type {', '.join(unknown)}; "
                             f"choose from {', '.join(schema.CLAIM_TYPES)}")
        return v

    @field_validator("topics")
    @classmethod
    def _topics(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [t for t in v if t not in schema.TOPICS]
        if unknown:
            raise ValueError(f"unknown topic {', '.join(unknown)}; "
                             f"choose from {', '.join(schema.TOPICS)}")
        return v

    @model_validator(mode="after")
    def _order(self) -> ReportParams:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self

    @classmethod
    def build(cls, **values: Any) -> ReportParams:
        """Validate, turning pydantic's error into a one-line ConfigError."""
        try:
            return cls(**values)
        except ValidationError as e:
            raise ConfigError(one_line(e, PARAM_OPTIONS)) from None

    @classmethod
    def from_cli(cls, *, period: str | None = None, **values: Any) -> ReportParams:
        """Command-line strings to parameters: `--period` or `--start/--end`, never both."""
        if period:
            if values.get("start") or values.get("end"):
                raise ConfigError("give either --period or --start/--end, not both")
            try:
                as_of = _bound(values.get("as_of") or None, end=False)
            except ValueError as e:
                raise ConfigError(f"--as-of: {e}") from None
            try:
                p = parse_period(period, as_of)
            except (DateError, ValueError) as e:
                raise ConfigError(f"--period: {e}") from None
            values.update(start=p.start, end=p.end)
        return cls.build(**values)

    @classmethod
    def from_notebook(cls, **values: Any) -> ReportParams:
        """Rebuild from the notebook's parameters cell (lists may arrive as lists or strings)."""
        for key in ("claimants", "claim_types", "topics", "publishers", "docs"):
            v = values.get(key)
            if isinstance(v, str):
                values[key] = tuple(x.strip() for x in v.split(",") if x.strip())
            elif v is not None:
                values[key] = tuple(v)
        return cls.build(**values)

    def notebook_parameters(self) -> dict[str, Any]:
        """JSON-safe values for papermill's injected parameters cell."""
        return {
            "start": self.start.isoformat() if self.start else "",
            "end": self.end.isoformat() if self.end else "",
            "claimants": list(self.claimants),
            "claim_types": list(self.claim_types),
            "topics": list(self.topics),
            "publishers": list(self.publishers),
            "docs": list(self.docs),
            "title": self.title,
            "data_dir": self.data_dir,
            "as_of": self.as_of.isoformat() if self.as_of else "",
            "undated": self.undated,
        }

    def describe(self, claimants: bool = True) -> str:
        """The parameters in words: '1 April – 31 August 2025, all claimants' (without the
        claimants for a page that names its one claimant already)."""
        parts = [describe_range(self.start, self.end)]
        if claimants:
            parts.append(", ".join(names.shown(c) for c in self.claimants) if self.claimants
                         else "all claimants")
        parts.append(("claim types: " + ", ".join(self.claim_types)) if self.claim_types
                     else "all claim types")
        if self.topics:
            parts.append("topics: " + ", ".join(self.topics))
        if self.publishers:
            parts.append("carried by " + ", ".join(self.publishers))
        if self.docs:
            parts.append("in " + ", ".join(self.docs))
        return ", ".join(parts)

    def display_title(self, kind: str = "Claims report") -> str:
        """The title given, or the kind of report (its notebook's `NotebookInfo.kind`), the
        period in words and the filters: a filtered report is never titled like the unfiltered
        one of its period (in the index they sit side by side). A claimant whose name holds
        look-alike letters of another script is marked (`names.shown`)."""
        if self.title:
            return self.title
        chosen = [*(names.shown(c) for c in self.claimants),
                  *(t.replace("_", " ") for t in self.claim_types),
                  *self.topics]
        return (f"{kind}: {describe_period(self.start, self.end)}"
                + (f" — {', '.join(chosen)}" if chosen else ""))


class RunOptions(BaseModel):
    """What `render` and `batch` share — formats, reports folder, notebook, kernel, cell
    timeout — with their defaults (`choices.RUN_DEFAULTS`, which the command line shows; the
    reports folder and notebook default to the data folder's workbook's)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    formats: tuple[Format, ...] = tuple(RUN_DEFAULTS["formats"].split(","))  # type: ignore[assignment]
    # Default (None): those of the workbook the data folder is in (`_of_workbook`).
    reports_dir: Path = None  # type: ignore[assignment]
    notebook: Path = None  # type: ignore[assignment]
    kernel_name: str = RUN_DEFAULTS["kernel"]
    timeout: float | None = RUN_DEFAULTS["timeout"]

    _formats = field_validator("formats", mode="before")(lambda cls, v: parse_formats(v))
    _timeout = field_validator("timeout")(lambda cls, v: _seconds(v))
    _notebook = field_validator("notebook", mode="before")(
        lambda cls, v: resolve_notebook(*v) if isinstance(v, tuple) else resolve_notebook(v))
    _paths = field_validator("reports_dir", "notebook")(lambda cls, v: _path(v))

    @model_validator(mode="before")
    @classmethod
    def _of_workbook(cls, values: Any) -> Any:
        """`reports_dir` and `notebook` of a run, by default those of the workbook its data
        folder is in (`workbook_dir`: reports/ beside it, its notebooks/ else the installed
        ones), and a `--notebook NAME` looked for there: never in the current folder, so a
        command means the same from anywhere."""
        if not isinstance(values, dict):
            return values
        params = values.get("params", values.get("base"))
        data_dir = (params.get("data_dir") if isinstance(params, dict)
                    else getattr(params, "data_dir", None)) or "data"
        values = dict(values)
        if values.get("reports_dir") is None:
            values["reports_dir"] = workbook_dir.reports_dir(data_dir)
        notebook = values.get("notebook")
        if notebook is None:
            values["notebook"] = workbook_dir.notebook(data_dir)
        elif isinstance(notebook, str) and NOTEBOOK_NAME.fullmatch(notebook):  # resolved by `_notebook`
            values["notebook"] = (notebook, workbook_dir.notebooks_dir(data_dir))
        return values


class RenderConfig(RunOptions):
    """One report run: what to select, where to write, in which formats, with which kernel."""

    params: ReportParams
    out_dir: Path | None = None
    generated: datetime = Field(default_factory=lambda: datetime.now().astimezone())

    _out = field_validator("out_dir")(lambda cls, v: _path(v))

    @classmethod
    def build(cls, **values: Any) -> RenderConfig:
        """Validate, and check the notebook and what it needs, before any kernel starts."""
        try:
            cfg = cls(**values)
        except ValidationError as e:
            raise ConfigError(one_line(e, RENDER_OPTIONS)) from None
        check_notebook(cfg.notebook, cfg.params)
        return cfg

    def title(self) -> str:
        """The report's title, as its notebook's kind of report words it."""
        return self.params.display_title(check_notebook(self.notebook).kind)


def parse_formats(v: Any) -> tuple[str, ...]:
    """'html,pdf' or a list -> ('html', 'pdf'); pydantic then checks each is a known format."""
    if isinstance(v, str):
        v = [x.strip().lower() for x in v.split(",") if x.strip()]
    v = tuple(dict.fromkeys(v))
    if not v:
        raise ValueError(f"give at least one format: {', '.join(FORMATS)}")
    return v


Every = Literal["week", "month", "quarter", "year"]
Per = Literal["claimant", "type", "publisher"]


class BatchConfig(RunOptions):
    """One batch run, validated before any kernel starts."""

    start: date
    end: date
    every: Every = "month"
    per: Per | None = None
    base: ReportParams = Field(default_factory=ReportParams)
    force: bool = False
    jobs: int = Field(default=1, ge=1, le=64)
    executor: Literal["local", "dask"] = "local"
    scheduler: str | None = None
    wait: float = Field(default=0, ge=0)
    # A batch plans at most this many reports unless told more (--max-reports): a typo such as
    # --from 0001 planned 521,000 weekly reports without a word.
    max_reports: int = Field(default=MAX_REPORTS, ge=1)

    @model_validator(mode="after")
    def _check(self) -> BatchConfig:
        if self.start > self.end:
            raise ValueError(f"--from {self.start} is after --to {self.end}")
        count_periods(self.start, self.end, self.every)  # its last period fits the calendar
        if self.executor == "dask" and not self.scheduler:
            raise ValueError("--executor dask needs --scheduler tcp://HOST:PORT")
        if self.scheduler and self.executor != "dask":
            # given alone it would be ignored: the reports rendered here, not where asked
            raise ValueError(f"--scheduler is for --executor dask (--executor is {self.executor}; "
                             "choose from local, dask)")
        return self

    @classmethod
    def from_cli(cls, *, period: str | None, start: str | None, end: str | None,
                 as_of: str | None, formats: str, **values: Any) -> BatchConfig:
        """`--period P` or `--from A --to B` (each itself a period: 2025-01, last-month, ...)."""
        def named(option: str, text: str, as_of_day: date | None = None) -> Any:
            try:
                return parse_period(text, as_of_day)
            except DateError as e:
                raise ConfigError(f"{option}: {e}") from None

        as_of_day = named("--as-of", as_of).start if as_of else None
        if period and (start or end):
            raise ConfigError("give either --period or --from/--to, not both")
        if period:
            first = last = named("--period", period, as_of_day)
        elif start and end:
            first, last = named("--from", start, as_of_day), named("--to", end, as_of_day)
        else:
            raise ConfigError("give --period, or both --from and --to")
        try:
            cfg = cls(start=first.start, end=last.end, formats=formats, **values)
        except ValidationError as e:
            raise ConfigError(one_line(e, BATCH_OPTIONS)) from None
        check_notebook(cfg.notebook, cfg.base, per=cfg.per or "")  # "": a batch without --per
        return cfg

    def absolute(self) -> BatchConfig:
        """Paths that mean the same in a worker process or on another machine."""
        base = self.base.model_copy(update={"data_dir": str(Path(self.base.data_dir).resolve())})
        return self.model_copy(update={"base": base, "notebook": self.notebook.resolve(),
                                       "reports_dir": self.reports_dir.resolve()})
