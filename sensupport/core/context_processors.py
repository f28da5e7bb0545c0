"""The service navigation: only what the signed-in viewer may open, as the apps declare it
(each app's menu.py, collected by core.registry)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from . import registry


@lru_cache(maxsize=256)
def _menu_url(url_name: str, script_prefix: str, urlconf: str | None) -> str:
    """A menu entry's URL: no arguments, so the same for every request under the same prefix and
    URL configuration (reversed once, not on every page)."""
    return reverse(url_name, urlconf=urlconf)


def navigation_items(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    prefix, urlconf = get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    return [
        {"label": item.label_for(user), "url": _menu_url(item.url_name, prefix, urlconf), "key": item.url_name}
        for item in registry.menu_items(user)
    ]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}
    cached = getattr(request, "_nav_items", None)
    if cached is not None:  # a second template rendered for the same request
        return {"nav_items": cached}
    items = navigation_items(user)
    path = request.path
    current = ""
    for item in items:
        if item["url"] != "/" and path.startswith(item["url"]):
            current = item["key"]
    if not current and path == "/":
        current = "core:home"
    for item in items:
        item["current"] = item["key"] == current
    request._nav_items = items
    return {"nav_items": items}
