"""Countries of claimants: every country of ISO 3166-1 is known by its names (pycountry's data),
not only the nineteen written by hand, so a role is placed ("Sweden's interior minister" is
Swedish) and "<country>'s foreign ministry" is that ministry for any country; the hand-written
metonyms stay, and a territory name that is as often something else ("New Jersey") places
nothing."""

from __future__ import annotations

from claimbook.claims import aliases


def test_every_country_is_known_by_its_names_and_the_adjective_of_a_name_in_a() -> None:
    assert aliases.country_of("Sweden's interior minister") == "SE"
    assert aliases.country_of("a Syrian refugee") == "SY"
    assert aliases.country_of("Kenyan police") == "KE"
    assert aliases.country_of("Vietnam") == "VN"
    assert aliases.country_of("the Kremlin") == "RU"  # a hand-written metonym


def test_a_territory_name_that_is_as_often_something_else_places_nothing() -> None:
    assert aliases.country_of("New Jersey officials") == ""


def test_the_foreign_ministry_of_any_country_resolves() -> None:
    c = aliases.resolve("Sweden's foreign ministry", aliases.alias_table())
    assert (c.name, c.claimant_type, c.country) == ("Sweden Foreign Ministry", "government", "SE")
