"""Sign-in by a one-time code sent by email, for parents, carers and young people.

Families have no password to forget. A code is 6 digits, works once, for 15 minutes, with at
most 5 tries; an address gets at most 3 codes in 15 minutes. Only a keyed hash of the code is
stored. Nothing here tells the caller whether an address is registered: the pages say the same
thing either way. Staff cannot use this route: they sign in with a password (and TOTP).

(A family member may later want a password as well; that would be a separate, optional step
from the account page. Not built yet.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record

from .models import FAMILY_ROLES, LoginCode, User

CODE_ROLES = FAMILY_ROLES
CODE_DIGITS = 6
CODE_LIFETIME = dt.timedelta(minutes=15)
MAX_ATTEMPTS = 5
MAX_CODES_PER_WINDOW = 3
THROTTLE_WINDOW = dt.timedelta(minutes=15)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).replace("-", "")


def _hash(code: str, salt: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"login-code:{salt}:{code}".encode(), hashlib.sha256).hexdigest()
    return f"{salt}${digest}"


def _matches(code: str, stored: str) -> bool:
    salt, _, _ = stored.partition("$")
    return hmac.compare_digest(_hash(code, salt), stored)


def _account_for(email: str) -> User | None:
    """The one active family account with this address, or None (also for staff accounts)."""
    email = normalise_email(email)
    if not email:
        return None
    users = list(User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email), is_active=True)[:2])
    if len(users) != 1 or users[0].role not in CODE_ROLES:
        return None
    return users[0]


def login_code_request(*, email: str) -> None:
    """Ask for a code to be emailed to this address, if it belongs to a family account.

    The request does the same work whatever the address: it only queues a task with the address.
    The task decides whether there is an account, makes the code and sends it (`login_code_issue`),
    so neither the page, nor its timing, nor the task queue's table tells who has an account, and
    the code itself never sits in the queue (ADR 0004). Returns nothing on purpose."""
    send_login_code.enqueue(email=normalise_email(email))


@task()
def send_login_code(*, email: str) -> None:
    """The task: issue and send. Safe to run again after a crash (a retry retires the earlier code)."""
    login_code_issue(email=email)


def login_code_issue(*, email: str, now: dt.datetime | None = None) -> bool:
    """Make a new code for the family account with this address and email it, unless the address
    has had MAX_CODES_PER_WINDOW codes in THROTTLE_WINDOW. Returns whether a code was sent."""
    now = now or timezone.now()
    user = _account_for(email)
    if user is None:
        return False
    with transaction.atomic():
        # Lock the user row so two requests at once cannot both slip under the throttle.
        user = User.objects.select_for_update().get(pk=user.pk)
        recent = LoginCode.objects.filter(user=user, created_at__gte=now - THROTTLE_WINDOW).count()
        if recent >= MAX_CODES_PER_WINDOW:
            audit_record(
                actor=user,
                action=AuditEvent.Action.SIGN_IN_FAILED,
                target=AuditEvent.Target.ACCOUNT,
                target_id=user.pk,
                via=AuditEvent.Via.TASK,
                summary="Sign-in code not sent: too many asked for in 15 minutes",
            )
            return False
        # Only the newest code works: asking again retires the earlier ones.
        LoginCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        LoginCode.objects.create(user=user, code_hash=_hash(code, secrets.token_hex(8)), expires_at=now + CODE_LIFETIME)
    context = {
        "user": user,
        "code": code,
        "minutes": int(CODE_LIFETIME.total_seconds() // 60),
        "site_url": settings.SITE_URL,
    }
    send_mail(
        subject="Your sign-in code for sensupport",
        message=render_to_string("accounts/email/login_code.txt", context),
        from_email=None,
        recipient_list=[user.email or user.username],
    )
    return True


def login_code_verify(
    *, email: str, code: str, now: dt.datetime | None = None, via: str = AuditEvent.Via.WEB
) -> User | None:
    """The account the code signs in, or None. A wrong code uses up one of the code's tries;
    a right code is spent at once and cannot be used again."""
    now = now or timezone.now()
    user = _account_for(email)
    code = normalise_code(code)
    with transaction.atomic():
        # The same queries, hash and audit row whether or not the address has an account, so the
        # time taken does not tell (as Django's ModelBackend hashes a password for unknown users).
        live = (
            LoginCode.objects.select_for_update()
            .filter(
                user_id=user.pk if user else None, used_at__isnull=True, expires_at__gt=now, attempts__lt=MAX_ATTEMPTS
            )
            .order_by("-created_at", "-id")
            .first()
        )
        if user is None:
            _matches(code, _hash("000000", "0" * 16))
            LoginCode.objects.filter(pk=0).update(attempts=F("attempts") + 1)
            audit_record(
                actor=AnonymousUser(),
                action=AuditEvent.Action.SIGN_IN_FAILED,
                target=AuditEvent.Target.ACCOUNT,
                summary="Sign-in code entered for an address with no family account",
                via=via,
            )
            return None
        if live is None:
            audit_record(
                actor=user,
                action=AuditEvent.Action.SIGN_IN_FAILED,
                target=AuditEvent.Target.ACCOUNT,
                target_id=user.pk,
                summary="Sign-in code entered but no code was working (expired, used or too many tries)",
                via=via,
            )
            return None
        if not (len(code) == CODE_DIGITS and code.isascii() and code.isdigit() and _matches(code, live.code_hash)):
            live.attempts += 1
            live.save(update_fields=["attempts"])
            audit_record(
                actor=user,
                action=AuditEvent.Action.SIGN_IN_FAILED,
                target=AuditEvent.Target.ACCOUNT,
                target_id=user.pk,
                summary=f"Wrong sign-in code (try {live.attempts} of {MAX_ATTEMPTS})",
                via=via,
            )
            return None
        live.used_at = now
        live.save(update_fields=["used_at"])
        audit_record(
            actor=user,
            action=AuditEvent.Action.SIGN_IN,
            target=AuditEvent.Target.ACCOUNT,
            target_id=user.pk,
            summary="Signed in with a code sent by email",
            via=via,
        )
    return user
