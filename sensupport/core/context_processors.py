"""The service navigation: only what the signed-in role may use."""

from __future__ import annotations

from django.urls import reverse

from sensupport.accounts.models import SCHOOL_ROLES, Role


def navigation_items(user) -> list[dict]:
    if not user.is_authenticated:
        return []
    if user.is_family:
        # Families: their own portal, nothing of the school's.
        return [
            {
                "label": "My children" if user.role == Role.PARENT else "My record",
                "url": reverse("portal:home"),
                "key": "portal",
            },
            {"label": "Account", "url": reverse("accounts:account"), "key": "account"},
        ]
    items = [{"label": "Home", "url": reverse("core:home"), "key": "home"}]
    if user.role in SCHOOL_ROLES or user.role == Role.LA_OFFICER or user.role == Role.PROFESSIONAL:
        items.append(
            {
                "label": "SEN register" if user.role in SCHOOL_ROLES else "Pupils",
                "url": reverse("pupils:register"),
                "key": "register",
            }
        )
    if user.role in SCHOOL_ROLES:
        items.append({"label": "My pupils", "url": reverse("reviews:my_pupils"), "key": "my_pupils"})
        items.append({"label": "Strategy bank", "url": reverse("plans:strategy_bank"), "key": "bank"})
    if user.role == Role.LA_OFFICER:
        items.append({"label": "Strategy bank", "url": reverse("plans:strategy_bank"), "key": "bank"})
    if user.has_perm("family.view_inbox"):
        items.append({"label": "Inbox", "url": reverse("family:inbox"), "key": "inbox"})
    if user.has_perm("pupils.import_pupils"):
        items.append({"label": "Import", "url": reverse("interop:import_start"), "key": "import"})
    if user.has_perm("accounts.manage_staff") or user.has_perm("pupils.manage_groups"):
        items.append({"label": "School set-up", "url": reverse("schooladmin:home"), "key": "school"})
    if user.role == Role.SERVICE_ADMIN:
        items.append({"label": "Schools", "url": reverse("administration:home"), "key": "service"})
        items.append({"label": "Service health", "url": reverse("administration:health"), "key": "health"})
    items.append({"label": "Account", "url": reverse("accounts:account"), "key": "account"})
    return items


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_items": []}
    items = navigation_items(user)
    path = request.path
    current = ""
    for item in items:
        if item["url"] != "/" and path.startswith(item["url"]):
            current = item["key"]
    if not current and path == "/":
        current = "home"
    for item in items:
        item["current"] = item["key"] == current
    return {"nav_items": items}
