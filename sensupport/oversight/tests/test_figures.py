"""The figures counted from the records (selectors.school_figures) and the pure rules behind them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from sensupport.oversight import figures as f
from sensupport.oversight.selectors import ehc_request_figures, school_figures


@pytest.mark.django_db
def test_peters_agreed_plan_is_counted(agreed, school, teacher, ta):
    from sensupport.plans.models import Barrier
    from sensupport.reviews.services import plan_mark_read

    today = timezone.localdate()
    figs = school_figures([school.pk], today=today)[school.pk]
    assert (figs.pupils, figs.support, figs.ehc) == (1, 1, 0)
    assert figs.need_support == {"SEMH": 1}
    assert (figs.support_with_plan, figs.with_plan) == (1, 1)
    assert figs.barriers_no_provision == 0  # both of Peter's barriers have support
    assert (figs.plans_with_teachers, figs.plans_read) == (1, 0)
    assert figs.first_year == {f.year_group_on("4", today - dt.timedelta(days=19), today=today): 1}
    assert sum(t.identified for t in figs.terms) == 1
    assert sum(t.parent_meetings for t in figs.terms) >= 1

    plan_mark_read(plan=agreed, user=teacher)
    assert school_figures([school.pk], today=today)[school.pk].plans_read == 0  # the TA has not read it
    plan_mark_read(plan=agreed, user=ta)
    assert school_figures([school.pk], today=today)[school.pk].plans_read == 1
    Barrier.objects.create(pupil=agreed.pupil, title="Noise in the hall", broad_area="Sensory and/or physical")
    assert school_figures([school.pk], today=today)[school.pk].barriers_no_provision == 1


@pytest.mark.django_db
def test_the_query_count_does_not_grow_with_schools_or_pupils(django_assert_max_num_queries, la):
    """Apart from the progress checks (four queries a school), a fixed number of queries."""
    from sensupport.core.factories import SchoolFactory

    from .conftest import sen_pupils

    schools = [SchoolFactory(local_authority=la) for _ in range(6)]
    for k, school in enumerate(schools):
        sen_pupils(school, 2 + 3 * k, others=k)
    today = timezone.localdate()
    with django_assert_max_num_queries(30):
        one = school_figures([schools[0].pk], today=today, progress=False)
    with django_assert_max_num_queries(30):
        many = school_figures([s.pk for s in schools], today=today, progress=False)
    assert one[schools[0].pk].support == many[schools[0].pk].support == 2
    assert many[schools[5].pk].support == 17


@pytest.mark.django_db
def test_ehc_requests_and_their_clock_are_counted_from_the_ehc_app(client, on_support, school, senco, la_officer, head):
    from django.urls import reverse

    from sensupport.ehc import request_services

    today = timezone.localdate()
    assert ehc_request_figures(school_ids=[school.pk], today=today).requests == 0
    request = request_services.ehc_request_submit(
        actor=senco, pupil=on_support, reasons="Needs not met", family_views="", sent_on=today - dt.timedelta(weeks=9)
    )
    request_services.ehc_request_record_step(
        actor=la_officer,
        request=request,
        step="received",
        on=today - dt.timedelta(weeks=8),
        expected_version=request.version,
    )
    figures = ehc_request_figures(school_ids=[school.pk], today=today)
    # received 8 weeks ago, no decision: the 6-week decision is overdue
    assert (figures.requests, figures.received, figures.decisions, figures.overdue) == (1, 1, 0, 1)
    assert ehc_request_figures(school_ids=[school.pk + 1000], today=today).requests == 0

    def overdue_cell(user) -> str:
        client.force_login(user)
        page = client.get(reverse("oversight:school", args=[school.pk])).content.decode()
        found = re.search(r"Requests with a step overdue</t[hd]>\s*<td[^>]*>([^<]*)<", page)
        assert found, page[page.find("Requests with a step overdue") - 200 :][:600]
        return found.group(1).strip()

    assert overdue_cell(head) == "1"  # inside the school: the exact number
    assert overdue_cell(la_officer) == "fewer than 5"  # outside it: suppressed


def test_terms_run_spring_summer_autumn():
    assert f.term_label(f.term_of(dt.date(2026, 12, 4))) == "Autumn 2026"
    assert f.term_label(f.term_of(dt.date(2026, 3, 31))) == "Spring 2026"
    assert f.term_label(f.term_of(dt.date(2026, 4, 1))) == "Summer 2026"
    assert [f.term_label(t) for t in f.recent_terms(dt.date(2026, 2, 1), 4)] == [
        "Spring 2025",
        "Summer 2025",
        "Autumn 2025",
        "Spring 2026",
    ]


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_a_day_falls_in_the_term_that_starts_before_it(day):
    term = f.term_of(day)
    assert f.term_start(term) <= day
    assert f.term_sort_key(f.term_label(term)) == term
    assert f.recent_terms(day)[-1] == term and len(f.recent_terms(day)) == f.TERMS_SHOWN


def test_year_group_at_first_identification():
    today = dt.date(2026, 12, 4)
    assert f.year_group_on("6", dt.date(2026, 10, 1), today=today) == "6"
    assert f.year_group_on("6", dt.date(2024, 7, 1), today=today) == "3"
    assert f.year_group_on("R", dt.date(2025, 1, 1), today=today) == "N1"
    assert f.year_group_on("R", dt.date(2021, 1, 1), today=today) == f.BEFORE_SCHOOL
    assert f.year_group_on("X", dt.date(2021, 1, 1), today=today) == f.NOT_KNOWN


def test_left_support_is_the_last_move_off_it():
    k, n, e, m = "K", "N", "E", "M"
    assert f.left_support_on([(k, dt.date(2022, 1, 1)), (n, dt.date(2025, 7, 1))]) == dt.date(2025, 7, 1)
    assert f.left_support_on([(n, dt.date(2025, 7, 1)), (k, dt.date(2022, 1, 1))]) == dt.date(2025, 7, 1)
    assert f.left_support_on([(k, dt.date(2022, 1, 1)), (n, dt.date(2023, 1, 1)), (e, dt.date(2024, 1, 1))]) is None
    assert f.left_support_on([(m, dt.date(2022, 1, 1)), (n, dt.date(2023, 1, 1))]) is None


def test_the_la_adds_up_its_schools():
    a = f.SchoolFigures(pupils=10, support=2, need_support={"SLCN": 2}, additional_spend="10.50")
    a.terms = [f.TermFigures("Autumn 2026", identified=1)]
    b = f.SchoolFigures(pupils=5, support=1, need_support={"SLCN": 1, "ASD": 3}, additional_spend="1.25")
    b.terms = [f.TermFigures("Autumn 2026", identified=2), f.TermFigures("Summer 2026", reviews_held=4)]
    total = f.add_up([a, b])
    assert (total.pupils, total.support, total.need_support) == (15, 3, {"SLCN": 3, "ASD": 3})
    assert total.additional_spend == "11.75"
    assert [(t.term, t.identified, t.reviews_held) for t in total.terms] == [
        ("Summer 2026", 0, 4),
        ("Autumn 2026", 3, 0),
    ]
    assert f.SchoolFigures.from_dict(total.as_dict()) == total
