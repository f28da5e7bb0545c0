from django.apps import AppConfig

from sensupport.core import registry


class ProvisionConfig(AppConfig):
    name = "sensupport.provision"
    label = "provision"
    verbose_name = "Provision map"

    def ready(self) -> None:
        from sensupport.plans import services as plan_services

        from . import permissions  # noqa: F401  (registers the rules)
        from .services import costings_follow_copied_lines

        registry.register_app(self)  # its menu.py and home.py (core.registry)
        # A new plan version copies its support lines: their costing follows them (plans offers the hook).
        if costings_follow_copied_lines not in plan_services.AFTER_PROVISIONS_COPIED:
            plan_services.AFTER_PROVISIONS_COPIED.append(costings_follow_copied_lines)
