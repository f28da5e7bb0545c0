"""A pupil's lessons, as the school's MIS timetable gives them (issue 10, item 6).

A lesson belongs to a school as well as a pupil: the timetable is the school's, imported by it;
if the pupil moves school, the old school's lessons are not the new school's week (the selectors
read only lessons of the pupil's current school)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from . import rules

WEEKDAY_CHOICES = [(index, day) for index, day in enumerate(rules.DAYS)]


class LessonQuerySet(models.QuerySet):
    def current(self) -> LessonQuerySet:
        """Lessons at the school the pupil is at now."""
        return self.filter(school_id=F("pupil__school_id"))


class Lesson(models.Model):
    school = models.ForeignKey("organisations.School", on_delete=models.CASCADE, related_name="lessons")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="lessons")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAY_CHOICES)
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    subject = models.CharField(max_length=100, help_text="As the MIS names it")
    group_label = models.CharField("teaching group", max_length=100, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        ordering = ["weekday", "starts_at", "id"]
        indexes = [models.Index(fields=["pupil", "school"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="lesson_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="lesson_weekday_0_to_6"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}-{self.ends_at:%H:%M} {self.subject}"

    @property
    def as_rule(self) -> rules.Lesson:
        return rules.Lesson(self.weekday, self.starts_at, self.ends_at, self.subject)

    @property
    def minutes(self) -> int:
        return self.as_rule.slot.minutes

    @property
    def subject_name(self) -> str:
        return rules.subject_name(self.subject)
