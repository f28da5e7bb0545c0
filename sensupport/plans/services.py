"""Assess and Plan as named actions: transactional, validated, audited.

What a parent agreed is never overwritten: agreed versions refuse edits, and a change makes the
next version. Two people editing one draft: the second save is refused with a clear message
(optimistic lock on Plan.edit_version) instead of silently losing the first person's work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError
from sensupport.pupils.models import Pupil

from .models import (
    Assessment,
    Barrier,
    BarrierStatus,
    BarrierView,
    Contributor,
    ContributorView,
    Impact,
    Outcome,
    Plan,
    Provision,
)
from .snapshot import PLAN_TEXT_FIELDS, PROVISION_FIELDS, snapshot_take


class PlanError(ServiceError):
    pass


# Called with the plan's id after an agreement commits (plan_agree). Apps that act on an agreement
# and sit above plans (documents) append to it from their AppConfig.ready().
AFTER_PLAN_AGREED: list[Callable[[int], None]] = []
# Called inside plan_new_version's transaction with {old support line id: its copy's id}. Apps that
# keep rows about a support line (provision: what it costs) append to it from their AppConfig.ready().
AFTER_PROVISIONS_COPIED: list[Callable[[dict[int, int]], None]] = []


class StalePlanEdit(PlanError):
    pass


class StaleSummaryEdit(PlanError):
    """Someone else saved the assessment summary since this form was opened: nothing was saved."""


class AlreadyExists(PlanError):
    """Someone else made the same thing a moment ago (two clicks at once): `existing` is theirs."""

    def __init__(self, message: str, *, existing):
        super().__init__(message)
        self.existing = existing


ASSESSMENT_OPEN_ALREADY = (
    "An assessment is already open for this pupil, so you have been taken to it: carry on with that one."
)
DRAFT_ALREADY = (
    "There is already a draft of the next version of this plan, so you have been taken to it: carry on with that one."
)


def _create_once(model, *, fields: dict, existing, message: str):
    """Insert a row that a unique constraint allows once (an open assessment, a draft). When two
    requests race past the checks, the database refuses the second insert: undo just that insert
    (a savepoint, so the transaction stays usable on PostgreSQL) and tell the loser where the
    winner's row is, instead of a server error."""
    try:
        with transaction.atomic():
            return model.objects.create(**fields)
    except IntegrityError:
        winner = existing()
        if winner is None:
            raise
        raise AlreadyExists(message, existing=winner) from None


# ---------------------------------------------------------------- Assess


def _refuse_second_assessment(pupil: Pupil) -> None:
    open_already = pupil.assessments.filter(status=Assessment.Status.OPEN).first()
    if open_already is not None:
        raise AlreadyExists(ASSESSMENT_OPEN_ALREADY, existing=open_already)


def _next_cycle(previous: Assessment | None) -> int:
    return (previous.cycle + 1) if previous else 1


@transaction.atomic
def assessment_start(*, pupil: Pupil, actor, on: dt.date | None = None, via: str = AuditEvent.Via.WEB) -> Assessment:
    """Open the Assess step of a new cycle. Barriers not yet resolved carry over: each gets a
    status row for this cycle, starting from last cycle's judgement."""
    on = on or timezone.localdate()
    _refuse_second_assessment(pupil)
    previous = pupil.assessments.order_by("-cycle").first()
    cycle = _next_cycle(previous)
    assessment = _create_once(
        Assessment,
        fields={
            "pupil": pupil,
            "cycle": cycle,
            "started_by": actor,
            "started_on": on,
            "strengths": previous.strengths if previous else "",
            "interests": previous.interests if previous else "",
            "what_helps": previous.what_helps if previous else "",
        },
        existing=lambda: pupil.assessments.filter(status=Assessment.Status.OPEN).first(),
        message=ASSESSMENT_OPEN_ALREADY,
    )
    last_status = {s.barrier_id: s for s in previous.barrier_statuses.all()} if previous else {}
    for barrier in pupil.barriers.filter(resolved_on__isnull=True):
        before = last_status.get(barrier.pk)
        BarrierStatus.objects.create(
            assessment=assessment,
            barrier=barrier,
            present=before.present if before else True,
            impact=before.impact if before else Impact.MARKED,
        )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=pupil,
        target=AuditEvent.Target.ASSESSMENT,
        target_id=assessment.pk,
        summary=f"Cycle {cycle} assessment started",
        via=via,
    )
    return assessment


def _require_open(assessment: Assessment) -> None:
    if assessment.status != Assessment.Status.OPEN:
        raise PlanError("This assessment is complete; start a new cycle to change it.")


@transaction.atomic
def barrier_add(
    *,
    assessment: Assessment,
    actor,
    title: str,
    broad_area: str,
    description: str = "",
    where_when: str = "",
    effect: str = "",
    bank_key: str = "",
    impact: int = Impact.MARKED,
    via: str = AuditEvent.Via.WEB,
) -> Barrier:
    _require_open(assessment)
    if not title.strip():
        raise PlanError("Name the barrier: what gets in the way?", field="title")
    barrier = Barrier.objects.create(
        pupil=assessment.pupil,
        title=title.strip(),
        broad_area=broad_area,
        description=description,
        where_when=where_when,
        effect=effect,
        bank_key=bank_key,
        proposed_by=actor,
    )
    BarrierStatus.objects.create(assessment=assessment, barrier=barrier, present=True, impact=impact)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=assessment.pupil,
        target=AuditEvent.Target.BARRIER,
        target_id=barrier.pk,
        summary=barrier.title,
        via=via,
    )
    return barrier


@dataclass(frozen=True)
class BarrierOpinion:
    barrier_id: int
    seen: str  # BarrierView.Seen
    impact: int | None = None
    comment: str = ""


@transaction.atomic
def contributor_view_record(
    *,
    assessment: Assessment,
    actor,
    contributor: str,
    name: str,
    what_is_hard: str = "",
    strengths: str = "",
    what_helps: str = "",
    opinions: Sequence[BarrierOpinion] = (),
    via: str = AuditEvent.Via.WEB,
) -> ContributorView:
    """Keep one person's view as theirs: each contributor's words and their view of each barrier."""
    _require_open(assessment)
    if not name.strip():
        raise PlanError("Say whose view this is.", field="name")
    if not (what_is_hard.strip() or strengths.strip() or what_helps.strip() or opinions):
        raise PlanError("Record at least part of the view.", field="what_is_hard")
    valid = set(assessment.pupil.barriers.values_list("pk", flat=True))
    view = ContributorView.objects.create(
        assessment=assessment,
        contributor=contributor,
        name=name.strip(),
        recorded_by=actor,
        what_is_hard=what_is_hard,
        strengths=strengths,
        what_helps=what_helps,
    )
    for opinion in opinions:
        if opinion.barrier_id not in valid:
            raise PlanError("One of the barriers is not this pupil's.")
        BarrierView.objects.create(
            view=view, barrier_id=opinion.barrier_id, seen=opinion.seen, impact=opinion.impact, comment=opinion.comment
        )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=assessment.pupil,
        target=AuditEvent.Target.CONTRIBUTOR_VIEW,
        target_id=view.pk,
        summary=f"{view.get_contributor_display()}: {name}",
        via=via,
    )
    return view


@transaction.atomic
def barrier_status_settle(
    *,
    assessment: Assessment,
    barrier: Barrier,
    actor,
    present: bool,
    impact: int,
    resolution: str = "",
    via: str = AuditEvent.Via.WEB,
) -> BarrierStatus:
    """The SENCO's settled judgement on a barrier this cycle, with how differing views were resolved."""
    _require_open(assessment)
    status, _ = BarrierStatus.objects.get_or_create(assessment=assessment, barrier=barrier)
    status.present = present
    status.impact = impact
    status.resolution = resolution
    status.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=assessment.pupil,
        target=AuditEvent.Target.BARRIER_STATUS,
        target_id=status.pk,
        summary=f"{barrier.title}: {'present' if present else 'not present'}, {status.get_impact_display().lower()}",
        via=via,
    )
    return status


@transaction.atomic
def assessment_update_summary(
    *,
    assessment: Assessment,
    actor,
    strengths: str,
    interests: str,
    what_helps: str,
    expected_summary_version: int | None = None,
    via: str = AuditEvent.Via.WEB,
) -> Assessment:
    """Save strengths, interests and what helps. With `expected_summary_version` (the web form's),
    a save over someone else's newer one is refused: nothing is overwritten."""
    _require_open(assessment)
    query = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.OPEN)
    if expected_summary_version is not None:
        query = query.filter(summary_version=expected_summary_version)
    if not query.update(
        strengths=strengths, interests=interests, what_helps=what_helps, summary_version=F("summary_version") + 1
    ):
        assessment.refresh_from_db(fields=["status"])
        _require_open(assessment)
        raise StaleSummaryEdit(
            "Someone else saved strengths, interests and what helps while you were writing, so your text has not been "
            "saved. "
            "Their version is shown below and yours is still in the form: combine them, then save again."
        )
    assessment.refresh_from_db(fields=["strengths", "interests", "what_helps", "summary_version"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=assessment.pupil,
        target=AuditEvent.Target.ASSESSMENT,
        target_id=assessment.pk,
        summary="Strengths and what helps",
        via=via,
    )
    return assessment


@transaction.atomic
def assessment_complete(
    *, assessment: Assessment, actor, on: dt.date | None = None, via: str = AuditEvent.Via.WEB
) -> Assessment:
    _require_open(assessment)
    if not assessment.barrier_statuses.filter(present=True).exists():
        raise PlanError("Record at least one barrier that is present before completing the assessment.")
    assessment.status = Assessment.Status.COMPLETE
    assessment.completed_on = on or timezone.localdate()
    assessment.save(update_fields=["status", "completed_on"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=assessment.pupil,
        target=AuditEvent.Target.ASSESSMENT,
        target_id=assessment.pk,
        summary="Assessment completed",
        via=via,
    )
    return assessment


# ---------------------------------------------------------------- Plan


CARRIED_VIEW_PARTS = (("what_is_hard", "What is hard"), ("strengths", "What goes well"), ("what_helps", "What helps"))
CARRIED_VIEW_MORE = "… (the rest is in the assessment)"


def views_text(views: Sequence[dict]) -> str:
    """Pure: the words of the assessment's views (each a dict of name and ContributorView's text
    fields), as the plan's views field shows them: each person named, their words unchanged."""
    blocks = []
    for view in views:
        lines = [
            f"{label}: {view[field].strip()}" for field, label in CARRIED_VIEW_PARTS if (view.get(field) or "").strip()
        ]
        if lines:
            blocks.append("\n".join([f"{view['name'].strip()} said:", *lines]))
    return "\n\n".join(blocks)


def views_carried(written: str, carried: str, *, limit: int) -> str:
    """Pure: a plan's views field with the assessment's views carried in. What is written in the
    plan already is never overwritten: the carried words fill an empty field, or follow the written
    text when they are not in it yet. Too long for the field: cut, saying the rest is in the assessment."""
    carried = carried.strip()
    if not carried or carried in written:
        return written
    text = f"{written.rstrip()}\n\n{carried}" if written.strip() else carried
    if len(text) > limit:
        keep = limit - len(CARRIED_VIEW_MORE)
        if len(written) >= keep:  # no room left: the written text stays exactly as it is
            return written
        text = text[:keep].rstrip() + CARRIED_VIEW_MORE
    return text


def _carry_assessment_views(plan: Plan) -> None:
    """Views already given in the plan's assessment (the pupil's, the parents') fill the plan's views."""
    if plan.assessment_id is None:
        return
    for contributor, field in ((Contributor.PUPIL, "pupil_views"), (Contributor.PARENT, "parent_views")):
        views = (
            plan.assessment.views.filter(contributor=contributor)
            .order_by("recorded_at", "id")
            .values("name", *(f for f, _ in CARRIED_VIEW_PARTS))
        )
        limit = Plan._meta.get_field(field).max_length
        setattr(plan, field, views_carried(getattr(plan, field), views_text(list(views)), limit=limit))
    plan.save(update_fields=["pupil_views", "parent_views"])


def _next_version(pupil: Pupil) -> int:
    return (pupil.plans.aggregate(m=Max("version"))["m"] or 0) + 1


def _refuse_second_draft(pupil: Pupil, *, after: Plan | None = None) -> None:
    """One draft at a time, and one next version of each version. One query (the plan page asks
    on every view of an agreed version)."""
    clash = Q(pupil=pupil, status=Plan.Status.DRAFT)
    if after is not None:
        clash |= Q(previous=after)
    found = list(Plan.objects.filter(clash).order_by("version", "pk"))
    draft = next((p for p in found if p.pupil_id == pupil.pk and p.status == Plan.Status.DRAFT), None)
    if draft is not None:
        raise AlreadyExists(DRAFT_ALREADY, existing=draft)
    newer = next((p for p in found if after is not None and p.previous_id == after.pk), None)
    if newer is not None:
        raise AlreadyExists(
            "A newer version of this plan exists already, so you have been taken to it.", existing=newer
        )


@transaction.atomic
def plan_create_draft(
    *,
    pupil: Pupil,
    actor,
    assessment: Assessment | None = None,
    review_date: dt.date | None = None,
    via: str = AuditEvent.Via.WEB,
) -> Plan:
    """Start a plan. If the pupil already has a plan, the new draft starts as a copy of it."""
    _refuse_second_draft(pupil)
    latest = pupil.plans.exclude(status=Plan.Status.DRAFT).order_by("-version").first()
    if latest is not None:
        return plan_new_version(plan=latest, actor=actor, assessment=assessment, via=via)
    assessment = assessment or pupil.assessments.order_by("-cycle").first()
    plan = _create_once(
        Plan,
        fields={
            "pupil": pupil,
            "version": _next_version(pupil),
            "assessment": assessment,
            "created_by": actor,
            "review_date": review_date,
        },
        existing=lambda: pupil.plans.filter(status=Plan.Status.DRAFT).first(),
        message=DRAFT_ALREADY,
    )
    _carry_assessment_views(plan)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=pupil,
        target=AuditEvent.Target.PLAN,
        target_id=plan.pk,
        summary=f"Draft plan version {plan.version}",
        via=via,
    )
    return plan


def new_version_refusal(plan: Plan) -> PlanError | None:
    """Why no new version can be started from this plan now, or None if it can. The rule of
    plan_new_version, asked by the plan page too (its "make a new version" button)."""
    if plan.status == Plan.Status.DRAFT:
        return PlanError("This version is still a draft: change it directly.")
    try:
        _refuse_second_draft(plan.pupil, after=plan)
    except AlreadyExists as exc:
        return exc
    if plan.status == Plan.Status.SUPERSEDED:
        return PlanError("A newer version of this plan has been agreed: make the new version from that one.")
    return None


@transaction.atomic
def plan_new_version(
    *, plan: Plan, actor, assessment: Assessment | None = None, note: str = "", via: str = AuditEvent.Via.WEB
) -> Plan:
    """A change to an agreed plan: copy it into a new draft. The agreed version stays as it was."""
    pupil = plan.pupil
    refusal = new_version_refusal(plan)
    if refusal is not None:
        raise refusal
    draft = _create_once(
        Plan,
        fields={
            "pupil": pupil,
            "version": _next_version(pupil),
            "previous": plan,
            "assessment": assessment or pupil.assessments.order_by("-cycle").first() or plan.assessment,
            "pupil_views": plan.pupil_views,
            "parent_views": plan.parent_views,
            "school_responsibilities": plan.school_responsibilities,
            "parent_responsibilities": plan.parent_responsibilities,
            "pupil_responsibilities": plan.pupil_responsibilities,
            "no_outcome_reasons": dict(plan.no_outcome_reasons or {}),
            "created_by": actor,
        },
        existing=lambda: pupil.plans.filter(status=Plan.Status.DRAFT).first(),
        message=DRAFT_ALREADY,
    )
    _carry_assessment_views(draft)
    for outcome in plan.outcomes.prefetch_related("barriers"):
        copy = Outcome.objects.create(
            plan=draft, description=outcome.description, how_we_will_know=outcome.how_we_will_know, order=outcome.order
        )
        copy.barriers.set(list(outcome.barriers.all()))
    copies = {}
    for provision in plan.provisions.prefetch_related("barriers"):
        copy = Provision.objects.create(
            plan=draft, order=provision.order, **{name: getattr(provision, name) for name in PROVISION_FIELDS}
        )
        copy.barriers.set(list(provision.barriers.all()))
        copies[provision.pk] = copy.pk
    for hook in AFTER_PROVISIONS_COPIED:
        hook(copies)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=pupil,
        target=AuditEvent.Target.PLAN,
        target_id=draft.pk,
        summary=f"Draft plan version {draft.version} from version {plan.version}" + (f": {note}" if note else ""),
        via=via,
    )
    return draft


def _lock_draft(plan: Plan, expected_edit_version: int | None) -> None:
    if plan.status != Plan.Status.DRAFT:
        raise PlanError(
            "This version has been agreed with the parents and cannot be changed. Make a new version instead."
        )
    query = Plan.objects.filter(pk=plan.pk, status=Plan.Status.DRAFT)
    if expected_edit_version is not None:
        query = query.filter(edit_version=expected_edit_version)
    if not query.update(edit_version=F("edit_version") + 1, updated_at=timezone.now()):
        raise StalePlanEdit(
            "Someone else saved this draft while you were working on it, so your change has not been saved. "
            "Your text is still in the form below: compare it with the latest version, then save again."
        )
    plan.refresh_from_db(fields=["edit_version", "updated_at"])


@transaction.atomic
def plan_update_draft(
    *,
    plan: Plan,
    actor,
    expected_edit_version: int | None,
    review_date: dt.date | None = None,
    via: str = AuditEvent.Via.WEB,
    **fields,
) -> Plan:
    _lock_draft(plan, expected_edit_version)
    unknown = set(fields) - set(PLAN_TEXT_FIELDS)
    if unknown:
        raise PlanError(f"Unknown plan fields: {', '.join(sorted(unknown))}")
    changed = {}
    for name, value in fields.items():
        if getattr(plan, name) != value:
            changed[name] = True
            setattr(plan, name, value)
    if review_date != plan.review_date:
        changed["review_date"] = [str(plan.review_date), str(review_date)]
        plan.review_date = review_date
    plan.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=plan.pupil,
        target=AuditEvent.Target.PLAN,
        target_id=plan.pk,
        summary=f"Draft version {plan.version} edited",
        changes=changed,
        via=via,
    )
    return plan


