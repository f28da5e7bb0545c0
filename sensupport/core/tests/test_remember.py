"""core.remember: a result kept for the exact rows it was made from."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from sensupport.core.remember import RememberedByRows, rows_key

ROWS = st.lists(st.tuples(st.integers(1, 10**6), st.sampled_from(["K", "E", "N"]), st.dates()), max_size=30)


@given(ROWS, st.randoms())
def test_the_key_is_the_rows_in_any_order(rows, random):
    shuffled = list(rows)
    random.shuffle(shuffled)
    assert rows_key(shuffled) == rows_key(rows)


@given(ROWS, st.data())
def test_a_row_added_removed_or_changed_changes_the_key(rows, data):
    extra = data.draw(st.tuples(st.integers(1, 10**6), st.sampled_from(["K", "E", "N"]), st.dates()))
    assert rows_key([*rows, extra]) != rows_key(rows)  # added, even a row already there (a multiset)
    if rows:
        assert rows_key(rows[1:]) != rows_key(rows)
        pk, status, day = rows[0]
        changed = (pk, status, day + dt.timedelta(days=1)) if day < dt.date.max else (pk, status, day - dt.timedelta(1))
        assert rows_key([changed, *rows[1:]]) != rows_key(rows)


@given(st.integers(1, 10**6), st.integers(1, 10**6), st.sampled_from(["K", "E", "N"]), st.sampled_from(["K", "E", "N"]))
def test_two_rows_that_swap_a_value_change_the_key(first, second, one, other):
    """Two pupils' statuses (or scores, or meeting days) exchanged: the rows differ, so must the
    key. (A plain sum of tuple hashes missed about half of these.)"""
    before = [(first, one), (second, other)]
    after = [(first, other), (second, one)]
    if sorted(before) != sorted(after):
        assert rows_key(after) != rows_key(before)


def test_swaps_between_many_rows_change_the_key():
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=d) for d in range(200)]
    rows = [(pupil, "Reading", day, str(90 + pupil % 30)) for pupil, day in zip(range(1, 201), days, strict=True)]
    seen = {rows_key(rows)}
    for i in range(0, 198, 2):  # each time, two neighbouring pupils' scores exchanged
        swapped = list(rows)
        (a, s, d, x), (b, t, e, y) = swapped[i], swapped[i + 1]
        swapped[i], swapped[i + 1] = (a, s, d, y), (b, t, e, x)
        key = rows_key(swapped)
        assert key not in seen
        seen.add(key)


def test_a_result_is_computed_once_per_key_and_the_least_recently_used_goes_first():
    memory = RememberedByRows(size=2)
    runs = []

    def compute(value):
        def run():
            runs.append(value)
            return value

        return run

    assert memory.get("a", compute(1)) == 1
    assert memory.get("a", compute(99)) == 1  # remembered: not computed again
    memory.get("b", compute(2))
    memory.get("a", compute(99))  # "a" used last, so "b" is the one to go
    memory.get("c", compute(3))
    assert len(memory) == 2
    assert memory.get("a", compute(99)) == 1
    assert memory.get("b", compute(4)) == 4
    assert runs == [1, 2, 3, 4]
    memory.clear()
    assert len(memory) == 0
