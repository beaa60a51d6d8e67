"""The full name a story introduced a surname with (issue 24): read at the surname's first
mention, never a function word, title or month taken for a given name. Names invented."""

from __future__ import annotations

from claimbook.sources import person_names


def test_a_capitalized_word_before_the_first_mention_is_not_always_a_given_name() -> None:
    """'Now', a title, a month or a country before the first mention is not a given name."""
    assert person_names.introduced("Now Okafor said the port was closed.", "Okafor") == (-1, "")
    assert person_names.introduced("He met President Okafor.", "Okafor") == (-1, "")
    # a country before a name written surname first: "the ambassador to Britain Liu Xiaming"
    assert person_names.introduced("Japan's envoy to Canada Sato Kenji said", "Sato") == (-1, "")
    assert person_names.introduced("pilot Tomas Lindqvist said", "Lindqvist") == (6, "Tomas Lindqvist")
    assert person_names.bare_surname("Mr. Okafor") == "Okafor"
    assert person_names.bare_surname("the agency") == ""


def test_what_a_claimant_as_written_says_of_gender() -> None:
    assert person_names.gender_of("Ms Persson") == "f"
    assert person_names.gender_of("she") == "f"
    assert person_names.gender_of("a woman") == "f"
    assert person_names.gender_of("Mr. Okafor") == "m"
    assert person_names.gender_of("Tomas Lindqvist") == ""
