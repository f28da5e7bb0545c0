"""What families contribute, as named actions: transactional, validated, audited.

Meeting preparation, responses to a plan (and their resolution), the home-school message log. The
family pages, the staff pages and the review page all call these functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError

from . import selectors
from .models import MeetingPrep, Message, MessageThread, PlanResponse
from .questions import BY_KEY, question_texts


class FamilyError(ServiceError):
    """A change the rules refuse. The message says what is wrong, in plain words."""


def _is_family(user) -> bool:
    return bool(getattr(user, "is_family", False))  # accounts.User.is_family; an anonymous visitor is not


# ---------------------------------------------------------------- Meeting preparation


@transaction.atomic
def meeting_prep_save(
    *,
    pupil,
    parent,
    barriers_at_home: str,
    what_helps_at_home: str,
    questions: Sequence[str] = (),
    other_questions: str = "",
    meeting_on: dt.date | None = None,
    prep: MeetingPrep | None = None,
    via: str = AuditEvent.Via.WEB,
) -> MeetingPrep:
    """Create a parent's preparation for a meeting, or change it while it has not been used in a
    review. A change shows again as new in the SENCO's inbox."""
    if not _is_family(parent):
        raise FamilyError("Only the family can write their preparation for a meeting.")
    unknown = [key for key in questions if key not in BY_KEY]
    if unknown:
        raise FamilyError("Choose questions from the list.", field="questions")
    barriers_at_home, what_helps_at_home, other_questions = (
        barriers_at_home.strip(),
        what_helps_at_home.strip(),
        other_questions.strip(),
    )
    if not (barriers_at_home or what_helps_at_home or questions or other_questions):
        raise FamilyError("Write something about your child, or choose a question to ask.", field="barriers_at_home")
    if prep is not None:
        prep = MeetingPrep.objects.select_for_update().get(pk=prep.pk)
        if prep.pupil_id != pupil.pk or prep.parent_id != parent.pk:
            raise FamilyError("This preparation is not yours to change.")
        if prep.used_in_review_id:
            raise FamilyError("This preparation has been used in a review, so it can no longer be changed.")
    else:
        prep = MeetingPrep(pupil=pupil, parent=parent)
    prep.meeting_on = meeting_on
    prep.barriers_at_home = barriers_at_home
    prep.what_helps_at_home = what_helps_at_home
    prep.questions = [q.key for q in BY_KEY.values() if q.key in set(questions)]
    prep.other_questions = other_questions
    prep.seen_by_school_at = None
    created = prep.pk is None
    prep.save()
    audit_record(
        actor=parent,
        action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
        pupil=pupil,
        target=AuditEvent.Target.MEETING_PREPARATION,
        target_id=prep.pk,
        summary=f"Preparation for the meeting{f' on {meeting_on:%d/%m/%Y}' if meeting_on else ''}",
        via=via,
    )
    return prep


@transaction.atomic
def meeting_prep_mark_seen(*, prep: MeetingPrep, actor, via: str = AuditEvent.Via.WEB) -> MeetingPrep:
    if prep.seen_by_school_at is None:
        prep.seen_by_school_at = timezone.now()
        MeetingPrep.objects.filter(pk=prep.pk, seen_by_school_at__isnull=True).update(
            seen_by_school_at=prep.seen_by_school_at
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            pupil=prep.pupil,
            target=AuditEvent.Target.MEETING_PREPARATION,
            target_id=prep.pk,
            summary="Seen by the school",
            via=via,
        )
    return prep


def meeting_prep_for_review(pupil) -> list[MeetingPrep]:
    """For the review page: each family member's latest preparation not yet used (empty if none).
    Separated parents each prepare; the review takes both, each labelled with who wrote it."""
    return selectors.preps_for_review(pupil)


def _preps(prep: MeetingPrep | Sequence[MeetingPrep] | None) -> list[MeetingPrep]:
    if prep is None:
        return []
    return [prep] if isinstance(prep, MeetingPrep) else list(prep)


def meeting_prep_parent_views(prep: MeetingPrep | Sequence[MeetingPrep]) -> str:
    """The preparation (one family member's, or each of theirs) as the parents' view for the review
    record: labelled with who wrote it, in their own words."""
    preps = _preps(prep)
    who = selectors.family_labels([p.pupil_id for p in preps])
    return "\n\n".join(_prep_views(p, who(p.pupil_id, p.parent) if p.parent_id else "the family") for p in preps)


