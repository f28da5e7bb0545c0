"""Fetch and authorise in one call: a pupil outside the user's scope is 404, in scope but not allowed 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sensupport.pupils.access import get_pupil_for_user
from sensupport.pupils.models import Pupil


def get_progress_pupil_for_user(user, pupil_id, *, perm: str = "progress.view_progress") -> Pupil:
    return get_pupil_for_user(user, pupil_id, perm=perm)


def require_perm(user, perm: str) -> None:
    """A school-level page (no pupil): 403 unless the user holds the permission and has a school."""
    if not user.has_perm(perm) or not getattr(user, "school_id", None):
        raise PermissionDenied
