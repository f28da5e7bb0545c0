"""The strategy bank in the service menu: school staff and LA officers (plans.views.strategy_bank)."""

from __future__ import annotations

from sensupport.accounts.models import Role
from sensupport.core.registry import MenuItem


def _opens_strategy_bank(user) -> bool:
    return user.is_school_staff or user.role == Role.LA_OFFICER


MENU = [MenuItem("Strategy bank", "plans:strategy_bank", _opens_strategy_bank, order=30)]
