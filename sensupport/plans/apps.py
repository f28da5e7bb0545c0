from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "sensupport.plans"
    label = "plans"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
