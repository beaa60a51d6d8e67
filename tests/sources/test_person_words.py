"""The steps that read a person's title or role share one vocabulary (`person_words`): a word is
a title in every step or in none, and no module of `sources` keeps a list of its own. Where a
step takes fewer words, its set is derived from the vocabulary's. Words that were a title in one
step and not in the next ("Attorney" a role in a speaker label but a given name before a surname,
"Speaker" the other way round, "judge" a title but not one person for "they") are read the same
way in each.

The names, texts and claimants below are invented for this test.
"""

from __future__ import annotations

import ast
from pathlib import Path

from claimbook.claims.aliases import Claimant
from claimbook.sources import person_names, person_words, referents, speakers

SOURCES = Path(person_words.__file__).parent


def test_every_step_takes_its_words_from_the_vocabulary() -> None:
    vocab = person_words
    assert speakers.ROLE_WORDS <= vocab.TITLES | vocab.TITLE_QUALIFIERS
    assert vocab.TITLES - vocab.SOVEREIGNS <= speakers.ROLE_WORDS  # the one difference meant
    assert vocab.TITLE_QUALIFIERS <= speakers.ROLE_WORDS
    assert vocab.TITLES <= person_names.NOT_GIVEN
    assert referents.PERSON_HEADS == vocab.PERSON_HEADS
    assert referents.TITLES <= vocab.TITLES and vocab.SPOKESPEOPLE <= referents.TITLES
    assert vocab.ROLE_TITLES <= vocab.TITLES and vocab.ROLE_TITLES <= vocab.PERSON_HEADS
    assert not vocab.TITLE_QUALIFIERS & vocab.TITLES
    for word in ("spokesman", "minister", "president", "governor"):  # a title in every step
        assert {word} <= speakers.ROLE_WORDS & person_names.NOT_GIVEN & referents.TITLES \
            & referents.PERSON_HEADS
    assert all(w == w.lower() and "." not in w for w in vocab.TITLES | vocab.PERSON_HEADS)
    for w in vocab.SURNAME_HONORIFICS:  # "Prof. Lind": a surname, in both steps that read one
        assert person_names.bare_surname(f"{w.title()}. Lind") == "Lind"
        subject = referents.SUBJECT_NAME.match(f"{w.title()}. Lind said so.")
        assert subject is not None and subject.group(1) == f"{w.title()}. Lind"


def _word_sets(path: Path) -> list[tuple[int, set[str]]]:
    """The set, list and tuple literals of strings in a module's source, with their line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Set | ast.List | ast.Tuple):
            words = {e.value for e in node.elts if isinstance(e, ast.Constant)
                     and isinstance(e.value, str)}
            found.append((node.lineno, words))
    return found


def test_no_other_module_of_sources_keeps_its_own_list_of_titles() -> None:
    offices = person_words.OFFICES | person_words.RANKS
    copies = [f"{path.name}:{line}" for path in sorted(SOURCES.glob("*.py"))
              if path.name != "person_words.py"
              for line, words in _word_sets(path) if len(words & offices) >= 3]
    assert copies == []


def test_a_title_is_read_as_one_in_each_step() -> None:
    # a role in a speaker label was a given name before a surname: "Attorney Garland" is no full name
    text = "The case was filed on Monday. Attorney Garland said the review would take weeks."
    assert person_names.introduced(text, "Garland") == (-1, "")
    assert person_names.introduced("Merrick Garland said so.", "Garland") == (0, "Merrick Garland")

    # a title before a name was a part of a speaker's name: "SPEAKER JOHNSON:" is Mike Johnson
    white_house = Claimant("The White House", "document", "US", True)
    labels = speakers.Speakers("Remarks by Speaker Mike Johnson on the budget\n\n", {}, white_house)
    johnson = labels.claimant("SPEAKER JOHNSON")
    assert johnson is not None and johnson.name == "Mike Johnson"
    # a sovereign's title is not read off a label: "King" is a surname there as often
    king = speakers.Speakers("Senator Anna King spoke.", {}, white_house).claimant("SENATOR KING")
    assert king is not None and king.name == "Anna King"


def test_they_is_not_the_one_person_a_role_names() -> None:
    """"the presiding judge" is one person, as "the advisor" is: "they" after it is the body
    named before."""
    court = Claimant("Ruritania’s supreme court", "judiciary", "RU", False)
    judge = Claimant("Ruritanian presiding judge", "unknown", "RU", False)
    ctx = referents.Context()
    ctx.remember("Ruritania’s supreme court", court)
    ctx.remember("the presiding judge", judge)
    assert ctx.resolve("they", {})[0] is court
    assert ctx.resolve("he", {})[0] is judge
