"""The service navigation: only what the signed-in viewer may open, as the apps declare it
(each app's menu.py, collected by core.registry)."""

from __future__ import annotations

from django.urls import reverse

from . import registry


def navigation_items(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    return [
        {"label": item.label_for(user), "url": reverse(item.url_name), "key": item.url_name}
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
