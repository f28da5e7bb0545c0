"""Reads for what families contribute: the SENCO's inbox, conversations and unread counts,
meeting preparation, the parts of a plan a parent may disagree with.

The inbox reads a fixed number of queries however many items it holds (one per kind)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from sensupport.pupils.models import Pupil

from .models import Consent, MeetingPrep, Message, MessageThread, PlanResponse

CONSENT_WITHDRAWN_DAYS = 30


# ---------------------------------------------------------------- Meeting preparation


def prep_for_review(pupil) -> MeetingPrep | None:
    """The family's latest preparation for this pupil that no review has used yet."""
    return pupil.meeting_preps.filter(used_in_review__isnull=True).select_related("parent").order_by("-updated_at", "-pk").first()


def prep_editable_by(pupil, parent) -> MeetingPrep | None:
    """The parent's own latest preparation that they may still change."""
    return pupil.meeting_preps.filter(parent=parent, used_in_review__isnull=True).order_by("-updated_at", "-pk").first()


# ---------------------------------------------------------------- Plan responses


def plan_parts(plan) -> list[tuple[str, str]]:
    """Every part of a plan a parent may disagree with, as (key, label in plain words)."""
    parts: list[tuple[str, str]] = [("barriers", "What the plan says gets in the way of my child's learning (the barriers)")]
    for n, outcome in enumerate(plan.outcomes.all(), start=1):
        parts.append((f"outcome:{outcome.pk}", f"Outcome {n}: {outcome.description}"))
    for n, provision in enumerate(plan.provisions.all(), start=1):
        parts.append((f"provision:{provision.pk}", f"Support {n}: {provision.description}"))
    review = f" ({plan.review_date:%-d %B %Y})" if plan.review_date else ""
    parts.append(("review_date", f"The date of the next review{review}"))
    parts.append(("other", "Something else"))
    return parts


def part_labels(plan, keys) -> list[str]:
    labels = dict(plan_parts(plan))
    return [labels.get(key, "A part of the plan that has since changed") for key in keys]


# ---------------------------------------------------------------- Messages


def threads_for(pupil, *, for_family: bool):
    """A pupil's conversations, newest activity first, with how many messages the reader has not read."""
    unread = (
        Q(messages__from_family=False, messages__read_by_family_at__isnull=True)
        if for_family
        else Q(messages__from_family=True, messages__read_by_school_at__isnull=True)
    )
    return (
        pupil.message_threads.select_related("started_by")
        .annotate(unread=Count("messages", filter=unread), last_at=Max("messages__sent_at"), message_count=Count("messages"))
        .order_by("-last_at", "-pk")
    )


def unread_count(pupil, *, for_family: bool) -> int:
    """Messages about this pupil the family (or the school) has not read yet."""
    if for_family:
        return Message.objects.filter(thread__pupil=pupil, from_family=False, read_by_family_at__isnull=True).count()
    return Message.objects.filter(thread__pupil=pupil, from_family=True, read_by_school_at__isnull=True).count()


def unread_counts_for_family(user) -> dict[int, int]:
    """For a parent's home page: unread messages from school per child they can see, in one query."""
    rows = (
        Message.objects.filter(thread__pupil__in=Pupil.objects.visible_to(user), from_family=False, read_by_family_at__isnull=True)
        .values("thread__pupil_id")
        .annotate(n=Count("pk"))
    )
    return {row["thread__pupil_id"]: row["n"] for row in rows}


# ---------------------------------------------------------------- The SENCO's inbox


@dataclass(frozen=True)
class InboxItem:
    kind: str  # prep, disagreement, agreement, early_review, message, consent, about_me, walkthrough
    label: str  # what it is, for the tag
    pupil: Pupil
    title: str
    detail: str
    at: dt.datetime
    url: str = ""  # empty for pupil voice: the template resolves voice:staff_voice safely
    due: dt.date | None = None
    overdue: bool = False

    @property
    def needs_answer(self) -> bool:
        return self.due is not None


