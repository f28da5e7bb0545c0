from django.apps import AppConfig

from sensupport.core import registry


class InformationReportConfig(AppConfig):
    """Each school's SEN information report (SEND Regulations 2014, reg 51 and Schedule 1), public,
    in the school's words with live figures (issue 13)."""

    name = "sensupport.information_report"
    label = "information_report"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)

        registry.register_app(self)  # its menu.py and home.py (core.registry)
