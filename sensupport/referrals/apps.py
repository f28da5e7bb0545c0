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

        from sensupport.family.consent import AFTER_CONSENT_WITHDRAWN

        from .services import referrals_close_for_withdrawn_consent

        # A family's withdrawn consent closes the referrals made with it.
        if referrals_close_for_withdrawn_consent not in AFTER_CONSENT_WITHDRAWN:
            AFTER_CONSENT_WITHDRAWN.append(referrals_close_for_withdrawn_consent)

        registry.register_app(self)  # its menu.py and home.py (core.registry)
