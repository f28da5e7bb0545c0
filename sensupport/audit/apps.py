from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sensupport.audit"
    label = "audit"
