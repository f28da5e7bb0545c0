from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sensupport.portal"
    label = "portal"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
