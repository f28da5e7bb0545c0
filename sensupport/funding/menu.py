"""SEN funding in the service menu: the SENCO and head (the element 2 monitor, which links to the
budget); LA officers (top-up requests sent to them)."""

from __future__ import annotations

from sensupport.core.registry import MenuItem

MENU = [
    MenuItem("SEN funding", "funding:element2", "funding.view_element2", order=38),
    MenuItem("Top-up requests", "funding:la_requests", "funding.view_la_requests", order=39),
]