def _prep_views(prep: MeetingPrep, who: str) -> str:
    lines = [
        f"From the preparation for the meeting by {who} (written {timezone.localtime(prep.updated_at):%-d %B %Y}), in "
        "their words."
    ]
    if prep.barriers_at_home:
        lines += ["", "What gets in the way:", prep.barriers_at_home]
    if prep.what_helps_at_home:
        lines += ["", "What helps at home:", prep.what_helps_at_home]
    questions = question_texts(prep.questions) + [q.strip() for q in prep.other_questions.splitlines() if q.strip()]
    if questions:
        lines += ["", "Questions they wanted to ask:"] + [f"- {q}" for q in questions]
    return "\n".join(lines)


@transaction.atomic
def meeting_prep_mark_used(
    *, prep: MeetingPrep | Sequence[MeetingPrep] | None, review, actor, via: str = AuditEvent.Via.WEB
) -> None:
    """After the review is recorded (reviews.services.review_record calls it, in the review's
    transaction): each preparation is part of its record and can no longer change."""
    now = timezone.now()
    for one in _preps(prep):
        updated = MeetingPrep.objects.filter(pk=one.pk, used_in_review__isnull=True).update(used_in_review=review)
        MeetingPrep.objects.filter(pk=one.pk, seen_by_school_at__isnull=True).update(seen_by_school_at=now)
        if updated:
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                pupil=one.pupil,
                target=AuditEvent.Target.MEETING_PREPARATION,
                target_id=one.pk,
                summary=f"Used as the parents' view in the review of {review.held_on:%d/%m/%Y}",
                via=via,
            )


# ---------------------------------------------------------------- Responses to a plan


@transaction.atomic
def plan_response_record(
    *, plan, parent, response: str, parts: Sequence[str] = (), reason: str = "", via: str = AuditEvent.Via.WEB
) -> PlanResponse:
    """A parent agrees with the plan in force, or says which parts they disagree with and why.
    A disagreement stays open, with a date by which the school should answer."""
    from sensupport.plans.models import Plan

    if not _is_family(parent):
        raise FamilyError("Only the family can respond to the plan.")
    plan = Plan.objects.select_related("pupil").get(pk=plan.pk)
    if not plan.is_current:
        raise FamilyError("You can only respond to the plan that is in force now.")
    if response not in PlanResponse.Response.values:
        raise FamilyError("Say whether you agree with the plan.", field="response")
    reason = reason.strip()
    valid = {key for key, _ in selectors.plan_parts(plan)}
    parts = list(dict.fromkeys(parts))
    if any(part not in valid for part in parts):
        raise FamilyError("Choose the parts of the plan from the list.", field="parts")
    if response == PlanResponse.Response.DISAGREE:
        if not parts:
            raise FamilyError("Choose which parts of the plan you disagree with.", field="parts")
        if not reason:
            raise FamilyError("Say why you disagree, so the school can answer.", field="reason")
        record = PlanResponse.objects.create(
            plan=plan,
            parent=parent,
            response=response,
            parts=parts,
            reason=reason,
            status=PlanResponse.Status.OPEN,
            answer_due=timezone.localdate() + dt.timedelta(days=settings.EARLY_REVIEW_ANSWER_DAYS),
        )
    else:
        # Agreement needs no answer: it is closed as soon as it is recorded.
        record = PlanResponse.objects.create(
            plan=plan, parent=parent, response=response, parts=[], reason=reason, status=PlanResponse.Status.RESOLVED
        )
    audit_record(
        actor=parent,
        action=AuditEvent.Action.CREATE,
        pupil=plan.pupil,
        target=AuditEvent.Target.PLAN_RESPONSE,
        target_id=record.pk,
        summary=f"{record.get_response_display()} (version {plan.version})" + (f": {reason[:200]}" if reason else ""),
        via=via,
    )
    return record


def is_open_disagreement(response: PlanResponse) -> bool:
    """Only an open disagreement is resolved (plan_response_resolve; the response page's form)."""
    return response.response == PlanResponse.Response.DISAGREE and response.status == PlanResponse.Status.OPEN


