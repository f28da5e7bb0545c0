"""The second sign-in step comes before everything else (see docs/adr/0007-two-factor-flow.md).

Runs after django_otp's OTPMiddleware (which sets user.is_verified). A signed-in user whose
session has not passed the second step may open only the pages of that step:

- staff with a confirmed authenticator: the code page (`accounts:verify`) and sign out;
- staff whose school requires two-factor and who have no authenticator yet: the set-up page
  (`accounts:two_factor_setup`) and sign out.

Everything else, the rest of /accounts/ included (account page, school security), sends them
back to that step. Static files are served before this middleware runs (WhiteNoise).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import LazyObject, empty

from .backends import CONFIRMED_DEVICE_ON_LOAD
from .two_factor import has_confirmed_device

VERIFY_STEP = ("accounts:verify", "accounts:logout")
SETUP_STEP = ("accounts:two_factor_setup", "accounts:logout")


def second_step_for(user) -> str | None:
    """Which second step this signed-in user still owes: "verify", "setup" or None (none owed)."""
    if getattr(user, "is_verified", lambda: False)():
        return None
    confirmed = getattr(user, CONFIRMED_DEVICE_ON_LOAD, None)  # read with the user this request
    if confirmed if confirmed is not None else has_confirmed_device(user):
        return "verify"
    if getattr(user, "needs_second_factor", False):
        return "setup"
    return None


def unwrapped(user):
    """The object behind `request.user`'s lazy wrappers (evaluated if it has not been yet)."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None:
            # Every page needs the user, so load them now and hand later code the user itself, not
            # the lazy wrappers auth and django_otp put round it: each attribute read through the
            # two of them cost a page hundreds of proxy calls (issue 14).
            user = request.user = unwrapped(user)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        step = second_step_for(user)
        if step == "verify":
            if request.path not in {reverse(name) for name in VERIFY_STEP}:
                query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
                return redirect(reverse("accounts:verify") + (f"?{query}" if query else ""))
        elif step == "setup" and request.path not in {reverse(name) for name in SETUP_STEP}:
            return redirect("accounts:two_factor_setup")
        return self.get_response(request)
