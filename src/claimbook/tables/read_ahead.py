"""Work on the next batch of a stream while the caller handles this one.

A million-row import converts a batch, checks it and turns it into CSV rows, batch after batch.
Much of that work runs in pyarrow and numpy, which release the interpreter's lock, so a second
thread doing the next batch's share uses the machine's second core instead of waiting: the
results come back in order, one batch ahead at most (memory holds two batches, not the file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def worked_ahead(items: Iterable[Item], work: Callable[[Item], Result]) -> Iterator[Result]:
    """`map(work, items)`, with `work` of the next item running on a thread while the caller
    handles this one's result. `items` is read on the caller's thread; an exception of `work`
    is raised where its result would be."""
    with ThreadPoolExecutor(1, thread_name_prefix="claimbook-ahead") as pool:
        pending: Future[Result] | None = None
        for item in items:
            future = pool.submit(work, item)
            if pending is not None:
                yield pending.result()
            pending = future
        if pending is not None:
            yield pending.result()
