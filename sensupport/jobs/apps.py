from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Leases and retries for the database task queue (ADR 0008). Listed before django_tasks_db
    in INSTALLED_APPS so that its `db_worker` (with leases) replaces the library's."""

    name = "sensupport.jobs"
    label = "jobs"

    def ready(self):
        from . import leases

        leases.connect_signals()
