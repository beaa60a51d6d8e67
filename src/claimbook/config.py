"""One typed, validated description of a selection and of a report run.

Command-line strings are converted here and only here, and a bad value is refused before any
kernel starts. The notebook receives `ReportParams.notebook_parameters()` — plain strings and
lists that papermill can inject — and turns them back with `ReportParams.from_notebook`.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from claimbook import schema
from claimbook.dates import DateError, describe_period, describe_range, parse_period, range_bound
from claimbook.errors import ConfigError

Format = Literal["html", "pdf", "ipynb"]
FORMATS: tuple[str, ...] = ("html", "pdf", "ipynb")


def _bound(value: Any, *, end: bool) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return range_bound(str(value), end=end)
    except DateError as e:
        raise ValueError(str(e)) from None


class ReportParams(BaseModel):
    """What a report selects: a date range and filters (empty filter = all)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date | None = None
    end: date | None = None
    claimants: tuple[str, ...] = ()
    claim_types: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    title: str = ""
    data_dir: str = "data"
    as_of: date | None = None

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
            raise ConfigError(_one_line(e)) from None

    @classmethod
    def from_cli(cls, *, period: str | None = None, **values: Any) -> ReportParams:
        """Command-line strings to parameters: `--period` or `--start/--end`, never both."""
        if period:
            if values.get("start") or values.get("end"):
                raise ConfigError("give either --period or --start/--end, not both")
            try:
                p = parse_period(period, _bound(values.get("as_of") or None, end=False))
            except (DateError, ValueError) as e:
                raise ConfigError(str(e)) from None
            values.update(start=p.start, end=p.end)
        return cls.build(**values)

    @classmethod
    def from_notebook(cls, **values: Any) -> ReportParams:
        """Rebuild from the notebook's parameters cell (lists may arrive as lists or strings)."""
        for key in ("claimants", "claim_types", "topics"):
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
            "title": self.title,
            "data_dir": self.data_dir,
            "as_of": self.as_of.isoformat() if self.as_of else "",
        }

    def describe(self) -> str:
        """The parameters in words: '1 April – 31 August 2025, all claimants'."""
        parts = [describe_range(self.start, self.end)]
        parts.append(", ".join(self.claimants) if self.claimants else "all claimants")
        parts.append(("claim types: " + ", ".join(self.claim_types)) if self.claim_types
                     else "all claim types")
        if self.topics:
            parts.append("topics: " + ", ".join(self.topics))
        return ", ".join(parts)

    def display_title(self) -> str:
        return self.title or f"Claims report: {describe_period(self.start, self.end)}"


class RenderConfig(BaseModel):
    """One report run: what to select, where to write, in which formats, with which kernel."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    params: ReportParams
    formats: tuple[Format, ...] = ("html", "pdf", "ipynb")
    out_dir: Path | None = None
    reports_dir: Path = Path("reports")
    notebook: Path = Path("notebooks/claims_report.ipynb")
    kernel_name: str = "claimbook"
    timeout: float | None = Field(default=600, gt=0)
    generated: datetime = Field(default_factory=lambda: datetime.now().astimezone())

    _formats = field_validator("formats", mode="before")(lambda cls, v: parse_formats(v))

    @classmethod
    def build(cls, **values: Any) -> RenderConfig:
        try:
            return cls(**values)
        except ValidationError as e:
            raise ConfigError(_one_line(e)) from None


def parse_formats(v: Any) -> tuple[str, ...]:
    """'html,pdf' or a list -> ('html', 'pdf'); pydantic then checks each is a known format."""
    if isinstance(v, str):
        v = [x.strip().lower() for x in v.split(",") if x.strip()]
    v = tuple(dict.fromkeys(v))
    if not v:
        raise ValueError(f"give at least one format: {', '.join(FORMATS)}")
    return v


Every = Literal["week", "month", "quarter", "year"]
Per = Literal["claimant", "type"]


class BatchConfig(BaseModel):
    """One batch run, validated before any kernel starts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: date
    end: date
    every: Every = "month"
    per: Per | None = None
    base: ReportParams = Field(default_factory=ReportParams)
    formats: tuple[Format, ...] = ("html", "pdf", "ipynb")
    reports_dir: Path = Path("reports")
    notebook: Path = Path("notebooks/claims_report.ipynb")
    kernel_name: str = "claimbook"
    timeout: float | None = Field(default=600, gt=0)
    force: bool = False
    jobs: int = Field(default=1, ge=1, le=64)
    executor: Literal["local", "dask"] = "local"
    scheduler: str | None = None
    wait: float = Field(default=0, ge=0)

    _formats = field_validator("formats", mode="before")(lambda cls, v: parse_formats(v))

    @model_validator(mode="after")
    def _check(self) -> BatchConfig:
        if self.start > self.end:
            raise ValueError(f"--from {self.start} is after --to {self.end}")
        if self.executor == "dask" and not self.scheduler:
            raise ValueError("--executor dask needs --scheduler tcp://HOST:PORT")
        return self

    @classmethod
    def from_cli(cls, *, period: str | None, start: str | None, end: str | None,
                 as_of: str | None, formats: str, **values: Any) -> BatchConfig:
        """`--period P` or `--from A --to B` (each itself a period: 2025-01, last-month, ...)."""
        try:
            as_of_day = parse_period(as_of).start if as_of else None
            if period and (start or end):
                raise ConfigError("give either --period or --from/--to, not both")
            if period:
                first = last = parse_period(period, as_of_day)
            elif start and end:
                first, last = parse_period(start, as_of_day), parse_period(end, as_of_day)
            else:
                raise ConfigError("give --period, or both --from and --to")
        except DateError as e:
            raise ConfigError(str(e)) from None
        try:
            return cls(start=first.start, end=last.end, formats=formats, **values)
        except ValidationError as e:
            raise ConfigError(_one_line(e)) from None

    def absolute(self) -> BatchConfig:
        """Paths that mean the same in a worker process or on another machine."""
        base = self.base.model_copy(update={"data_dir": str(Path(self.base.data_dir).resolve())})
        return self.model_copy(update={"base": base, "notebook": self.notebook.resolve(),
                                       "reports_dir": self.reports_dir.resolve()})



def _one_line(e: ValidationError) -> str:
    msgs = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err["loc"]) or "parameters"
        msg = str(err["msg"]).removeprefix("Value error, ")
        msgs.append(f"{loc}: {msg}")
    return "; ".join(msgs)
