from django.apps import AppConfig

from sensupport.core import registry


class OversightConfig(AppConfig):
    """SEN Support quality across schools for LA officers, and for heads over their own school
    (issue 13): read-only over every other app."""

    name = "sensupport.oversight"
    label = "oversight"

    def ready(self) -> None:
        from sensupport.demo import oversight as demo_oversight

        from . import permissions  # noqa: F401  (registers the rules)
        from .summaries import summaries_refresh_la

        if summaries_refresh_la not in demo_oversight.AFTER_LOAD:  # the demo's LA is counted once it is in
            demo_oversight.AFTER_LOAD.append(summaries_refresh_la)

        registry.register_app(self)  # its menu.py and home.py (core.registry)
