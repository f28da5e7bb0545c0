from django.apps import AppConfig

from sensupport.core import registry


class LocalOfferConfig(AppConfig):
    """The Local Offer (issue 13): a public directory of services, published as Open Referral UK."""

    name = "sensupport.local_offer"
    label = "local_offer"

    def ready(self) -> None:
        registry.register_app(self)  # its menu.py and home.py (core.registry)
