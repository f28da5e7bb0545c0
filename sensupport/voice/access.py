"""Fetch a walk-through or one of its parts through the pupil: out of scope is 404, not allowed 403."""

from __future__ import annotations

from django.http import Http404

from sensupport.pupils.access import get_pupil_for_user

from .models import Walkthrough, WalkthroughPart


def get_walkthrough_for_user(user, pupil_id, walkthrough_id, *, perm: str = "voice.record_voice") -> Walkthrough:
    pupil = get_pupil_for_user(user, pupil_id, perm=perm)
    try:
        walkthrough = pupil.walkthroughs.get(pk=walkthrough_id)
    except (Walkthrough.DoesNotExist, ValueError, TypeError):
        raise Http404("No walk-through found") from None
    walkthrough.pupil = pupil
    return walkthrough


def get_part_for_user(user, pupil_id, walkthrough_id, *, order=None, part_id=None, perm: str = "voice.record_voice") -> WalkthroughPart:
    walkthrough = get_walkthrough_for_user(user, pupil_id, walkthrough_id, perm=perm)
    lookup = {"order": order} if order is not None else {"pk": part_id}
    try:
        part = walkthrough.parts.get(**lookup)
    except (WalkthroughPart.DoesNotExist, WalkthroughPart.MultipleObjectsReturned, ValueError, TypeError):
        raise Http404("No part of the day found") from None
    part.walkthrough = walkthrough
    return part
