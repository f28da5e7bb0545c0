from django.apps import AppConfig

from sensupport.core import registry


class FundingConfig(AppConfig):
    name = "sensupport.funding"
    label = "funding"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)

        registry.register_app(self)  # its menu.py and home.py (core.registry)
