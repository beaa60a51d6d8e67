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
from claimbook.dates import DateError, describe_range, range_bound
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
        return self.title or f"Claims report: {describe_range(self.start, self.end)}"


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

    @field_validator("formats", mode="before")
    @classmethod
    def _formats(cls, v: Any) -> tuple[str, ...]:
        if isinstance(v, str):
            v = [x.strip().lower() for x in v.split(",") if x.strip()]
        v = tuple(dict.fromkeys(v))
        if not v:
            raise ValueError("give at least one format: html, pdf, ipynb")
        return v

    @classmethod
    def build(cls, **values: Any) -> RenderConfig:
        try:
            return cls(**values)
        except ValidationError as e:
            raise ConfigError(_one_line(e)) from None


def _one_line(e: ValidationError) -> str:
    msgs = []
    for err in e.errors():
        loc = ".".join(str(x) for x in err["loc"]) or "parameters"
        msg = str(err["msg"]).removeprefix("Value error, ")
        msgs.append(f"{loc}: {msg}")
    return "; ".join(msgs)
