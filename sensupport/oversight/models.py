"""Per-school summaries of the oversight figures, refreshed by a task (docs/adr/0016): the LA
dashboard reads one row a school instead of counting every pupil's records on each visit."""

from __future__ import annotations

from django.db import models


class SchoolSummary(models.Model):
    """The latest figures of one school (`figures.SchoolFigures.as_dict()`), as of `as_of`."""

    school = models.OneToOneField("organisations.School", on_delete=models.CASCADE, related_name="oversight_summary")
    as_of = models.DateField(help_text="The day the figures were counted for")
    computed_at = models.DateTimeField()
    figures = models.JSONField()

    class Meta:
        verbose_name_plural = "school summaries"

    def __str__(self) -> str:
        return f"Oversight summary of school {self.school_id} at {self.computed_at:%Y-%m-%d %H:%M}"
