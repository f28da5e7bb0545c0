"""Every change to the register is one of these functions: transactional, validated, audited.

The web pages, the API, imports and jobs all call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError
from sensupport.core.updates import model_update

from . import codes
from .census import RankedNeed, census_need_problems
from .models import Concern, ConcernNote, ParentConversation, Pupil, PupilNeed, SenStatusChange
from .transitions import Conversation, status_change_problem


class RegisterError(ServiceError):
    """A change the rules refuse. The message says what is wrong, for the person who asked."""


class StaleEdit(RegisterError):
    """Someone else changed the record since the form was opened."""


def _bump_version(pupil: Pupil, expected_version: int | None) -> None:
    """Optimistic lock: refuse the change if the pupil changed since the form was opened."""
    query = Pupil.objects.filter(pk=pupil.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    updated = query.update(version=F("version") + 1, updated_at=timezone.now())
    if not updated:
        raise StaleEdit(
            "Someone else changed this pupil's record while you were working on it. "
            "Your change has not been saved: reload the page to see their change, then try again."
        )
    pupil.refresh_from_db(fields=["version", "updated_at"])


def current_needs(pupil: Pupil) -> list[RankedNeed]:
    return [RankedNeed(n.need_type, n.rank) for n in pupil.needs.filter(end_date__isnull=True)]


# One writer for a pupil's SEN status and its needs (docs/architecture.md, "one writer per
# invariant"). The status page, a concern, an import and the demo all write through it: the rules
# each of them checks first stay with them (`transitions.status_change_problem`, the census rules,
# an import's plan); what a status change writes is decided here, once.


@dataclass(frozen=True)
class StatusEntry:
    """One dated entry of a pupil's SEN status history, as whoever records it has it."""

    status: str
    start_date: dt.date
    reason: str = ""
    original_code: str = ""  # a historic code as received (A, P, S)


@dataclass
class SenStatusWrite:
    """What applying SEN status entries to one pupil writes. Computed by `sen_status_rows`
    (pure), written by `sen_status_apply` (one pupil) or `sen_status_apply_many` (new pupils)."""

    pupil: Pupil
    status: str
    since: dt.date | None
    history: list[SenStatusChange]  # unsaved until written
    needs: list[RankedNeed] | None  # the pupil's current needs afterwards; None: left as they are
    need_starts: dict[str, dt.date] = field(default_factory=dict)  # when a need added now started
    need_notes: dict[str, str] = field(default_factory=dict)
    on: dt.date | None = None  # the day needs end (and start, when `need_starts` does not say)
    need_changes: dict = field(default_factory=dict)  # filled in when written: added, ended, reranked

    def new_need(self, need: RankedNeed) -> PupilNeed:
        return PupilNeed(
            pupil=self.pupil,
            need_type=need.code,
            rank=need.rank,
            start_date=self.need_starts.get(need.code, self.on),
            notes=self.need_notes.get(need.code, ""),
        )


def needs_for_status(status: str, needs: Sequence[RankedNeed]) -> list[RankedNeed]:
    """Leaving SEN provision (no SEN, monitoring): census-ranked needs no longer apply; the
    school's notes of them stay, unranked."""
    if status in (codes.STATUS_NONE, codes.STATUS_MONITORING):
        return [RankedNeed(n.code, None) for n in needs]
    return list(needs)


def sen_status_rows(
    *,
    pupil: Pupil,
    entries: Sequence[StatusEntry],
    source: str,
    recorded_by=None,
    needs: Sequence[RankedNeed] | None = None,
    need_starts: Mapping[str, dt.date] | None = None,
    need_notes: Mapping[str, str] | None = None,
    status: str | None = None,
    since: dt.date | None = None,
    on: dt.date | None = None,
) -> SenStatusWrite:
    """The rows that applying `entries` (and `needs`) to the pupil writes. Pure: touches no database.

    The pupil's status becomes the last entry's, from its start date (with no entries it stays as
    it is), unless the caller gives `status` and `since` (an import adding history older than the
    pupil's current status keeps the status its plan worked out). `needs` become the pupil's
    current needs, without census ranks when the status is no SEN or monitoring; None leaves them
    as they are. A need added now starts on `need_starts[code]`, else on `on` (default: `since`)."""
    if status is None:
        if entries:
            status, since = entries[-1].status, entries[-1].start_date
        else:
            status, since = pupil.sen_status, pupil.sen_status_since
    history = [
        SenStatusChange(
            pupil=pupil,
            status=e.status,
            start_date=e.start_date,
            source=source,
            original_code=e.original_code,
            reason=e.reason,
            recorded_by=recorded_by,
        )
        for e in entries
    ]
    return SenStatusWrite(
        pupil=pupil,
        status=status,
        since=since,
        history=history,
        needs=needs_for_status(status, needs) if needs is not None else None,
        need_starts=dict(need_starts or {}),
        need_notes=dict(need_notes or {}),
        on=on or since,
    )


