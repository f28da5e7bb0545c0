"""The access-matrix helper (core/testing/access.py) covers every identity and refuses names it does not know."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.accounts.models import Role
from sensupport.core.testing.access import ANONYMOUS, OUT_OF_SCOPE, SIGN_IN, check_access, expect, identities


def test_the_identities_are_every_role_the_roles_out_of_scope_and_anonymous():
    assert identities() == (*Role.values, *OUT_OF_SCOPE, ANONYMOUS)
    assert len(set(identities())) == len(identities())


@pytest.mark.django_db
def test_every_identity_is_a_fixture(request):
    users = {name: request.getfixturevalue(name) for name in identities()}
    for role in Role.values:
        assert users[role].role == role
    assert {name: users[name].role for name in OUT_OF_SCOPE} == {
        "other_teacher": "teacher",
        "other_school_senco": "senco",
        "other_la_officer": "la_officer",
        "other_parent": "parent",
    }
    assert not users[ANONYMOUS].is_authenticated


def test_expect_gives_every_identity_an_answer():
    row = expect(allowed={"senco"}, hidden={"other_teacher"}, parent=302)
    assert list(row) == list(identities())
    assert row["senco"] == 200 and row["other_teacher"] == 404 and row["parent"] == 302
    assert row[ANONYMOUS] == SIGN_IN
    assert {row[name] for name in identities() if name not in {"senco", "other_teacher", "parent", ANONYMOUS}} == {403}


@pytest.mark.parametrize(
    "kwargs",
    [
        {"allowed": {"sendco"}},
        {"allowed": {"senco"}, "hidden": {"other_school_teacher"}},
        {"allowed": {"senco"}, "teaching_assistant": 200},
        {"allowed": {"senco"}, "hidden": {"senco"}},
        {"allowed": {"senco"}, "senco": 302},
        {"allowed": {"senco", ANONYMOUS}},
    ],
)
def test_expect_refuses_a_name_it_does_not_know_or_two_answers_for_one(kwargs):
    with pytest.raises(ValueError):
        expect(**kwargs)


def test_check_access_refuses_a_matrix_that_leaves_an_identity_out(client, request):
    row = expect(allowed={"senco"})
    del row["young_person"]
    with pytest.raises(ValueError, match="young_person"):
        check_access(client, request, "/", row)
    with pytest.raises(ValueError, match="nobody"):
        check_access(client, request, "/", {**expect(allowed={"senco"}), "nobody": 200})


@pytest.mark.django_db
def test_check_access_fails_naming_each_identity_that_got_another_answer(client, request):
    wrong = expect(allowed={"service_admin", "senco"})  # the senco is refused the service pages
    with pytest.raises(AssertionError) as failure:
        check_access(client, request, reverse("administration:health"), wrong)
    assert "senco                expected 200      got 403" in str(failure.value)
    assert "service_admin" not in str(failure.value)
