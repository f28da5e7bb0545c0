"""Fetch and authorise in one call. Out of scope answers 404; in scope but not allowed, 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sensupport.core.prepared import PreparedQuery

from .models import Concern, Pupil, whole_school_of

_RELATED = ("school", "school__local_authority", "home_local_authority")

# A whole-school viewer's pupil (most views of a pupil): compiled once (core/prepared.py), over the
# same rule as visible_to (whole_school_of and PupilQuerySet.whole_school).
_PUPIL_AT_SCHOOL = PreparedQuery(
    lambda school_id, pupil_id: Pupil.objects.whole_school(school_id).select_related(*_RELATED).filter(pk=pupil_id)
)


def get_pupil_for_user(user, pupil_id, *, perm: str | None = None) -> Pupil:
    try:
        if (school_id := whole_school_of(user)) is not None:
            found = _PUPIL_AT_SCHOOL(school_id, int(pupil_id))
            if not found:
                raise Pupil.DoesNotExist
            pupil = found[0]
        else:
            pupil = Pupil.objects.visible_to(user).select_related(*_RELATED).get(pk=pupil_id)
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
