"""Fetch and authorise in one call. Out of scope answers 404; in scope but not allowed, 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Concern, Pupil


def get_pupil_for_user(user, pupil_id, *, perm: str | None = None) -> Pupil:
    try:
        pupil = (
            Pupil.objects.visible_to(user)
            .select_related("school", "school__local_authority", "home_local_authority")
            .get(pk=pupil_id)
        )
    except (Pupil.DoesNotExist, ValueError, TypeError):
        raise Http404("No pupil found") from None
    if perm and not user.has_perm(perm, pupil):
        raise PermissionDenied
    return pupil


def get_concern_for_user(user, pupil_id, concern_id, *, perm: str | None = None) -> Concern:
    pupil = get_pupil_for_user(user, pupil_id, perm=perm)
    try:
        return pupil.concerns.select_related("raised_by", "decided_by").get(pk=concern_id)
    except (Concern.DoesNotExist, ValueError, TypeError):
        raise Http404("No concern found") from None
