"""Attainment, attendance and behaviour: what the 6.17 checks (rules.py) read. Rows come from
imports (interop) and the demo, each written by services.py."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from . import rules


class Scale(models.TextChoices):
    STANDARDISED = "standardised", "Standardised score (mean 100)"
    SCALED = "scaled", "Scaled score"
    RAW = "raw", "Raw score"
    READING_AGE_MONTHS = "reading_age_months", "Reading age (months)"
    STEPS = "steps", "Steps"


assert tuple(Scale.values) == rules.SCALES


class Score(models.Model):
    """One assessment result. Compared only with scores of the same subject and scale."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="scores")
    subject = models.CharField(max_length=50)
    assessment = models.CharField(max_length=100, blank=True)
    scale = models.CharField(max_length=20, choices=Scale.choices, default=Scale.STANDARDISED)
    taken_on = models.DateField()
    value = models.DecimalField(max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["subject", "scale", "taken_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "subject", "scale", "taken_on", "assessment"], name="score_one_per_assessment"
            )
        ]
        indexes = [models.Index(fields=["pupil", "taken_on"], name="score_pupil_date")]

    def as_rule(self) -> rules.Score:
        return rules.Score(self.subject, self.scale, self.taken_on, float(self.value))


class AttendancePeriod(models.Model):
    """Sessions possible and attended between two dates (inclusive), as the MIS reports them."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="attendance_periods")
    starts_on = models.DateField()
    ends_on = models.DateField()
    possible_sessions = models.PositiveIntegerField()
    attended_sessions = models.PositiveIntegerField()

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "starts_on", "ends_on"], name="attendance_one_per_period"),
            models.CheckConstraint(
                condition=Q(attended_sessions__lte=F("possible_sessions")), name="attendance_attended_le_possible"
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="attendance_ends_after_start"),
        ]

    def as_rule(self) -> rules.Attendance:
        return rules.Attendance(self.starts_on, self.ends_on, self.possible_sessions, self.attended_sessions)

    @property
    def rate(self) -> float | None:
        return self.attended_sessions / self.possible_sessions if self.possible_sessions else None


class BehaviourEvent(models.Model):
    class Kind(models.TextChoices):
        INCIDENT = "incident", "Incident"
        SUSPENSION = "suspension", "Suspension"
        EXCLUSION = "exclusion", "Exclusion"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="behaviour_events")
    occurred_on = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["occurred_on", "id"]
        indexes = [models.Index(fields=["pupil", "occurred_on"], name="behaviour_pupil_date")]

    def as_rule(self) -> rules.Behaviour:
        return rules.Behaviour(self.occurred_on, self.kind)
