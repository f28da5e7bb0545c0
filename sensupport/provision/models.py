"""The school's provision: its catalogue of interventions, the staff pay roles and their dated
hourly costs, the groups that run an intervention (with weekly slots, sessions held and pupils'
entry and exit scores), and the link from a plan's support line to what it costs.

Costs are never typed: a support line (plans.Provision) is linked to a catalogue entry through a
`SupportCosting` row, and `provision.rules` computes what it costs (ADR 0011 says how rates are dated).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from sensupport.plans.models import BROAD_AREA_CHOICES, Provision

DEFAULT_WEEKS_PER_YEAR = 38


class ProvisionSettings(models.Model):
    """A school's own numbers for costing: how many weeks a year its support runs."""

    school = models.OneToOneField("organisations.School", on_delete=models.CASCADE, related_name="provision_settings")
    weeks_per_year = models.PositiveSmallIntegerField(
        default=DEFAULT_WEEKS_PER_YEAR, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )


class PayRole(models.Model):
    """A staff pay role at the school ("Teaching assistant (level 2)", "Teacher (MPS 4)"): what an hour
    of that person's time costs, including on-costs, is in its dated rates."""

    school = models.ForeignKey("organisations.School", on_delete=models.CASCADE, related_name="pay_roles")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="pay_role_name_unique_in_school")]

    def __str__(self) -> str:
        return self.name


class PayRate(models.Model):
    """An hourly cost (salary and on-costs, £) from a date. A new rate starts a new row: costs of
    days before it keep the rate in force then (ADR 0011)."""

    role = models.ForeignKey(PayRole, on_delete=models.CASCADE, related_name="rates")
    hourly_cost = models.DecimalField(max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    valid_from = models.DateField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["role", "valid_from"], name="one_pay_rate_per_role_per_day")]


class Intervention(models.Model):
    """One entry in the school's catalogue of interventions and support, with its defaults."""

    school = models.ForeignKey("organisations.School", on_delete=models.CASCADE, related_name="interventions")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True, max_length=2000)
    broad_area = models.CharField(max_length=60, choices=BROAD_AREA_CHOICES)
    barrier_keys = models.JSONField(default=list, blank=True, help_text="Strategy bank barriers it addresses")
    kind = models.CharField(max_length=20, choices=Provision.Kind.choices, default=Provision.Kind.INTERVENTION)
    setting = models.CharField(max_length=20, choices=Provision.Setting.choices, default=Provision.Setting.WITHDRAWN)
    sessions_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, default=Decimal("1"), validators=[MinValueValidator(Decimal("0.1"))]
    )
    minutes_per_session = models.PositiveIntegerField(default=30, validators=[MinValueValidator(1)])
    group_size = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    pay_role = models.ForeignKey(
        PayRole, null=True, blank=True, on_delete=models.RESTRICT, related_name="interventions"
    )
    resources_cost = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Resources for one group for a year, £",
    )
    measure_name = models.CharField(max_length=120, blank=True, help_text="Entry and exit assessment")
    measure_scale = models.CharField(max_length=80, blank=True, help_text="What its scores are")
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="intervention_name_unique_in_school")]

    def __str__(self) -> str:
        return self.name


class Group(models.Model):
    """A run of an intervention: its staff and pupils are a pupils.TeachingGroup (kind intervention),
    so the teaching assistant who runs it sees its pupils (Pupil.objects.visible_to)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.RESTRICT, related_name="groups")
    teaching_group = models.OneToOneField(
        "pupils.TeachingGroup", on_delete=models.CASCADE, related_name="provision_group"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return self.teaching_group.name

    @property
    def name(self) -> str:
        return self.teaching_group.name

    @property
    def school_id(self) -> int:
        return self.intervention.school_id


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"


class Slot(models.Model):
    """A weekly time the group meets; it lasts the intervention's session length."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()

    class Meta:
        ordering = ["weekday", "starts_at"]
        constraints = [models.UniqueConstraint(fields=["group", "weekday", "starts_at"], name="slot_once_per_group")]


class Session(models.Model):
    """One meeting of a group as it happened: held (who attended) or cancelled (why)."""

    class Status(models.TextChoices):
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    class CancelReason(models.TextChoices):
        STAFF_ABSENT = "staff_absent", "Staff absent"
        STAFF_REDEPLOYED = "staff_redeployed", "Staff needed elsewhere"
        SCHOOL_EVENT = "school_event", "School event or trip"
        ROOM = "room", "No room"
        OTHER = "other", "Other"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    starts_at = models.TimeField()
    status = models.CharField(max_length=10, choices=Status.choices)
    cancel_reason = models.CharField(max_length=20, choices=CancelReason.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)
    attended = models.ManyToManyField("pupils.Pupil", related_name="intervention_sessions", blank=True)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    logged_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["group", "date", "starts_at"], name="session_once_per_slot"),
            models.CheckConstraint(
                condition=models.Q(status="held", cancel_reason="") | models.Q(status="cancelled"),
                name="only_a_cancelled_session_has_a_reason",
            ),
        ]


class Score(models.Model):
    """A pupil's entry and exit score on the intervention's measure, for one run of it."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="scores")
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="intervention_scores")
    entry = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    exit = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "pupil"], name="one_score_per_pupil_per_group")]


class SupportCosting(models.Model):
    """What a plan's support line is, in the school's catalogue (and which group delivers it): the
    link its cost is computed from. Copied onto the next version's line with the line itself."""

    provision = models.OneToOneField(Provision, on_delete=models.CASCADE, related_name="costing")
    intervention = models.ForeignKey(Intervention, on_delete=models.RESTRICT, related_name="lines")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.SET_NULL, related_name="lines")
