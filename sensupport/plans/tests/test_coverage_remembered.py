"""A school's coverage is folded once for the exact rows and day it was made from: asked again
with the same rows, the fold does not run again; any change a gap depends on (a status, a plan
agreed or its review date moved, a meeting held, another day) is seen at once (plans.coverage)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sensupport.core.testing.remember import counted_runs
from sensupport.plans import coverage as cov
from sensupport.plans.coverage import NO_PLAN, PARENTS_NOT_MET, REVIEW_OVERDUE, school_coverage
from sensupport.plans.models import Plan
from sensupport.pupils.models import ParentConversation, Pupil

from .test_plan_coverage import _on_support, _plan, _talk

pytestmark = pytest.mark.django_db


@pytest.fixture
def folds(monkeypatch):
    """How many times the fold ran, from an empty memory."""
    yield counted_runs(monkeypatch, cov, "fold_coverage", memory=cov._FOLDS)
    cov._FOLDS.clear()


def test_the_same_rows_are_folded_once_and_the_pupils_named_are_read_fresh(senco, school, folds):
    today = timezone.localdate()
    pupil = _on_support(school, forename="Amira")
    first = school_coverage(senco, today=today)
    assert first.counts[NO_PLAN] == 1
    Pupil.objects.filter(pk=pupil.pk).update(forename="Amina")  # not a coverage fact: no new fold
    again = school_coverage(senco, today=today)
    assert len(folds) == 1
    assert again.longest_without_plan[0].pupil.forename == "Amina"
    school_coverage(senco, today=today + dt.timedelta(days=1))  # another day: its own fold
    assert len(folds) == 2


def test_each_change_a_gap_depends_on_is_seen_at_once(senco, school, folds):
    today = timezone.localdate()
    pupil = _on_support(school)
    assert school_coverage(senco, today=today).counts == {NO_PLAN: 1, REVIEW_OVERDUE: 0, PARENTS_NOT_MET: 1}

    plan = _plan(pupil, review_date=today + dt.timedelta(days=10))  # a plan agreed
    assert school_coverage(senco, today=today).counts == {NO_PLAN: 0, REVIEW_OVERDUE: 0, PARENTS_NOT_MET: 1}

    Plan.objects.filter(pk=plan.pk).update(review_date=today - dt.timedelta(days=1))  # its review date passed
    assert school_coverage(senco, today=today).counts == {NO_PLAN: 0, REVIEW_OVERDUE: 1, PARENTS_NOT_MET: 1}

    for days_ago in (5, 50, 100):  # three meetings with the parents
        _talk(pupil, days_ago)
    assert school_coverage(senco, today=today).counts == {NO_PLAN: 0, REVIEW_OVERDUE: 1, PARENTS_NOT_MET: 0}

    ParentConversation.objects.filter(pupil=pupil, held_on=today - dt.timedelta(days=100)).update(
        method=ParentConversation.Method.WRITTEN
    )  # one of them was a letter after all
    assert school_coverage(senco, today=today).counts[PARENTS_NOT_MET] == 1

    Pupil.objects.filter(pk=pupil.pk).update(sen_status="E")  # an EHC plan: no longer on SEN Support
    found = school_coverage(senco, today=today)
    assert (found.on_support, found.ehc, found.ehc_with_plan) == (0, 1, 1)
    assert found.counts == {NO_PLAN: 0, REVIEW_OVERDUE: 1, PARENTS_NOT_MET: 0}
    assert len(folds) == 6


def test_the_remembered_fold_cannot_be_changed_by_a_caller(senco, school, folds):
    today = timezone.localdate()
    pupil = _on_support(school)
    fold = cov.coverage(Pupil.objects.visible_to(senco), today=today, remember=True)
    with pytest.raises(TypeError):
        fold.facts[pupil.pk] = None  # read-only
    assert school_coverage(senco, today=today).counts[NO_PLAN] == 1
    assert len(folds) == 1


def test_only_a_whole_schools_fold_is_remembered(senco, school, folds):
    """The register's filtered sets and an LA's schools are folded each time: they would crowd
    the schools' home pages out of the memory."""
    today = timezone.localdate()
    late = _on_support(school)
    _plan(late, review_date=today - dt.timedelta(days=2))
    school_coverage(senco, today=today)
    school_coverage(senco, today=today)
    assert len(folds) == 1
    for _ in range(2):
        assert cov.pupils_with_gap(Pupil.objects.visible_to(senco), REVIEW_OVERDUE, today=today) == [late.pk]
        assert late.pk in cov.coverage_facts(Pupil.objects.all(), today=today)
    assert len(folds) == 5
    assert len(cov._FOLDS) == 1
