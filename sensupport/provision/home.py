"""The provision app's home-page panel: "My sessions this week" for staff who run groups."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from sensupport.core.registry import SHOWN_PUPILS, Panel, school_staff

from .models import Group, Session


@dataclass(frozen=True)
class WeekSession:
    group: Group
    date: dt.date
    starts_at: dt.time
    status: str  # "held", "cancelled", "" (not logged yet)
    is_past: bool


def week_sessions(user, *, today: dt.date) -> list[WeekSession]:
    """Every meeting this week (Monday to Friday) of the groups the user runs, with what was logged.
    Three queries."""
    monday = today - dt.timedelta(days=today.weekday())
    friday = monday + dt.timedelta(days=4)
    groups = list(
        Group.objects.filter(teaching_group__staff=user, starts_on__lte=friday)
        .exclude(ends_on__lt=monday)
        .select_related("teaching_group", "intervention")
        .prefetch_related("slots")
    )
    logged = {
        (group_id, day, time): status
        for group_id, day, time, status in Session.objects.filter(
            group__in=groups, date__range=(monday, friday)
        ).values_list("group_id", "date", "starts_at", "status")
    }
    found = []
    for group in groups:
        for slot in group.slots.all():
            day = monday + dt.timedelta(days=slot.weekday)
            if day < group.starts_on or (group.ends_on and day > group.ends_on):
                continue
            found.append(
                WeekSession(
                    group=group,
                    date=day,
                    starts_at=slot.starts_at,
                    status=logged.get((group.pk, day, slot.starts_at), ""),
                    is_past=day <= today,
                )
            )
    return sorted(found, key=lambda s: (s.date, s.starts_at))


def my_sessions(request) -> dict:
    return {"my_week_sessions": week_sessions(request.user, today=timezone.localdate()), SHOWN_PUPILS: []}


def _runs_groups(user) -> bool:
    return school_staff(user) and Group.objects.filter(teaching_group__staff=user).exists()


PANELS = [Panel("provision/home/my_sessions.html", my_sessions, _runs_groups, order=15)]
