from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sensupport.accounts"
    label = "accounts"
