from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sensupport.core"
    label = "core"
