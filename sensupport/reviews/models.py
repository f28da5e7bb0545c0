"""Do and Review: the plan in use (read receipts, evidence) and the review meeting that closes
each cycle and opens the next."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PlanReadReceipt(models.Model):
    """A member of staff confirms they have read this version of a pupil's plan."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="read_receipts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_read_receipts")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "user"], name="read_receipt_once")]


class Evidence(models.Model):
    """Something staff saw or collected while the plan ran: a note, an observation, a work sample."""

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        OBSERVATION = "observation", "Observation"
        WORK_SAMPLE = "work_sample", "Work sample"
        SESSION = "session", "Session delivered"

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="evidence")
    provision = models.ForeignKey(
        "plans.Provision", null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    outcome = models.ForeignKey(
        "plans.Outcome", null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    observed_on = models.DateField()
    text = models.TextField(max_length=3000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["observed_on", "id"]


class Review(models.Model):
    """The review meeting: what happened, with the parents and pupil, and what happens next."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", "Continue the plan"
        CHANGE = "change", "Change the plan"
        SPECIALIST = "specialist", "Seek specialist advice"
        EHC_REQUEST = "ehc_request", "Request an EHC needs assessment"
        END_SUPPORT = "end_support", "End SEN Support"

    plan = models.OneToOneField("plans.Plan", on_delete=models.PROTECT, related_name="review")
    held_on = models.DateField()
    attendees = models.TextField(max_length=1000, help_text="Who came")
    parent_present = models.BooleanField()
    pupil_views = models.TextField(blank=True, max_length=4000)
    parent_views = models.TextField(blank=True, max_length=4000)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    summary = models.TextField(max_length=6000, help_text="What was said and agreed; who does what by when")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]


class OutcomeProgress(models.Model):
    class Progress(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        GOOD = "good", "Good progress"
        SOME = "some", "Some progress"
        NONE = "none", "No progress yet"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="outcome_progress")
    outcome = models.ForeignKey("plans.Outcome", on_delete=models.CASCADE, related_name="progress")
    progress = models.CharField(max_length=20, choices=Progress.choices)
    evidence = models.TextField(blank=True, max_length=2000)


class ProvisionEvaluation(models.Model):
    class Delivered(models.TextChoices):
        AS_PLANNED = "as_planned", "Delivered as planned"
        PARTLY = "partly", "Partly delivered"
        NOT = "not", "Not delivered"

    class Helped(models.TextChoices):
        YES = "yes", "Helped"
        PARTLY = "partly", "Helped a little"
        NO = "no", "Did not help"
        TOO_EARLY = "too_early", "Too early to tell"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="provision_evaluations")
    provision = models.ForeignKey("plans.Provision", on_delete=models.CASCADE, related_name="evaluations")
    delivered = models.CharField(max_length=20, choices=Delivered.choices)
    helped = models.CharField(max_length=20, choices=Helped.choices)
    comment = models.TextField(blank=True, max_length=1000)


class EarlyReviewRequest(models.Model):
    """A parent or member of staff asks for the plan to be reviewed before its date."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="early_review_requests")
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="early_review_requests"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(max_length=3000)
    requested_at = models.DateTimeField(auto_now_add=True)
    answer_due = models.DateField()
    answer = models.TextField(blank=True, max_length=3000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    meeting_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at"]

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class ReminderSent(models.Model):
    """A reminder that went out, so the job that sends them is idempotent."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30)  # review_due, review_overdue, early_review_answer_overdue
    for_date = models.DateField(
        help_text="Review due: the review date. Overdue: the Monday of the week (so it repeats weekly)."
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "for_date"], name="reminder_once")]
