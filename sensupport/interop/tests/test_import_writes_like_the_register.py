"""An import writes a pupil's SEN status and needs through the register's one writer
(pupils.services.sen_status_apply): the same history row and needs as the status page would, told
apart only by where they came from."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sensupport.core.factories import PupilFactory
from sensupport.interop.register_import.apply import register_import_apply
from sensupport.interop.spreadsheet import spreadsheet_parse
from sensupport.pupils import services
from sensupport.pupils.census import RankedNeed
from sensupport.pupils.models import PupilNeed, SenStatusChange

pytestmark = pytest.mark.django_db

HEADER = "UPN,Surname,Forename,DOB,Sex,YearGroup,SENProvision,PrimaryNeed,SecondaryNeed"


def csv_row(pupil, provision: str, primary: str = "", secondary: str = "") -> bytes:
    row = (
        f"{pupil.upn},{pupil.surname},{pupil.forename},{pupil.date_of_birth:%Y-%m-%d},{pupil.sex},"
        f"{pupil.year_group},{provision},{primary},{secondary}"
    )
    return f"{HEADER}\r\n{row}\r\n".encode()


def spreadsheet_import(school, senco, content: bytes):
    parsed = spreadsheet_parse(content, "pupils.csv")
    assert parsed.all_problems == []
    return register_import_apply(
        school=school, records=parsed.records, actor=senco, source=SenStatusChange.Source.SPREADSHEET, via="import"
    )


def written(pupil) -> dict:
    pupil.refresh_from_db()
    return {
        "status": (pupil.sen_status, pupil.sen_status_since),
        "history": list(
            pupil.status_history.values_list("status", "start_date", "original_code", "recorded_by", "source")
        ),
        "needs": list(
            PupilNeed.objects.filter(pupil=pupil)
            .order_by("need_type")
            .values_list("need_type", "rank", "start_date", "end_date", "notes")
        ),
    }


def test_an_import_that_sets_a_status_writes_what_the_status_page_would(school, senco, monkeypatch):
    today = timezone.localdate()
    by_page, by_import = PupilFactory(school=school), PupilFactory(school=school)
    services.parent_conversation_record(
        pupil=by_page,
        actor=senco,
        held_on=today,
        method="meeting",
        purpose="start_support",
        parents_present="Mum",
        summary="Agreed",
    )
    services.pupil_status_change(
        pupil=by_page,
        status="K",
        start_date=today,
        actor=senco,
        needs=[RankedNeed("SLCN", 1), RankedNeed("ASD", 2)],
    )
    writes = []
    real = services.sen_status_rows
    monkeypatch.setattr(services, "sen_status_rows", lambda **kw: writes.append(real(**kw)) or writes[-1])
    spreadsheet_import(school, senco, csv_row(by_import, "K", "SLCN", "ASD"))

    [write] = writes  # the import went through the register's writer
    assert write.pupil.pk == by_import.pk and [row.pk for row in write.history] == list(
        by_import.status_history.values_list("pk", flat=True)
    )
    page, imported = written(by_page), written(by_import)
    assert page["history"] == [("K", today, "", senco.pk, "manual")]
    assert imported["history"] == [("K", today, "", senco.pk, "spreadsheet")]  # only the source differs
    assert imported["status"] == page["status"] == ("K", today)
    assert imported["needs"] == page["needs"] == [("ASD", 2, today, None, ""), ("SLCN", 1, today, None, "")]


def test_an_import_changing_ranked_needs_keeps_the_schools_unranked_ones(school, senco):
    """The file's ranked needs replace the register's; needs the school recorded beyond the census
    pair stay, and a need the file drops ends (kept as history), as the plan said."""
    today = timezone.localdate()
    pupil = PupilFactory(school=school)
    services.parent_conversation_record(
        pupil=pupil,
        actor=senco,
        held_on=today,
        method="meeting",
        purpose="start_support",
        parents_present="Mum",
        summary="Agreed",
    )
    services.pupil_status_change(
        pupil=pupil,
        status="K",
        start_date=today,
        actor=senco,
        needs=[RankedNeed("SLCN", 1), RankedNeed("ASD", 2), RankedNeed("PD", None)],
    )
    result = spreadsheet_import(school, senco, csv_row(pupil, "K", "ASD"))
    assert [c.summary() for c in result.plan.changes] == ["needs SLCN (1), ASD (2) to ASD (1)"]
    after = written(pupil)
    assert after["needs"] == [
        ("ASD", 1, today, None, ""),
        ("PD", None, today, None, ""),
        ("SLCN", None, today, today, ""),
    ]
    assert after["history"] == [("K", today, "", senco.pk, "manual")]  # same status: no new entry
