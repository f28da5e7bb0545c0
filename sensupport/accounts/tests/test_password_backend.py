"""Permissions come from the rules only: the sign-in backend gives none and costs no query.
(Signing in with a password through it: accounts/tests/test_sign_in.py.)"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_a_refused_permission_costs_no_query(teacher):
    teacher = type(teacher).objects.get(pk=teacher.pk)  # no permission cache
    with CaptureQueriesContext(connection) as queries:
        assert not teacher.has_perm("pupils.change_sen_status")
        assert not teacher.has_perm("portal.use_portal")
    assert len(queries) == 0


@pytest.mark.django_db
def test_a_django_model_permission_given_by_hand_grants_nothing(teacher):
    teacher.user_permissions.add(Permission.objects.get(codename="change_pupil"))
    teacher = type(teacher).objects.get(pk=teacher.pk)
    assert not teacher.has_perm("pupils.change_pupil")
