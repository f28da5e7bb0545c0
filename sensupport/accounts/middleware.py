"""Staff with a TOTP device, or whose school requires one, must pass the second step before
anything else. Runs after django_otp's OTPMiddleware (which sets user.is_verified)."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

from .two_factor import has_confirmed_device

ALLOWED_PREFIXES = ("/accounts/", "/static/")


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(ALLOWED_PREFIXES):
            verified = getattr(user, "is_verified", lambda: False)()
            if not verified:
                if has_confirmed_device(user):
                    return redirect(reverse("accounts:verify") + f"?next={request.path}")
                if user.needs_second_factor:
                    return redirect("accounts:two_factor_setup")
        return self.get_response(request)
