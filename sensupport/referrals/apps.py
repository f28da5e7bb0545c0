from django.apps import AppConfig

from sensupport.core import registry


class ReferralsConfig(AppConfig):
    name = "sensupport.referrals"
    label = "referrals"

    def ready(self) -> None:
        from sensupport.plans.selectors import OPEN_ADVICE

        from . import permissions  # noqa: F401  (registers the rules)
        from .selectors import open_advice_lines

        # The plan's checks and the review form show recommendations not yet acted on.
        if open_advice_lines not in OPEN_ADVICE:
            OPEN_ADVICE.append(open_advice_lines)

        registry.register_app(self)  # its menu.py and home.py (core.registry)
