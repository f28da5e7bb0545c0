from django.apps import AppConfig

from sensupport.core import registry


class EhcConfig(AppConfig):
    """EHC needs assessments and plans (issue 12): the statutory clock (`clock.py`), needs-assessment
    requests with their evidence pack (`request_*` modules) and EHC plans with their annual reviews
    (`plan_*` modules). Each part connects its own permissions and hooks."""

    name = "sensupport.ehc"
    label = "ehc"

    def ready(self) -> None:
        from . import plan_hooks, request_hooks

        request_hooks.connect()
        plan_hooks.connect()
        registry.register_app(self)  # menu.py and home.py join each part's entries
