from django.apps import AppConfig

from sensupport.core import registry


class ReferralsConfig(AppConfig):
    name = "sensupport.referrals"
    label = "referrals"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)

        registry.register_app(self)  # its menu.py and home.py (core.registry)
