from __future__ import annotations

from django.db import models


class TaskLease(models.Model):
    """Which worker is running a database task, and until when it may be trusted to.

    Written when a worker claims the task, renewed by that worker's heartbeat, deleted when the
    task finishes. A RUNNING task whose lease has run out was lost with its worker."""

    task = models.OneToOneField(
        "django_tasks_database.DBTaskResult", on_delete=models.CASCADE, primary_key=True, related_name="lease"
    )
    worker_id = models.CharField(max_length=64, db_index=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.task_id} held by {self.worker_id} until {self.expires_at:%H:%M:%S}"
