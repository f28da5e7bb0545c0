"""Fetch and authorise in one call. A school's rows (catalogue entries, pay roles, groups): another
school's, or none, is a 404 as if it did not exist; one the role may not use, 403. A support line
comes through its pupil (pupils.access): out of scope 404, not allowed 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from sensupport.plans.models import Plan, Provision
from sensupport.pupils.access import get_pupil_for_user

from .models import Group, Intervention, PayRole


def require(user, perm: str, row=None) -> None:
    if not user.has_perm(perm, row):
        raise PermissionDenied


def _school_row(user, model, row_id, *, perm: str, what: str):
    if not getattr(user, "school_id", None):
        raise Http404(f"No {what} found")
    try:
        row = model.objects.get(pk=row_id, school_id=user.school_id)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No {what} found") from None
    if not user.has_perm(perm, row):
        raise PermissionDenied
    return row


def get_intervention_for_user(user, intervention_id, *, perm: str = "provision.manage_catalogue") -> Intervention:
    return _school_row(user, Intervention, intervention_id, perm=perm, what="intervention")


def get_pay_role_for_user(user, role_id, *, perm: str = "provision.set_pay_rates") -> PayRole:
    return _school_row(user, PayRole, role_id, perm=perm, what="pay role")


def get_group_for_user(user, group_id, *, perm: str = "provision.view_group") -> Group:
    if not getattr(user, "school_id", None):
        raise Http404("No group found")
    try:
        group = Group.objects.select_related("intervention", "intervention__pay_role", "teaching_group").get(
            pk=group_id, teaching_group__school_id=user.school_id
        )
    except (Group.DoesNotExist, ValueError, TypeError):
        raise Http404("No group found") from None
    if not user.has_perm(perm, group):
        raise PermissionDenied
    return group


def get_line_for_user(user, pupil_id, provision_id, *, perm: str = "provision.place_pupil") -> Provision:
    """A support line of the pupil's working plan (draft or current)."""
    pupil = get_pupil_for_user(user, pupil_id, perm=perm)
    try:
        return Provision.objects.select_related("plan", "plan__pupil").get(
            pk=provision_id,
            plan__pupil=pupil,
            plan__status__in=[Plan.Status.DRAFT, Plan.Status.AGREED, Plan.Status.ACTIVE],
        )
    except (Provision.DoesNotExist, ValueError, TypeError):
        raise Http404("No support found") from None
