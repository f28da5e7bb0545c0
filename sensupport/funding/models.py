"""The school's SEN money (issue 10, items 5, 7's budget, 8): the dated element 2 threshold, each
school's notional SEN budget and Inclusive Mainstream Fund allocation per financial year, and
top-up (element 3) requests to the local authority with their history."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from . import rules


class Element2Threshold(models.Model):
    """The amount of a pupil's additional support a mainstream school meets from its notional SEN
    budget before asking for top-up funding, from a date. Never a literal in code: a new amount
    is a new row, and earlier years keep theirs."""

    amount = models.DecimalField(max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    approaching_share = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.80"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="A pupil whose support costs this share of the amount or more is approaching it",
    )
    effective_from = models.DateField(unique=True)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["effective_from"]

    def __str__(self) -> str:
        return f"£{self.amount:,.2f} from {self.effective_from:%d %B %Y}"

    @property
    def as_rule(self) -> rules.Threshold:
        return rules.Threshold(self.amount, self.approaching_share, self.effective_from)


class SchoolBudget(models.Model):
    """What a school has for SEN support in one financial year (1 April to 31 March)."""

    school = models.ForeignKey("organisations.School", on_delete=models.CASCADE, related_name="sen_budgets")
    financial_year_start = models.DateField()
    notional_sen_budget = models.DecimalField(
        "notional SEN budget", max_digits=11, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    imf_allocation = models.DecimalField(
        "Inclusive Mainstream Fund allocation",
        max_digits=11,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school", "-financial_year_start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "financial_year_start"], name="one_sen_budget_per_school_year")
        ]


class TopUpRequest(models.Model):
    """A request to the local authority for element 3 top-up funding for one pupil: assembled
    from the costed support (figures kept as they were when it was made), sent, decided."""

    class Status(models.TextChoices):
        DRAFT = rules.DRAFT, "Draft"
        SENT = rules.SENT, "Sent to the local authority"
        DECIDED = rules.DECIDED, "Decided"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="topup_requests")
    school = models.ForeignKey("organisations.School", on_delete=models.CASCADE, related_name="topup_requests")
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="topup_requests"
    )
    financial_year_start = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    additional_cost = models.DecimalField(max_digits=9, decimal_places=2, help_text="When the request was made")
    threshold = models.DecimalField(max_digits=9, decimal_places=2, help_text="In force when the request was made")
    amount_requested = models.DecimalField(
        max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    case = models.TextField("why the pupil needs it", max_length=5000)
    decided_amount = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    decision_note = models.TextField(blank=True, max_length=2000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True)
                | Q(period_start__isnull=True)
                | Q(period_end__gt=models.F("period_start")),
                name="topup_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Top-up request for {self.pupil} ({self.get_status_display()})"

    @property
    def above_threshold(self) -> Decimal:
        return rules.money(max(rules.ZERO, self.additional_cost - self.threshold))


class TopUpEvent(models.Model):
    """One step in a request's history: made, sent, decided."""

    request = models.ForeignKey(TopUpRequest, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=10, choices=TopUpRequest.Status.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]


class InclusionStrategy(models.Model):
    """A school's inclusion strategy for one financial year (IMF conditions of grant): drafted from
    the provision catalogue and the budget, edited by the head or SENCO, published as a public page."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    school = models.ForeignKey("organisations.School", on_delete=models.CASCADE, related_name="inclusion_strategies")
    financial_year_start = models.DateField()
    introduction = models.TextField(max_length=5000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school", "-financial_year_start"]
        constraints = [
            models.UniqueConstraint(fields=["school", "financial_year_start"], name="one_inclusion_strategy_a_year")
        ]

    @property
    def total(self) -> Decimal:
        return rules.money(sum((a.budgeted_cost for a in self.activities.all()), rules.ZERO))


class InclusionActivity(models.Model):
    strategy = models.ForeignKey(InclusionStrategy, on_delete=models.CASCADE, related_name="activities")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField("activity", max_length=200)
    who_for = models.CharField("who it is for", max_length=500)
    budgeted_cost = models.DecimalField(max_digits=11, decimal_places=2, validators=[MinValueValidator(Decimal("0"))])
    intended_outcomes = models.TextField(max_length=2000)
    impact_measure = models.TextField("how impact is judged", max_length=2000)

    class Meta:
        ordering = ["order", "id"]