@transaction.atomic
def outcome_save(
    *,
    plan: Plan,
    actor,
    expected_edit_version: int | None,
    description: str,
    how_we_will_know: str = "",
    barrier_ids: Sequence[int] | None = None,
    outcome: Outcome | None = None,
    via: str = AuditEvent.Via.WEB,
) -> Outcome:
    """Add or change one outcome on a draft, linked to the barriers it answers (None: leave the links as they are)."""
    _lock_draft(plan, expected_edit_version)
    if not description.strip():
        raise PlanError("Describe the outcome: what do the pupil and family want to be different?", field="description")
    if barrier_ids is not None and not set(barrier_ids) <= set(plan.pupil.barriers.values_list("pk", flat=True)):
        raise PlanError("One of the barriers is not this pupil's.", field="barriers")
    if outcome is None:
        outcome = Outcome(plan=plan, order=plan.outcomes.count())
    elif outcome.plan_id != plan.pk:
        raise PlanError("That outcome belongs to another plan.")
    outcome.description, outcome.how_we_will_know = description.strip(), how_we_will_know.strip()
    outcome.save()
    if barrier_ids is not None:
        outcome.barriers.set(barrier_ids)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=plan.pupil,
        target=AuditEvent.Target.PLAN_OUTCOME,
        target_id=outcome.pk,
        summary=outcome.description[:200],
        via=via,
    )
    return outcome


NO_OUTCOME_REASON_MAX = 500


