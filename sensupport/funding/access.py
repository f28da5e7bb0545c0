"""Fetch and authorise in one call: out of scope 404, in scope but not allowed 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sensupport.pupils.access import get_pupil_for_user

from .models import TopUpRequest


def get_topup_for_user(user, pupil_id, topup_id, *, perm: str = "funding.view_topup") -> TopUpRequest:
    pupil = get_pupil_for_user(user, pupil_id)
    try:
        request = pupil.topup_requests.select_related("local_authority", "school", "created_by").get(pk=topup_id)
    except (TopUpRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No top-up request found") from None
    request.pupil = pupil
    if not user.has_perm(perm, request):
        raise PermissionDenied
    return request
