"""Pupil voice: 'about me' in the pupil's words, and the timetable walk-through of their day."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AboutMe(models.Model):
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="about_me")
    good_at = models.TextField(blank=True, max_length=2000)
    likes = models.TextField(blank=True, max_length=2000)
    hard = models.TextField(blank=True, max_length=2000)
    helps = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    with_whom = models.CharField(max_length=120, blank=True, help_text="The adult who helped, if any")
    created_at = models.DateTimeField(auto_now_add=True)
    seen_by_school_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class Walkthrough(models.Model):
    """The pupil goes through their school day part by part and says how each part feels."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="walkthroughs")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    with_whom = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    seen_by_school_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class WalkthroughPart(models.Model):
    class Feeling(models.IntegerChoices):
        VERY_HARD = 1, "Very hard"
        HARD = 2, "Hard"
        OK = 3, "OK"
        GOOD = 4, "Good"
        GREAT = 5, "Great"

    walkthrough = models.ForeignKey(Walkthrough, on_delete=models.CASCADE, related_name="parts")
    key = models.CharField(max_length=40, help_text="arrival, lesson, break, lunch, moving, home_time")
    label = models.CharField(max_length=120)
    order = models.PositiveIntegerField()
    feeling = models.PositiveSmallIntegerField(choices=Feeling.choices, null=True, blank=True)
    what_makes_it_hard = models.TextField(blank=True, max_length=2000)
    what_makes_it_easier = models.TextField(blank=True, max_length=2000)
    accepted_barrier = models.ForeignKey(
        "plans.Barrier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "id"]