@transaction.atomic
def no_outcome_reason_save(
    *,
    plan: Plan,
    actor,
    expected_edit_version: int | None,
    barrier: Barrier,
    reason: str,
    via: str = AuditEvent.Via.WEB,
) -> Plan:
    """Record why a barrier this draft addresses has no outcome of its own (an empty reason clears it)."""
    _lock_draft(plan, expected_edit_version)
    if barrier.pupil_id != plan.pupil_id:
        raise PlanError("That barrier is not this pupil's.")
    reason = reason.strip()
    if len(reason) > NO_OUTCOME_REASON_MAX:
        raise PlanError(f"Say why in {NO_OUTCOME_REASON_MAX} characters or fewer.", field="reason")
    reasons = {k: v for k, v in (plan.no_outcome_reasons or {}).items() if k != str(barrier.pk)}
    if reason:
        reasons[str(barrier.pk)] = reason
    plan.no_outcome_reasons = reasons
    plan.save(update_fields=["no_outcome_reasons", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=plan.pupil,
        target=AuditEvent.Target.PLAN,
        target_id=plan.pk,
        summary=f"Why {barrier.title[:80]} has no outcome: {reason[:100]}"
        if reason
        else f"Reason cleared for {barrier.title[:80]}",
        via=via,
    )
    return plan


@transaction.atomic
def provision_save(
    *,
    plan: Plan,
    actor,
    expected_edit_version: int | None,
    barrier_ids: Sequence[int],
    provision: Provision | None = None,
    via: str = AuditEvent.Via.WEB,
    **fields,
) -> Provision:
    """Add or change one piece of support on a draft, linked to the barriers it removes."""
    _lock_draft(plan, expected_edit_version)
    unknown = set(fields) - set(PROVISION_FIELDS)
    if unknown:
        raise PlanError(f"Unknown provision fields: {', '.join(sorted(unknown))}")
    if not (fields.get("description") or "").strip():
        raise PlanError("Say what exactly the support is.", field="description")
    if fields.get("setting") == Provision.Setting.WITHDRAWN and not (fields.get("replaces_lessons") or "").strip():
        raise PlanError(
            "Support away from class replaces something: say which lessons it replaces.", field="replaces_lessons"
        )
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise PlanError("The end date is before the start date.", field="end_date")
    if (fields.get("cost") or Decimal("0")) < 0:
        raise PlanError("The cost cannot be negative.", field="cost")
    own = set(plan.pupil.barriers.values_list("pk", flat=True))
    if not set(barrier_ids) <= own:
        raise PlanError("One of the barriers is not this pupil's.", field="barriers")
    if provision is None:
        provision = Provision(plan=plan, order=plan.provisions.count())
    elif provision.plan_id != plan.pk:
        raise PlanError("That support belongs to another plan.")
    for name, value in fields.items():
        setattr(provision, name, value if value is not None or name not in ("cost",) else Decimal("0"))
    provision.save()
    provision.barriers.set(barrier_ids)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=plan.pupil,
        target=AuditEvent.Target.PLAN_PROVISION,
        target_id=provision.pk,
        summary=provision.description[:200],
        via=via,
    )
    return provision


@transaction.atomic
def plan_item_remove(
    *, plan: Plan, actor, expected_edit_version: int | None, item, via: str = AuditEvent.Via.WEB
) -> None:
    _lock_draft(plan, expected_edit_version)
    if item.plan_id != plan.pk:
        raise PlanError("That item belongs to another plan.")
    label = AuditEvent.Target.PLAN_OUTCOME if isinstance(item, Outcome) else AuditEvent.Target.PLAN_PROVISION
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=plan.pupil,
        target=label,
        target_id=item.pk,
        summary="Removed from draft",
        via=via,
    )
    item.delete()


