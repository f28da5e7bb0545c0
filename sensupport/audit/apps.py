from django.apps import AppConfig

from sensupport.core import registry


class AuditConfig(AppConfig):
    name = "sensupport.audit"
    label = "audit"

    def ready(self) -> None:
        registry.register_app(self)  # its menu.py and home.py (core.registry)
