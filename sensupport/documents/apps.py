from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "sensupport.documents"
    label = "documents"
