"""Results remembered for the exact rows they were made from.

Some pages fold many rows into a few figures in Python: a school's progress findings (the rules
over every pupil's scores), its plan coverage (every SEN pupil's plan, status history and meetings).
The rows are cheap to read and the fold is not, and the rows rarely change between two views.
`RememberedByRows` keeps the last few results in the process, keyed by the rows themselves (with
whatever else the fold depends on, such as the day): the rows are read on every request, so a
change to any of them is seen at once, nothing is ever stale, and no writer has to say what it
changed. A result must be a pure function of its key: anything the fold reads besides the rows
(a setting, a threshold) goes in the key too.

Per process, so each app server computes a school's result once per change of its rows.
"""

from __future__ import annotations

import operator
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


def rows_key(rows: Sequence[tuple]) -> tuple[int, int, int]:
    """The rows as a multiset (order does not matter, a row twice counts twice): how many, and
    the sums of their hashes and of their hashes' squares, exactly (Python's ints do not wrap).

    The sum of the hashes alone is not enough: CPython's tuple hash is close to linear in its
    fields' hashes, so two rows that swap a value (two pupils' scores, year groups or meeting
    days exchanged) kept the same sum about half the time. Sum and sum of squares together fix
    the pair of hashes that changed, so such a change is always seen; a change the key misses
    needs two different rows with the same 64-bit hash. Read numbers that can be negative as
    text: CPython hashes -1 as -2 (ints, Decimals and floats alike)."""
    hashes = list(map(hash, rows))
    return len(hashes), sum(hashes), sum(map(operator.mul, hashes, hashes))


class RememberedByRows(Generic[T]):
    """The last `size` results, by key, least recently used first out. Thread-safe: two threads
    that miss at once both compute, and the second result replaces the first (they are equal)."""

    def __init__(self, size: int):
        self.size = size
        self._results: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            found = self._results.get(key)
            if found is not None:
                self._results.move_to_end(key)
                return found
        found = compute()
        with self._lock:
            self._results[key] = found
            while len(self._results) > self.size:
                self._results.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._results.clear()

    def __len__(self) -> int:
        return len(self._results)
