"""Groups and sessions as named actions: a run of an intervention (its staff and pupils are a
pupils.TeachingGroup, so the staff who run it see its pupils), a pupil's place in it (a support line
added to the next draft of the pupil's plan, so the plan and the map cannot disagree), sessions
logged as held or cancelled, entry and exit scores. Keyword-only, transactional, audited with `via`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.plans import services as plan_services
from sensupport.plans.models import Plan, Provision
from sensupport.pupils import services as register
from sensupport.pupils.models import Pupil, TeachingGroup

from .models import Group, Intervention, Score, Session, Slot, SupportCosting
from .services import ProvisionError, _require


@transaction.atomic
def group_create(
    *,
    actor,
    intervention: Intervention,
    name: str,
    staff: Sequence,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    slots: Sequence[tuple[int, dt.time]] = (),
    via: str = AuditEvent.Via.WEB,
) -> Group:
    """Start a run of a catalogue intervention with the staff who run it and the times it meets."""
    _require(actor, "provision.manage_groups", message="Only the SENCO or head teacher can set up groups.")
    if intervention.school_id != actor.school_id or intervention.archived:
        raise ProvisionError("Choose an intervention your school offers.", field="intervention")
    if ends_on is not None and ends_on < starts_on:
        raise ProvisionError("The end date is before the start date.", field="ends_on")
    if not slots:
        raise ProvisionError("Give at least one day and time the group meets.", field="slot_1_day")
    if len(set(slots)) != len(slots):
        raise ProvisionError("The same day and time is given twice.", field="slot_2_day")
    if not staff:
        raise ProvisionError("Choose who runs the group.", field="staff")
    teaching_group = register.group_create(actor=actor, name=name, kind=TeachingGroup.Kind.INTERVENTION, via=via)
    register.group_staff_set(actor=actor, group=teaching_group, staff=staff, via=via)
    group = Group.objects.create(
        intervention=intervention, teaching_group=teaching_group, starts_on=starts_on, ends_on=ends_on, created_by=actor
    )
    Slot.objects.bulk_create([Slot(group=group, weekday=day, starts_at=time) for day, time in slots])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.INTERVENTION_GROUP,
        target_id=group.pk,
        school=actor.school,
        summary=f"{teaching_group.name}: a group of {intervention.name} from {starts_on:%d/%m/%Y}",
        via=via,
    )
    return group


def _draft_for(pupil: Pupil, actor, via: str) -> Plan:
    """The pupil's next draft: the one being written, or a new one (a copy of the agreed plan,
    which stays exactly as the parents agreed it)."""
    draft = pupil.plans.filter(status=Plan.Status.DRAFT).first()
    return draft or plan_services.plan_create_draft(pupil=pupil, actor=actor, via=via)


@transaction.atomic
def group_pupil_place(
    *,
    actor,
    group: Group,
    pupil: Pupil,
    replaces_lessons: str = "",
    joins_on: dt.date | None = None,
    via: str = AuditEvent.Via.WEB,
) -> Provision:
    """Give a pupil a place in a group from `joins_on` (default: today, or the group's start if
    later): the support line goes into the next draft of their plan, costed from the group's
    catalogue entry, and the pupil joins the group's teaching group."""
    _require(actor, "provision.place_pupil", pupil, message="Only the SENCO or head teacher can place pupils.")
    _require(actor, "provision.manage_groups", group, message="That group is another school's.")
    if pupil.school_id != group.teaching_group.school_id:
        raise ProvisionError("Choose a pupil from your own school.", field="pupil")
    intervention = group.intervention
    joins_on = max(group.starts_on, joins_on or timezone.localdate())
    if group.ends_on and joins_on > group.ends_on:
        raise ProvisionError("This group has finished: start a new one.", field="pupil")
    draft = _draft_for(pupil, actor, via)
    if SupportCosting.objects.filter(provision__plan=draft, group=group).exists():
        raise ProvisionError(f"{pupil.display_name} already has a place in this group.", field="pupil")
    slots = group.slots.count()
    barrier_ids = list(
        pupil.barriers.filter(resolved_on__isnull=True, bank_key__in=intervention.barrier_keys or [""]).values_list(
            "pk", flat=True
        )
    )
    try:
        line = plan_services.provision_save(
            plan=draft,
            actor=actor,
            expected_edit_version=None,
            barrier_ids=barrier_ids,
            kind=intervention.kind,
            description=f"{intervention.name}: {intervention.description}".strip(": ")
            if intervention.description
            else intervention.name,
            delivered_by=intervention.pay_role.name if intervention.pay_role else "School staff",
            sessions_per_week=Decimal(slots) if slots else intervention.sessions_per_week,
            minutes_per_session=intervention.minutes_per_session,
            group_size=intervention.group_size,
            setting=intervention.setting,
            replaces_lessons=replaces_lessons.strip(),
            start_date=joins_on,
            end_date=group.ends_on,
            via=via,
        )
    except plan_services.PlanError as exc:
        raise ProvisionError(exc.message, field=exc.field) from None
    SupportCosting.objects.create(provision=line, intervention=intervention, group=group)
    members = list(group.teaching_group.pupils.all())
    if pupil not in members:
        register.group_pupils_set(actor=actor, group=group.teaching_group, pupils=[*members, pupil], via=via)
    Score.objects.get_or_create(group=group, pupil=pupil)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.INTERVENTION_GROUP,
        target_id=group.pk,
        pupil=pupil,
        summary=f"Place in {group.name}: added to draft plan version {draft.version}",
        via=via,
    )
    return line


