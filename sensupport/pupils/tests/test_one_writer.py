"""One writer for a SEN status and its needs (docs/architecture.md): the status page, a concern, an
import and the demo all write through `sen_status_apply` (or its bulk form), so the rows they
write cannot drift apart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sensupport.core.factories import PupilFactory
from sensupport.pupils import services
from sensupport.pupils.census import RankedNeed
from sensupport.pupils.models import Pupil, PupilNeed, SenStatusChange
from sensupport.pupils.services import StatusEntry, sen_status_apply, sen_status_apply_many, sen_status_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def writes(monkeypatch):
    """Every write the register's one writer computes, in order."""
    seen = []
    real = services.sen_status_rows

    def spy(**kwargs):
        write = real(**kwargs)
        seen.append(write)
        return write

    monkeypatch.setattr(services, "sen_status_rows", spy)
    return seen


def history(pupil) -> list[tuple]:
    return list(
        SenStatusChange.objects.filter(pupil=pupil)
        .order_by("start_date", "id")
        .values_list("status", "start_date", "source", "original_code", "reason", "recorded_by")
    )


def needs(pupil) -> list[tuple]:
    return list(
        PupilNeed.objects.filter(pupil=pupil)
        .order_by("need_type")
        .values_list("need_type", "rank", "start_date", "end_date", "notes")
    )


def test_the_rows_are_computed_without_touching_the_database(school, django_assert_num_queries):
    pupil = PupilFactory(school=school)
    day = dt.date(2020, 1, 6)
    with django_assert_num_queries(0):
        write = sen_status_rows(
            pupil=pupil,
            entries=[StatusEntry("K", day, "Placed on SEN Support"), StatusEntry("M", day.replace(year=2021))],
            source=SenStatusChange.Source.DEMO,
            needs=[RankedNeed("SLCN", 1), RankedNeed("ASD", 2)],
        )
    # The newest entry gives the status; leaving SEN provision drops the census ranks, keeps the needs.
    assert (write.status, write.since) == ("M", dt.date(2021, 1, 6))
    assert write.needs == [RankedNeed("SLCN", None), RankedNeed("ASD", None)]
    assert [(r.status, r.source, r.pk) for r in write.history] == [("K", "demo", None), ("M", "demo", None)]


def test_a_concern_for_a_pupil_with_no_sen_moves_them_to_monitoring_through_the_writer(pupil, teacher, writes):
    services.concern_raise(pupil=pupil, actor=teacher, noticed="Struggles to start writing")
    [write] = writes
    [row] = write.history
    assert row.pk is not None  # the row the writer computed is the row written
    assert history(pupil) == [("M", timezone.localdate(), "manual", "", "Concern raised", teacher.pk)]
    assert write.needs is None  # a concern says nothing about needs: they stay as they are
    pupil.refresh_from_db()
    assert (pupil.sen_status, pupil.sen_status_since) == ("M", timezone.localdate())


def test_a_concern_for_a_pupil_already_on_the_register_writes_no_status(pupil, teacher, senco, writes):
    services.concern_raise(pupil=pupil, actor=teacher, noticed="First")
    services.concern_raise(pupil=pupil, actor=teacher, noticed="Second")
    assert len(writes) == 1 and len(history(pupil)) == 1


def test_the_status_page_writes_through_the_writer(pupil, senco, writes):
    today = timezone.localdate()
    services.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=today,
        method="meeting",
        purpose="start_support",
        parents_present="Mum",
        summary="Agreed",
    )
    entry = services.pupil_status_change(
        pupil=pupil, status="K", start_date=today, actor=senco, reason="Talked", needs=[RankedNeed("SLCN", 1)]
    )
    [write] = writes
    assert write.history == [entry]
    assert history(pupil) == [("K", today, "manual", "", "Talked", senco.pk)]
    assert needs(pupil) == [("SLCN", 1, today, None, "")]


def test_the_bulk_form_writes_the_same_rows_as_the_single_one(school, senco):
    """The demo writes thousands of pupils with `sen_status_apply_many`; a pupil written one at a
    time gets exactly the same rows."""
    start, later = dt.date(2015, 2, 2), dt.date(2016, 3, 1)
    rows = {
        "entries": [StatusEntry("K", start, "Action Plus, recorded as SEN Support", "P"), StatusEntry("E", later)],
        "source": SenStatusChange.Source.DEMO,
        "recorded_by": senco,
        "needs": [RankedNeed("ASD", 1), RankedNeed("SLCN", 2)],
        "need_starts": {"ASD": start},
        "need_notes": {"SLCN": "Speech therapy since Reception"},
    }
    one = PupilFactory(school=school)
    sen_status_apply(pupil=one, **rows)
    many = PupilFactory.build(school=school)
    sen_status_apply_many([sen_status_rows(pupil=many, **rows)])
    one.refresh_from_db()
    many = Pupil.objects.get(pk=many.pk)
    assert (many.sen_status, many.sen_status_since) == (one.sen_status, one.sen_status_since) == ("E", later)
    assert history(many) == history(one) and len(history(one)) == 2
    assert (
        needs(many)
        == needs(one)
        == [
            ("ASD", 1, start, None, ""),
            ("SLCN", 2, later, None, "Speech therapy since Reception"),
        ]
    )


def test_the_bulk_form_only_creates_pupils(pupil):
    with pytest.raises(ValueError):
        sen_status_apply_many(
            [sen_status_rows(pupil=pupil, entries=[StatusEntry("M", timezone.localdate())], source="demo")]
        )
    assert not SenStatusChange.objects.filter(pupil=pupil).exists()
