"""What an import remembers of its earlier batches (hashes of ids and rows) behaves as a set."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from claimbook.tables import import_checks


@given(st.lists(st.lists(st.integers(-2**63, 2**63 - 1) | st.integers(-3, 3), max_size=20),
                max_size=6), st.lists(st.integers(-2**63, 2**63 - 1) | st.integers(-3, 3),
                                      max_size=20))
def test_the_hashes_an_import_remembers_are_a_set(batches: list[list[int]],
                                                 asked: list[int]) -> None:
    remembered, pool = import_checks.Hashes(), set()
    for batch in batches:
        remembered.add(np.array(batch, dtype=np.int64))
        pool.update(batch)
        probe = np.array(asked + batch, dtype=np.int64)
        assert remembered.among(probe).tolist() == [h in pool for h in probe.tolist()]
