"""Rate limits shared by every app server (they count rows in the database, the one store all
servers share). Each limit counts events per client address and across the whole service in a
sliding window. Sign-in by code and by password use them against spraying (trust issue, 11).

The rule itself is pure (`verdict`); `check` and `hit` read and write the counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from .models import ThrottleHit


@dataclass(frozen=True)
class Limit:
    bucket: str
    per_client: int
    overall: int
    window: dt.timedelta


def _limit(bucket: str) -> Limit:
    per_client, overall = settings.SIGN_IN_LIMITS[bucket]
    return Limit(bucket, per_client, overall, dt.timedelta(minutes=settings.SIGN_IN_LIMIT_WINDOW_MINUTES))


def code_requests() -> Limit:
    return _limit("code_request")


def code_failures() -> Limit:
    return _limit("code_failure")


def password_failures() -> Limit:
    return _limit("password_failure")


def verdict(limit: Limit, *, client_count: int, overall_count: int) -> str | None:
    """ "client" when this client has used its allowance, "overall" when the service has, else None."""
    if overall_count >= limit.overall:
        return "overall"
    if client_count >= limit.per_client:
        return "client"
    return None


def client_key(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"client:{address}".encode(), hashlib.sha256).hexdigest()


def check(limit: Limit, address: str, *, now: dt.datetime | None = None) -> str | None:
    since = (now or timezone.now()) - limit.window
    counts = ThrottleHit.objects.filter(bucket=limit.bucket, at__gte=since).aggregate(
        client=Count("id", filter=Q(client=client_key(address))),
        overall=Count("id"),
    )
    return verdict(limit, client_count=counts["client"], overall_count=counts["overall"])


def hit(limit: Limit, address: str, *, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    ThrottleHit.objects.filter(bucket=limit.bucket, at__lt=now - limit.window).delete()
    ThrottleHit.objects.create(bucket=limit.bucket, client=client_key(address), at=now)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front, the
    address the outermost trusted proxy saw (counted from the right of X-Forwarded-For, so a
    client cannot choose it by sending its own header). Also django-axes' client address."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def axes_client_address(request) -> str | None:
    """django-axes stores the address in an IP address column: None when there is none (a
    sign-in made by code or by a test's force_login has no real client)."""
    address = client_address(request)
    return None if address == "unknown" else address
