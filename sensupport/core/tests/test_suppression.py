"""Small-number suppression (docs/adr/0015), by hand for every count from 0 to 6 and by property
for groups: no suppressed count can be worked out from what is shown."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sensupport.core import suppression


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "fewer than 5"),
        (1, "fewer than 5"),
        (2, "fewer than 5"),
        (3, "fewer than 5"),
        (4, "fewer than 5"),
        (5, "5"),
        (6, "6"),
    ],
)
def test_each_count_from_0_to_6(n, text):
    figure = suppression.count(n)
    assert figure.text == str(figure) == text
    assert figure.suppressed == (n < 5)
    assert figure.value == (None if n < 5 else n)


def test_thousands_are_grouped_and_negative_counts_refused():
    assert suppression.count(12500).text == "12,500"
    with pytest.raises(ValueError, match="negative"):
        suppression.count(-1)


def test_one_small_count_beside_a_total_hides_the_next_smallest_too():
    shown, total = suppression.group({"Autism": 30, "SEMH": 3, "SLCN": 9, "MLD": 12}, total=54)
    assert {k: f.text for k, f in shown.items()} == {
        "Autism": "30",
        "SEMH": "fewer than 5",
        "SLCN": "not shown",  # 9: hidden so the 3 cannot be worked out, and never called "fewer than 5"
        "MLD": "12",
    }
    assert total.text == "54"


def test_two_small_counts_need_no_more_hiding():
    shown, total = suppression.group({"A": 2, "B": 6, "C": 1, "D": 20}, total=29)
    assert [f.text for f in shown.values()] == ["fewer than 5", "6", "fewer than 5", "20"]
    assert total.text == "29"


def test_a_lone_count_hides_the_total_when_nothing_else_can_be_hidden():
    shown, total = suppression.group({"A": 3}, total=3)
    assert shown["A"].suppressed and total.suppressed
    shown, total = suppression.group({"A": 4, "B": 0}, total=4)
    assert total.suppressed
    shown, total = suppression.group({"A": 3, "B": 2}, total=5)  # two small: the total can stay
    assert total.text == "5"
    shown, total = suppression.group({"A": 3, "B": 0, "C": 0}, total=7)
    assert [f.text for f in shown.values()] == ["fewer than 5"] * 3


def test_a_lone_small_count_beside_a_total_of_5_or_more_hides_the_total_as_not_shown():
    shown, total = suppression.group({"A": 3, "B": 6}, total=9)  # B hidden: the 3 is safe, the total stays
    assert [f.text for f in shown.values()] == ["fewer than 5", "not shown"]
    assert total.text == "9"
    shown, total = suppression.group({"A": 4}, total=6)  # a total larger than its parts (pupils with no need)
    assert shown["A"].text == "fewer than 5" and total.text == "not shown"


def test_without_a_total_only_small_counts_are_hidden():
    shown, total = suppression.group({"A": 3, "B": 8})
    assert total is None
    assert [f.text for f in shown.values()] == ["fewer than 5", "8"]


@pytest.mark.parametrize(
    ("numerator", "denominator", "text"),
    [
        (0, 40, "not shown"),
        (3, 40, "not shown"),
        (5, 40, "12%"),
        (20, 40, "50%"),
        (36, 40, "not shown"),  # the 4 not counted would be given away
        (40, 40, "100%"),
        (4, 4, "not shown"),
        (6, 6, "100%"),
        (5, 6, "not shown"),
    ],
)
def test_shares(numerator, denominator, text):
    assert suppression.share(numerator, denominator).text == text


def test_a_share_must_be_of_something():
    with pytest.raises(ValueError, match="not a share"):
        suppression.share(5, 4)


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8))
def test_no_single_suppressed_count_is_derivable_from_the_total(counts):
    keyed = dict(enumerate(counts))
    shown, total = suppression.group(keyed, total=sum(counts))
    hidden = [k for k, f in shown.items() if f.suppressed]
    if not total.suppressed:
        # the total minus the shown counts is the sum of the hidden ones: never one pupil count alone
        assert len(hidden) != 1
        assert sum(f.value for f in shown.values() if not f.suppressed) + sum(keyed[k] for k in hidden) == total.value
    for k, f in shown.items():
        assert f.suppressed or keyed[k] >= 5
        # "fewer than 5" is never printed over a number that is 5 or more
        assert f.text != suppression.FEWER_THAN or keyed[k] < 5
