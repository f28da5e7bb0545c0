"""The live figures beside the school's words: every count suppressed as core.suppression says
(docs/adr/0015), checked on counts of 0 to 6; reviews with parents counted over 12 months."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport.information_report import selectors
from sensupport.provision.models import Intervention

from .conftest import TODAY, pupils_with, reviews_with_parents

pytestmark = pytest.mark.django_db


def rows(table) -> dict[str, str]:
    return dict(map(tuple, table["rows"]))


@pytest.mark.parametrize(
    ("n", "shown"),
    [(0, "fewer than 5"), (1, "fewer than 5"), (2, "fewer than 5"), (3, "fewer than 5"), (4, "fewer than 5"),
     (5, "5"), (6, "6")],
)  # fmt: skip
def test_pupils_on_sen_support_from_0_to_6_with_20_ehc_plans(school, n, shown):
    pupils_with(school, n=n, status="K")
    pupils_with(school, n=20, status="E", surname="Ehc")
    table = selectors.numbers_on_register(school)
    got = rows(table)
    assert got["SEN Support"] == shown
    if n < 5:
        # One small count beside a shown total would give it away: the EHC count (20) is hidden
        # too, as "not shown", never as "fewer than 5".
        assert got["Education, health and care (EHC) plan"] == "not shown"
    else:
        assert got["Education, health and care (EHC) plan"] == "20"
    assert table["total"] == ["All pupils with SEN", f"{n + 20}"]


@pytest.mark.parametrize("n", range(7))
def test_one_need_from_0_to_6_pupils_beside_a_common_need(school, n):
    pupils_with(school, n=12, need="ASD")
    pupils_with(school, n=n, need="SPLD")
    got = rows(selectors.needs_provided_for(school))
    if n == 0:
        # Nobody with that need: the row is not there at all; the lone need is the total, shown.
        assert got == {"Autistic spectrum disorder": "12"}
    elif n < 5:
        assert got == {"Autistic spectrum disorder": "not shown", "Specific learning difficulty": "fewer than 5"}
    else:
        assert got == {"Autistic spectrum disorder": "12", "Specific learning difficulty": str(n)}


def test_pupils_with_no_main_need_recorded_are_counted_as_such(school):
    pupils_with(school, n=6, need="SLCN")
    pupils_with(school, n=7, surname="Unrecorded")
    table = selectors.needs_provided_for(school)
    assert rows(table)["Not recorded yet"] == "7"
    assert table["total"][1] == "13"


def test_pupils_without_sen_and_other_schools_are_not_counted(school, other_school):
    pupils_with(school, n=6, status="N", need="MLD")
    pupils_with(school, n=6, status="M", need="MLD", surname="Monitor")
    pupils_with(other_school, n=9, need="MLD", surname="Elsewhere")
    assert rows(selectors.needs_provided_for(school)) == {}
    assert rows(selectors.numbers_on_register(school)) == {
        "SEN Support": "fewer than 5",
        "Education, health and care (EHC) plan": "fewer than 5",
    }


def test_share_of_the_school_is_given_only_when_safe(school):
    pupils_with(school, n=10, status="K")
    without = pupils_with(school, n=30, status="N", surname="NoSen")
    assert selectors.numbers_on_register(school)["note"] == "That is 25% of the school's pupils."
    for pupil in without[:28]:
        pupil.sen_status = "K"
        pupil.save()
    # 38 of 40: the share would give away the 2 pupils without SEN.
    assert selectors.numbers_on_register(school)["note"] == ""


def test_how_often_plans_were_reviewed_with_parents_in_the_last_12_months(school):
    thrice = pupils_with(school, n=5, surname="Thrice")
    once = pupils_with(school, n=6, surname="Once")
    never = pupils_with(school, n=5, surname="Never")
    for pupil in thrice:
        reviews_with_parents(pupil, dt.date(2026, 2, 1), dt.date(2026, 6, 1), dt.date(2026, 11, 1))
    for pupil in once:
        # One review with parents in the window; one too old; one without the parents.
        reviews_with_parents(pupil, dt.date(2026, 10, 1), dt.date(2025, 12, 4))
        reviews_with_parents(pupil, dt.date(2026, 3, 1), parent_present=False)
    del never
    table = selectors.reviews_with_parents(school, today=TODAY)
    assert rows(table) == {
        # Twice (0) is the only small count beside a shown total: the next smallest (the first of
        # the two 5s) is hidden too, so neither can be worked out from the total.
        "Not yet": "not shown",
        "Once": "6",
        "Twice": "fewer than 5",
        "Three times or more": "5",
    }
    assert table["total"] == ["All pupils on SEN Support", "16"]


def test_interventions_offered_come_from_the_catalogue_without_archived_ones(school):
    Intervention.objects.create(
        school=school, name="Lego therapy", broad_area="Communication and interaction", description="Play in threes."
    )
    Intervention.objects.create(school=school, name="Old scheme", broad_area="Cognition and learning", archived=True)
    table = selectors.interventions_offered(school)
    assert [row[0] for row in table["rows"]] == ["Lego therapy"]
    assert "Play in threes." in table["rows"][0][1] and "minutes a week" in table["rows"][0][1]


def test_a_school_with_no_catalogue_says_so(school):
    assert selectors.interventions_offered(school)["note"].startswith("No interventions")
