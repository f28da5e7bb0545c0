"""Menu entries and home panels of the plans part (joined in menu.py and home.py)."""

MENU: list = []
PANELS: list = []