def inbox_items(user, *, today: dt.date | None = None) -> list[InboxItem]:
    """Everything families have contributed that the school has not dealt with yet, newest first.
    Scope is the user's pupils (Pupil.objects.visible_to): for a SENCO or head, their school."""
    from sensupport.reviews.models import EarlyReviewRequest
    from sensupport.voice.models import AboutMe, Walkthrough

    today = today or timezone.localdate()
    pupils = Pupil.objects.visible_to(user).values("pk")
    items: list[InboxItem] = []

    for prep in MeetingPrep.objects.filter(pupil__in=pupils, seen_by_school_at__isnull=True, used_in_review__isnull=True).select_related("pupil", "parent"):
        when = f" for the meeting on {prep.meeting_on:%-d %B %Y}" if prep.meeting_on else ""
        items.append(InboxItem(
            "prep", "Preparation", prep.pupil, f"{_who(prep.parent)} has prepared{when}",
            _snippet(prep.barriers_at_home or prep.what_helps_at_home or prep.other_questions), prep.updated_at,
            reverse("family:staff_prep", args=[prep.pupil_id, prep.pk]),
        ))

    responses = PlanResponse.objects.filter(plan__pupil__in=pupils).filter(
        Q(response=PlanResponse.Response.DISAGREE, status=PlanResponse.Status.OPEN)
        | Q(response=PlanResponse.Response.AGREE, seen_by_school_at__isnull=True)
    ).select_related("plan__pupil", "parent")
    for response in responses:
        pupil = response.plan.pupil
        url = reverse("family:response", args=[pupil.pk, response.pk])
        if response.response == PlanResponse.Response.DISAGREE:
            items.append(InboxItem(
                "disagreement", "Disagreement", pupil, f"{_who(response.parent)} disagrees with part of plan version {response.plan.version}",
                _snippet(response.reason), response.created_at, url, response.answer_due,
                bool(response.answer_due and response.answer_due < today),
            ))
        else:
            items.append(InboxItem(
                "agreement", "Agreement", pupil, f"{_who(response.parent)} agrees with plan version {response.plan.version}",
                _snippet(response.reason), response.created_at, url,
            ))

    for req in EarlyReviewRequest.objects.filter(pupil__in=pupils, answered_at__isnull=True).select_related("pupil", "requested_by"):
        items.append(InboxItem(
            "early_review", "Early review", req.pupil, f"{_who(req.requested_by)} asks for an early review",
            _snippet(req.reason), req.requested_at, reverse("reviews:early_review_answer", args=[req.pupil_id, req.pk]),
            req.answer_due, req.answer_due < today,
        ))

    threads = (
        MessageThread.objects.filter(pupil__in=pupils, messages__from_family=True, messages__read_by_school_at__isnull=True)
        .annotate(unread=Count("messages"), last_at=Max("messages__sent_at"))
        .select_related("pupil")
    )
    for thread in threads:
        plural = "s" if thread.unread != 1 else ""
        items.append(InboxItem(
            "message", "Message", thread.pupil, f"{thread.unread} unread message{plural}: {thread.subject}", "",
            thread.last_at, reverse("family:staff_thread", args=[thread.pupil_id, thread.pk]),
        ))

    since = timezone.now() - dt.timedelta(days=CONSENT_WITHDRAWN_DAYS)
    for consent in Consent.objects.filter(pupil__in=pupils, withdrawn_at__gte=since).select_related("pupil", "withdrawn_by"):
        items.append(InboxItem(
            "consent", "Consent", consent.pupil, f"{_who(consent.withdrawn_by)} withdrew consent: {consent.get_kind_display().lower()}",
            _snippet(consent.purpose), consent.withdrawn_at, reverse("portal:staff_consents", args=[consent.pupil_id]),
        ))

    for about in AboutMe.objects.filter(pupil__in=pupils, seen_by_school_at__isnull=True).select_related("pupil"):
        items.append(InboxItem("about_me", "Pupil voice", about.pupil, "New 'about me' in the pupil's words", _snippet(about.hard or about.helps), about.created_at))
    for walk in Walkthrough.objects.filter(pupil__in=pupils, seen_by_school_at__isnull=True).select_related("pupil"):
        items.append(InboxItem("walkthrough", "Pupil voice", walk.pupil, "New walk-through of the school day", "", walk.completed_at or walk.created_at))

    items.sort(key=lambda item: item.at, reverse=True)
    return items


def _who(user) -> str:
    return user.display_name if user is not None else "Someone"


def _snippet(text: str, length: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
