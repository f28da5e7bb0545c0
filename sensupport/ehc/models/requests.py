"""EHC needs-assessment requests and the LA's steps on the statutory clock.

A request is made by the school (its SENCO or head) or by the family (a parent, or the young person:
their right under the Children and Families Act 2014 s.36) and sent to the local authority of the
pupil's school. The LA's officer records each step with its date; the deadlines are never stored:
every page, reminder and selector computes them with `ehc.clock.request_deadlines(received_on)`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

__all__ = ["EhcRequest", "EhcRequestReminder"]


class EhcRequest(models.Model):
    class MadeBy(models.TextChoices):
        SCHOOL = "school", "The school"
        PARENT = "parent", "A parent"
        YOUNG_PERSON = "young_person", "The young person"

    class Stage(models.TextChoices):
        SENT = "sent", "Sent, not yet received by the local authority"
        RECEIVED = "received", "Received: waiting for the decision whether to assess"
        NOT_ASSESSING = "not_assessing", "Decided not to assess"
        ASSESSING = "assessing", "Assessing"
        DRAFT_ISSUED = "draft_issued", "Draft plan issued"
        FINAL_ISSUED = "final_issued", "Final EHC plan issued"
        NOT_ISSUING = "not_issuing", "Decided not to issue a plan"

    class ExceptionKind(models.TextChoices):
        """The exceptions of SEND Regulations 2014 reg 10(4) to the time limits."""

        INSTITUTION_CLOSED = "institution_closed", "The school or college was closed for 4 weeks or more"
        PERSONAL_CIRCUMSTANCES = "personal_circumstances", "Exceptional personal circumstances of the child or family"
        ABSENT_FROM_AREA = "absent_from_area", "The child or family was away from the area for 4 weeks or more"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="ehc_requests")
    school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="ehc_requests")
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="ehc_requests"
    )
    made_by_kind = models.CharField(max_length=20, choices=MadeBy.choices)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    review = models.ForeignKey(
        "reviews.Review", null=True, blank=True, on_delete=models.SET_NULL, related_name="ehc_requests"
    )
    reasons = models.TextField(max_length=5000, help_text="Why an EHC needs assessment is asked for")
    family_views = models.TextField(blank=True, max_length=5000, help_text="The family's views, in their words")
    sent_on = models.DateField()
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.SENT)
    # The LA's steps, each a date (the deadlines come from clock.py, never from here).
    received_on = models.DateField(null=True, blank=True)
    decision_on = models.DateField(null=True, blank=True, help_text="The decision whether to assess")
    decision_reasons = models.TextField(blank=True, max_length=5000)
    advice_requested_on = models.DateField(null=True, blank=True)
    advice_received_on = models.DateField(null=True, blank=True)
    draft_issued_on = models.DateField(null=True, blank=True)
    final_issued_on = models.DateField(null=True, blank=True)
    not_to_issue_on = models.DateField(null=True, blank=True)
    not_to_issue_reasons = models.TextField(blank=True, max_length=5000)
    # reg 10(4): recorded with a reason and shown; the case counts as an exception.
    exception = models.CharField(max_length=30, choices=ExceptionKind.choices, blank=True)
    exception_reason = models.TextField(blank=True, max_length=2000)
    exception_recorded_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Raised by every step: a stale form is refused")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="ehc_request_exception_has_reason", condition=Q(exception="") | ~Q(exception_reason="")
            ),
            models.CheckConstraint(
                name="ehc_request_not_assessing_has_reasons",
                condition=~Q(stage="not_assessing") | ~Q(decision_reasons=""),
            ),
            models.CheckConstraint(
                name="ehc_request_not_issuing_has_reasons",
                condition=~Q(stage="not_issuing") | ~Q(not_to_issue_reasons=""),
            ),
        ]
        indexes = [models.Index(fields=["local_authority", "stage"], name="ehc_request_la_stage")]

    def __str__(self) -> str:
        return f"EHC needs assessment request for pupil {self.pupil_id} ({self.get_stage_display()})"

    @property
    def made_by_family(self) -> bool:
        return self.made_by_kind != self.MadeBy.SCHOOL


class EhcRequestReminder(models.Model):
    """An overdue-step reminder that went out, so the job that sends them is idempotent."""

    request = models.ForeignKey(EhcRequest, on_delete=models.CASCADE, related_name="reminders")
    step = models.CharField(max_length=30)  # a key of clock.request_deadlines
    for_date = models.DateField(help_text="The Monday of the week it went out: it repeats weekly while overdue")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "step", "for_date"], name="ehc_request_reminder_once")
        ]
