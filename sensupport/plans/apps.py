from django.apps import AppConfig

from sensupport.core import registry


class PlansConfig(AppConfig):
    name = "sensupport.plans"
    label = "plans"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)

        registry.register_app(self)  # its menu.py and home.py (core.registry)
