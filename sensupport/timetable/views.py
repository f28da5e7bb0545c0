"""A pupil's week: their lessons from the school's MIS timetable (staff only)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.pupils.access import get_pupil_for_user

from . import rules, selectors


@require_http_methods(["GET"])
def week(request, pupil_id: int):
    pupil = get_pupil_for_user(request.user, pupil_id, perm="timetable.view_timetable")
    days = selectors.pupil_week(pupil)
    minutes = rules.minutes_by_subject([lesson.as_rule for day in days for lesson in day.lessons])
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.TIMETABLE,
        target_id=pupil.pk,
    )
    return render(
        request,
        "timetable/week.html",
        {
            "pupil": pupil,
            "days": days,
            "subject_minutes": sorted(minutes.items(), key=lambda item: (-item[1], item[0])),
            "total_minutes": sum(minutes.values()),
        },
    )
