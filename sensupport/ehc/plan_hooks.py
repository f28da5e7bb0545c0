"""The plans part's start-up: its permissions and the hooks it registers on lower apps
(called once from EhcConfig.ready())."""


def connect() -> None:
    """Load the part's permission rules and register its hooks; registering twice changes nothing."""
    from . import plan_permissions  # noqa: F401  (registers the rules)
