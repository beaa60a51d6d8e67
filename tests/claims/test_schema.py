"""The schema is the one source of truth for vocabularies; charts and the README depend on it."""

from __future__ import annotations

import re

import pytest

from claimbook.claims import schema
from places import ROOT

README = ROOT / "README.md"

REQUIRED_CLAIM_TYPES = {"allegation", "denial", "statement", "intelligence_report", "assessment",
                        "event_report"}


@pytest.mark.parametrize("name", sorted(schema.VOCABULARIES))
def test_vocabulary_has_defined_values(name: str) -> None:
    """A controlled vocabulary is only useful if each value has a written definition."""
    vocabulary = schema.VOCABULARIES[name]
    assert vocabulary, f"{name} is empty"
    for value, definition in vocabulary.items():
        # snake_case words, or the grades of the Admiralty code as analysts write them (A–F, 1–6)
        assert re.fullmatch(r"[a-z][a-z_]*|[A-F]|[1-6]", value), \
            f"{name} value {value!r} is not snake_case"
        assert isinstance(definition, str) and definition.strip(), f"{name} {value!r} has no definition"


def test_the_six_claim_types_of_the_design_exist() -> None:
    assert set(schema.CLAIM_TYPES) >= REQUIRED_CLAIM_TYPES


def test_every_claim_type_has_its_own_colour() -> None:
    """Charts colour by claim type; a type without a colour (or two sharing one) breaks legends."""
    assert set(schema.CLAIM_TYPE_COLOURS) == set(schema.CLAIM_TYPES)
    colours = list(schema.CLAIM_TYPE_COLOURS.values())
    assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", c) for c in colours), colours
    assert len(set(c.upper() for c in colours)) == len(colours), "two claim types share a colour"


def test_vocab_columns_name_a_vocabulary() -> None:
    for table in schema.TABLES:
        for col in table.columns:
            if col.kind == "vocab":
                assert col.vocabulary in schema.VOCABULARIES, f"{table.name}.{col.name}"


def test_tables_have_unique_column_names() -> None:
    for table in schema.TABLES:
        assert len(set(table.names)) == len(table.names), table.name


def test_readme_data_dictionary_lists_every_vocabulary_value() -> None:
    """The README's data dictionary must name every value (as `value`) so analysts can look it up."""
    assert README.is_file(), f"{README} does not exist yet: it must hold the data dictionary"
    text = README.read_text(encoding="utf-8")
    missing = [f"{name}: {value}" for name, vocabulary in schema.VOCABULARIES.items()
               for value in vocabulary if f"`{value}`" not in text]
    assert not missing, f"README.md does not list these vocabulary values: {missing}"
