from django.apps import AppConfig

from sensupport.core import registry


class AdministrationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sensupport.administration"
    verbose_name = "Service administration"

    def ready(self) -> None:
        registry.register_app(self)  # its menu.py and home.py (core.registry)
