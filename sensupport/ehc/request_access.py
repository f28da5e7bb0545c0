"""Fetch and authorise an EHC request in one call: out of the viewer's scope (or sent to another LA)
is 404; in scope but not allowed is 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sensupport.pupils.access import get_pupil_for_user

from .models import EhcRequest


def get_ehc_request_for_user(user, pupil_id, ehc_request_id, *, perm: str = "ehc.view_request") -> EhcRequest:
    pupil = get_pupil_for_user(user, pupil_id)
    try:
        found = pupil.ehc_requests.select_related("school", "local_authority", "made_by", "review").get(
            pk=ehc_request_id
        )
    except (EhcRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No EHC needs assessment request found") from None
    found.pupil = pupil
    if not user.has_perm("ehc.view_request", found):
        if user.has_perm("ehc.view_la_requests"):  # another LA's request: not theirs to know of
            raise Http404("No EHC needs assessment request found")
        raise PermissionDenied
    if perm != "ehc.view_request" and not user.has_perm(perm, found):
        raise PermissionDenied
    return found
