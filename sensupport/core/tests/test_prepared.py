"""PreparedQuery gives what its queryset gives, compiling the SQL once per shape."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext

from sensupport.core.factories import PupilFactory
from sensupport.core.prepared import PreparedQuery
from sensupport.pupils.models import EhcPlanSummary, Pupil, PupilNeed

NEEDS = PreparedQuery(
    lambda ids: PupilNeed.objects.filter(pupil_id__in=ids, end_date__isnull=True).values_list(
        "pupil_id", "need_type", "rank", "start_date"
    )
)


@pytest.fixture
def pupils(school):
    made = [PupilFactory(school=school, sen_status="K") for _ in range(4)]
    for n, pupil in enumerate(made):
        PupilNeed.objects.create(pupil=pupil, need_type="SLCN", rank=1, start_date=dt.date(2025, 9, n + 1))
        PupilNeed.objects.create(pupil=pupil, need_type="ASD", rank=2)
        # An ended need is left out.
        PupilNeed.objects.create(pupil=pupil, need_type="MLD", rank=None, end_date=dt.date(2025, 1, 1))
    return made


@pytest.mark.django_db
def test_values_list_rows_are_the_querysets_for_every_length_of_list(pupils):
    for chosen in (pupils[:1], pupils[1:3], pupils, pupils[2:]):
        ids = [p.pk for p in chosen]
        expected = list(
            PupilNeed.objects.filter(pupil_id__in=ids, end_date__isnull=True).values_list(
                "pupil_id", "need_type", "rank", "start_date"
            )
        )
        assert NEEDS(ids) == expected and len(expected) == 2 * len(chosen)
    assert isinstance(NEEDS([pupils[0].pk])[0][3], dt.date)  # converted as Django converts (SQLite: text to date)


@pytest.mark.django_db
def test_an_empty_list_reads_nothing(pupils):
    with CaptureQueriesContext(connection) as ctx:
        assert NEEDS([]) == []
    assert len(ctx.captured_queries) == 0


@pytest.mark.django_db
def test_each_call_is_one_query_through_djangos_cursor(pupils):
    NEEDS([pupils[0].pk])
    with CaptureQueriesContext(connection) as ctx:
        NEEDS([pupils[1].pk])
    assert len(ctx.captured_queries) == 1 and str(pupils[1].pk) in ctx.captured_queries[0]["sql"]


@pytest.mark.django_db
def test_flat_values_and_constants_in_the_query(pupils):
    flat = PreparedQuery(
        lambda pupil_id: PupilNeed.objects.filter(pupil_id=pupil_id, need_type="ASD").values_list("rank", flat=True)
    )
    assert flat(pupils[0].pk) == [2] and flat(pupils[3].pk) == [2]


@pytest.mark.django_db
def test_model_instances_with_related_rows_and_annotations(school, pupils):
    EhcPlanSummary.objects.create(
        pupil=pupils[1],
        issuing_local_authority=school.local_authority,
        issued_on=dt.date(2024, 3, 1),
        outcomes="o",
        provision_summary="p",
    )

    def build(school_id):
        return (
            Pupil.objects.filter(school_id=school_id)
            .select_related("school__local_authority")
            .annotate(has_ehc=Exists(EhcPlanSummary.objects.filter(pupil=OuterRef("pk"))))
            .order_by("pk")
        )

    prepared = PreparedQuery(build)
    got, expected = prepared(school.pk), list(build(school.pk))
    assert [(p.pk, p.display_name, p.date_of_birth, p.has_ehc) for p in got] == [
        (p.pk, p.display_name, p.date_of_birth, p.has_ehc) for p in expected
    ]
    assert [p.has_ehc for p in got] == [False, True, False, False]
    with CaptureQueriesContext(connection) as ctx:
        assert got[0].school.local_authority.name == school.local_authority.name  # joined: no query
    assert len(ctx.captured_queries) == 0
    assert got[0]._state.db == "default" and not got[0]._state.adding


@pytest.mark.django_db
def test_a_builder_that_changes_or_repeats_its_argument_is_refused(pupils):
    with pytest.raises(ValueError, match="as given"):
        PreparedQuery(lambda pupil_id: PupilNeed.objects.filter(pupil_id=pupil_id + 1))(pupils[0].pk)
    with pytest.raises(ValueError, match="twice"):
        PreparedQuery(lambda pid: PupilNeed.objects.filter(pupil_id=pid, pupil__pk=pid))(pupils[0].pk)
    with pytest.raises(TypeError):
        PreparedQuery(lambda pid: PupilNeed.objects.filter(pupil_id=pid).values("rank"))(pupils[0].pk)
    with pytest.raises(TypeError):
        PreparedQuery(lambda flag: PupilNeed.objects.filter(end_date__isnull=flag))(True)


@pytest.mark.django_db
def test_a_string_argument_is_compared_as_it_is(pupils):
    by_upn = PreparedQuery(lambda upn: Pupil.objects.filter(upn=upn).values_list("pk", flat=True))
    assert by_upn(pupils[2].upn) == [pupils[2].pk] and by_upn(pupils[0].upn) == [pupils[0].pk]
    assert by_upn("' OR 1=1 --") == []  # a parameter, never SQL


@pytest.mark.django_db
def test_a_date_argument_is_adapted_as_a_datefields_value(pupils):
    since = PreparedQuery(
        lambda pupil_id, day: PupilNeed.objects.filter(pupil_id=pupil_id, start_date__gte=day).values_list(
            "need_type", flat=True
        )
    )
    pupil = pupils[2]  # SLCN from 3 September 2025
    assert since(pupil.pk, dt.date(2025, 9, 3)) == ["SLCN"]
    assert since(pupil.pk, dt.date(2025, 9, 4)) == []
    with pytest.raises(TypeError):
        since(pupil.pk, dt.datetime(2025, 9, 3, 12, 0))


@pytest.mark.django_db
def test_a_marker_that_empties_the_query_is_refused_not_cached_as_nothing(pupils):
    """Django empties a query whose integer is beyond its column's range; a prepared query whose
    marker does that would answer "nothing" for ever, so it is refused."""
    by_rank = PreparedQuery(lambda rank: PupilNeed.objects.filter(rank=rank))  # rank: a small integer column
    if connection.vendor == "sqlite":  # SQLite's integers are all 64-bit: the marker fits, the query works
        assert {need.need_type for need in by_rank(1)} == {"SLCN"}
        return
    with pytest.raises(ValueError, match="emptied"):
        by_rank(1)


def test_an_id_beyond_a_64_bit_integer_is_refused_before_the_database():
    with pytest.raises(ValueError, match="not an id"):
        PreparedQuery(lambda pid: PupilNeed.objects.filter(pupil_id=pid))(2**63)  # checked before any SQL
