"""Reads for what families contribute: the SENCO's inbox, conversations and unread counts,
meeting preparation, the parts of a plan a parent may disagree with.

The inbox reads a fixed number of queries however many items it holds (one per kind)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from sensupport.accounts.models import Role, User
from sensupport.core.prepared import PreparedQuery
from sensupport.pupils.models import Pupil

from .models import Consent, MeetingPrep, Message, MessageThread, PlanResponse

CONSENT_WITHDRAWN_DAYS = 30


# ---------------------------------------------------------------- Meeting preparation


def preps_for_review(pupil) -> list[MeetingPrep]:
    """Each family member's latest preparation for this pupil that no review has used yet, newest
    first: separated parents each prepare, and the review hears both (docs/adr/0006)."""
    latest: dict[int | None, MeetingPrep] = {}
    for prep in (
        pupil.meeting_preps.filter(used_in_review__isnull=True).select_related("parent").order_by("-updated_at", "-pk")
    ):
        latest.setdefault(prep.parent_id, prep)
    return list(latest.values())


def prep_editable_by(pupil, parent) -> MeetingPrep | None:
    """The parent's own latest preparation that they may still change."""
    return pupil.meeting_preps.filter(parent=parent, used_in_review__isnull=True).order_by("-updated_at", "-pk").first()


# ---------------------------------------------------------------- Plan responses


def plan_parts(plan) -> list[tuple[str, str]]:
    """Every part of a plan a parent may disagree with, as (key, label in plain words)."""
    parts: list[tuple[str, str]] = [("barriers", "What the plan says gets in the way of learning (the barriers)")]
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


# ---------------------------------------------------------------- The family's members


@dataclass(frozen=True)
class FamilyMember:
    """Someone in a pupil's family with their own account: a parent or carer with parental
    responsibility, or the young person themself (16 and over)."""

    user: User
    relationship: str  # "Mother", "Carer", ... or "the young person"

    @property
    def label(self) -> str:
        return _named(self.user, self.relationship)


def _named(user, relationship: str) -> str:
    return f"{user.display_name} ({relationship[:1].lower() + relationship[1:]})"


def family_members(pupil) -> list[FamilyMember]:
    """Everyone in the family who may use the pupil's record: open links with parental
    responsibility, and the young person's own account. Active accounts only."""
    members = [
        FamilyMember(link.parent, link.relationship or "Parent")
        for link in pupil.parent_links.filter(
            has_parental_responsibility=True, ended_at__isnull=True, parent__is_active=True
        )
        .select_related("parent")
        .order_by("pk")
    ]
    account = User.objects.filter(own_pupil_record=pupil, role=Role.YOUNG_PERSON, is_active=True).first()
    if account is not None:
        members.append(FamilyMember(account, "the young person"))
    return members


# ---------------------------------------------------------------- Messages
#
# Each conversation is between the school and one family member (docs/adr/0006): a parent reads
# and answers only their own; the school reads them all, each labelled with who it is with.


def _unread_for(*, for_family: bool, prefix: str = "") -> Q:
    if for_family:
        return Q(**{f"{prefix}from_family": False, f"{prefix}read_by_family_at__isnull": True})
    return Q(**{f"{prefix}from_family": True, f"{prefix}read_by_school_at__isnull": True})


def threads_for(pupil, *, for_family: bool, reader=None):
    """A pupil's conversations, newest activity first, with how many messages the reader has not
    read. The family side is the reader's own conversations only."""
    threads = pupil.message_threads.all()
    if for_family:
        threads = threads.filter(family_member=_family_reader(reader))
    return (
        threads.select_related("started_by", "family_member")
        .annotate(
            unread=Count("messages", filter=_unread_for(for_family=for_family, prefix="messages__")),
            last_at=Max("messages__sent_at"),
            message_count=Count("messages"),
        )
        .order_by("-last_at", "-pk")
    )


