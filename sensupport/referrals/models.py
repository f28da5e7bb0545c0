"""Outside services, their professionals, referrals to them, and the advice that comes back.

A service (the educational psychology service, specialist teaching outreach, speech and language
therapy...) belongs to a local authority or is independent; an outside professional's account
belongs to one service. A school refers a pupil to a service with the family's consent; a
professional of that service accepts or declines, books appointments, uploads a report and records
recommendations; the school accepts each recommendation into the next plan version or declines it
with a reason the family sees.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Service(models.Model):
    class Kind(models.TextChoices):
        EDUCATIONAL_PSYCHOLOGY = "ep", "Educational psychology service"
        SPECIALIST_TEACHING = "specialist_teaching", "Specialist teaching outreach"
        SPEECH_AND_LANGUAGE = "salt", "Speech and language therapy"
        OCCUPATIONAL_THERAPY = "ot", "Occupational therapy"
        CAMHS = "camhs", "Child and adolescent mental health services (CAMHS)"
        SCHOOL_NURSING = "school_nursing", "School nursing"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outside_services",
        help_text="Empty for an independent service",
    )
    email = models.EmailField(blank=True, help_text="Where referrals are announced")
    usual_wait_weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How long the service usually takes to see a child, in weeks"
    )
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "name"], name="service_name_unique_in_la"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_independent(self) -> bool:
        return self.local_authority_id is None


class ServiceMembership(models.Model):
    """An outside professional belongs to one service."""

    professional = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="service_membership"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="memberships")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["professional__last_name", "professional__first_name"]


class ReferralQuerySet(models.QuerySet):
    def for_professional(self, user):
        """Referrals to the professional's own service about pupils shared with them."""
        from sensupport.pupils.models import Pupil

        return self.filter(
            service__memberships__professional=user, pupil__in=Pupil.objects.visible_to(user).values("pk")
        )


class Referral(models.Model):
    class State(models.TextChoices):
        SENT = "sent", "Sent, waiting for the service"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined by the service"
        CLOSED = "closed", "Closed"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="referrals")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="referrals")
    consent = models.ForeignKey("family.Consent", on_delete=models.PROTECT, related_name="referrals")
    review = models.ForeignKey(
        "reviews.Review", null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    question = models.TextField(max_length=2000, help_text="What the school wants the service's help with")
    evidence = models.TextField(blank=True, max_length=4000, help_text="What has been tried and what was seen")
    barriers = models.ManyToManyField("plans.Barrier", related_name="referrals", blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.SENT)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decline_reason = models.TextField(blank=True, max_length=2000)
    closed_on = models.DateField(null=True, blank=True)
    closed_reason = models.CharField(blank=True, max_length=300, help_text="Why it closed: school and family read it")

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"Referral to {self.service} for pupil {self.pupil_id}"

    @property
    def first_appointment(self):
        first = self.appointments.order_by("on").first()
        return first.on if first else None


class Appointment(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="appointments")
    on = models.DateField()
    what = models.CharField(max_length=200, help_text="For example: observation in class, meeting with parents")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    @property
    def pupil(self):
        return self.referral.pupil


def _report_path(instance, filename: str) -> str:
    # Under the pupil's id, never the original name (it may carry the child's name).
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"referral-reports/{instance.referral.pupil_id}/report-{uuid.uuid4().hex}.{extension}"


class Report(models.Model):
    """A professional's report, served only by `referrals:report_download` (scope checked, audited)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="reports")
    written_on = models.DateField(help_text="The date on the report")
    file = models.FileField(upload_to=_report_path, max_length=200)
    file_name = models.CharField(max_length=200, help_text="The uploaded file's own name")
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["written_on", "id"]

    @property
    def pupil(self):
        return self.referral.pupil


class Recommendation(models.Model):
    """One piece of advice, recorded as an item so it can be acted on: accepted into the next plan
    version as support linked to barriers, or declined with a reason the family sees."""

    class State(models.TextChoices):
        OPEN = "open", "Not yet acted on"
        ACCEPTED = "accepted", "Accepted into the plan"
        DECLINED = "declined", "Declined"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="recommendations")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations")
    text = models.TextField(max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decline_reason = models.TextField(blank=True, max_length=2000, help_text="Shown to the family")
    plan = models.ForeignKey(
        "plans.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    provision = models.ForeignKey(
        "plans.Provision", null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="declined_recommendation_has_reason",
                condition=~Q(state="declined") | ~Q(decline_reason=""),
            )
        ]

    @property
    def pupil(self):
        return self.referral.pupil
