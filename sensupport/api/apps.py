from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sensupport.api"
    label = "api"
