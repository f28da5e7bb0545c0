"""The register's plan column (plans.selectors.plan_summaries) costs the same queries for one pupil
with an agreed plan as for twenty, and reads parent meetings only when a pupil shown has a plan."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sensupport.core.factories import PupilFactory
from sensupport.plans.models import Plan


def _register_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("pupils:register"))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.django_db
def test_the_plan_column_queries_do_not_grow_with_agreed_plans(login, senco, school, agreed):
    client = login(senco)
    one, html = _register_queries(client)
    assert f"Version {agreed.version}" in html
    for n in range(20):
        other = PupilFactory(school=school, sen_status="K", surname=f"Zz{n:02d}")
        copy = Plan.objects.get(pk=agreed.pk)
        copy.pk, copy.pupil, copy.previous = None, other, None
        copy.save()
    twenty_one, html = _register_queries(client)
    assert html.count(f"Version {agreed.version}</a>") == 21
    assert twenty_one == one


@pytest.mark.django_db
def test_parent_meetings_are_read_only_for_pupils_with_a_plan(login, senco, school, agreed):
    client = login(senco)
    with_plan, _ = _register_queries(client)
    Plan.objects.filter(pk=agreed.pk).update(status=Plan.Status.SUPERSEDED)
    without, _ = _register_queries(client)
    assert without == with_plan - 1
