"""Every page here is the service administrator's alone: any other signed-in role is refused
(403); anonymous visitors are sent to sign in by LoginRequiredMiddleware before this runs."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from sensupport.accounts.models import Role


def require_service_admin(user) -> None:
    if not user.is_authenticated or user.role != Role.SERVICE_ADMIN:
        raise PermissionDenied


def service_admin_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require_service_admin(request.user)
        return view(request, *args, **kwargs)

    return wrapped
