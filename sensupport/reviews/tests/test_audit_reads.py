"""Every page that shows a pupil's plan or requests leaves a read row for that pupil, on the web
(issue 7, finding 12): My pupils (one row per pupil listed), the review form, the early-review
pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.plans.tests import conftest as plan_fixtures
from sensupport.reviews import services

on_support, assessed, draft, agreed = (
    plan_fixtures.on_support,
    plan_fixtures.assessed,
    plan_fixtures.draft,
    plan_fixtures.agreed,
)

pytestmark = pytest.mark.django_db


def _reads(user, **match):
    return list(AuditEvent.objects.filter(actor=user, action__in=["view", "list"], **match))


def test_my_pupils_records_a_read_for_each_pupil_it_lists(login, teacher, agreed, class_group, sibling, senco):
    from sensupport.core.factories import PupilFactory

    classmate = PupilFactory(school=class_group.school, forename="Benjamin", surname="Bunny", year_group="4")
    class_group.pupils.add(classmate)
    plan_fixtures.services.plan_create_draft(pupil=sibling, actor=senco)  # another class, and only a draft
    page = login(teacher).get(reverse("reviews:my_pupils")).content.decode()
    # Listed: Peter and his plan. Not listed: a classmate without a plan, a pupil of another class.
    assert "Peter Rabbit" in page and "Warning of changes to the day" in page
    assert "Benjamin" not in page and "Flopsy" not in page
    rows = _reads(teacher, target="my pupils")
    assert [r.pupil_id for r in rows] == [agreed.pupil_id]
    assert {(r.action, r.via, r.school_id) for r in rows} == {("list", "web", class_group.school_id)}


def test_opening_the_review_form_records_a_read(login, senco, agreed):
    assert login(senco).get(reverse("reviews:review_new", args=[agreed.pupil_id, agreed.pk])).status_code == 200
    (row,) = _reads(senco, target="plan review form")
    assert (row.pupil_id, row.target_id, row.via) == (agreed.pupil_id, str(agreed.pk), "web")


def test_the_early_review_pages_record_a_read(login, client, senco, parent, agreed):
    asked = services.early_review_request(pupil=agreed.pupil, actor=parent, reason="Not sleeping")
    assert login(parent).get(reverse("reviews:early_review", args=[agreed.pupil_id])).status_code == 200
    assert [(r.pupil_id, r.via) for r in _reads(parent, target="early review requests")] == [(agreed.pupil_id, "web")]
    client.logout()
    assert login(senco).get(reverse("reviews:early_review", args=[agreed.pupil_id])).status_code == 200
    assert login(senco).get(reverse("reviews:early_review_answer", args=[agreed.pupil_id, asked.pk])).status_code == 200
    assert len(_reads(senco, target="early review requests", pupil_id=agreed.pupil_id)) == 1
    (row,) = _reads(senco, target="early review request")
    assert (row.pupil_id, row.target_id) == (agreed.pupil_id, str(asked.pk))
