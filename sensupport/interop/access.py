"""Fetch and authorise in one call: no permission is 403, another school's upload is 404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import ImportBatch

IMPORT_PERMISSION = "pupils.import_pupils"


def require_import_permission(user) -> None:
    if not user.has_perm(IMPORT_PERMISSION) or not user.school_id:
        raise PermissionDenied


def get_batch_for_user(user, batch_id) -> ImportBatch:
    require_import_permission(user)
    try:
        return ImportBatch.objects.select_related("school", "uploaded_by").get(pk=batch_id, school_id=user.school_id)
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404("No upload found") from None
