"""Every pupil with SEN has a plan: the coverage rules, the queries behind them, and where the SENCO
sees them (home page, register filter, export)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from sensupport.core.factories import PupilFactory
from sensupport.plans.coverage import (
    NO_PLAN,
    PARENTS_NOT_MET,
    REVIEW_OVERDUE,
    PlanState,
    PupilCoverage,
    coverage_facts,
    plan_label,
    school_coverage,
    support_since,
)
from sensupport.plans.models import Plan
from sensupport.pupils.models import ParentConversation, Pupil, SenStatusChange
from sensupport.reviews.models import Review

TODAY = dt.date(2026, 12, 3)
AGREED = PlanState(1, Plan.Status.AGREED, TODAY + dt.timedelta(days=30))


# ---- the rules, pure ---------------------------------------------------------------------


def test_support_since_is_the_start_of_the_latest_unbroken_run_of_sen_support():
    history = [
        ("K", dt.date(2020, 9, 1)),
        ("N", dt.date(2021, 9, 1)),
        ("K", dt.date(2022, 1, 10)),
        ("K", dt.date(2023, 1, 10)),
    ]
    assert support_since(history) == dt.date(2022, 1, 10)
    assert support_since(list(reversed(history))) == dt.date(2022, 1, 10)
    assert support_since([("K", dt.date(2022, 1, 10)), ("E", dt.date(2024, 1, 1))]) is None
    assert support_since([]) is None


@given(
    st.lists(
        st.tuples(st.sampled_from("NMKE"), st.dates(dt.date(2010, 1, 1), dt.date(2030, 1, 1))), unique_by=lambda e: e[1]
    )
)
def test_support_since_holds_for_any_history(history):
    ordered = sorted(history, key=lambda e: e[1])
    since = support_since(history)
    if not ordered or ordered[-1][0] != "K":
        assert since is None
        return
    run = [e for e in ordered if e[1] >= since]
    assert all(status == "K" for status, _ in run)
    before = [e for e in ordered if e[1] < since]
    assert not before or before[-1][0] != "K"


def _pupil(status="K", plan=None, meetings=()):
    return PupilCoverage(
        pupil_id=1,
        sen_status=status,
        support_since=dt.date(2022, 1, 1),
        current_plan=plan,
        meeting_days=frozenset(meetings),
    )


def test_a_pupil_on_sen_support_without_an_agreed_plan_has_no_plan():
    assert NO_PLAN in _pupil().gaps(today=TODAY)
    assert NO_PLAN not in _pupil(plan=AGREED).gaps(today=TODAY)


def test_a_pupil_with_an_ehc_plan_is_never_counted_as_having_no_plan():
    assert _pupil(status="E").gaps(today=TODAY) == frozenset()


def test_a_plan_whose_review_date_has_passed_is_overdue_for_sen_support_and_ehc_pupils():
    late = PlanState(2, Plan.Status.ACTIVE, TODAY - dt.timedelta(days=1))
    assert REVIEW_OVERDUE in _pupil(plan=late).gaps(today=TODAY)
    assert REVIEW_OVERDUE in _pupil(status="E", plan=late).gaps(today=TODAY)
    assert REVIEW_OVERDUE not in _pupil(plan=PlanState(2, Plan.Status.ACTIVE, TODAY)).gaps(today=TODAY)


def test_parents_are_met_enough_after_three_different_days_in_the_last_twelve_months():
    three = [TODAY - dt.timedelta(days=d) for d in (10, 100, 300)]
    assert PARENTS_NOT_MET not in _pupil(plan=AGREED, meetings=three).gaps(today=TODAY)
    assert PARENTS_NOT_MET in _pupil(plan=AGREED, meetings=three[:2]).gaps(today=TODAY)
    a_year_and_a_day = three[:2] + [TODAY - dt.timedelta(days=366)]
    assert PARENTS_NOT_MET in _pupil(plan=AGREED, meetings=a_year_and_a_day).gaps(today=TODAY)


def test_plan_label_names_the_plan_in_force_else_the_newest_version_else_none():
    assert (
        plan_label([PlanState(1, "superseded", None), AGREED], "K")
        == "Version 1: Agreed with parents, review by 02/01/2027"
    )
    assert plan_label([PlanState(1, "reviewed", None), PlanState(2, "draft", None)], "K") == "Version 2: Draft"
    assert plan_label([], "E") == "EHC plan"
    assert plan_label([], "K") == "none"


# ---- the queries -------------------------------------------------------------------------


def _on_support(school, group=None, *, since=dt.date(2022, 9, 1), status="K", **kwargs):
    pupil = PupilFactory(school=school, sen_status=status, sen_status_since=since, **kwargs)
    SenStatusChange.objects.create(pupil=pupil, status=status, start_date=since, source="demo")
    if group is not None:
        group.pupils.add(pupil)
    return pupil


def _plan(pupil, *, status=Plan.Status.AGREED, version=1, review_date=None):
    return Plan.objects.create(
        pupil=pupil,
        version=version,
        status=status,
        review_date=review_date or timezone.localdate() + dt.timedelta(days=40),
    )


def _talk(pupil, days_ago, method=ParentConversation.Method.MEETING):
    ParentConversation.objects.create(
        pupil=pupil,
        held_on=timezone.localdate() - dt.timedelta(days=days_ago),
        method=method,
        purpose="other",
        parents_present="Mum",
        summary="Talked",
    )


@pytest.mark.django_db
def test_meetings_count_conversations_and_reviews_with_parents_but_not_letters_and_a_day_once(school):
    today = timezone.localdate()
    pupil = _on_support(school)
    _talk(pupil, 10)
    _talk(pupil, 20, ParentConversation.Method.WRITTEN)  # a letter is not a meeting
    reviewed = _plan(pupil, status=Plan.Status.REVIEWED, review_date=today - dt.timedelta(days=60))
    Review.objects.create(
        plan=reviewed,
        held_on=today - dt.timedelta(days=60),
        attendees="Mum",
        parent_present=True,
        decision="continue",
        summary="x",
    )
    _talk(pupil, 60)  # the conversation the review records the same day: one meeting, not two
    facts = coverage_facts(Pupil.objects.all(), today=today)[pupil.pk]
    assert facts.meetings(today=today) == 2
    assert PARENTS_NOT_MET in facts.gaps(today=today)
    older = _plan(pupil, status=Plan.Status.SUPERSEDED, version=0, review_date=today - dt.timedelta(days=150))
    Review.objects.create(
        plan=older,
        held_on=today - dt.timedelta(days=150),
        attendees="Dad",
        parent_present=True,
        decision="continue",
        summary="x",
    )
    facts = coverage_facts(Pupil.objects.all(), today=today)[pupil.pk]
    assert facts.meetings(today=today) == 3
    assert PARENTS_NOT_MET not in facts.gaps(today=today)


@pytest.mark.django_db
def test_a_review_without_the_parents_is_not_a_meeting_with_them(school):
    today = timezone.localdate()
    pupil = _on_support(school)
    plan = _plan(pupil, status=Plan.Status.REVIEWED)
    Review.objects.create(
        plan=plan,
        held_on=today - dt.timedelta(days=5),
        attendees="Teacher",
        parent_present=False,
        decision="continue",
        summary="x",
    )
    assert coverage_facts(Pupil.objects.all(), today=today)[pupil.pk].meetings(today=today) == 0


@pytest.mark.django_db
def test_school_coverage_counts_the_gaps_and_names_the_longest_without_a_plan_first(senco, school, other_school):
    today = timezone.localdate()
    recent = _on_support(school, since=today - dt.timedelta(days=30))
    oldest = _on_support(school, since=dt.date(2022, 1, 5))
    planned = _on_support(school)
    _plan(planned, review_date=today - dt.timedelta(days=3))
    _on_support(school, status="E")
    _on_support(other_school)  # another school's pupil is none of ours
    coverage = school_coverage(senco, today=today)
    assert (coverage.on_support, coverage.ehc, coverage.with_plan) == (3, 1, 1)
    assert coverage.counts == {NO_PLAN: 2, REVIEW_OVERDUE: 1, PARENTS_NOT_MET: 3}
    assert [row.pupil for row in coverage.longest_without_plan] == [oldest, recent]
    assert coverage.longest_without_plan[0].facts.support_since == dt.date(2022, 1, 5)


def _fill(school, n: int) -> None:
    Pupil.objects.filter(school=school).delete()
    today = timezone.localdate()
    for i in range(n):
        pupil = _on_support(school, status="K" if i % 4 else "E")
        if i % 3 == 0:
            _plan(pupil, review_date=today - dt.timedelta(days=i))
        if i % 5 == 0:
            _talk(pupil, i + 1)


@pytest.mark.django_db
def test_school_coverage_costs_the_same_queries_for_ten_pupils_as_for_two_hundred(senco, school):
    today = timezone.localdate()
    _fill(school, 10)
    with CaptureQueriesContext(connection) as small:
        school_coverage(senco, today=today)
    _fill(school, 200)
    with CaptureQueriesContext(connection) as large:
        school_coverage(senco, today=today)
    assert len(small.captured_queries) == len(large.captured_queries) <= 7


# ---- where the SENCO sees it ------------------------------------------------------------


@pytest.mark.django_db
def test_the_senco_home_page_leads_with_coverage_and_each_figure_opens_the_register_at_those_pupils(
    login, senco, school
):
    today = timezone.localdate()
    without = _on_support(school, since=dt.date(2022, 1, 5), surname="Noplan")
    late = _on_support(school, surname="Late")
    _plan(late, review_date=today - dt.timedelta(days=3))
    client = login(senco)
    response = client.get(reverse("core:home"))
    body = response.content.decode()
    assert body.index('id="coverage"') < body.index("Reviews</h2>")
    assert f'href="{reverse("pupils:register")}?coverage=no_plan">1<' in body
    assert "on SEN Support since 5 Jan 2022" in body
    for kind, expected in ((NO_PLAN, [without]), (REVIEW_OVERDUE, [late]), (PARENTS_NOT_MET, [late, without])):
        listed = client.get(reverse("pupils:register"), {"coverage": kind}).context["page"].object_list
        assert [row.pk for row in listed] == [pupil.pk for pupil in expected], kind


@pytest.mark.django_db
def test_a_teacher_home_page_shows_no_school_wide_coverage(login, teacher, school, class_group):
    _on_support(school, class_group)
    response = login(teacher).get(reverse("core:home"))
    assert response.context["coverage"] is None
    assert 'id="coverage"' not in response.content.decode()


@pytest.mark.django_db
def test_the_home_page_costs_the_same_queries_however_many_pupils(login, senco, school):
    client = login(senco)
    _fill(school, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("core:home")).status_code == 200
    _fill(school, 200)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("core:home"))
    assert len(small.captured_queries) == len(large.captured_queries)


@pytest.mark.django_db
def test_the_register_coverage_filter_costs_the_same_queries_however_many_pupils(login, senco, school):
    client = login(senco)
    url = reverse("pupils:register") + "?coverage=parents_not_met"
    _fill(school, 10)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _fill(school, 200)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small.captured_queries) == len(large.captured_queries)


@pytest.mark.django_db
def test_an_unknown_coverage_filter_is_a_message_not_a_500(login, senco):
    client = login(senco)
    response = client.get(reverse("pupils:register"), {"coverage": "everything"})
    assert response.status_code == 200
    assert "Plan coverage must be one of no_plan, review_overdue, parents_not_met" in response.content.decode()
    api = client.get("/api/pupils/", {"coverage": "everything"})
    assert api.status_code == 400
    assert "coverage" in api.json()


@pytest.mark.django_db
def test_the_api_list_filters_on_coverage_too(login, senco, school):
    without = _on_support(school)
    _plan(_on_support(school))
    response = login(senco).get("/api/pupils/", {"coverage": "no_plan"})
    assert response.status_code == 200
    assert [row["upn"] for row in response.json()["results"]] == [without.upn]


@pytest.mark.django_db
def test_the_register_export_has_a_plan_column(login, senco, school):
    without = _on_support(school, surname="Aaa")
    with_plan = _on_support(school, surname="Bbb")
    _plan(with_plan, review_date=dt.date(2030, 1, 31))
    ehc = _on_support(school, status="E", surname="Ccc")
    response = login(senco).get(reverse("pupils:register_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "Plan"
    assert {row[0]: row[-1] for row in rows[1:]} == {
        without.upn: "none",
        with_plan.upn: "Version 1: Agreed with parents, review by 31/01/2030",
        ehc.upn: "EHC plan",
    }


@pytest.mark.django_db
def test_the_register_says_why_a_pupil_with_a_reviewed_plan_counts_as_having_no_agreed_plan(login, senco, school):
    reviewed = _on_support(school, surname="Reviewed")
    _plan(reviewed, status=Plan.Status.REVIEWED)
    _on_support(school, status="E", surname="Ehc")
    page = login(senco).get(reverse("pupils:register"), {"coverage": "no_plan"}).content.decode()
    assert "Reviewed: next version not agreed" in page
    assert "Ehc" not in page  # an EHC pupil is never "no plan"
    register = login(senco).get(reverse("pupils:register"), {"status": "E"}).content.decode()
    assert "EHC plan (from the local authority)" in register


@pytest.mark.django_db
def test_a_teacher_can_filter_their_own_pupils_by_coverage_and_sees_no_one_elses(
    login, teacher, school, class_group, other_class_group
):
    mine = _on_support(school, class_group)
    _on_support(school, other_class_group)
    listed = login(teacher).get(reverse("pupils:register"), {"coverage": "no_plan"}).context["page"].object_list
    assert [row.pk for row in listed] == [mine.pk]


@pytest.mark.django_db
def test_the_home_page_records_a_read_of_the_pupils_its_coverage_panel_names_and_no_others(login, senco, school):
    from sensupport.audit.models import AuditEvent

    today = timezone.localdate()
    named = _on_support(school, surname="Noplan")
    unnamed = _on_support(school, surname="Planned")  # counted among the parents not met, not named
    _plan(unnamed, review_date=today + dt.timedelta(days=150))
    response = login(senco).get(reverse("core:home"))
    body = response.content.decode()
    assert named.display_name in body and unnamed.display_name not in body
    read = set(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.LIST, target=AuditEvent.Target.PUPIL_RECORD_HOME_PAGE, actor=senco
        ).values_list("pupil_id", flat=True)
    )
    assert named.pk in read
    assert unnamed.pk not in read
