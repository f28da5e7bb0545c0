"""A school's SEN information report: the words being edited, and each published version kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class InformationReport(models.Model):
    """The school's current words for each item of Schedule 1 (schedule.ITEMS), being edited.
    Publishing copies them into a new, numbered `InformationReportVersion`."""

    school = models.OneToOneField("organisations.School", on_delete=models.CASCADE, related_name="information_report")
    words = models.JSONField(default=dict, help_text="Schedule 1 item key -> the school's words")
    edit_version = models.PositiveIntegerField(default=1, help_text="Bumped on every change: stale forms are refused.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"SEN information report: {self.school}"

    def current_version(self):
        return self.versions.order_by("-number").first()


class InformationReportVersion(models.Model):
    """One publication: the words as published and the figures as they stood (already suppressed:
    only what the public page printed)."""

    report = models.ForeignKey(InformationReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    words = models.JSONField()
    figures = models.JSONField(default=dict)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="information_report_version_once")]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.report}"


class ReportReminder(models.Model):
    """An annual review reminder that went out, so the task that sends them is idempotent."""

    report = models.ForeignKey(InformationReport, on_delete=models.CASCADE, related_name="reminders")
    for_date = models.DateField(help_text="The date the report is due for review")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "for_date"], name="information_report_reminder_once")]
