"""Writes to the SEN information report: change one item's words, publish a new version. Each is
keyword-only, transactional and audited; only the school's own SENCO or head teacher may."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError

from . import schedule, selectors
from .models import InformationReport, InformationReportVersion


class InformationReportError(ServiceError):
    """A change the rules refuse."""


class StaleEdit(InformationReportError):
    """Someone else changed the report since the form was opened."""


def _check(actor, school) -> None:
    if not (actor.has_perm("information_report.edit_report") and actor.school_id == school.pk):
        raise InformationReportError("Only the school's SENCO or head teacher can change its SEN information report.")


def _report_for_update(school) -> tuple[InformationReport, bool]:
    """The school's report, locked, and whether it was made just now (from the drafted words, the
    first time the report is changed)."""
    report, created = InformationReport.objects.get_or_create(
        school=school, defaults={"words": selectors.drafted_words(school)}
    )
    return InformationReport.objects.select_for_update().get(pk=report.pk), created


@transaction.atomic
def report_item_update(
    *, actor, school, key: str, words: str, expected_edit_version: int | None, via: str = AuditEvent.Via.WEB
) -> InformationReport:
    """One Schedule 1 item's words become these. Refused if the report changed since the form was
    opened (expected_edit_version: the report's edit_version then; None when there was no report)."""
    _check(actor, school)
    item = schedule.BY_KEY.get(key)
    if item is None:
        raise InformationReportError(f"There is no item '{key}' in Schedule 1.")
    words = (words or "").strip()
    if not words:
        raise InformationReportError(f"Write something for “{item.title}”: the regulations ask for it.", field="words")
    if len(words) > schedule.MAX_WORDS_LENGTH:
        raise InformationReportError(
            f"Keep “{item.title}” to {schedule.MAX_WORDS_LENGTH:,} characters (it has {len(words):,}).", field="words"
        )
    report, created = _report_for_update(school)
    current = None if created else report.edit_version
    if expected_edit_version != current:
        raise StaleEdit(
            "Someone else changed the report while you were editing it. Your words are below: check the "
            "item again and save."
        )
    report.words = {**report.words, key: words}
    report.edit_version += 1
    report.updated_by = actor
    report.save()
    audit_record(
        actor=actor,
        school=school,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.INFORMATION_REPORT,
        target_id=report.pk,
        summary=f"SEN information report: {item.ref} “{item.title}” changed",
        via=via,
    )
    return report


@transaction.atomic
def report_publish(*, actor, school, via: str = AuditEvent.Via.WEB) -> InformationReportVersion:
    """The report's words, with today's figures, become the next numbered version: public at once."""
    _check(actor, school)
    report, _ = _report_for_update(school)
    words = {item.key: report.words.get(item.key, "") for item in schedule.ITEMS}
    if missing := schedule.missing_items(words):
        raise InformationReportError(
            "Write something for every item before publishing: " + ", ".join(item.title for item in missing) + "."
        )
    now = timezone.now()
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = InformationReportVersion.objects.create(
        report=report,
        number=number,
        words=words,
        figures=selectors.figures(school, today=timezone.localdate()),
        published_at=now,
        published_by=actor,
    )
    audit_record(
        actor=actor,
        school=school,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.INFORMATION_REPORT,
        target_id=report.pk,
        summary=f"SEN information report version {number} published",
        via=via,
    )
    return version
