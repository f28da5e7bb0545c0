from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for trying sensupport out: no models of its own, one management command."""

    name = "sensupport.demo"
    label = "demo"