# Compiled once (core/prepared.py): one row, the count, or none when nothing is unread.
_UNREAD_BY_SCHOOL = PreparedQuery(
    lambda pupil_id: (
        Message.objects.filter(_unread_for(for_family=False), thread__pupil_id=pupil_id)
        .order_by()
        .values("thread__pupil_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
)


def unread_count(pupil, *, for_family: bool, reader=None) -> int:
    """Messages about this pupil the school (or, with reader, that family member) has not read yet."""
    if not for_family:  # the school's side: every staff pupil page asks
        return sum(_UNREAD_BY_SCHOOL(pupil.pk))
    messages = Message.objects.filter(_unread_for(for_family=for_family), thread__pupil=pupil)
    if for_family:
        messages = messages.filter(thread__family_member=_family_reader(reader))
    return messages.count()


def unread_counts_for_family(user) -> dict[int, int]:
    """For a family member's home page: unread messages from school per child, in one query."""
    rows = (
        Message.objects.filter(
            _unread_for(for_family=True), thread__pupil__in=Pupil.objects.visible_to(user), thread__family_member=user
        )
        .values("thread__pupil_id")
        .annotate(n=Count("pk"))
    )
    return {row["thread__pupil_id"]: row["n"] for row in rows}


def _family_reader(reader):
    if reader is None or not getattr(reader, "pk", None):
        raise ValueError("The family side of the messages is per family member: pass the reader.")
    return reader


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
    who = family_labels(pupils)
    items: list[InboxItem] = []

    for prep in MeetingPrep.objects.filter(
        pupil__in=pupils, seen_by_school_at__isnull=True, used_in_review__isnull=True
    ).select_related("pupil", "parent"):
        when = f" for the meeting on {prep.meeting_on:%-d %B %Y}" if prep.meeting_on else ""
        items.append(
            InboxItem(
                "prep",
                "Preparation",
                prep.pupil,
                f"{who(prep.pupil_id, prep.parent)} has prepared{when}",
                _snippet(prep.barriers_at_home or prep.what_helps_at_home or prep.other_questions),
                prep.updated_at,
                reverse("family:staff_prep", args=[prep.pupil_id, prep.pk]),
            )
        )

    responses = (
        PlanResponse.objects.filter(plan__pupil__in=pupils)
        .filter(
            Q(response=PlanResponse.Response.DISAGREE, status=PlanResponse.Status.OPEN)
            | Q(response=PlanResponse.Response.AGREE, seen_by_school_at__isnull=True)
        )
        .select_related("plan__pupil", "parent")
    )
    for response in responses:
        pupil = response.plan.pupil
        url = reverse("family:response", args=[pupil.pk, response.pk])
        if response.response == PlanResponse.Response.DISAGREE:
            items.append(
                InboxItem(
                    "disagreement",
                    "Disagreement",
                    pupil,
                    f"{who(pupil.pk, response.parent)} disagrees with part of plan version {response.plan.version}",
                    _snippet(response.reason),
                    response.created_at,
                    url,
                    response.answer_due,
                    bool(response.answer_due and response.answer_due < today),
                )
            )
        else:
            items.append(
                InboxItem(
                    "agreement",
                    "Agreement",
                    pupil,
                    f"{who(pupil.pk, response.parent)} agrees with plan version {response.plan.version}",
                    _snippet(response.reason),
                    response.created_at,
                    url,
                )
            )

    for req in EarlyReviewRequest.objects.filter(pupil__in=pupils, answered_at__isnull=True).select_related(
        "pupil", "requested_by"
    ):
        items.append(
            InboxItem(
                "early_review",
                "Early review",
                req.pupil,
                f"{who(req.pupil_id, req.requested_by)} asks for an early review",
                _snippet(req.reason),
                req.requested_at,
                reverse("reviews:early_review_answer", args=[req.pupil_id, req.pk]),
                req.answer_due,
                req.answer_due < today,
            )
        )

    threads = (
        MessageThread.objects.filter(
            pupil__in=pupils, messages__from_family=True, messages__read_by_school_at__isnull=True
        )
        .annotate(unread=Count("messages"), last_at=Max("messages__sent_at"))
        .select_related("pupil", "family_member")
    )
    for thread in threads:
        plural = "s" if thread.unread != 1 else ""
        items.append(
            InboxItem(
                "message",
                "Message",
                thread.pupil,
                f"{thread.unread} unread message{plural} from {who(thread.pupil_id, thread.family_member)}: "
                f"{thread.subject}",
                "",
                thread.last_at,
                reverse("family:staff_thread", args=[thread.pupil_id, thread.pk]),
            )
        )

    since = timezone.now() - dt.timedelta(days=CONSENT_WITHDRAWN_DAYS)
    for consent in Consent.objects.filter(pupil__in=pupils, withdrawn_at__gte=since).select_related(
        "pupil", "withdrawn_by"
    ):
        items.append(
            InboxItem(
                "consent",
                "Consent",
                consent.pupil,
                f"{who(consent.pupil_id, consent.withdrawn_by)} withdrew consent: {consent.get_kind_display().lower()}",
                _snippet(consent.purpose),
                consent.withdrawn_at,
                reverse("portal:staff_consents", args=[consent.pupil_id]),
            )
        )

    for about in AboutMe.objects.filter(pupil__in=pupils, seen_by_school_at__isnull=True).select_related(
        "pupil", "recorded_by"
    ):
        items.append(
            InboxItem(
                "about_me",
                "Pupil voice",
                about.pupil,
                f"New 'about me' in the pupil's words{_with(who, about)}",
                _snippet(about.hard or about.helps),
                about.created_at,
            )
        )
    for walk in Walkthrough.objects.filter(pupil__in=pupils, seen_by_school_at__isnull=True).select_related(
        "pupil", "recorded_by"
    ):
        items.append(
            InboxItem(
                "walkthrough",
                "Pupil voice",
                walk.pupil,
                f"New walk-through of the school day{_with(who, walk)}",
                "",
                walk.completed_at or walk.created_at,
            )
        )

    items.sort(key=lambda item: item.at, reverse=True)
    return items


def family_labels(pupils):
    """who(pupil_id, user): a family member named with who they are to the pupil ("Emma Clarke
    (mother)"), anyone else by name. Two queries however many pupils (for the school's pages)."""
    from sensupport.pupils.models import ParentLink

    relationships = {
        (pupil_id, parent_id): relationship or "Parent"
        for pupil_id, parent_id, relationship in ParentLink.objects.filter(pupil__in=pupils).values_list(
            "pupil_id", "parent_id", "relationship"
        )
    }
    relationships.update(
        {
            (pupil_id, user_id): "the young person"
            for user_id, pupil_id in User.objects.filter(
                own_pupil_record__in=pupils, role=Role.YOUNG_PERSON
            ).values_list("pk", "own_pupil_record_id")
        }
    )

    def who(pupil_id: int, user) -> str:
        if user is None:
            return "Someone"
        relationship = relationships.get((pupil_id, user.pk))
        return _named(user, relationship) if relationship else user.display_name

    return who


def _with(who, entry) -> str:
    """Pupil voice is recorded by someone, with the pupil: say who."""
    return f", recorded by {who(entry.pupil_id, entry.recorded_by)}" if entry.recorded_by_id else ""


def _snippet(text: str, length: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
