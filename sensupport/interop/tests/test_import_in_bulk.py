"""The register import writes in bulk (issue 14): the number of queries does not grow with the
number of pupils, and a bulk load leaves PostgreSQL's statistics fresh."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sensupport.audit.models import AuditEvent
from sensupport.core.factories import make_upn
from sensupport.interop.ctf import ctf_parse
from sensupport.interop.register_import import apply as apply_module
from sensupport.interop.register_import.apply import register_import_apply
from sensupport.pupils.models import Pupil, PupilNeed, SenStatusChange

from .ctf_builder import CtfPupil, ctf_bytes

pytestmark = pytest.mark.django_db

HISTORIES = [[], [("2021-09-01", "K")], [("2020-09-01", "K"), ("2022-01-10", "E")], [("2019-09-01", "N")]]


def ctf_pupils(first: int, count: int, **overrides) -> list[CtfPupil]:
    pupils = []
    for n in range(first, first + count):
        history = HISTORIES[n % 4]
        on_sen = bool(history) and history[-1][1] in "KE"
        values = {
            "upn": make_upn("202", "2002", "19", n),
            "surname": f"Bulk{n}",
            "sen": history,
            "needs": [("1", "SLCN"), ("2", "SEMH")] if on_sen else [],
        }
        pupils.append(CtfPupil(**(values | overrides)))
    return pupils


@pytest.fixture(autouse=True)
def sqlite_batches_as_large_as_sqlite_allows(monkeypatch):
    """Django 5.2 caps an SQLite statement at 999 parameters (old SQLite's compile-time default), so
    200 pupils would be more insert batches than 50 for the backend's sake, not the import's. The
    SQLite we run takes 32,766 (3.32 and later); PostgreSQL has no such cap."""
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection.features, "max_query_params", 32766)


def import_queries(school, pupils: list[CtfPupil]) -> int:
    records = ctf_parse(ctf_bytes(pupils)).records
    with CaptureQueriesContext(connection) as queries:
        result = register_import_apply(
            school=school, records=records, actor=None, source=SenStatusChange.Source.CTF, via=AuditEvent.Via.IMPORT
        )
    assert result.created + result.updated == len(pupils)
    return len(queries)


def test_importing_new_pupils_takes_as_many_queries_for_200_as_for_50(school):
    fifty = import_queries(school, ctf_pupils(1, 50))
    two_hundred = import_queries(school, ctf_pupils(1001, 200))
    assert fifty == two_hundred
    assert fifty < 30  # a handful of bulk inserts, not one per pupil
    assert Pupil.objects.filter(school=school).count() == 250
    assert AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT, school=school).count() == 250


def test_changing_names_and_years_takes_as_many_queries_for_200_as_for_50(school):
    import_queries(school, ctf_pupils(1, 50))
    import_queries(school, ctf_pupils(1001, 200))
    fifty = import_queries(school, ctf_pupils(1, 50, year="5"))
    two_hundred = import_queries(school, ctf_pupils(1001, 200, year="5"))
    assert fifty == two_hundred
    assert set(Pupil.objects.filter(school=school).values_list("year_group", "version")) == {("5", 2)}


def test_the_bulk_import_writes_what_the_register_writes_for_one_pupil(school):
    import_queries(school, ctf_pupils(1, 1))  # K with needs
    pupil = Pupil.objects.get()
    assert (pupil.sen_status, pupil.sen_status_since, pupil.version) == ("K", dt.date(2021, 9, 1), 1)
    assert list(pupil.status_history.values_list("status", "start_date", "source", "reason")) == [
        ("K", dt.date(2021, 9, 1), "ctf", "Imported from a Common Transfer File")
    ]
    assert sorted(PupilNeed.objects.values_list("need_type", "rank", "start_date", "end_date")) == [
        ("SEMH", 2, dt.date(2021, 9, 1), None),
        ("SLCN", 1, dt.date(2021, 9, 1), None),
    ]
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert (event.pupil, event.school_id, event.target, event.target_id, event.via, event.actor_label) == (
        pupil,
        school.pk,
        AuditEvent.Target.PUPIL_RECORD,
        str(pupil.pk),
        AuditEvent.Via.IMPORT,
        "system",
    )
    assert event.summary == (
        "Imported from a Common Transfer File: new pupil, SEN Support; 1 SEN history entry added; "
        "needs none to SLCN (1), SEMH (2)"
    )
    assert event.changes["history_added"] == [["2021-09-01", "K", ""]]


def test_an_unknown_channel_is_refused_and_nothing_is_written(school):
    records = ctf_parse(ctf_bytes(ctf_pupils(1, 2))).records
    with pytest.raises(ValueError):
        register_import_apply(school=school, records=records, actor=None, source="ctf", via="carrier pigeon")
    assert not Pupil.objects.exists() and not AuditEvent.objects.exists()


def test_a_bulk_load_refreshes_postgresqls_statistics_after_commit(
    school, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(apply_module, "ANALYZE_AFTER", 3)
    records = ctf_parse(ctf_bytes(ctf_pupils(1, 3))).records
    with django_capture_on_commit_callbacks() as callbacks:
        register_import_apply(school=school, records=records, actor=None, source="ctf", via=AuditEvent.Via.IMPORT)
    assert callbacks == [apply_module.analyze_register_tables]
    with CaptureQueriesContext(connection) as queries:
        callbacks[0]()
    analysed = [q["sql"] for q in queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        assert analysed == [
            'ANALYZE "pupils_pupil"',
            'ANALYZE "pupils_senstatuschange"',
            'ANALYZE "pupils_pupilneed"',
            'ANALYZE "audit_auditevent"',
        ]
    else:
        assert analysed == []  # SQLite's planner keeps no such statistics to go stale


def test_a_small_import_leaves_the_statistics_to_autovacuum(school, django_capture_on_commit_callbacks):
    records = ctf_parse(ctf_bytes(ctf_pupils(1, 3))).records
    with django_capture_on_commit_callbacks() as callbacks:
        register_import_apply(school=school, records=records, actor=None, source="ctf", via=AuditEvent.Via.IMPORT)
    assert apply_module.analyze_register_tables not in callbacks
