"""Role fixtures for the access matrix: every test that checks who may see what uses these."""

from __future__ import annotations

import os

os.environ.setdefault("SENSUPPORT_INSECURE_DEV_KEY", "true")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_COOKIES = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def la(db):
    from sensupport.core.factories import LocalAuthorityFactory

    return LocalAuthorityFactory(code="201", name="Northshire")


@pytest.fixture
def other_la(db):
    from sensupport.core.factories import LocalAuthorityFactory

    return LocalAuthorityFactory(code="202", name="Southshire")


@pytest.fixture
def school(la):
    from sensupport.core.factories import SchoolFactory

    return SchoolFactory(name="Oak Primary", local_authority=la, urn="100001", establishment_number="2001")


@pytest.fixture
def other_school(other_la):
    from sensupport.core.factories import SchoolFactory

    return SchoolFactory(name="Elm Primary", local_authority=other_la, urn="100002", establishment_number="2002")


@pytest.fixture
def class_group(school):
    from sensupport.core.factories import TeachingGroupFactory

    return TeachingGroupFactory(school=school, name="Class 4B", year_group="4")


@pytest.fixture
def other_class_group(school):
    from sensupport.core.factories import TeachingGroupFactory

    return TeachingGroupFactory(school=school, name="Class 3A", year_group="3")


def _user(role, **kwargs):
    from sensupport.core.factories import UserFactory

    return UserFactory(role=role, **kwargs)


@pytest.fixture
def senco(school):
    return _user("senco", school=school, first_name="Sam", last_name="Senco")


@pytest.fixture
def head(school):
    return _user("head", school=school, first_name="Hana", last_name="Head")


@pytest.fixture
def school_admin(school):
    return _user("school_admin", school=school, first_name="Ade", last_name="Admin")


@pytest.fixture
def teacher(school, class_group):
    user = _user("teacher", school=school, first_name="Tia", last_name="Teacher")
    class_group.staff.add(user)
    return user


@pytest.fixture
def other_teacher(school, other_class_group):
    user = _user("teacher", school=school, first_name="Otto", last_name="Teacher")
    other_class_group.staff.add(user)
    return user


@pytest.fixture
def ta(school, class_group):
    user = _user("ta", school=school, first_name="Tom", last_name="Assistant")
    class_group.staff.add(user)
    return user


@pytest.fixture
def other_school_senco(other_school):
    return _user("senco", school=other_school, first_name="Ola", last_name="Othersenco")


@pytest.fixture
def la_officer(la):
    return _user("la_officer", local_authority=la, first_name="Lee", last_name="Officer")


@pytest.fixture
def other_la_officer(other_la):
    return _user("la_officer", local_authority=other_la, first_name="Lou", last_name="Elsewhere")


@pytest.fixture
def professional(db):
    return _user(
        "professional", first_name="Pat", last_name="Psychologist", organisation_name="Educational Psychology Service"
    )


@pytest.fixture
def service_admin(db):
    return _user("service_admin", first_name="Sid", last_name="Operator")


@pytest.fixture
def pupil(school, class_group):
    from sensupport.core.factories import PupilFactory

    p = PupilFactory(school=school, forename="Peter", surname="Rabbit", year_group="4")
    class_group.pupils.add(p)
    return p


@pytest.fixture
def sibling(school, other_class_group):
    from sensupport.core.factories import PupilFactory

    p = PupilFactory(school=school, forename="Flopsy", surname="Rabbit", year_group="3")
    other_class_group.pupils.add(p)
    return p


@pytest.fixture
def other_school_pupil(other_school):
    from sensupport.core.factories import PupilFactory

    return PupilFactory(school=other_school, forename="Jemima", surname="Duck")


@pytest.fixture
def parent(pupil):
    from sensupport.core.factories import link_parent

    user = _user("parent", first_name="Pam", last_name="Parent")
    link_parent(user, pupil, relationship="Mother")
    return user


@pytest.fixture
def other_parent(sibling):
    from sensupport.core.factories import link_parent

    user = _user("parent", first_name="Oli", last_name="Otherparent")
    link_parent(user, sibling, relationship="Father")
    return user


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def mother(parent):
    """Separated parents, both with parental responsibility (docs/adr/0006): Pam Parent is the mother."""
    return parent


@pytest.fixture
def father(pupil):
    from sensupport.core.factories import link_parent

    user = _user("parent", first_name="Mark", last_name="Father", email="father@example.org")
    link_parent(user, pupil, relationship="Father")
    return user


@pytest.fixture
def login(client):
    """Sign a user in on the test client (bypassing the form: sign-in itself is tested separately)."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
