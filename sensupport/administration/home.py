"""The service administrator's home-page panel: where to set up the service (core.registry)."""

from __future__ import annotations

from sensupport.core.registry import Panel

from .menu import is_service_admin


def no_context(request) -> dict:
    return {}


PANELS = [Panel("administration/home/service.html", no_context, is_service_admin, order=10)]