def sen_status_apply(*, pupil: Pupil, **rows) -> SenStatusWrite:
    """Apply a SEN status with its needs to one pupil, inside the caller's transaction (the
    caller has checked its rules, bumped the pupil's version and writes its own audit row).
    Takes `sen_status_rows`'s arguments; returns what it wrote, the history rows saved."""
    write = sen_status_rows(pupil=pupil, **rows)
    if write.needs is not None:
        write.need_changes = _apply_needs(write)
    for row in write.history:
        row.save()
    if (pupil.sen_status, pupil.sen_status_since) != (write.status, write.since):
        pupil.sen_status, pupil.sen_status_since = write.status, write.since
        pupil.save(update_fields=["sen_status", "sen_status_since"])
    return write


def sen_status_apply_many(writes: Sequence[SenStatusWrite], *, batch_size: int = 500) -> None:
    """The same rows for many pupils being created (the demo, the benchmarks): sets each pupil's
    status from its rows, then creates the pupils, their history and their needs in a few bulk
    inserts. Every need is new, so every need in the rows is added."""
    for write in writes:
        if write.pupil.pk is not None:
            raise ValueError(f"sen_status_apply_many creates pupils: {write.pupil} already exists")
        write.pupil.sen_status, write.pupil.sen_status_since = write.status, write.since
    Pupil.objects.bulk_create([w.pupil for w in writes], batch_size=batch_size)
    SenStatusChange.objects.bulk_create([row for w in writes for row in w.history], batch_size=batch_size)
    PupilNeed.objects.bulk_create([w.new_need(n) for w in writes for n in w.needs or ()], batch_size=batch_size)


def _apply_needs(write: SenStatusWrite) -> dict:
    """Make the pupil's current needs match the write's; ended needs keep their history."""
    pupil, on = write.pupil, write.on
    existing = {n.need_type: n for n in pupil.needs.filter(end_date__isnull=True)}
    wanted = {n.code: n.rank for n in write.needs}
    changes: dict[str, list] = {"added": [], "ended": [], "reranked": []}
    for code, need in existing.items():
        if code not in wanted:
            need.end_date = on
            need.rank = None
            need.save(update_fields=["end_date", "rank"])
            changes["ended"].append(code)
    # Clear ranks first so swapping primary and secondary does not trip the unique constraint.
    moved = [need for code, need in existing.items() if code in wanted and need.rank != wanted[code]]
    if moved:
        PupilNeed.objects.filter(pk__in=[n.pk for n in moved]).update(rank=None)
    for need in moved:
        need.rank = wanted[need.need_type]
        need.save(update_fields=["rank"])
        changes["reranked"].append(need.need_type)
    for need in write.needs:
        if need.code not in existing:
            write.new_need(need).save()
            changes["added"].append(need.code)
    return {k: v for k, v in changes.items() if v}


def _conversations(pupil: Pupil) -> list[Conversation]:
    return [Conversation(c.held_on, c.purpose) for c in pupil.parent_conversations.all()]


@transaction.atomic
def pupil_status_change(
    *,
    pupil: Pupil,
    status: str,
    start_date: dt.date,
    actor,
    reason: str = "",
    needs: Sequence[RankedNeed] | None = None,
    expected_version: int | None = None,
    via: str = "web",
) -> SenStatusChange:
    """Move a pupil to a new SEN status, with the needs the census requires for it."""
    problem = status_change_problem(
        current=pupil.sen_status,
        new=status,
        on=start_date,
        conversations=_conversations(pupil),
        current_since=pupil.sen_status_since,
    )
    if problem:
        raise RegisterError(problem[0].upper() + problem[1:] + ".", field="status")
    if start_date > timezone.localdate():
        raise RegisterError("The start date cannot be in the future.", field="start_date")
    resulting = needs_for_status(status, needs if needs is not None else current_needs(pupil))
    problems = census_need_problems(status, resulting)
    if problems:
        raise RegisterError("; ".join(problems).capitalize() + ".", field="needs")
    _bump_version(pupil, expected_version)
    previous = pupil.sen_status
    write = sen_status_apply(
        pupil=pupil,
        entries=[StatusEntry(status, start_date, reason=reason)],
        source=SenStatusChange.Source.MANUAL,
        recorded_by=actor,
        needs=resulting,
    )
    entry, need_changes = write.history[0], write.need_changes
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=pupil,
        target=AuditEvent.Target.SEN_STATUS,
        target_id=entry.pk,
        summary=f"{codes.STATUS_LABELS[previous]} to {codes.STATUS_LABELS[status]} from {start_date:%d/%m/%Y}",
        changes={"status": [previous, status], "needs": need_changes},
        via=via,
    )
    return entry


