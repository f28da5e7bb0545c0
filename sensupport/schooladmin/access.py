"""Fetch and authorise in one call for the school set-up pages. A row of another school (or of
none) answers 404, as if it did not exist; a role that may not manage it, 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sensupport.accounts.models import SCHOOL_ROLES, User
from sensupport.pupils.access import get_pupil_for_user
from sensupport.pupils.models import ParentLink, TeachingGroup


def require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


def get_staff_for_user(user, staff_id) -> User:
    if not user.school_id:
        raise Http404("No member of staff found")
    try:
        staff = User.objects.get(pk=staff_id, school_id=user.school_id, role__in=sorted(SCHOOL_ROLES))
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404("No member of staff found") from None
    if not user.has_perm("accounts.manage_staff", staff):
        raise PermissionDenied
    return staff


def get_group_for_user(user, group_id) -> TeachingGroup:
    if not user.school_id:
        raise Http404("No group found")
    try:
        group = TeachingGroup.objects.select_related("school").get(pk=group_id, school_id=user.school_id)
    except (TeachingGroup.DoesNotExist, ValueError, TypeError):
        raise Http404("No group found") from None
    if not user.has_perm("pupils.manage_groups", group):
        raise PermissionDenied
    return group


def get_contact_for_user(user, pupil_id, contact_id) -> ParentLink:
    pupil = get_pupil_for_user(user, pupil_id, perm="pupils.manage_contacts")
    try:
        return pupil.parent_links.select_related("parent", "pupil", "pupil__school").get(pk=contact_id)
    except (ParentLink.DoesNotExist, ValueError, TypeError):
        raise Http404("No parent or carer found") from None
