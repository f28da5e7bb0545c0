"""`in_subquery` selects what `in` selects; on PostgreSQL it is written `= ANY(ARRAY(...))` so each
arm of an OR can be an index scan (core/lookups.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef, Q

from sensupport.core.factories import PupilFactory, SchoolFactory
from sensupport.organisations.models import School
from sensupport.pupils.models import Pupil


@pytest.fixture
def spread(school, other_school):
    third = SchoolFactory(local_authority=other_school.local_authority, urn="100003", establishment_number="2003")
    return {
        "here": [PupilFactory(school=school) for _ in range(3)],
        "there": [PupilFactory(school=other_school) for _ in range(2)],
        "third": [PupilFactory(school=third)],
    }


def _ids(queryset):
    return sorted(queryset.values_list("pk", flat=True))


@pytest.mark.django_db
def test_selects_what_in_selects_alone_and_as_an_arm_of_an_or(school, other_school, spread):
    schools = School.objects.filter(pk=other_school.pk).values("pk")
    assert _ids(Pupil.objects.filter(school_id__in_subquery=schools)) == _ids(
        Pupil.objects.filter(school_id__in=schools)
    )
    assert _ids(Pupil.objects.filter(school_id__in_subquery=schools)) == sorted(p.pk for p in spread["there"])
    first = spread["here"][0]
    either = Q(school_id__in_subquery=schools) | Q(pk__in_subquery=Pupil.objects.filter(pk=first.pk).values("pk"))
    assert _ids(Pupil.objects.filter(either)) == sorted([first.pk, *(p.pk for p in spread["there"])])
    # an empty subquery selects nothing, and excluding by it keeps everyone
    nothing = School.objects.filter(pk=-1).values("pk")
    assert not Pupil.objects.filter(school_id__in_subquery=nothing).exists()
    assert Pupil.objects.exclude(school_id__in_subquery=nothing).count() == 6


@pytest.mark.django_db
def test_a_subquery_may_refer_to_the_query_outside_it(school, other_school, spread):
    """As who_can_see uses la_officer_scope: the subquery correlated with an outer row."""
    at_school_of_la = Pupil.objects.filter(
        pk=spread["third"][0].pk,
        school_id__in_subquery=School.objects.filter(
            local_authority_id=OuterRef(OuterRef("local_authority_id"))
        ).values("pk"),
    )
    las = School.objects.filter(Exists(at_school_of_la)).values_list("local_authority_id", flat=True)
    assert set(las) == {other_school.local_authority_id}


@pytest.mark.django_db
def test_written_as_any_of_an_array_on_postgresql_and_in_elsewhere(spread):
    sql = str(Pupil.objects.filter(school_id__in_subquery=School.objects.values("pk")).query)
    if connection.vendor == "postgresql":
        assert '"school_id" = ANY(ARRAY(SELECT' in sql
    else:
        assert '"school_id" IN (SELECT' in sql


def test_refuses_a_list():
    with pytest.raises(TypeError, match="takes a queryset"):
        Pupil.objects.filter(pk__in_subquery=[1, 2])
