"""The viewer's own account, last in everyone's service menu."""

from __future__ import annotations

from sensupport.core.registry import MenuItem


def _signed_in(user) -> bool:
    return user.is_authenticated


MENU = [MenuItem("Account", "accounts:account", _signed_in, order=100)]
