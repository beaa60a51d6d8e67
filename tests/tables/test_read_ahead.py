"""`worked_ahead` is `map`: the same results in the same order, the work's exceptions raised where
their result would be, and never more than one item worked on ahead of the caller."""

from __future__ import annotations

import threading

import pytest

from claimbook.tables.read_ahead import worked_ahead


def test_results_in_order() -> None:
    assert list(worked_ahead(range(50), lambda i: i * i)) == [i * i for i in range(50)]
    assert list(worked_ahead([], lambda i: i)) == []


def test_one_item_ahead_at_most() -> None:
    taken = []

    def items():
        for i in range(5):
            taken.append(i)
            yield i

    results = worked_ahead(items(), lambda i: (i, threading.get_ident()))
    first, thread = next(results)
    assert first == 0 and thread != threading.get_ident(), "the work runs on a thread"
    assert taken == [0, 1], "the caller has the first result while the second is worked on"


def test_an_exception_of_the_work_is_raised_in_its_place() -> None:
    def work(i: int) -> int:
        if i == 3:
            raise ValueError("row 3")
        return i

    results = worked_ahead(range(6), work)
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="row 3"):
        next(results)
