"""Every pupil a home-page panel names is a read of that pupil's record: one row each, in one
insert for the whole page (core.registry's read hooks)."""

from __future__ import annotations

from .models import AuditEvent
from .services import audit_record_many


def record_home_page_reads(*, user, pupils) -> None:
    audit_record_many(
        actor=user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.PUPIL_RECORD_HOME_PAGE,
        pupils=pupils,
        summary="Shown on the home page",
    )


READ_HOOKS = [record_home_page_reads]
