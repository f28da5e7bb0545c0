"""Writes about accounts and sign-in security. Each is one transaction with its audit row."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.errors import ServiceError
from sensupport.core.updates import model_update

from .invitations import invite_to_set_password
from .models import SCHOOL_ROLES, SECURITY_ROLES, Role, User


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


def school_two_factor_set(*, actor: User, required: bool, via: str = AuditEvent.Via.WEB) -> bool:
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
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=AuditEvent.Target.SCHOOL_SETTINGS,
            school=school,
            via=via,
            summary=f"Two-factor sign-in {'required' if required else 'no longer required'} for staff",
            changes={"two_factor_required": [not required, required]},
        )
    return True


def staff_two_factor_reset(*, actor: User, staff: User, via: str = AuditEvent.Via.WEB) -> int:
    """Remove a colleague's authenticator (a lost or replaced phone). They set up a new one at
    their next sign-in if the school requires it. Returns how many devices were removed."""
    if not may_manage_school_security(actor) or staff.school_id != actor.school_id or not staff.is_school_staff:
        raise PermissionDenied("You can only reset two-factor sign-in for staff at your own school.")
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=staff).delete()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=AuditEvent.Target.ACCOUNT,
            target_id=staff.pk,
            school=actor.school,
            via=via,
            summary=f"Two-factor sign-in reset for {staff.display_name}: {removed} authenticator(s) removed",
        )
    return removed


# ---- A school manages its own staff (issue 8). Who may: accounts/permissions.py.

STAFF_TARGET = AuditEvent.Target.STAFF_ACCOUNT


class AccountError(ServiceError):
    """A change the rules refuse. The message says what is wrong and what to do."""


def _require(actor: User, perm: str, staff: User | None = None) -> None:
    if not actor.has_perm(perm, staff):
        raise PermissionDenied("You cannot manage staff accounts at this school.")


def _clean_names(first_name: str, last_name: str) -> tuple[str, str]:
    first, last = (first_name or "").strip(), (last_name or "").strip()
    if not first:
        raise AccountError("Enter their first name.", field="first_name")
    if not last:
        raise AccountError("Enter their last name.", field="last_name")
    if len(first) > 150 or len(last) > 150:
        raise AccountError(
            "Names must be 150 characters or fewer.", field="first_name" if len(first) > 150 else "last_name"
        )
    return first, last


def _check_role(actor: User, role: str, staff: User | None = None) -> None:
    if role not in SCHOOL_ROLES:
        raise AccountError(
            "Choose their role: SENCO, head teacher, class teacher, teaching assistant or school administrator.",
            field="role",
        )
    touches_head = role == Role.HEAD or (staff is not None and staff.role == Role.HEAD)
    if touches_head and not actor.has_perm("accounts.manage_heads", staff):
        raise AccountError("Only a head teacher can give or take away the head teacher role.", field="role")


def _would_leave_school_without(staff: User, role: str) -> bool:
    """Whether taking `staff` out of `role` leaves their school with nobody active in it."""
    return (
        staff.role == role
        and not User.objects.filter(school_id=staff.school_id, role=role, is_active=True).exclude(pk=staff.pk).exists()
    )


def _check_keeps_leads(staff: User, new_role: str | None) -> None:
    for role in (Role.SENCO, Role.HEAD):
        if new_role != role and _would_leave_school_without(staff, role):
            label = "SENCO" if role == Role.SENCO else "head teacher"
            raise AccountError(
                f"{staff.display_name} is the school's only {label}. Add another {label} first, then try again."
            )


def staff_create(
    *, actor: User, email: str, first_name: str, last_name: str, role: str, via: str = AuditEvent.Via.WEB
) -> User:
    """A new member of staff at the actor's school. Their email address is their username. They
    get an email (through the task queue) inviting them to choose a password; there is none until then."""
    _require(actor, "accounts.manage_staff")
    email = _clean_email(email)
    first, last = _clean_names(first_name, last_name)
    _check_role(actor, role)
    return _invited_account_create(
        actor=actor,
        school=actor.school,
        email=email,
        first_name=first,
        last_name=last,
        role=role,
        via=via,
        taken="There is already an account with this email address. Use a different address, "
        "or if they have left another school, ask the service administrator.",
        target=STAFF_TARGET,
        changes={"email": email, "role": role},
        summary=lambda user: (
            f"Staff account added for {user.display_name} ({user.get_role_display()}); invited to set a password"
        ),
    )


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError(
            "Enter their email address in the right format, like name@school.example.", field="email"
        ) from None
    return email


def _invited_account_create(
    *,
    actor: User,
    school,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    via: str,
    taken: str,
    target: str,
    changes: dict,
    summary,
) -> User:
    """The one writer of a new password-using account: no password until the person chooses one
    from the invitation (queued after commit, so a rolled-back account gets no email)."""
    with transaction.atomic():
        if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
            raise AccountError(taken, field="email")
        user = User(username=email, email=email, first_name=first_name, last_name=last_name, role=role, school=school)
        user.set_unusable_password()
        user.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            target=target,
            target_id=user.pk,
            school=school,
            via=via,
            summary=summary(user),
            changes=changes,
        )
        transaction.on_commit(lambda: invite_to_set_password(user))
    return user


def staff_update(
    *, actor: User, staff: User, first_name: str, last_name: str, role: str, via: str = AuditEvent.Via.WEB
) -> bool:
    """Change a colleague's names or role. Returns whether anything changed."""
    _require(actor, "accounts.manage_staff", staff)
    first, last = _clean_names(first_name, last_name)
    with transaction.atomic():
        staff = User.objects.select_for_update().get(pk=staff.pk)
        if role != staff.role:
            if staff.pk == actor.pk:
                raise AccountError(
                    "You cannot change your own role: ask another SENCO, head teacher or school administrator.",
                    field="role",
                )
            _check_role(actor, role, staff)
            _lock_school_leads(staff)
            _check_keeps_leads(staff, role)
        changes = model_update(staff, first_name=first, last_name=last, role=role)
        if not changes:
            return False
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=STAFF_TARGET,
            target_id=staff.pk,
            school=actor.school,
            via=via,
            summary=f"Staff account changed for {staff.display_name}",
            changes=changes,
        )
    return True


