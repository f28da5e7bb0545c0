from django.apps import AppConfig

from sensupport.core import registry


class CoreConfig(AppConfig):
    name = "sensupport.core"
    label = "core"

    def ready(self) -> None:
        registry.register_app(self)  # its menu.py and home.py (core.registry)
