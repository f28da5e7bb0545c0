"""Fetch a walk-through or one of its parts through the pupil: out of scope is 404, not allowed 403.

A walk-through belongs to the person who went through the day with the pupil (docs/adr/0006). A
parent, carer or young person finds only their own: another family member's is not found. School
staff read every walk-through; only its recorder changes its answers (403 for anyone else)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sensupport.pupils.access import get_pupil_for_user

from .models import Walkthrough, WalkthroughPart


def walkthroughs_visible_to(user, pupil):
    """The pupil's walk-throughs this user may read: a family member's own, or all for staff."""
    walkthroughs = pupil.walkthroughs.all()
    if user.is_family:
        walkthroughs = walkthroughs.filter(recorded_by=user)
    return walkthroughs


def get_walkthrough_for_user(user, pupil_id, walkthrough_id, *, perm: str = "voice.record_voice") -> Walkthrough:
    pupil = get_pupil_for_user(user, pupil_id, perm=perm)
    try:
        walkthrough = walkthroughs_visible_to(user, pupil).get(pk=walkthrough_id)
    except (Walkthrough.DoesNotExist, ValueError, TypeError):
        raise Http404("No walk-through found") from None
    walkthrough.pupil = pupil
    return walkthrough


def get_part_for_user(
    user,
    pupil_id,
    walkthrough_id,
    *,
    order=None,
    part_id=None,
    perm: str = "voice.record_voice",
    to_answer: bool = False,
) -> WalkthroughPart:
    """One part of the day. to_answer: the user is going to give (or change) its answer, which only
    the walk-through's recorder may do."""
    walkthrough = get_walkthrough_for_user(user, pupil_id, walkthrough_id, perm=perm)
    if to_answer and walkthrough.recorded_by_id != user.pk:
        raise PermissionDenied("Only the person who went through this day with the pupil can change its answers.")
    lookup = {"order": order} if order is not None else {"pk": part_id}
    try:
        part = walkthrough.parts.get(**lookup)
    except (WalkthroughPart.DoesNotExist, WalkthroughPart.MultipleObjectsReturned, ValueError, TypeError):
        raise Http404("No part of the day found") from None
    part.walkthrough = walkthrough
    return part
