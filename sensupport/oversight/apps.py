from django.apps import AppConfig

from sensupport.core import registry


class OversightConfig(AppConfig):
    """SEN Support quality across schools for LA officers, and for heads over their own school
    (issue 13): read-only over every other app."""

    name = "sensupport.oversight"
    label = "oversight"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)

        registry.register_app(self)  # its menu.py and home.py (core.registry)
