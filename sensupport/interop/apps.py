from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "sensupport.interop"
    label = "interop"
