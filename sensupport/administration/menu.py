"""The service administrator's pages in the service menu (administration.access)."""

from __future__ import annotations

from sensupport.accounts.models import Role
from sensupport.core.registry import MenuItem


def is_service_admin(user) -> bool:
    return user.role == Role.SERVICE_ADMIN


MENU = [
    MenuItem("Schools", "administration:home", is_service_admin, order=70),
    MenuItem("Service health", "administration:health", is_service_admin, order=80),
]