@transaction.atomic
def pupil_needs_set(
    *,
    pupil: Pupil,
    needs: Sequence[RankedNeed],
    actor,
    on: dt.date | None = None,
    expected_version: int | None = None,
    via: str = "web",
) -> dict:
    """Record the pupil's needs: ranked 1 and 2 for the census, more unranked if the school wishes."""
    status = pupil.sen_status
    problems = census_need_problems(status, needs)
    if problems:
        raise RegisterError("; ".join(problems).capitalize() + ".", field="needs")
    _bump_version(pupil, expected_version)
    changes = sen_status_apply(
        pupil=pupil, entries=[], source=SenStatusChange.Source.MANUAL, needs=needs, on=on or timezone.localdate()
    ).need_changes
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=pupil,
        target=AuditEvent.Target.NEEDS,
        summary="Needs updated",
        changes=changes,
        via=via,
    )
    return changes


@transaction.atomic
def parent_conversation_record(
    *,
    pupil: Pupil,
    actor,
    held_on: dt.date,
    method: str,
    purpose: str,
    parents_present: str,
    summary: str,
    parent_views: str = "",
    via: str = "web",
    with_summary: bool = True,
) -> ParentConversation:
    if held_on > timezone.localdate():
        raise RegisterError(
            "A conversation is recorded after it has happened: the date cannot be in the future.", field="held_on"
        )
    conversation = ParentConversation.objects.create(
        pupil=pupil,
        held_on=held_on,
        method=method,
        purpose=purpose,
        parents_present=parents_present,
        summary=summary,
        parent_views=parent_views,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=pupil,
        target=AuditEvent.Target.PARENT_CONVERSATION,
        target_id=conversation.pk,
        summary=f"{conversation.get_purpose_display()} on {held_on:%d/%m/%Y}",
        via=via,
    )
    if with_summary:
        # Every conversation with the family leaves a written record they receive.
        from sensupport.family.summaries import meeting_summary_for_conversation

        meeting_summary_for_conversation(conversation, actor=actor, via=via)
    return conversation


@transaction.atomic
def concern_raise(
    *, pupil: Pupil, actor, noticed: str, where_when: str = "", broad_area: str = "", via: str = "web"
) -> Concern:
    """Anyone who works with the pupil records what they have noticed. A pupil with no SEN moves to
    monitoring while the SENCO looks into it."""
    if not noticed.strip():
        raise RegisterError("Say what you have noticed.", field="noticed")
    if broad_area and broad_area not in codes.BroadArea.ALL:
        raise RegisterError(f"{broad_area!r} is not one of the four broad areas of need.", field="broad_area")
    concern = Concern.objects.create(
        pupil=pupil, raised_by=actor, noticed=noticed.strip(), where_when=where_when.strip(), broad_area=broad_area
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=pupil,
        target=AuditEvent.Target.CONCERN,
        target_id=concern.pk,
        summary=noticed[:200],
        via=via,
    )
    if pupil.sen_status == codes.STATUS_NONE:
        _bump_version(pupil, None)
        sen_status_apply(
            pupil=pupil,
            entries=[StatusEntry(codes.STATUS_MONITORING, timezone.localdate(), reason="Concern raised")],
            source=SenStatusChange.Source.MANUAL,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            pupil=pupil,
            target=AuditEvent.Target.SEN_STATUS,
            summary="No SEN to Monitoring (concern raised)",
            via=via,
            changes={"status": [codes.STATUS_NONE, codes.STATUS_MONITORING]},
        )
    _tell_family_about_concern(concern, "raised", actor)
    if getattr(actor, "is_family", False):
        _tell_school_about_concern(concern)
    return concern


def _tell_family_about_concern(concern: Concern, event: str, actor) -> None:
    """Parents hear, through the task queue once the change is committed, that there is something
    to read in the portal (issue 8). A function-level import, like the meeting summary's: who is
    in the family and how they are told belongs to `family` (docs/architecture.md)."""
    from sensupport.family.notifications import notify_family_of_concern

    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: notify_family_of_concern.enqueue(concern.pk, event, actor_id))


def _tell_school_about_concern(concern: Concern) -> None:
    """A family raised it (from the portal): the SENCO is told there is one to look at, through the
    task queue once the change is committed."""
    from sensupport.family.notifications import notify_school_of_concern

    transaction.on_commit(lambda: notify_school_of_concern.enqueue(concern.pk))


