"""The SENCO's inbox in the service menu."""

from __future__ import annotations

from sensupport.core.registry import MenuItem

MENU = [MenuItem("Inbox", "family:inbox", "family.view_inbox", order=40)]
