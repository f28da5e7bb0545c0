from django.apps import AppConfig

from sensupport.core import registry


class SchooladminConfig(AppConfig):
    name = "sensupport.schooladmin"
    label = "schooladmin"
    verbose_name = "School set-up"

    def ready(self) -> None:
        registry.register_app(self)  # its menu.py and home.py (core.registry)
