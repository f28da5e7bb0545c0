"""Inviting a member of staff to set their own password (and the page where they do it).

sensupport never sends a password. A new account is created with an unusable password; the
invitation email carries a link with Django's password-reset token (`default_token_generator`),
which stops working once the password is set (the token covers the password hash), after
`PASSWORD_RESET_TIMEOUT`, or when the account is switched off.

The token is made by the task, not by the caller, so it never sits in the task queue's table
(as sign-in codes do not, ADR 0004). The task is safe to run twice: a second run sends a second
working link to the same person.

Families (parents, carers, young people) sign in with an emailed code and have no password:
`invite_to_set_password` refuses them, and the set-password page does not work for them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from .login_codes import CODE_ROLES
from .models import User


def may_set_password(user: User | None) -> bool:
    """An active account that signs in with a password (everyone but families)."""
    return bool(user is not None and user.is_active and user.role not in CODE_ROLES)


def set_password_url(user: User) -> str:
    """The absolute link, with a fresh token, to the set-password page for this user."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:set_password", kwargs={"uidb64": uidb64, "token": token})


def invite_to_set_password(user: User) -> None:
    """Queue the invitation email for this member of staff. Call it after the account is saved
    (services call it with `transaction.on_commit`, so a rolled-back account gets no email)."""
    if not may_set_password(user):
        raise ValueError("Only an active account that signs in with a password can be invited to set one.")
    send_set_password_invitation.enqueue(user_id=user.pk)


@task()
def send_set_password_invitation(*, user_id: int) -> bool:
    """The task: make the link and send it. Nothing is sent to an account that has gone or been
    switched off since. Returns whether an email was sent."""
    user = User.objects.select_related("school").filter(pk=user_id).first()
    if not may_set_password(user):
        return False
    context = {
        "user": user,
        "link": set_password_url(user),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "site_url": settings.SITE_URL,
    }
    send_mail(
        subject="Set your password for sensupport",
        message=render_to_string("accounts/email/set_password.txt", context),
        from_email=None,
        recipient_list=[user.email or user.username],
    )
    return True


@task()
def send_family_invitation(*, user_id: int, school_id: int) -> bool:
    """Invite a parent or carer to sign in with an emailed code. The email names the school and
    the sign-in page, nothing about any child (the email may be read by someone else). Safe to
    run twice. Returns whether an email was sent."""
    from sensupport.organisations.models import School

    user = User.objects.filter(pk=user_id, is_active=True, role__in=list(CODE_ROLES)).first()
    school = School.objects.filter(pk=school_id).first()
    if user is None or school is None:
        return False
    context = {
        "user": user,
        "school": school,
        "link": settings.SITE_URL + reverse("accounts:code_request"),
        "site_url": settings.SITE_URL,
    }
    send_mail(
        subject=f"{school.name} has invited you to sensupport",
        message=render_to_string("accounts/email/family_invitation.txt", context),
        from_email=None,
        recipient_list=[user.email or user.username],
    )
    return True


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The link in the invitation: choose a password. Works for an active, password-using account
    with a valid token; otherwise the page says the link has stopped working."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:login")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["new_password1"].label = "Password"
        form.fields["new_password1"].help_text = "At least 12 characters"
        form.fields["new_password2"].label = "Type the password again"
        form.fields["new_password2"].help_text = ""
        return form

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if may_set_password(user) else None

    def form_valid(self, form):
        from django.contrib import messages

        response = super().form_valid(form)
        messages.success(self.request, "Your password is set. Sign in with your email address and your new password.")
        return response


set_password = login_not_required(SetPasswordView.as_view())
