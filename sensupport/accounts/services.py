"""Writes about accounts and sign-in security. Each is one transaction with its audit row."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from sensupport.audit.services import audit_record

from .models import Role, User

SECURITY_ROLES = frozenset({Role.HEAD, Role.SCHOOL_ADMIN})


def may_manage_school_security(user) -> bool:
    """A head or school administrator, in a session that has passed two-factor sign-in.

    Turning two-factor off for a school, or resetting a colleague's authenticator, must never be
    possible with a password alone (docs/adr/0007-two-factor-flow.md)."""
    return bool(
        user.is_authenticated
        and user.role in SECURITY_ROLES
        and user.school_id
        and getattr(user, "is_verified", lambda: False)()
    )


def school_two_factor_set(*, actor: User, required: bool, via: str = "web") -> bool:
    """Require (or stop requiring) two-factor sign-in for every member of staff at the actor's
    school. Returns whether anything changed."""
    if not may_manage_school_security(actor):
        raise PermissionDenied("Only a head or school administrator signed in with two-factor can change this.")
    from sensupport.organisations.models import School

    with transaction.atomic():
        school = School.objects.select_for_update().get(pk=actor.school_id)
        if school.two_factor_required == required:
            return False
        school.two_factor_required = required
        school.save(update_fields=["two_factor_required"])
        audit_record(actor=actor, action="update", target="school settings", school=school, via=via,
                     summary=f"Two-factor sign-in {'required' if required else 'no longer required'} for staff",
                     changes={"two_factor_required": [not required, required]})
    return True


def staff_two_factor_reset(*, actor: User, staff: User, via: str = "web") -> int:
    """Remove a colleague's authenticator (a lost or replaced phone). They set up a new one at
    their next sign-in if the school requires it. Returns how many devices were removed."""
    if not may_manage_school_security(actor) or staff.school_id != actor.school_id or not staff.is_school_staff:
        raise PermissionDenied("You can only reset two-factor sign-in for staff at your own school.")
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=staff).delete()
        audit_record(actor=actor, action="update", target="account", target_id=staff.pk, school=actor.school, via=via,
                     summary=f"Two-factor sign-in reset for {staff.display_name}: {removed} authenticator(s) removed")
    return removed
