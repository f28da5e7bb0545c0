"""Pupil voice as named actions: transactional, validated, audited.

'About me' is never overwritten: each save is a new version and the newest is shown. A walk-through
is saved part by part, so a child who stops half way loses nothing.

Both belong to the person who recorded them with the pupil (docs/adr/0006): separated parents each
see and change only their own; the school sees each contributor's, labelled.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError
from sensupport.plans import services as plans
from sensupport.plans.bank import shipped_bank
from sensupport.plans.models import Assessment, Barrier
from sensupport.pupils.models import Pupil

from .models import AboutMe, Walkthrough, WalkthroughPart
from .selectors import day_part
from .suggestions import suggestions_for_part

MAX_LESSONS = 10


class VoiceError(ServiceError):
    pass


# ---------------------------------------------------------------- About me


@transaction.atomic
def about_me_record(
    *,
    pupil: Pupil,
    actor,
    good_at: str = "",
    likes: str = "",
    hard: str = "",
    helps: str = "",
    with_whom: str = "",
    via: str = AuditEvent.Via.WEB,
) -> AboutMe:
    """Save a new version of 'About me'. Earlier versions are kept."""
    answers = [good_at.strip(), likes.strip(), hard.strip(), helps.strip()]
    if not any(answers):
        raise VoiceError("Answer at least one question.", field="good_at")
    about = AboutMe.objects.create(
        pupil=pupil,
        good_at=answers[0],
        likes=answers[1],
        hard=answers[2],
        helps=answers[3],
        recorded_by=actor,
        with_whom=with_whom.strip()[:120],
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=pupil,
        target=AuditEvent.Target.ABOUT_ME,
        target_id=about.pk,
        summary=f"About me saved{' with ' + about.with_whom if about.with_whom else ''}",
        via=via,
    )
    return about


# ---------------------------------------------------------------- Walk-through of the day


def day_plan(
    lessons_before_break: Sequence[str], lessons_after_break: Sequence[str], lessons_after_lunch: Sequence[str]
) -> list[tuple[str, str]]:
    """The parts of a school day in order, as (key, label): pure."""

    def clean(names: Sequence[str]) -> list[str]:
        return [" ".join(n.split())[:120] for n in names if n.strip()]

    parts = [("arrival", "Arriving at school")]
    parts += [("lesson", name) for name in clean(lessons_before_break)]
    parts.append(("break", "Morning break"))
    parts += [("lesson", name) for name in clean(lessons_after_break)]
    parts.append(("lunch", "Lunch"))
    parts += [("lesson", name) for name in clean(lessons_after_lunch)]
    parts.append(("moving", "Moving between rooms"))
    parts.append(("home_time", "Home time"))
    return parts


@transaction.atomic
def walkthrough_start(
    *,
    pupil: Pupil,
    actor,
    with_whom: str = "",
    lessons_before_break: Sequence[str] = (),
    lessons_after_break: Sequence[str] = (),
    lessons_after_lunch: Sequence[str] = (),
    via: str = AuditEvent.Via.WEB,
) -> Walkthrough:
    plan = day_plan(lessons_before_break, lessons_after_break, lessons_after_lunch)
    if sum(1 for key, _ in plan if key == "lesson") > MAX_LESSONS:
        raise VoiceError(f"Add up to {MAX_LESSONS} lessons.", field="lessons_before_break")
    walkthrough = Walkthrough.objects.create(pupil=pupil, recorded_by=actor, with_whom=with_whom.strip()[:120])
    WalkthroughPart.objects.bulk_create(
        [
            WalkthroughPart(walkthrough=walkthrough, key=key, label=label, order=n)
            for n, (key, label) in enumerate(plan, start=1)
        ]
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        pupil=pupil,
        target=AuditEvent.Target.WALKTHROUGH,
        target_id=walkthrough.pk,
        summary=f"My day started: {len(plan)} parts",
        via=via,
    )
    return walkthrough


NOT_YOURS = (
    "Only the person who went through this day with the pupil can change its answers. "
    "Start a new walk-through to record the day with them yourself."
)


@transaction.atomic
def walkthrough_part_record(
    *,
    part: WalkthroughPart,
    actor,
    feeling: int | None,
    hard: str = "",
    easier: str = "",
    via: str = AuditEvent.Via.WEB,
) -> WalkthroughPart:
    """Answer one part of the day. A walk-through is one conversation between the pupil and the
    person recording it: nobody else may change what the pupil said in it (docs/adr/0006)."""
    part = WalkthroughPart.objects.select_for_update(of=("self",)).select_related("walkthrough__pupil").get(pk=part.pk)
    if part.walkthrough.recorded_by_id != actor.pk:
        raise VoiceError(NOT_YOURS)
    if feeling is not None and feeling not in WalkthroughPart.Feeling.values:
        raise VoiceError("Choose one of the faces.", field="feeling")
    part.feeling = feeling
    part.what_makes_it_hard = hard.strip()
    part.what_makes_it_easier = easier.strip()
    part.save(update_fields=["feeling", "what_makes_it_hard", "what_makes_it_easier"])
    walkthrough = part.walkthrough
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=walkthrough.pupil,
        target=AuditEvent.Target.WALKTHROUGH_PART,
        target_id=part.pk,
        summary=f"{part.label}: {part.get_feeling_display() if feeling else 'not answered'}",
        via=via,
    )
    return part


@transaction.atomic
def walkthrough_complete(*, walkthrough: Walkthrough, actor, via: str = AuditEvent.Via.WEB) -> Walkthrough:
    if walkthrough.recorded_by_id != actor.pk:
        raise VoiceError(NOT_YOURS)
    if walkthrough.completed_at is None:
        walkthrough.completed_at = timezone.now()
        walkthrough.save(update_fields=["completed_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            pupil=walkthrough.pupil,
            target=AuditEvent.Target.WALKTHROUGH,
            target_id=walkthrough.pk,
            summary="My day finished",
            via=via,
        )
    return walkthrough


# ---------------------------------------------------------------- The school hears it


@transaction.atomic
def voice_mark_seen(
    *,
    pupil: Pupil,
    actor,
    about_me: Sequence[AboutMe],
    walkthroughs: Sequence[Walkthrough],
    via: str = AuditEvent.Via.WEB,
) -> int:
    """School staff opened the pupil's voice: note when the school first saw each entry (each
    contributor's newest 'About me', and each walk-through shown)."""
    now = timezone.now()
    marked = 0
    for about in about_me:
        if about.seen_by_school_at is None:
            about.seen_by_school_at = now
            about.save(update_fields=["seen_by_school_at"])
            marked += 1
    for walkthrough in walkthroughs:
        if walkthrough.seen_by_school_at is None:
            walkthrough.seen_by_school_at = now
            walkthrough.save(update_fields=["seen_by_school_at"])
            marked += 1
    if marked:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            pupil=pupil,
            target=AuditEvent.Target.PUPIL_VOICE,
            summary=f"Seen by school ({marked} new)",
            via=via,
        )
    return marked