def _lock_school_leads(staff: User) -> None:
    """Lock the school's SENCOs and heads so two deactivations at once cannot both pass the
    'another SENCO or head' check."""
    list(
        User.objects.select_for_update()
        .filter(school_id=staff.school_id, role__in=[Role.SENCO, Role.HEAD])
        .values_list("pk", flat=True)
    )


def staff_deactivate(*, actor: User, staff: User, via: str = AuditEvent.Via.WEB) -> bool:
    """Switch a colleague's account off: they sign in nowhere (password, code or an existing
    session) and see no pupil; their audit history stays. Returns whether anything changed."""
    _require(actor, "accounts.manage_staff", staff)
    if staff.pk == actor.pk:
        raise AccountError(
            "You cannot switch off your own account: ask another SENCO, head teacher or school administrator."
        )
    if staff.role == Role.HEAD and not actor.has_perm("accounts.manage_heads", staff):
        raise AccountError("Only a head teacher can switch off a head teacher's account.")
    with transaction.atomic():
        _lock_school_leads(staff)
        staff = User.objects.select_for_update().get(pk=staff.pk)
        if not staff.is_active:
            return False
        _check_keeps_leads(staff, None)
        staff.is_active = False
        staff.save(update_fields=["is_active"])
        _end_sessions_of(staff)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=STAFF_TARGET,
            target_id=staff.pk,
            school=actor.school,
            via=via,
            summary=f"Staff account switched off for {staff.display_name}",
            changes={"is_active": [True, False]},
        )
    return True


def _end_sessions_of(user: User) -> None:
    """Delete the database sessions that belong to this user. Django's auth already refuses an
    inactive user on every request (ModelBackend.get_user); this also clears the stored sessions."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            session.delete()


def staff_reactivate(*, actor: User, staff: User, via: str = AuditEvent.Via.WEB) -> bool:
    """Switch a colleague's account back on. Returns whether anything changed."""
    _require(actor, "accounts.manage_staff", staff)
    if staff.role == Role.HEAD and not actor.has_perm("accounts.manage_heads", staff):
        raise AccountError("Only a head teacher can switch a head teacher's account back on.")
    with transaction.atomic():
        staff = User.objects.select_for_update().get(pk=staff.pk)
        if staff.is_active:
            return False
        staff.is_active = True
        staff.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=STAFF_TARGET,
            target_id=staff.pk,
            school=actor.school,
            via=via,
            summary=f"Staff account switched back on for {staff.display_name}",
            changes={"is_active": [False, True]},
        )
    return True


def staff_invite(*, actor: User, staff: User, via: str = AuditEvent.Via.WEB) -> None:
    """Send a colleague a new link to choose their password (the first one expired, or they lost
    it). The link in any earlier email keeps working until a password is set."""
    _require(actor, "accounts.manage_staff", staff)
    if not staff.is_active:
        raise AccountError(f"{staff.display_name}'s account is switched off. Switch it back on first.")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            target=STAFF_TARGET,
            target_id=staff.pk,
            school=actor.school,
            via=via,
            summary=f"{staff.display_name} sent a link to choose a password",
        )
        transaction.on_commit(lambda: invite_to_set_password(staff))


# ---- A school's first SENCO or head teacher, created by the service administrator.

LEADER_ROLES = (Role.SENCO, Role.HEAD)


def school_leader_create(
    *, actor: User, school, role: str, email: str, first_name: str, last_name: str, via: str = AuditEvent.Via.WEB
) -> User:
    """The service administrator creates a new school's first SENCO or head teacher (there is
    nobody at the school yet who could). They are invited, like any member of staff, to choose
    their own password (accounts/invitations.py); they then add the rest of the staff."""
    if actor.role != Role.SERVICE_ADMIN:
        raise PermissionDenied("Only the service administrator creates a school's first SENCO or head teacher.")
    if role not in LEADER_ROLES:
        raise AccountError("Choose SENCO or head teacher.", field="role")
    email = _clean_email(email)
    first, last = _clean_names(first_name, last_name)
    return _invited_account_create(
        actor=actor,
        school=school,
        email=email,
        first_name=first,
        last_name=last,
        role=role,
        via=via,
        taken=f"There is already an account for {email}.",
        target=AuditEvent.Target.ACCOUNT,
        changes={"email": email, "role": role, "school": school.urn},
        summary=lambda user: (
            f"{user.get_role_display()} account for {user.display_name} created at {school.name}; invited to set a "
            "password"
        ),
    )


def professional_create(*, actor: User, email: str, first_name: str, last_name: str, via: str = AuditEvent.Via.WEB):
    """A new outside professional's account (the service they belong to is recorded by the caller,
    referrals.services.service_member_add, in the same transaction). Invited to set a password."""
    email = _clean_email(email)
    first, last = _clean_names(first_name, last_name)
    return _invited_account_create(
        actor=actor,
        school=None,
        email=email,
        first_name=first,
        last_name=last,
        role=Role.PROFESSIONAL,
        via=via,
        taken="There is already an account with this email address.",
        target=AuditEvent.Target.ACCOUNT,
        changes={"email": email, "role": Role.PROFESSIONAL.value},
        summary=lambda user: f"Outside professional's account added for {user.display_name}; invited to set a password",
    )
