"""model_update: what changed goes to the audit row, and only changed fields are written."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sensupport.core.factories import TeachingGroupFactory
from sensupport.core.updates import model_update


@pytest.mark.django_db
def test_it_saves_only_what_changed_and_says_so(school):
    group = TeachingGroupFactory(school=school, name="Class 4B", year_group="4")
    with CaptureQueriesContext(connection) as queries:
        changes = model_update(group, name="Class 4C", year_group="4")
    assert changes == {"name": ["Class 4B", "Class 4C"]}
    [update] = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert "name" in update and "year_group" not in update
    group.refresh_from_db()
    assert (group.name, group.year_group) == ("Class 4C", "4")


@pytest.mark.django_db
def test_nothing_to_change_writes_nothing(school):
    group = TeachingGroupFactory(school=school, name="Class 4B")
    with CaptureQueriesContext(connection) as queries:
        assert model_update(group, name="Class 4B") == {}
    assert len(queries) == 0
