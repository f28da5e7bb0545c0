"""Dates on family pages are in the tense the date calls for: an answer that was due days ago is
not 'due by' on one page and 'should answer by' on another."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.family.models import PlanResponse
from sensupport.family.services import plan_response_record
from sensupport.portal.templatetags.family_dates import is_past

pytestmark = pytest.mark.django_db


def test_is_past_is_before_today_only():
    today = timezone.localdate()
    assert is_past(today - dt.timedelta(days=1)) and not is_past(today) and not is_past(None)


@pytest.fixture
def overdue_disagreement(agreed, parent):
    record = plan_response_record(
        plan=agreed, parent=parent, response="disagree", parts=["review_date"], reason="Too long to wait"
    )
    due = timezone.localdate() - dt.timedelta(days=2)
    PlanResponse.objects.filter(pk=record.pk).update(answer_due=due)
    return record, due


def test_an_overdue_answer_is_not_shown_as_still_to_come(login, parent, pupil, overdue_disagreement):
    record, due = overdue_disagreement
    client = login(parent)
    mine = client.get(reverse("family:my_response", args=[pupil.pk, record.pk])).content.decode()
    assert "should answer by" not in mine
    assert f"The school should have answered by {due.day} {due:%B %Y}" in mine
    child = client.get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert f"(due by {due.day} {due:%B %Y})" not in child
    assert f"it was due by {due.day} {due:%B %Y}" in child


def test_an_answer_still_to_come_says_when(login, parent, pupil, agreed):
    record = plan_response_record(
        plan=agreed, parent=parent, response="disagree", parts=["review_date"], reason="Too long to wait"
    )
    due = record.answer_due
    mine = login(parent).get(reverse("family:my_response", args=[pupil.pk, record.pk])).content.decode()
    assert f"The school should answer by {due.day} {due:%B %Y}" in mine