def session_refusal(
    *,
    group: Group,
    date: dt.date,
    status: str,
    cancel_reason: str,
    attended_ids: set[int],
    member_ids: set[int],
    today: dt.date,
) -> ProvisionError | None:
    """Pure: why a session cannot be logged as given, or None."""
    if date > today:
        return ProvisionError("A session is logged once it has happened: the date is in the future.", field="date")
    if date < group.starts_on or (group.ends_on and date > group.ends_on):
        return ProvisionError("The date is outside the group's start and end dates.", field="date")
    if status not in Session.Status.values:
        return ProvisionError("Say whether the session was held or cancelled.", field="status")
    if status == Session.Status.CANCELLED and not cancel_reason:
        return ProvisionError("Say why the session was cancelled.", field="cancel_reason")
    if status == Session.Status.CANCELLED and attended_ids:
        return ProvisionError("A cancelled session has nobody attending: untick the pupils.", field="attended")
    if status == Session.Status.HELD and not attended_ids:
        return ProvisionError("Tick who came (a session nobody came to was not held).", field="attended")
    if not attended_ids <= member_ids:
        return ProvisionError("Only the group's pupils can attend its session.", field="attended")
    return None


@transaction.atomic
def session_log(
    *,
    actor,
    group: Group,
    date: dt.date,
    starts_at: dt.time,
    status: str,
    attended: Sequence[Pupil] = (),
    cancel_reason: str = "",
    note: str = "",
    via: str = AuditEvent.Via.WEB,
) -> Session:
    """Record that a session was held (and who came) or cancelled (and why). Logging the same
    session again corrects it; the audit keeps both."""
    _require(actor, "provision.log_session", group, message="Only the staff who run this group can log its sessions.")
    members = set(group.teaching_group.pupils.values_list("pk", flat=True))
    attended_ids = {p.pk for p in attended}
    if refusal := session_refusal(
        group=group,
        date=date,
        status=status,
        cancel_reason=cancel_reason,
        attended_ids=attended_ids,
        member_ids=members,
        today=timezone.localdate(),
    ):
        raise refusal
    session, created = Session.objects.select_for_update().update_or_create(
        group=group,
        date=date,
        starts_at=starts_at,
        defaults={
            "status": status,
            "cancel_reason": cancel_reason if status == Session.Status.CANCELLED else "",
            "note": note.strip()[:300],
            "logged_by": actor,
        },
    )
    session.attended.set(list(attended))
    what = "held" if status == Session.Status.HELD else f"cancelled ({session.get_cancel_reason_display().lower()})"
    summary = f"{group.name} on {date:%d/%m/%Y} at {starts_at:%H:%M}: {what}"
    action = AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE
    for pupil in attended:
        audit_record(
            actor=actor,
            action=action,
            target=AuditEvent.Target.INTERVENTION_SESSION,
            target_id=session.pk,
            pupil=pupil,
            summary=summary,
            via=via,
        )
    if not attended:
        audit_record(
            actor=actor,
            action=action,
            target=AuditEvent.Target.INTERVENTION_SESSION,
            target_id=session.pk,
            school=group.teaching_group.school,
            summary=summary,
            via=via,
        )
    return session


@transaction.atomic
def score_record(
    *,
    actor,
    group: Group,
    pupil: Pupil,
    entry: Decimal | None,
    exit: Decimal | None,  # noqa: A002  (the measure's own word)
    via: str = AuditEvent.Via.WEB,
) -> Score:
    """A pupil's entry and exit score on the group's measure."""
    _require(actor, "provision.log_session", group, message="Only the staff who run this group can record scores.")
    if not group.teaching_group.pupils.filter(pk=pupil.pk).exists():
        raise ProvisionError(f"{pupil.display_name} is not in this group.")
    score, _ = Score.objects.select_for_update().get_or_create(group=group, pupil=pupil)
    before = [str(score.entry), str(score.exit)]
    score.entry, score.exit = entry, exit
    score.save(update_fields=["entry", "exit"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        target=AuditEvent.Target.INTERVENTION_SCORE,
        target_id=score.pk,
        pupil=pupil,
        summary=f"{group.intervention.measure_name or group.intervention.name}: entry {entry}, exit {exit}",
        changes={"before": before, "after": [str(entry), str(exit)]},
        via=via,
    )
    return score
