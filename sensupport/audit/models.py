"""Who saw and changed what. One append-only table for reads and changes of pupil records."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        LIST = "list", "Listed"
        EXPORT = "export", "Exported"
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        IMPORT = "import", "Imported"
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"

    class Via(models.TextChoices):
        """How the read or change was made."""

        WEB = "web", "Web page"
        PORTAL = "portal", "Family portal"
        API = "api", "JSON API"
        COMMAND = "command", "Command line"
        TASK = "task", "Background task"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="Name and role at the time, kept if the user goes")
    action = models.CharField(max_length=20, choices=Action.choices)
    # No database constraint: the trail outlives the records it describes.
    pupil = models.ForeignKey(
        "pupils.Pupil", null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    school = models.ForeignKey(
        "organisations.School",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    target = models.CharField(max_length=100, help_text="What was read or changed, e.g. pupil record, need, concern")
    target_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    via = models.CharField(
        max_length=20,
        choices=Via.choices,
        default=Via.WEB,
        help_text="How it was made: web, portal, api, command, task",
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["pupil", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.target}"
