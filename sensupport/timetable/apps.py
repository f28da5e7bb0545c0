from django.apps import AppConfig

from sensupport.core import registry


class TimetableConfig(AppConfig):
    name = "sensupport.timetable"
    label = "timetable"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)

        registry.register_app(self)  # its menu.py and home.py (core.registry)
