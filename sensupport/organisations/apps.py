from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "sensupport.organisations"
    label = "organisations"