@transaction.atomic
def plan_agree(
    *,
    plan: Plan,
    actor,
    agreed_on: dt.date,
    how: str,
    agreed_with: str,
    start_now: bool = True,
    via: str = AuditEvent.Via.WEB,
) -> Plan:
    """The parents have agreed this version. From here it is never edited, and what it shows
    (barriers and the judgements on them, outcomes, support, views) is frozen in its snapshot, so
    later changes to the assessment do not reach it. The version it replaces is superseded."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        raise PlanError("Only a draft can be agreed; this version was agreed already.")
    if agreed_on > timezone.localdate():
        raise PlanError("The date the parents agreed cannot be in the future.", field="agreed_on")
    if not agreed_with.strip():
        raise PlanError("Say who agreed the plan for the family.", field="agreed_with")
    if how not in Plan.AgreedHow.values:
        raise PlanError("Say how the plan was agreed.", field="how")
    if not plan.outcomes.exists() or not plan.provisions.exists():
        raise PlanError("A plan needs at least one outcome and one piece of support before it is agreed.")
    if plan.review_date is None:
        raise PlanError(
            "Set a review date before the plan is agreed (the Code asks for it to be agreed with the parents).",
            field="review_date",
        )
    # The plan this one replaces stops being current.
    for older in plan.pupil.plans.exclude(pk=plan.pk).filter(
        status__in=[Plan.Status.AGREED, Plan.Status.ACTIVE, Plan.Status.REVIEWED]
    ):
        older.status = Plan.Status.SUPERSEDED
        older.save(update_fields=["status"])
    plan.status = Plan.Status.ACTIVE if start_now else Plan.Status.AGREED
    plan.agreed_on, plan.agreed_how, plan.agreed_with, plan.agreed_recorded_by = (
        agreed_on,
        how,
        agreed_with.strip(),
        actor,
    )
    plan.snapshot = snapshot_take(plan)
    from .selectors import plan_checks  # selectors reads services' models only: no import cycle at call time

    # The quality checks as they stood when the parents agreed (what was still to do is on the record).
    plan.snapshot["quality_at_agreement"] = [
        {"key": c.key, "passed": c.passed, "title": c.title, "detail": c.detail}
        for c in plan_checks(plan, today=agreed_on)
    ]
    plan.save(update_fields=["status", "agreed_on", "agreed_how", "agreed_with", "agreed_recorded_by", "snapshot"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=plan.pupil,
        target=AuditEvent.Target.PLAN,
        target_id=plan.pk,
        summary=(
            f"Version {plan.version} agreed with {plan.agreed_with} ({plan.get_agreed_how_display().lower()}) on "
            f"{agreed_on:%d/%m/%Y}"
        ),
        via=via,
    )
    # Whatever follows an agreement (the documents app renders and stores the plan's documents,
    # ADR 0010) runs once the agreement commits. Apps above plans register here, so plans imports none of them.
    for hook in AFTER_PLAN_AGREED:
        transaction.on_commit(lambda hook=hook: hook(plan.pk))
    return plan


@transaction.atomic
def plan_start(*, plan: Plan, actor, via: str = AuditEvent.Via.WEB) -> Plan:
    if plan.status != Plan.Status.AGREED:
        raise PlanError("Only an agreed plan can be started.")
    plan.status = Plan.Status.ACTIVE
    plan.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=plan.pupil,
        target=AuditEvent.Target.PLAN,
        target_id=plan.pk,
        summary=f"Version {plan.version} started",
        via=via,
    )
    return plan


# ---------------------------------------------------------------- The strategy bank


@transaction.atomic
def custom_strategy_add(
    *,
    actor,
    barrier_key: str,
    title: str,
    description: str,
    kind: str,
    cost: str,
    delivered_by: str = "",
    via: str = AuditEvent.Via.WEB,
):
    """A school's (SENCO or head) or local authority's (LA officer) own strategy for a bank barrier.
    It is suggested beside the shipped ones to that school, or to every school in the LA."""
    from .bank import shipped_bank
    from .models import CustomStrategy

    if barrier_key not in shipped_bank():
        raise PlanError("Choose a barrier from the strategy bank.", field="barrier_key")
    if not title.strip() or not description.strip():
        raise PlanError(
            "Give the strategy a title and say what the adult does.",
            field="title" if not title.strip() else "description",
        )
    if kind not in Provision.Kind.values:
        raise PlanError("Choose the kind of support.", field="kind")
    if cost not in ("none", "low", "funded"):
        raise PlanError("Choose what it costs.", field="cost")
    if not actor.has_perm("plans.add_strategy"):
        raise PlanError("Only a SENCO, a head teacher or a local authority officer can add to the strategy bank.")
    # plans.add_strategy: a SENCO or head for their school, an LA officer for their authority.
    owner = (
        {"school_id": actor.school_id} if actor.is_school_staff else {"local_authority_id": actor.local_authority_id}
    )
    strategy = CustomStrategy.objects.create(
        barrier_key=barrier_key,
        title=title.strip(),
        description=description.strip(),
        kind=kind,
        cost=cost,
        delivered_by=delivered_by.strip(),
        created_by=actor,
        **owner,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=AuditEvent.Target.STRATEGY_BANK,
        target_id=strategy.pk,
        summary=f"{barrier_key}: {strategy.title}",
        school=actor.school if owner.get("school_id") else None,
        via=via,
    )
    return strategy
