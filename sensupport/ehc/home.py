"""The EHC app's home panels: each part's, joined (core.registry reads PANELS)."""

from . import plan_menu, request_menu

PANELS = [*request_menu.PANELS, *plan_menu.PANELS]
