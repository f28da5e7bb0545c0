from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "sensupport.portal"
    label = "portal"
