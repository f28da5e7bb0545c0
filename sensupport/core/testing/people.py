"""Every person (and the little world they belong to) as a pytest fixture, for any test anywhere.

Registered from the root conftest.py (`pytest_plugins`). One fixture per role of accounts.models.Role,
named after it, plus the identities out of Peter's scope that access tests try:

    Northshire LA (201): Oak Primary, Class 4B (Peter; teacher, ta) and Class 3A (Flopsy; other_teacher)
    Southshire LA (202): Elm Primary (Jemima; other_school_senco)

    senco, head, school_admin        Oak's whole-school staff          second_senco  Oak's second SENCO
    teacher, ta                      Class 4B (Peter's class)          other_teacher Class 3A
    parent (= mother), father        Peter's separated parents, both with parental responsibility
    other_parent                     Flopsy's father
    young_person                     Peter himself, 16, with his own sign-in
    la_officer, other_la_officer     Northshire's and Southshire's officers
    professional                     an educational psychologist of Northshire's EP service (outside_service);
                                     sees a pupil only once shared
    service_admin                    the service's operator
    other_school_senco               Elm Primary's SENCO (another school's staff)
    anonymous                        nobody signed in

World-building for one app (a plan, a walk-through) stays in that app's tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


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
def outside_service(la):
    """Northshire's educational psychology service, which the professional belongs to."""
    from sensupport.referrals.models import Service

    return Service.objects.create(name="Educational Psychology Service", kind="ep", local_authority=la)


@pytest.fixture
def professional(outside_service):
    from sensupport.referrals.models import ServiceMembership

    user = _user(
        "professional", first_name="Pat", last_name="Psychologist", organisation_name="Educational Psychology Service"
    )
    ServiceMembership.objects.create(professional=user, service=outside_service)
    return user


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
def young_person(pupil):
    """Peter himself, 16 or over, with his own sign-in to his own record."""
    from sensupport.core.factories import UserFactory

    pupil.date_of_birth = dt.date(timezone.localdate().year - 16, 1, 1)
    pupil.save()
    return UserFactory(role="young_person", first_name="Peter", last_name="Rabbit", own_pupil_record=pupil)


@pytest.fixture
def second_senco(school):
    """A second SENCO at Oak Primary."""
    return _user("senco", school=school, first_name="Sue", last_name="Second")
