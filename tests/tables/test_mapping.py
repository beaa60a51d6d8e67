"""A mapping file is refused with a plain reason when it is not one; the command line wins over
it, target by target."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimbook.errors import ConfigError
from claimbook.tables import mapping
from places import FIXTURES

MAPPING = FIXTURES / "import" / "factchecks.toml"


def test_bad_mapping_file(tmp_path: Path) -> None:
    bad = tmp_path / "m.toml"
    bad.write_text("[columns\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a TOML mapping file"):
        mapping.read_mapping(bad)
    bad.write_text('colour = "red"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key colour"):
        mapping.read_mapping(bad)


def test_command_line_wins_over_the_mapping_file() -> None:
    file_map = mapping.read_mapping(MAPPING)
    merged = file_map.merged(mapping.from_options(sets=["claim_type=allegation"],
                                                   maps=["date=other"]))
    assert merged.constants["claim_type"] == "allegation"
    assert merged.columns["date"] == "other"
    assert merged.date_format == "%m/%d/%Y"
