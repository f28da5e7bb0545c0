"""Oversight in the service menu: LA officers (their LA's schools) and heads (their own school;
the Ofsted case sample is linked from there)."""

from __future__ import annotations

from sensupport.core.registry import MenuItem

MENU = [
    MenuItem("SEN Support oversight", "oversight:dashboard", "oversight.view_dashboard", order=80),
]