@transaction.atomic
def concern_note_add(
    *, concern: Concern, actor, text: str, kind: str = ConcernNote.Kind.NOTE, via: str = "web"
) -> ConcernNote:
    if not concern.is_open:
        raise RegisterError("This concern has been decided; raise a new concern instead.")
    if not text.strip():
        raise RegisterError("Write the note or evidence.", field="text")
    note = ConcernNote.objects.create(concern=concern, kind=kind, text=text.strip(), author=actor)
    if concern.status == Concern.Status.OPEN:
        concern.status = Concern.Status.GATHERING
        concern.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=concern.pupil,
        target=AuditEvent.Target.CONCERN_NOTE,
        target_id=note.pk,
        summary=text[:200],
        via=via,
    )
    return note


@transaction.atomic
def concern_decide(
    *,
    concern: Concern,
    actor,
    decision: str,
    notes: str,
    needs: Sequence[RankedNeed] = (),
    start_date: dt.date | None = None,
    via: str = "web",
) -> Concern:
    """The SENCO's decision on a concern.

    SEN Support: the pupil goes onto SEN Support with a primary need (needs a recorded
    conversation with the parents). No further action: the concern closes, and a pupil who was
    only being monitored goes back to no SEN once no other concern is open.
    """
    if not concern.is_open:
        raise RegisterError("This concern has already been decided.")
    if decision not in Concern.Decision.values:
        raise RegisterError("Choose a decision.", field="decision")
    if not notes.strip():
        raise RegisterError("Record the reasons for the decision.", field="notes")
    pupil = Pupil.objects.select_for_update().get(pk=concern.pupil_id)
    today = timezone.localdate()
    if decision == Concern.Decision.SEN_SUPPORT:
        if pupil.sen_status in (codes.STATUS_NONE, codes.STATUS_MONITORING):
            pupil_status_change(
                pupil=pupil,
                status=codes.STATUS_SUPPORT,
                start_date=start_date or today,
                actor=actor,
                reason=f"Concern decided: {notes.strip()[:200]}",
                needs=needs,
                via=via,
            )
    elif decision == Concern.Decision.NO_FURTHER_ACTION:
        others_open = pupil.concerns.exclude(pk=concern.pk).exclude(status=Concern.Status.CLOSED).exists()
        if pupil.sen_status == codes.STATUS_MONITORING and not others_open:
            pupil_status_change(
                pupil=pupil,
                status=codes.STATUS_NONE,
                start_date=today,
                actor=actor,
                reason="Concern closed: no further action",
                via=via,
            )
    concern.status = Concern.Status.CLOSED
    concern.decision = decision
    concern.decision_notes = notes.strip()
    concern.decided_by = actor
    concern.decided_at = timezone.now()
    concern.save(update_fields=["status", "decision", "decision_notes", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=pupil,
        target=AuditEvent.Target.CONCERN,
        target_id=concern.pk,
        summary=f"Decided: {concern.get_decision_display()}",
        via=via,
    )
    _tell_family_about_concern(concern, "decided", actor)
    return concern


@transaction.atomic
def pupil_transfer_out(*, pupil: Pupil, to_school, actor, via: str = "web"):
    """The school the pupil is leaving records where they are going. Nothing moves until the
    receiving school imports the CTF; until then the pupil stays on this school's register."""
    from .models import PupilTransfer

    if to_school.pk == pupil.school_id:
        raise RegisterError("The pupil is already at that school.")
    transfer, created = PupilTransfer.objects.get_or_create(
        pupil=pupil,
        completed_at__isnull=True,
        defaults={"from_school_id": pupil.school_id, "to_school": to_school, "recorded_by": actor},
    )
    if not created and transfer.to_school_id != to_school.pk:
        transfer.to_school = to_school
        transfer.save(update_fields=["to_school"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=pupil,
        target=AuditEvent.Target.TRANSFER,
        target_id=transfer.pk,
        summary=f"Leaving for {to_school.name} (URN {to_school.urn})",
        via=via,
    )
    return transfer


def pupil_transfer_in(*, pupil: Pupil, transfer, to_school, actor, via: str) -> None:
    """Complete a transfer (called inside the receiving school's import). The pupil's record, SEN
    history and plans move with them; the old school's classes and its sharing with outside
    professionals end."""
    old_school = pupil.school
    pupil.school = to_school
    pupil.save(update_fields=["school"])
    pupil.teaching_groups.clear()
    pupil.professional_shares.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    transfer.completed_at = timezone.now()
    transfer.save(update_fields=["completed_at"])
    for school in (old_school, to_school):
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            pupil=pupil,
            school=school,
            target=AuditEvent.Target.TRANSFER,
            target_id=transfer.pk,
            summary=f"Moved from {old_school.name} to {to_school.name}",
            via=via,
        )


# ---- A school manages its own people (issue 8): teaching groups, parents and carers.
# Who may: pupils.manage_groups and pupils.manage_contacts (the table in accounts/permissions.py).


def _require(actor, perm: str, row=None, message: str = "You cannot change this at your school.") -> None:
    from django.core.exceptions import PermissionDenied

    if not actor.has_perm(perm, row):
        raise PermissionDenied(message)


def _group_fields(*, school_id, name: str, kind: str, year_group: str, group=None) -> tuple[str, str, str]:
    from .models import YEAR_GROUPS, TeachingGroup

    name = (name or "").strip()
    if not name:
        raise RegisterError("Enter the group's name, for example 4B or Year 9 maths set 2.", field="name")
    if len(name) > 100:
        raise RegisterError("The group's name must be 100 characters or fewer.", field="name")
    if kind not in TeachingGroup.Kind.values:
        raise RegisterError("Choose whether this is a class, a set or an intervention group.", field="kind")
    year_group = (year_group or "").strip()
    if year_group and year_group not in YEAR_GROUPS:
        raise RegisterError(
            "Choose a year group from the list, or leave it empty for a mixed-year group.", field="year_group"
        )
    clash = TeachingGroup.objects.filter(school_id=school_id, name__iexact=name)
    if group is not None:
        clash = clash.exclude(pk=group.pk)
    if clash.exists():
        raise RegisterError(f"Your school already has a group called {name}. Choose another name.", field="name")
    return name, kind, year_group


def group_create(*, actor, name: str, kind: str, year_group: str = "", via: str = "web"):
    """A new class, set or intervention group at the actor's school."""
    from .models import TeachingGroup

    _require(actor, "pupils.manage_groups", message="You cannot manage classes and groups at your school.")
    name, kind, year_group = _group_fields(school_id=actor.school_id, name=name, kind=kind, year_group=year_group)
    with transaction.atomic():
        group = TeachingGroup.objects.create(school_id=actor.school_id, name=name, kind=kind, year_group=year_group)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            target=AuditEvent.Target.TEACHING_GROUP,
            target_id=group.pk,
            school=actor.school,
            via=via,
            summary=f"{group.get_kind_display()} {name} added",
            changes={"name": name, "kind": kind, "year_group": year_group},
        )
    return group


