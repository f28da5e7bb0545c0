"""An uploaded import file, kept between the preview and the confirmation."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportBatch(models.Model):
    """One upload. Its `content` is read once, into `parsed`, which the previews and the
    confirmation use, so what is applied is exactly what was previewed from these bytes. Once the
    batch is applied, rejected or cancelled the content is cleared
    (the register holds what was imported; the sha256 remains as a fingerprint of the file)."""

    class Kind(models.TextChoices):
        CTF = "ctf", "Common Transfer File"
        SPREADSHEET = "spreadsheet", "Spreadsheet (CSV or Excel)"
        STAFF = "staff", "Staff (CSV or Excel)"
        GROUPS = "groups", "Classes and groups (CSV or Excel)"
        CONTACTS = "contacts", "Parents and carers (CSV or Excel)"
        TIMETABLE = "timetable", "Pupils' timetables (CSV or Excel)"
        ASSESSMENTS = "assessments", "Assessment scores (CSV or Excel)"
        ATTENDANCE = "attendance", "Attendance (CSV or Excel)"
        BEHAVIOUR = "behaviour", "Behaviour (CSV or Excel)"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        RUNNING = "running", "Importing"
        APPLIED = "applied", "Imported"
        REJECTED = "rejected", "Refused: the file has problems"
        CANCELLED = "cancelled", "Cancelled"

    school = models.ForeignKey("organisations.School", on_delete=models.CASCADE, related_name="import_batches")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    filename = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    content = models.BinaryField(blank=True)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    applied_at = models.DateTimeField(null=True, blank=True)
    # Why a refused file was refused ({"where", "message", "element", "element_kind"} each), kept
    # after its bytes are forgotten so the upload list and the page can still say what was wrong.
    problems = models.JSONField(default=list, blank=True)
    # The file as read when first previewed (register_import.stored: JSON of its records, notes, problems,
    # and the sha256 of the bytes read), so that later previews and the confirmation do not read it
    # again. Cleared with the bytes.
    parsed = models.TextField(blank=True, default="", editable=False)
    # A large file is imported in the background, in chunks (register_import.background): how many
    # of its pupils are done, of how many, and what the import did so far.
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_running(self) -> bool:
        return self.status == self.Status.RUNNING
