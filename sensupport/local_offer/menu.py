"""The Local Offer's editing pages: the LA's queue for its officers, a provider's entries for its editors."""

from __future__ import annotations

from sensupport.core.registry import MenuItem

MENU = [
    MenuItem("Local Offer", "local_offer:manage", "local_offer.manage", order=72),
    MenuItem("Your Local Offer entries", "local_offer:my_services", "local_offer.edit_entries", order=73),
]