def group_update(*, actor, group, name: str, kind: str, year_group: str = "", via: str = "web") -> bool:
    """Rename a group or change its kind or year group. Returns whether anything changed."""
    from .models import TeachingGroup

    _require(actor, "pupils.manage_groups", group, message="You cannot manage classes and groups at your school.")
    name, kind, year_group = _group_fields(
        school_id=group.school_id, name=name, kind=kind, year_group=year_group, group=group
    )
    with transaction.atomic():
        group = TeachingGroup.objects.select_for_update().get(pk=group.pk)
        changes = model_update(group, name=name, kind=kind, year_group=year_group)
        if not changes:
            return False
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=AuditEvent.Target.TEACHING_GROUP,
            target_id=group.pk,
            school=group.school,
            via=via,
            summary=f"Group {name} changed",
            changes=changes,
        )
    return True


def group_staff_set(*, actor, group, staff, via: str = "web") -> dict:
    """Make the group's staff exactly `staff` (staff of the group's school; a newcomer must be
    switched on). Returns
    {"added": [...], "removed": [...]} as names."""
    from sensupport.accounts.models import SCHOOL_ROLES, User

    _require(actor, "pupils.manage_groups", group, message="You cannot manage classes and groups at your school.")
    wanted = {user.pk: user for user in staff}
    with transaction.atomic():
        current = {user.pk: user for user in group.staff.select_for_update()}
        # A member whose account is switched off may stay (and is back when it is switched on);
        # only someone switched on joins.
        allowed = set(
            User.objects.filter(
                pk__in=wanted.keys() - current.keys(),
                school_id=group.school_id,
                is_active=True,
                role__in=list(SCHOOL_ROLES),
            ).values_list("pk", flat=True)
        )
        if wanted.keys() - current.keys() - allowed:
            raise RegisterError("Choose staff from your own school whose accounts are switched on.", field="staff")
        added = [wanted[pk] for pk in wanted.keys() - current.keys()]
        removed = [current[pk] for pk in current.keys() - wanted.keys()]
        if not added and not removed:
            return {"added": [], "removed": []}
        group.staff.add(*added)
        group.staff.remove(*removed)
        changes = {"added": sorted(u.display_name for u in added), "removed": sorted(u.display_name for u in removed)}
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=AuditEvent.Target.TEACHING_GROUP,
            target_id=group.pk,
            school=group.school,
            via=via,
            summary=f"Staff of {group.name} changed",
            changes={k: v for k, v in changes.items() if v},
        )
    return changes


