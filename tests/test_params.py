"""Run parameters arrive as strings (CLI, notebook); they are converted and checked in one place."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from claimbook.errors import ConfigError
from claimbook.params import RenderConfig, ReportParams
from places import ROOT


def test_build_converts_strings() -> None:
    """`--end 2025-07` means the last day of July, `--start 2025-Q2` the first of April."""
    p = ReportParams.build(start="2025-Q2", end="2025-07")
    assert (p.start, p.end) == (date(2025, 4, 1), date(2025, 7, 31))
    p = ReportParams.build(start="2025-07-14", end="2025")
    assert (p.start, p.end) == (date(2025, 7, 14), date(2025, 12, 31))


def test_empty_strings_are_open_bounds() -> None:
    p = ReportParams.build(start="", end=None)
    assert (p.start, p.end) == (None, None)


def test_dates_are_kept() -> None:
    p = ReportParams.build(start=date(2025, 4, 1), end=date(2025, 8, 31))
    assert (p.start, p.end) == (date(2025, 4, 1), date(2025, 8, 31))


def test_start_after_end_is_refused() -> None:
    with pytest.raises(ConfigError) as info:
        ReportParams.build(start="2025-09-01", end="2025-01-01")
    assert "\n" not in str(info.value)
    assert "2025-09-01" in str(info.value)


def test_single_day_range_is_allowed() -> None:
    p = ReportParams.build(start="2025-07-14", end="2025-07-14")
    assert p.start == p.end == date(2025, 7, 14)


@pytest.mark.parametrize("value", ["July 2025", "2025-13", "2025-02-30"])
def test_bad_date_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="start"):
        ReportParams.build(start=value)


def test_unknown_claim_type_is_refused() -> None:
    with pytest.raises(ConfigError, match="bogus"):
        ReportParams.build(claim_types=("denial", "bogus"))


def test_unknown_topic_is_refused() -> None:
    with pytest.raises(ConfigError, match="weather"):
        ReportParams.build(topics=("weather",))


def test_unknown_parameter_is_refused() -> None:
    """A misspelt parameter must not be silently ignored."""
    with pytest.raises(ConfigError, match="claimant_types"):
        ReportParams.build(claimant_types=("government",))


def test_several_errors_fit_on_one_line() -> None:
    with pytest.raises(ConfigError) as info:
        ReportParams.build(start="July 2025", claim_types=("bogus",))
    message = str(info.value)
    assert "\n" not in message and "start" in message and "bogus" in message


def test_notebook_round_trip() -> None:
    """What papermill injects must rebuild the very same parameters inside the notebook."""
    p = ReportParams.build(start="2025-04", end="2025-08", claimants=("Volodymyr Zelenskyy",),
                           claim_types=("allegation", "denial"), topics=("mercenaries",),
                           title="Mercenaries", data_dir="elsewhere", as_of="2025-09-01")
    injected = json.loads(json.dumps(p.notebook_parameters()))  # must be JSON-safe
    assert ReportParams.from_notebook(**injected) == p


def test_notebook_round_trip_with_defaults() -> None:
    p = ReportParams.build()
    assert ReportParams.from_notebook(**p.notebook_parameters()) == p


def test_from_notebook_accepts_comma_separated_lists() -> None:
    """An analyst editing the parameters cell by hand may write a string instead of a list."""
    p = ReportParams.from_notebook(claim_types="allegation, denial", topics="", claimants=["X"])
    assert p.claim_types == ("allegation", "denial")
    assert p.topics == ()
    assert p.claimants == ("X",)


def test_describe() -> None:
    p = ReportParams.build(start="2025-04-01", end="2025-08-31")
    assert p.describe() == "1 April – 31 August 2025, all claimants, all claim types"


def test_describe_with_filters() -> None:
    p = ReportParams.build(start="2025-07", end="2025-07", claimants=("Volodymyr Zelenskyy",),
                           claim_types=("allegation",), topics=("mercenaries",))
    assert p.describe() == ("1 – 31 July 2025, Volodymyr Zelenskyy, claim types: allegation, "
                            "topics: mercenaries")


def test_render_config_formats_from_a_string() -> None:
    rc = RenderConfig.build(params=ReportParams.build(), formats="html,pdf")
    assert rc.formats == ("html", "pdf")


def test_render_config_formats_are_normalised() -> None:
    rc = RenderConfig.build(params=ReportParams.build(), formats=" HTML, pdf,html ")
    assert rc.formats == ("html", "pdf")


@pytest.mark.parametrize("formats", ["", " , ", []])
def test_render_config_needs_a_format(formats: str | list[str]) -> None:
    with pytest.raises(ConfigError, match="format"):
        RenderConfig.build(params=ReportParams.build(), formats=formats)


def test_render_config_refuses_unknown_format_naming_the_option_and_the_choices() -> None:
    with pytest.raises(ConfigError) as info:
        RenderConfig.build(params=ReportParams.build(), formats="html,docx")
    assert str(info.value) == "--format: 'docx' is not a format; choose from html, pdf, ipynb"


def test_render_config_refuses_non_positive_timeout() -> None:
    with pytest.raises(ConfigError, match="timeout"):
        RenderConfig.build(params=ReportParams.build(), timeout=0)


def test_render_config_reads_a_name_and_refuses_an_unknown_one(monkeypatch: pytest.MonkeyPatch
                                                               ) -> None:
    monkeypatch.chdir(ROOT)
    cfg = RenderConfig.build(params=ReportParams(claimants=("X",)), notebook="claimant")
    assert cfg.notebook == Path("notebooks/claimant.ipynb")
    assert cfg.title() == "Claimant profile: all dates — X"
    with pytest.raises(ConfigError, match="^--notebook: no notebook named 'nope'"):
        RenderConfig.build(params=ReportParams(), notebook="nope")
