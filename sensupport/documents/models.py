"""Stored renderings of an agreed plan version's documents (ADR 0010).

A row per (plan, kind, format): the file in Django's default storage, what it was rendered from
(`source_digest`, a hash of everything the document says and of our layout code), the file's own
checksum, and while someone renders it, a claim so that nobody else renders the same thing at
the same time. The file is served only through the documents views, which check scope and audit.
"""

from __future__ import annotations

import secrets

from django.db import models


def _stored_path(instance: RenderedDocument, filename: str) -> str:
    # A random name under the pupil's id: nothing in it can be guessed or names the child, and a
    # pupil's files can be found together. MEDIA_ROOT is never served; only the views read it.
    return f"rendered-documents/{instance.plan.pupil_id}/{secrets.token_hex(16)}.{instance.format}"


class RenderedDocument(models.Model):
    class Kind(models.TextChoices):
        PLAN = "plan", "Support plan"
        PROFILE = "profile", "One-page profile"
        REVIEW = "review", "Plan review record"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="rendered_documents")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    format = models.CharField(max_length=4, choices=Format.choices)
    file = models.FileField(upload_to=_stored_path, blank=True, max_length=200)
    filename = models.CharField(max_length=200, blank=True, help_text="The name the file is downloaded under")
    source_digest = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of what the document says and of the layout it was rendered with"
    )
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the stored file")
    size = models.PositiveIntegerField(default=0)
    rendered_at = models.DateTimeField(null=True, blank=True)
    # While a request or the task renders this document: what it renders, and since when. Others
    # asking for the same content wait for the file instead of rendering it again.
    claimed_digest = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "format"], name="one_rendering_per_plan_document"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.format}) of plan {self.plan_id}"
