"""A school's first SENCO or head teacher: the service administrator creates the account, and the
person is emailed (through the task queue) a link to set their own password. The link carries
Django's password-reset token, which stops working once the password is set; the email never
holds a password."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record

from .login_codes import normalise_email
from .models import Role, User

LEADER_ROLES = (Role.SENCO, Role.HEAD)


class AccountError(Exception):
    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(message)


def set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:set_password", kwargs={"uidb64": uid, "token": token})


def school_leader_create(*, actor, school, role: str, email: str, first_name: str, last_name: str, via: str) -> User:
    """Create a SENCO or head teacher account for `school` with no password, and email them an
    invitation to set one once the transaction commits."""
    email = normalise_email(email)
    first_name, last_name = " ".join(first_name.split()), " ".join(last_name.split())
    if role not in LEADER_ROLES:
        raise AccountError("role", "Choose SENCO or head teacher")
    if not first_name:
        raise AccountError("first_name", "Enter their first name")
    if not last_name:
        raise AccountError("last_name", "Enter their last name")
    try:
        with transaction.atomic():
            if User.objects.filter(username__iexact=email).exists() or User.objects.filter(email__iexact=email).exists():
                raise AccountError("email", f"There is already an account for {email}")
            user = User(username=email, email=email, first_name=first_name[:150], last_name=last_name[:150], role=role, school=school)
            user.set_unusable_password()
            user.save()
            audit_record(actor=actor, action=AuditEvent.Action.CREATE, target="account", target_id=user.pk, school=school, via=via,
                         summary=f"{user.get_role_display()} account for {user.display_name} created at {school.name}; invitation emailed",
                         changes={"email": email, "role": role, "school": school.urn})
            transaction.on_commit(lambda: send_account_invitation.enqueue(user.pk))
    except IntegrityError:
        raise AccountError("email", f"There is already an account for {email}") from None
    return user


@task()
def send_account_invitation(user_id: int) -> bool:
    """Email the invitation. The link is made here, not stored with the task. Nothing is sent to an
    account that has already set its password or has been deactivated, so running twice is harmless
    once the person has signed in."""
    user = User.objects.select_related("school").filter(pk=user_id).first()
    if user is None or not user.is_active or user.has_usable_password() or not user.email:
        return False
    context = {"user": user, "link": set_password_link(user), "site_url": settings.SITE_URL}
    body = render_to_string("accounts/email/invitation.txt", context)
    EmailMultiAlternatives(subject="Your sensupport account: set your password", body=body, to=[user.email]).send()
    return True