def group_pupils_set(*, actor, group, pupils, via: str = "web") -> dict:
    """Make the group's pupils exactly `pupils` (pupils of the group's school). One audit row per
    pupil added or removed, carrying the pupil: who can see a child's record changes with it.
    Returns {"added": [...], "removed": [...]} as pupils."""
    _require(actor, "pupils.manage_groups", group, message="You cannot manage classes and groups at your school.")
    wanted = {pupil.pk: pupil for pupil in pupils}
    if any(pupil.school_id != group.school_id for pupil in wanted.values()):
        raise RegisterError("Choose pupils from your own school.", field="pupils")
    with transaction.atomic():
        current = {pupil.pk: pupil for pupil in group.pupils.select_for_update()}
        added = [wanted[pk] for pk in wanted.keys() - current.keys()]
        removed = [current[pk] for pk in current.keys() - wanted.keys()]
        group.pupils.add(*added)
        group.pupils.remove(*removed)
        for pupil, verb in [(p, "added to") for p in added] + [(p, "removed from") for p in removed]:
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                target=AuditEvent.Target.TEACHING_GROUP,
                target_id=group.pk,
                pupil=pupil,
                via=via,
                summary=f"{pupil.display_name} {verb} {group.name}",
            )
    return {"added": added, "removed": removed}


