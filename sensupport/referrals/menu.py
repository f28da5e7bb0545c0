"""Outside services for those who manage them; a professional's referrals."""

from __future__ import annotations

from sensupport.core.registry import MenuItem

MENU = [
    MenuItem("Referrals", "referrals:my_referrals", "referrals.view_own_referrals", order=25),
    MenuItem("Outside services", "referrals:services", "referrals.manage_services", order=75),
]
