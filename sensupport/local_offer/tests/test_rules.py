"""The Local Offer's pure rules."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport.local_offer import rules

openings = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 22), st.integers(0, 59), st.integers(1, 60 * 24 - 1))
    .map(lambda t: (t[0], dt.time(t[1], t[2]), min(t[1] * 60 + t[2] + t[3], 23 * 60 + 59)))
    .filter(lambda t: t[2] > t[1].hour * 60 + t[1].minute)
    .map(lambda t: (t[0], t[1], dt.time(t[2] // 60, t[2] % 60))),
    max_size=7,
)


@given(openings)
def test_opening_times_read_back_what_they_write(rows):
    assert rules.parse_opening_times(rules.format_opening_times(rows)) == sorted(rows)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mon 9.00 to 17.30", [(0, dt.time(9), dt.time(17, 30))]),
        ("\n  sunday 10:00 - 12:00 \n", [(6, dt.time(10), dt.time(12))]),
        ("", []),
    ],
)
def test_opening_times_in_the_ways_people_write_them(text, expected):
    assert rules.parse_opening_times(text) == expected


@given(st.integers(0, 30), st.one_of(st.none(), st.integers(0, 30)), st.one_of(st.none(), st.integers(0, 30)))
def test_for_age_means_inside_the_range(age, low, high):
    inside = (low is None or age >= low) and (high is None or age <= high)
    assert rules.for_age(age, low, high) is inside


def test_age_range_words():
    assert rules.age_range_text(None, None) == "Any age"
    assert rules.age_range_text(11, 18) == "11 to 18"
    assert rules.age_range_text(None, 5) == "Up to 5"
    assert rules.age_range_text(16, None) == "16 and over"


def test_changed_fields_ignore_what_is_the_same():
    current = {"name": "A", "minimum_age": None, "fees": ""}
    assert rules.changed_fields(current, {"name": "A", "minimum_age": None, "fees": None}) == []
    assert rules.changed_fields(current, {"name": "B", "minimum_age": 0}) == [
        ("Name", "A", "B"),
        ("Youngest age", None, 0),
    ]