def _family_account(*, email: str, first_name: str, last_name: str):
    """The parent account with this address, or a new one (no password: families sign in with a code)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db.models import Q

    from sensupport.accounts.models import User

    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise RegisterError(
            "Enter their email address in the right format, like name@example.com.", field="email"
        ) from None
    existing = User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).first()
    if existing is not None:
        if not existing.is_parent:
            raise RegisterError(
                "This email address belongs to an account that is not a parent's or carer's. Use their personal "
                "address.",
                field="email",
            )
        if not existing.is_active:
            raise RegisterError(
                "The account with this email address has been switched off. Ask the service administrator.",
                field="email",
            )
        return existing, False
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if not first or not last:
        raise RegisterError("Enter their first name and last name.", field="first_name" if not first else "last_name")
    user = User.new_parent(email=email, first_name=first, last_name=last)
    user.save()
    return user, True


def _relationship(relationship: str) -> str:
    relationship = (relationship or "").strip()
    if not relationship:
        raise RegisterError(
            "Say who they are to the pupil, for example mother, father, grandparent or foster carer.",
            field="relationship",
        )
    if len(relationship) > 50:
        raise RegisterError("The relationship must be 50 characters or fewer.", field="relationship")
    return relationship[:1].upper() + relationship[1:]


def contact_add(
    *,
    actor,
    pupil: Pupil,
    email: str,
    first_name: str,
    last_name: str,
    relationship: str,
    has_parental_responsibility: bool,
    via: str = "web",
):
    """A parent or carer of the pupil. Their family account is found by email address or made
    (role parent). A contact whose link had ended is linked again with these details."""
    from .models import ParentLink

    _require(
        actor, "pupils.manage_contacts", pupil, message="You cannot manage pupils' parents and carers at your school."
    )
    relationship = _relationship(relationship)
    with transaction.atomic():
        parent, created = _family_account(email=email, first_name=first_name, last_name=last_name)
        link = ParentLink.objects.select_for_update().filter(parent=parent, pupil=pupil).first()
        if link is not None and link.ended_at is None:
            raise RegisterError(
                f"{parent.display_name} is already a parent or carer of {pupil.display_name}. Change their details "
                "instead.",
                field="email",
            )
        if link is None:
            link = ParentLink(parent=parent, pupil=pupil)
        link.relationship, link.has_parental_responsibility, link.ended_at = (
            relationship,
            bool(has_parental_responsibility),
            None,
        )
        link.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            target=AuditEvent.Target.PARENT_LINK,
            target_id=link.pk,
            pupil=pupil,
            via=via,
            summary=f"{parent.display_name} ({relationship.lower()}) added as a contact, "
            f"{'with' if link.has_parental_responsibility else 'without'} parental responsibility"
            + ("; new family account" if created else ""),
            changes={"relationship": relationship, "has_parental_responsibility": link.has_parental_responsibility},
        )
    return link


def contact_update(*, actor, link, relationship: str, has_parental_responsibility: bool, via: str = "web") -> bool:
    """Change who a contact is to the pupil, or whether they hold parental responsibility.
    Returns whether anything changed."""
    from .models import ParentLink

    _require(
        actor,
        "pupils.manage_contacts",
        link.pupil,
        message="You cannot manage pupils' parents and carers at your school.",
    )
    relationship = _relationship(relationship)
    with transaction.atomic():
        link = ParentLink.objects.select_for_update().select_related("parent", "pupil").get(pk=link.pk)
        if link.ended_at is not None:
            raise RegisterError("This contact has ended. Add them again to link them to the pupil.")
        changes = model_update(
            link, relationship=relationship, has_parental_responsibility=bool(has_parental_responsibility)
        )
        if not changes:
            return False
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=AuditEvent.Target.PARENT_LINK,
            target_id=link.pk,
            pupil=link.pupil,
            via=via,
            summary=f"Contact details changed for {link.parent.display_name}",
            changes=changes,
        )
    return True


def contact_end(*, actor, link, ended_on: dt.date | None = None, via: str = "web") -> bool:
    """End a parent's or carer's link to the pupil, from `ended_on` (today if not given, never in
    the future). From then they no longer see the child. Returns whether anything changed."""
    from .models import ParentLink

    _require(
        actor,
        "pupils.manage_contacts",
        link.pupil,
        message="You cannot manage pupils' parents and carers at your school.",
    )
    today = timezone.localdate()
    ended_on = ended_on or today
    if ended_on > today:
        raise RegisterError(
            "The end date cannot be in the future. End the contact on the day it stops.", field="ended_on"
        )
    with transaction.atomic():
        link = ParentLink.objects.select_for_update().select_related("parent", "pupil").get(pk=link.pk)
        if link.ended_at is not None:
            return False
        now = timezone.now()
        link.ended_at = now if ended_on == today else timezone.make_aware(dt.datetime.combine(ended_on, dt.time.min))
        link.save(update_fields=["ended_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=AuditEvent.Target.PARENT_LINK,
            target_id=link.pk,
            pupil=link.pupil,
            via=via,
            summary=f"Contact ended for {link.parent.display_name} from {ended_on:%d %B %Y}",
            changes={"ended_on": ended_on.isoformat()},
        )
    return True


def parent_invite(*, actor, link, via: str = "web") -> None:
    """Email the parent or carer (through the task queue) an invitation to sign in with a code.
    The email names the school and nothing about the child."""
    from sensupport.accounts.invitations import send_family_invitation

    _require(
        actor,
        "pupils.manage_contacts",
        link.pupil,
        message="You cannot manage pupils' parents and carers at your school.",
    )
    if link.ended_at is not None:
        raise RegisterError("This contact has ended, so there is nothing for them to sign in to.")
    if not link.has_parental_responsibility:
        raise RegisterError(
            f"{link.parent.display_name} does not have parental responsibility, so they would see nothing. "
            "If they do have it, change their details first."
        )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=AuditEvent.Target.PARENT_LINK,
            target_id=link.pk,
            pupil=link.pupil,
            via=via,
            summary=f"{link.parent.display_name} invited to sign in",
        )
        parent_id, school_id = link.parent_id, link.pupil.school_id
        transaction.on_commit(lambda: send_family_invitation.enqueue(user_id=parent_id, school_id=school_id))


# EHC plan summaries (issue 8): what the school keeps of a pupil's EHC plan until the EHC
# capability gives EHC plans their own record.
EHC_STALE = (
    "Someone else changed this EHC plan summary while you were working on it. Your change has not "
    "been saved: reload the page to see their change, then try again."
)


@transaction.atomic
def ehc_summary_record(
    *,
    actor,
    pupil: Pupil,
    issuing_local_authority,
    issued_on: dt.date,
    outcomes: str,
    provision_summary: str,
    last_reviewed_on: dt.date | None = None,
    document=None,
    remove_document: bool = False,
    expected_version: int | None = None,
    via: str = "web",
):
    """Record or update the summary of the pupil's EHC plan. `expected_version` is the version the
    form was opened on (0 when there was no summary yet): if someone saved in between, StaleEdit,
    and neither side is lost silently. `document` is an uploaded PDF or Word file (checked here)."""
    from django.db import IntegrityError

    from . import ehc
    from .models import EhcPlanSummary

    _require(actor, "pupils.edit_ehc_summary", pupil, message="You cannot change EHC plan summaries at this school.")
    if pupil.sen_status != codes.STATUS_EHC:
        raise RegisterError(
            f"{pupil.display_name} is not recorded as having an EHC plan. Change their SEN status first."
        )
    today = timezone.localdate()
    if issued_on > today:
        raise RegisterError("The date the plan was issued cannot be in the future.", field="issued_on")
    if last_reviewed_on is not None and last_reviewed_on > today:
        raise RegisterError("The date of the last annual review cannot be in the future.", field="last_reviewed_on")
    if last_reviewed_on is not None and last_reviewed_on < issued_on:
        raise RegisterError("The last annual review cannot be before the plan was issued.", field="last_reviewed_on")
    outcomes, provision_summary = (outcomes or "").strip(), (provision_summary or "").strip()
    if not outcomes:
        raise RegisterError("Enter the plan's outcomes.", field="outcomes")
    if not provision_summary:
        raise RegisterError("Enter a summary of the plan's provision.", field="provision_summary")
    if document is not None:
        head = document.read(16)
        document.seek(0)
        problem = ehc.document_problem(document.name, document.size, head)
        if problem:
            raise RegisterError(problem + ".", field="document")

    summary = EhcPlanSummary.objects.select_for_update().filter(pupil=pupil).first()
    if summary is None:
        if expected_version not in (None, 0):
            raise StaleEdit(EHC_STALE)  # it was there when the form opened and has gone since
        summary = EhcPlanSummary(pupil=pupil)
        before: dict = {}
    else:
        if expected_version is not None and summary.version != expected_version:
            raise StaleEdit(EHC_STALE)
        summary.version += 1
        before = _ehc_values(summary)
    summary.issuing_local_authority = issuing_local_authority
    summary.issued_on, summary.last_reviewed_on = issued_on, last_reviewed_on
    summary.outcomes, summary.provision_summary = outcomes, provision_summary
    summary.updated_by = actor
    old_file = summary.document.name if summary.document else ""
    if document is not None:
        summary.document_name = document.name[:200]
        summary.document.save(document.name, document, save=False)
    elif remove_document:
        summary.document, summary.document_name = None, ""
    try:
        with transaction.atomic():
            summary.save()
    except IntegrityError:
        raise StaleEdit(EHC_STALE) from None  # two people added the first summary at once
    if old_file and old_file != (summary.document.name if summary.document else ""):
        storage, name = summary.document.storage, old_file
        transaction.on_commit(lambda: storage.delete(name))
    after = _ehc_values(summary)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
        pupil=pupil,
        target=AuditEvent.Target.EHC_PLAN_SUMMARY,
        target_id=summary.pk,
        summary=f"EHC plan summary {'updated' if before else 'recorded'}; annual review due "
        f"{summary.annual_review_due:%d/%m/%Y}",
        changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
        via=via,
    )
    return summary


def _ehc_values(summary) -> dict:
    return {
        "issuing_la": summary.issuing_local_authority.code if summary.issuing_local_authority_id else None,
        "issued_on": summary.issued_on.isoformat() if summary.issued_on else None,
        "last_reviewed_on": summary.last_reviewed_on.isoformat() if summary.last_reviewed_on else None,
        "outcomes": summary.outcomes,
        "provision_summary": summary.provision_summary,
        "document": summary.document_name or None,
    }


def _clip(text: str, limit: int, more: str) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - len(more)].rstrip() + more


@transaction.atomic
def ehc_summary_follow_plan(
    *,
    actor,
    pupil: Pupil,
    issuing_local_authority,
    issued_on: dt.date,
    last_reviewed_on: dt.date | None,
    outcomes: str,
    provision: str,
    via: str = "web",
):
    """Keep the pupil's EHC plan summary in step with the EHC plan's own record (the ehc app,
    docs/adr/0018): the plan's first issue date, its last annual review meeting, sections E and F.
    Called by the ehc app's services, which decided who may (the LA issuing the plan, the school
    recording a review); the attached document stays as it is. Every count and reminder that reads
    the summary (the home page, the register, the review's checks) so follows the plan."""
    from .models import EhcPlanSummary

    more = " (the rest is in the EHC plan)"
    summary = EhcPlanSummary.objects.select_for_update().filter(pupil=pupil).first()
    before = _ehc_values(summary) if summary else {}
    if summary is None:
        summary = EhcPlanSummary(pupil=pupil)
    else:
        summary.version += 1
    summary.issuing_local_authority = issuing_local_authority
    summary.issued_on, summary.last_reviewed_on = issued_on, last_reviewed_on
    summary.outcomes = _clip(outcomes, 6000, more) or "See the EHC plan."
    summary.provision_summary = _clip(provision, 6000, more) or "See the EHC plan."
    summary.updated_by = actor
    summary.save()
    after = _ehc_values(summary)
    changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    if changes:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
            pupil=pupil,
            target=AuditEvent.Target.EHC_PLAN_SUMMARY,
            target_id=summary.pk,
            summary=f"EHC plan summary follows the EHC plan; annual review due {summary.annual_review_due:%d/%m/%Y}",
            changes=changes,
            via=via,
        )
    return summary
