from django.apps import AppConfig

from sensupport.core import registry


class InteropConfig(AppConfig):
    name = "sensupport.interop"
    label = "interop"

    def ready(self) -> None:
        registry.register_app(self)  # its menu.py and home.py (core.registry)
