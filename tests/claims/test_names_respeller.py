"""A Respeller spells a batch of names at once (`spell_all`, each name's identity found once
per import) exactly as a plain reference does name by name: the table's spelling of a known
claimant, else the first spelling the import met, and every rewritten spelling counted by its
rows. Invented names."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimbook.claims import names

NAME = st.sampled_from(["Ana Ruiz", "ANA RUIZ", "Ana  Ruiz", "ana ruiz\u200b", "José Marti",
                        "Jose\u0301 Marti", "Li Wei", "LI WEI", "", " ", "Ода Ли", "ода ли"])
BATCH = st.lists(st.tuples(NAME, st.integers(1, 5)), max_size=6)


@given(st.lists(NAME, max_size=3), st.lists(BATCH, max_size=4))
def test_spell_all_is_the_reference_name_by_name(table: list[str],
                                                 batches: list[list[tuple[str, int]]]) -> None:
    respeller = names.Respeller(names.Spellings.of_names(table) if table else None)
    shown = dict(names.Spellings.of_names(table).shown) if table else {}
    changed: dict[tuple[str, str], int] = {}
    for batch in batches:
        got = respeller.spell_all([n for n, _ in batch], [c for _, c in batch])
        expected = []
        for name, count in batch:
            kept = shown.setdefault(names.identity(name), name)
            if kept != name and name:
                changed[(name, kept)] = changed.get((name, kept), 0) + count
            expected.append(kept)
        assert got == expected
    assert respeller.changed == changed
