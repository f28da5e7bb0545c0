from django.apps import AppConfig

from sensupport.core import registry


class ProgressConfig(AppConfig):
    name = "sensupport.progress"
    label = "progress"
    verbose_name = "Progress: attainment, attendance and behaviour"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)

        registry.register_app(self)  # its menu.py and home.py (core.registry)
