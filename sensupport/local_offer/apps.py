from django.apps import AppConfig

from sensupport.core import registry


class LocalOfferConfig(AppConfig):
    """The Local Offer (issue 13): a public directory of services, published as Open Referral UK."""

    name = "sensupport.local_offer"
    label = "local_offer"
    verbose_name = "Local Offer"

    def ready(self) -> None:
        from sensupport.plans import services as plan_services

        from . import permissions  # noqa: F401  (registers the rules)
        from .services import signposts_follow_copied_lines

        registry.register_app(self)  # its menu.py and home.py (core.registry)
        # A new plan version copies its support lines: their signposts follow them (plans offers the hook).
        if signposts_follow_copied_lines not in plan_services.AFTER_PROVISIONS_COPIED:
            plan_services.AFTER_PROVISIONS_COPIED.append(signposts_follow_copied_lines)
