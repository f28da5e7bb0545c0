"""The family portal in the service menu: a family's whole service, in place of Home."""

from __future__ import annotations

from sensupport.accounts.models import Role
from sensupport.core.registry import MenuItem


def _label(user) -> str:
    return "My children" if user.role == Role.PARENT else "My record"


MENU = [MenuItem(_label, "portal:home", "portal.use_portal", order=5)]
