from __future__ import annotations

from .models import AuditEvent


def audit_events_for_pupil(pupil, *, limit: int = 200):
    return AuditEvent.objects.filter(pupil=pupil).select_related("actor")[:limit]


def pupil_record_viewers(pupil):
    """Who has looked at this pupil's record: one row per person, with their latest look and count.
    A look is a view of the record, an export, or a list that showed this pupil's data (an API
    page, a search's results, the home page)."""
    from django.db.models import Count, Max

    return (
        AuditEvent.objects.filter(
            pupil=pupil, action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.LIST, AuditEvent.Action.EXPORT]
        )
        .values("actor_id", "actor_label")
        .annotate(last_seen=Max("at"), times=Count("id"))
        .order_by("-last_seen")
    )
