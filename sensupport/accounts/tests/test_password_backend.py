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


@pytest.mark.django_db
def test_each_request_reads_the_user_with_school_and_authenticator_in_one_query(senco):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sensupport.accounts.backends import CONFIRMED_DEVICE_ON_LOAD, PasswordBackend
    from sensupport.accounts.middleware import second_step_for

    backend = PasswordBackend()
    with CaptureQueriesContext(connection) as queries:
        user = backend.get_user(senco.pk)
        assert user.school.name == senco.school.name
        assert getattr(user, CONFIRMED_DEVICE_ON_LOAD) is False
        assert second_step_for(user) is None
    assert len(queries) == 1
    TOTPDevice.objects.create(user=senco, name="Phone", confirmed=True)
    user = backend.get_user(senco.pk)
    assert getattr(user, CONFIRMED_DEVICE_ON_LOAD) is True
    assert second_step_for(user) == "verify"  # the device counts from the next request on


@pytest.mark.django_db
def test_an_inactive_user_is_not_loaded(senco):
    from sensupport.accounts.backends import PasswordBackend

    type(senco).objects.filter(pk=senco.pk).update(is_active=False)
    assert PasswordBackend().get_user(senco.pk) is None
    assert PasswordBackend().get_user(987654) is None
