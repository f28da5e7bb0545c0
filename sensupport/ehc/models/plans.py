"""EHC plans as the statutory format has them, and their annual reviews (docs/adr/0018).

An `EhcPlan` is the LA's plan for one pupil; its text lives in numbered `EhcPlanVersion`s (a draft,
then final with its issue date; an amendment is a new version, the old ones kept). An
`AnnualReview` follows one review of the plan through its steps: scheduled, invitations sent,
meeting held, the school's report, the LA's decision. Dates only: the deadlines come from
`plan_rules` (which calls `clock.annual_review_deadlines`), never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

__all__ = ["AnnualReview", "EhcPlan", "EhcPlanVersion", "EhcReminderSent", "PLAN_SECTIONS"]

# The sections of an EHC plan (SEND Regulations 2014 reg 12; Code of Practice 9.62), in order:
# (field, letter, heading). Section I (placement) is two fields of its own.
PLAN_SECTIONS = (
    ("views", "A", "The views, interests and aspirations of the child and their parents"),
    ("needs", "B", "Special educational needs"),
    ("health_needs", "C", "Health needs related to their special educational needs"),
    ("social_care_needs", "D", "Social care needs related to their special educational needs or disability"),
    ("outcomes", "E", "Outcomes"),
    ("provision", "F", "Special educational provision"),
    ("health_provision", "G", "Health provision"),
    (
        "social_care_provision_h1",
        "H1",
        "Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970",
    ),
    ("social_care_provision_h2", "H2", "Other social care provision"),
    ("placement_name", "I", "Placement: the name of the school or other institution"),
    ("placement_type", "I", "Placement: the type of school or other institution"),
    ("personal_budget", "J", "Personal budget"),
    ("advice", "K", "Advice and information gathered during the assessment"),
)
SECTION_MAX = 12000


def _section(required: bool = False) -> models.TextField:
    return models.TextField(blank=not required, max_length=SECTION_MAX)


class EhcPlan(models.Model):
    """One pupil's EHC plan, kept by the local authority responsible for them."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="ehc_plans")
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="ehc_plans"
    )
    ceased_on = models.DateField(null=True, blank=True, help_text="The LA decided to cease the plan")
    ceased_reason = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One plan in force per pupil: a new one only once the last has ceased.
            models.UniqueConstraint(fields=["pupil"], condition=Q(ceased_on__isnull=True), name="ehc_plan_one_open"),
        ]

    def __str__(self) -> str:
        return f"EHC plan {self.pk} for pupil {self.pupil_id}"


class EhcPlanVersion(models.Model):
    """One version of the plan's text. A draft can be changed; a final one never is."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    plan = models.ForeignKey(EhcPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    views = _section()
    needs = _section()
    health_needs = _section()
    social_care_needs = _section()
    outcomes = _section()
    provision = _section()
    health_provision = _section()
    social_care_provision_h1 = _section()
    social_care_provision_h2 = _section()
    placement_name = models.CharField(max_length=200, blank=True)
    placement_type = models.CharField(max_length=200, blank=True)
    personal_budget = _section()
    advice = _section()
    amendment_reason = models.TextField(blank=True, max_length=4000, help_text="Why this version amends the last")
    drafted_at = models.DateTimeField(auto_now_add=True)
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_on = models.DateField(null=True, blank=True, help_text="The date the final plan was issued")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    edit_version = models.PositiveIntegerField(default=1, help_text="Bumped on every change: stale forms are refused.")

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="ehc_plan_version_number"),
            models.UniqueConstraint(fields=["plan"], condition=Q(status="draft"), name="ehc_plan_one_draft"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(issued_on__isnull=False), name="ehc_plan_final_has_issue_date"
            ),
        ]

    def __str__(self) -> str:
        return f"EHC plan {self.plan_id} version {self.number} ({self.status})"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    def sections(self) -> list[dict]:
        """The sections in statutory order, for templates: letter, heading, text."""
        return [
            {"field": name, "letter": letter, "heading": heading, "text": getattr(self, name)}
            for name, letter, heading in PLAN_SECTIONS
        ]


class AnnualReview(models.Model):
    """One annual review of an EHC plan (Code of Practice 9.166-9.185), step by step."""

    class Recommendation(models.TextChoices):
        NO_CHANGE = "no_change", "Keep the plan as it is"
        AMEND = "amend", "Amend the plan"
        CEASE = "cease", "Cease the plan"

    plan = models.ForeignKey(EhcPlan, on_delete=models.CASCADE, related_name="annual_reviews")
    due_on = models.DateField(help_text="12 months after the plan's issue or its last review meeting")
    meeting_on = models.DateField(help_text="The date of the review meeting")
    phase_transfer = models.BooleanField(
        default=False, help_text="Reviews a move to the next phase of education (Year 7, post-16...)"
    )
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    scheduled_at = models.DateTimeField(auto_now_add=True)
    # Step 1: invitations (at least two weeks before the meeting: reg 19).
    invitations_sent_on = models.DateField(null=True, blank=True)
    invited = models.TextField(blank=True, max_length=2000, help_text="Who was invited and asked for advice")
    # Step 2: the meeting.
    held_on = models.DateField(null=True, blank=True)
    attendees = models.TextField(blank=True, max_length=2000)
    # Step 3: the school's report (within two weeks of the meeting: reg 20).
    report_sent_on = models.DateField(null=True, blank=True)
    family_views = models.TextField(blank=True, max_length=6000, help_text="The parents' views, in their words")
    pupil_views = models.TextField(blank=True, max_length=6000, help_text="The child's or young person's views")
    report = models.TextField(blank=True, max_length=12000, help_text="Progress towards the outcomes; what was agreed")
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    # Step 4: the LA's decision (within four weeks of the meeting: reg 20).
    decision = models.CharField(max_length=20, choices=Recommendation.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True, max_length=6000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    edit_version = models.PositiveIntegerField(default=1, help_text="Bumped on every change: stale forms are refused.")

    class Meta:
        ordering = ["plan", "meeting_on", "id"]
        constraints = [
            # One review in progress per plan (no LA decision yet).
            models.UniqueConstraint(fields=["plan"], condition=Q(decided_on__isnull=True), name="ehc_review_one_open"),
        ]

    def __str__(self) -> str:
        return f"Annual review {self.pk} of EHC plan {self.plan_id}"


class EhcReminderSent(models.Model):
    """A reminder about an annual review that went out, so the job that sends them is idempotent
    (as `reviews.ReminderSent` does for SEN Support plans)."""

    plan = models.ForeignKey(EhcPlan, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=40)  # ehc_review_due, ehc_review_overdue, ...
    for_date = models.DateField(help_text="Due: the due date. Overdue: the Monday of the week (repeats weekly).")
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "for_date"], name="ehc_reminder_once")]
