from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "sensupport.pupils"
    label = "pupils"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
