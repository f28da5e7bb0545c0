"""Factories shared by every app's tests (and the benchmarks' data generator)."""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from sensupport.accounts.models import Role, User
from sensupport.organisations.models import LocalAuthority, School
from sensupport.pupils.census import upn_check_letter
from sensupport.pupils.models import ParentLink, Pupil, TeachingGroup

_serial = itertools.count(1)


def make_upn(la_code: str = "201", estab: str = "3614", year: str = "15", serial: int | None = None) -> str:
    number = serial if serial is not None else next(_serial)
    # Positions 9 to 13: two-digit year then a three-digit serial; larger serials borrow the year.
    body = f"{la_code}{estab}{(int(year) * 1000 + number) % 100000:05d}"
    return upn_check_letter(body) + body


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{800 + n % 199:03d}")
    name = factory.Sequence(lambda n: f"Borough {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    urn = factory.Sequence(lambda n: f"{100000 + n:06d}")
    name = factory.Sequence(lambda n: f"School {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    establishment_number = factory.Sequence(lambda n: f"{2000 + n % 7999:04d}")
    phase = School.Phase.PRIMARY
    establishment_type = 1


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Person"
    role = Role.TEACHER
    password = factory.django.Password("correct horse battery staple")


_upn_counter = itertools.count(1)


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    upn = factory.LazyAttribute(
        lambda o: make_upn(o.school.local_authority.code, o.school.establishment_number, "20", next(_upn_counter))
    )
    surname = factory.Sequence(lambda n: f"Surname{n}")
    forename = factory.Sequence(lambda n: f"Pupil{n}")
    date_of_birth = dt.date(2016, 5, 4)
    sex = "F"
    year_group = "4"
    school = factory.SubFactory(SchoolFactory)


class TeachingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingGroup

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Class {n}")


def link_parent(parent: User, pupil: Pupil, **kwargs) -> ParentLink:
    return ParentLink.objects.create(parent=parent, pupil=pupil, **kwargs)
