from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sensupport.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
