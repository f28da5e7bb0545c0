from django.apps import AppConfig


class SchooladminConfig(AppConfig):
    name = "sensupport.schooladmin"
    label = "schooladmin"
    verbose_name = "School set-up"
