from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "sensupport.family"
    label = "family"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