@transaction.atomic
def suggestion_accept(
    *, part: WalkthroughPart, bank_key: str, actor, via: str = AuditEvent.Via.WEB
) -> tuple[Barrier, bool]:
    """Make a suggestion from the pupil's day a barrier in the open assessment (starting one if
    none is open). Returns (barrier, created). Accepting again changes nothing; a barrier already
    recorded from the same bank entry is linked rather than duplicated."""
    part = (
        WalkthroughPart.objects.select_for_update(of=("self",))
        .select_related("walkthrough__pupil", "accepted_barrier")
        .get(pk=part.pk)
    )
    pupil = part.walkthrough.pupil
    suggestion = next((s for s in suggestions_for_part(day_part(part)) if s.bank_key == bank_key), None)
    if suggestion is None:
        raise VoiceError("That is not one of the suggestions for this part of the day.")
    if part.accepted_barrier is not None and part.accepted_barrier.bank_key == bank_key:
        return part.accepted_barrier, False
    existing = pupil.barriers.filter(bank_key=bank_key, resolved_on__isnull=True).order_by("created_at", "id").first()
    if existing is not None:
        if part.accepted_barrier is not None:
            return existing, False  # already a barrier, and this part already points at one
        barrier, created = existing, False
    else:
        assessment = pupil.assessments.filter(status=Assessment.Status.OPEN).first()
        if assessment is None:
            try:
                assessment = plans.assessment_start(pupil=pupil, actor=actor, via=via)
            except plans.AlreadyExists as exc:  # a colleague opened one a moment ago: use theirs
                assessment = exc.existing
        entry = shipped_bank()[bank_key]
        barrier = plans.barrier_add(
            assessment=assessment,
            actor=actor,
            title=entry.name,
            broad_area=entry.broad_area,
            description=entry.description,
            where_when=suggestion.where_when,
            bank_key=bank_key,
            via=via,
        )
        created = True
    if part.accepted_barrier is None:
        part.accepted_barrier = barrier
        part.save(update_fields=["accepted_barrier"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=pupil,
        target=AuditEvent.Target.WALKTHROUGH_PART,
        target_id=part.pk,
        summary=f"Suggestion accepted: {barrier.title} ({part.label})" + ("" if created else " – already a barrier"),
        via=via,
    )
    return barrier, created
