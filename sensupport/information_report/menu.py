"""The SEN information report in the service menu: for those who may edit it (the SENCO and head)."""

from __future__ import annotations

from sensupport.core.registry import MenuItem

MENU = [MenuItem("SEN information report", "information_report:edit", "information_report.edit_report", order=39)]
