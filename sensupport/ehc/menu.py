"""The EHC app's menu: each part's entries, joined (core.registry reads MENU)."""

from . import plan_menu, request_menu

MENU = [*request_menu.MENU, *plan_menu.MENU]
