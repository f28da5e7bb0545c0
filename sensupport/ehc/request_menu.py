"""Menu entries and home panels of the requests part (joined in menu.py and home.py)."""

from sensupport.core.registry import MenuItem

MENU: list = [MenuItem("EHC requests", "ehc:la_requests", "ehc.view_la_requests", order=62)]
PANELS: list = []