@transaction.atomic
def plan_response_resolve(
    *, response: PlanResponse, actor, resolution: str, via: str = AuditEvent.Via.WEB
) -> PlanResponse:
    """The SENCO or head records how a disagreement was answered; the family sees it."""
    response = PlanResponse.objects.select_for_update().select_related("plan__pupil").get(pk=response.pk)
    if not actor.has_perm("family.resolve_response", response.plan.pupil):
        raise FamilyError("Only the SENCO or head teacher can resolve a disagreement.")
    if not is_open_disagreement(response):
        raise FamilyError("This response is not an open disagreement.")
    resolution = resolution.strip()
    if not resolution:
        raise FamilyError("Write what was agreed or decided, for the family.", field="resolution")
    now = timezone.now()
    response.status = PlanResponse.Status.RESOLVED
    response.resolution = resolution
    response.resolved_by = actor
    response.resolved_at = now
    response.seen_by_school_at = response.seen_by_school_at or now
    response.save(update_fields=["status", "resolution", "resolved_by", "resolved_at", "seen_by_school_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        pupil=response.plan.pupil,
        target=AuditEvent.Target.PLAN_RESPONSE,
        target_id=response.pk,
        summary=f"Disagreement resolved: {resolution[:200]}",
        via=via,
    )
    return response


@transaction.atomic
def plan_response_mark_seen(*, response: PlanResponse, actor) -> PlanResponse:
    if response.seen_by_school_at is None:
        response.seen_by_school_at = timezone.now()
        PlanResponse.objects.filter(pk=response.pk, seen_by_school_at__isnull=True).update(
            seen_by_school_at=response.seen_by_school_at
        )
    return response


# ---------------------------------------------------------------- Home-school messages
#
# A conversation is between the school and one family member (docs/adr/0006). Separated parents
# each write their own; neither reads the other's. The school reads them all.


def _check_writer(pupil, author) -> bool:
    """True when the author writes for the family; school staff write for the school."""
    if _is_family(author):
        return True
    if author.has_perm("family.message_family", pupil):
        return False
    raise FamilyError("You cannot write messages about this pupil.")


def _family_member_for(pupil, *, author, from_family: bool, family_member):
    members = {member.user.pk: member.user for member in selectors.family_members(pupil)}
    if from_family:
        if author.pk not in members or (family_member is not None and family_member.pk != author.pk):
            raise FamilyError("You cannot write messages about this child.")
        return author
    if family_member is None:
        raise FamilyError("Choose who in the family to write to.", field="family_member")
    if family_member.pk not in members:
        raise FamilyError("Choose someone in the family who can use sensupport.", field="family_member")
    return members[family_member.pk]


@transaction.atomic
def message_thread_start(
    *, pupil, author, subject: str, body: str, family_member=None, via: str = AuditEvent.Via.WEB
) -> MessageThread:
    """Start a conversation about one pupil, kept with their record. A family member starts one
    with the school; the school starts one with a family member it names."""
    subject, body = subject.strip(), body.strip()
    if not subject:
        raise FamilyError("Give the conversation a subject.", field="subject")
    if not body:
        raise FamilyError("Write your message.", field="body")
    from_family = _check_writer(pupil, author)
    family_member = _family_member_for(pupil, author=author, from_family=from_family, family_member=family_member)
    thread = MessageThread.objects.create(
        pupil=pupil, family_member=family_member, subject=subject[:200], started_by=author
    )
    message = _message_create(thread=thread, author=author, body=body, from_family=from_family)
    audit_record(
        actor=author,
        action=AuditEvent.Action.CREATE,
        pupil=pupil,
        target=AuditEvent.Target.MESSAGE_THREAD,
        target_id=thread.pk,
        summary=f"Conversation with {family_member.display_name} started: {subject[:100]}",
        via=via,
    )
    _notify(message)
    return thread


@transaction.atomic
def message_send(*, thread: MessageThread, author, body: str, via: str = AuditEvent.Via.WEB) -> Message:
    """Reply in a conversation. The other side is told by email that there is a new message (never
    what it says)."""
    body = body.strip()
    if not body:
        raise FamilyError("Write your message.", field="body")
    from_family = _check_writer(thread.pupil, author)
    if from_family and thread.family_member_id != author.pk:
        raise FamilyError("This conversation is not yours.")
    message = _message_create(thread=thread, author=author, body=body, from_family=from_family)
    audit_record(
        actor=author,
        action=AuditEvent.Action.CREATE,
        pupil=thread.pupil,
        target=AuditEvent.Target.MESSAGE,
        target_id=message.pk,
        summary=f"Message in conversation {thread.pk}",
        via=via,
    )
    _notify(message)
    return message


def _message_create(*, thread, author, body, from_family) -> Message:
    now = timezone.now()
    # The writer has read their own message; the other side has not.
    return Message.objects.create(
        thread=thread,
        author=author,
        body=body,
        from_family=from_family,
        read_by_family_at=now if from_family else None,
        read_by_school_at=None if from_family else now,
    )


def _notify(message: Message) -> None:
    from .notifications import notify_family_of_message, notify_school_of_message

    task = notify_school_of_message if message.from_family else notify_family_of_message
    transaction.on_commit(lambda: task.enqueue(message.pk))


@transaction.atomic
def message_thread_mark_read(*, thread: MessageThread, reader) -> int:
    """Opening a conversation marks the other side's messages read. Returns how many. On the family
    side only the family member the conversation is with can read it."""
    now = timezone.now()
    if _is_family(reader):
        if thread.family_member_id != reader.pk:
            return 0
        return thread.messages.filter(from_family=False, read_by_family_at__isnull=True).update(read_by_family_at=now)
    return thread.messages.filter(from_family=True, read_by_school_at__isnull=True).update(read_by_school_at=now)
