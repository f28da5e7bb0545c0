"""A GIAS establishments file uploaded by the service administrator, kept between the preview and
the confirmation (the pupil import's ImportBatch pattern, for a file that belongs to no school)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class GiasUpload(models.Model):
    """Confirming re-reads `content`, so what is applied is exactly what was previewed. Once the
    upload is applied, refused or cancelled its content is cleared (the sha256 stays)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        APPLIED = "applied", "Imported"
        REJECTED = "rejected", "Refused: the file has problems"
        CANCELLED = "cancelled", "Cancelled"

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=255)
    content = models.BinaryField(blank=True)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING
