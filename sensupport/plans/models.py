"""Assess and Plan: a pupil's barriers to learning, everyone's view of them, and the versioned
written plan whose provision is linked to the barriers it removes."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

BROAD_AREA_CHOICES = [
    ("Communication and interaction", "Communication and interaction"),
    ("Cognition and learning", "Cognition and learning"),
    ("Social, emotional and mental health", "Social, emotional and mental health"),
    ("Sensory and/or physical", "Sensory and/or physical"),
]


class Impact(models.IntegerChoices):
    NONE = 0, "Not affecting learning now"
    SOME = 1, "Some effect"
    MARKED = 2, "Marked effect"
    SEVERE = 3, "Severe effect"


class Barrier(models.Model):
    """Something that gets in the way of the pupil's learning or wellbeing. Barriers persist across
    cycles: each assessment records whether it is still present and how much it affects them now."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="barriers")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=3000, help_text="What gets in the way, in plain words")
    where_when = models.TextField(blank=True, max_length=1500, help_text="Where and when in the school day it shows")
    effect = models.TextField(blank=True, max_length=1500, help_text="How it affects learning and wellbeing")
    broad_area = models.CharField(max_length=60, choices=BROAD_AREA_CHOICES)
    bank_key = models.CharField(max_length=80, blank=True, help_text="Strategy bank barrier this came from")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_on = models.DateField(null=True, blank=True, help_text="No longer a barrier (kept for the record)")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Assessment(models.Model):
    """One Assess step of the cycle: a gathering of views about the pupil's barriers."""

    class Status(models.TextChoices):
        OPEN = "open", "Gathering views"
        COMPLETE = "complete", "Complete"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="assessments")
    cycle = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    strengths = models.TextField(blank=True, max_length=3000)
    interests = models.TextField(blank=True, max_length=3000)
    what_helps = models.TextField(blank=True, max_length=3000, help_text="What already helps")
    summary_version = models.PositiveIntegerField(
        default=1, help_text="Bumped on each save of the summary: stale forms are refused"
    )
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    started_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "cycle"], name="one_assessment_per_cycle"),
            models.UniqueConstraint(fields=["pupil"], condition=Q(status="open"), name="one_open_assessment_per_pupil"),
        ]


class BarrierStatus(models.Model):
    """Whether a barrier is still present in this cycle, and how much it affects the pupil now
    (the SENCO's settled judgement after hearing everyone)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="barrier_statuses")
    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="statuses")
    present = models.BooleanField(default=True)
    impact = models.PositiveSmallIntegerField(choices=Impact.choices, default=Impact.MARKED)
    resolution = models.TextField(blank=True, max_length=2000, help_text="Where views differed: how it was resolved")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "barrier"], name="barrier_status_once_per_assessment")
        ]


class Contributor(models.TextChoices):
    PUPIL = "pupil", "Pupil"
    PARENT = "parent", "Parent or carer"
    TEACHER = "teacher", "Class teacher"
    TA = "ta", "Teaching assistant"
    SENCO = "senco", "SENCO"
    PROFESSIONAL = "professional", "Outside professional"
    OTHER = "other", "Other school staff"


class ContributorView(models.Model):
    """One person's view, kept as theirs: never merged into anyone else's."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="views")
    contributor = models.CharField(max_length=20, choices=Contributor.choices)
    name = models.CharField(max_length=120, help_text="Who gave this view")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    what_is_hard = models.TextField(blank=True, max_length=4000)
    strengths = models.TextField(blank=True, max_length=3000)
    what_helps = models.TextField(blank=True, max_length=3000)

    class Meta:
        ordering = ["recorded_at", "id"]


class BarrierView(models.Model):
    """A contributor's view of one barrier: do they see it, and how much does it affect the pupil?"""

    class Seen(models.TextChoices):
        YES = "yes", "Sees this"
        NO = "no", "Does not see this"
        UNSURE = "unsure", "Not sure"

    view = models.ForeignKey(ContributorView, on_delete=models.CASCADE, related_name="barrier_views")
    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="views")
    seen = models.CharField(max_length=10, choices=Seen.choices)
    impact = models.PositiveSmallIntegerField(choices=Impact.choices, null=True, blank=True)
    comment = models.TextField(blank=True, max_length=1000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["view", "barrier"], name="barrier_view_once_per_contributor")]


class PlanQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status__in=[Plan.Status.AGREED, Plan.Status.ACTIVE])

    def due_for_review(self, *, on, within_days: int = 14):
        import datetime as dt

        return self.current().filter(review_date__lte=on + dt.timedelta(days=within_days))

    def overdue(self, *, on):
        return self.current().filter(review_date__lt=on)


class Plan(models.Model):
    """One version of a pupil's written SEN Support plan. Once agreed with the parents a version
    is never edited: a change makes the next version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed with parents"
        ACTIVE = "active", "Active"
        REVIEWED = "reviewed", "Reviewed"
        SUPERSEDED = "superseded", "Superseded"

    class AgreedHow(models.TextChoices):
        MEETING = "meeting", "At a meeting"
        PHONE = "phone", "By telephone"
        VIDEO = "video", "By video call"
        PORTAL = "portal", "Through the parent portal"
        WRITTEN = "written", "In writing (letter or email)"

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_version"
    )
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans")
    pupil_views = models.TextField(blank=True, max_length=4000, help_text="What the pupil says, in their words")
    parent_views = models.TextField(blank=True, max_length=4000, help_text="What the parents say, in their words")
    school_responsibilities = models.TextField(blank=True, max_length=3000)
    parent_responsibilities = models.TextField(blank=True, max_length=3000)
    pupil_responsibilities = models.TextField(blank=True, max_length=3000)
    review_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    edit_version = models.PositiveIntegerField(
        default=1, help_text="Bumped on each save of the draft: stale forms are refused"
    )
    agreed_on = models.DateField(null=True, blank=True)
    agreed_how = models.CharField(max_length=20, choices=AgreedHow.choices, blank=True)
    agreed_with = models.CharField(max_length=200, blank=True)
    agreed_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    no_outcome_reasons = models.JSONField(
        default=dict,
        blank=True,
        help_text="For a barrier this version has no outcome for: why not, keyed by barrier id (plans.quality)",
    )
    snapshot = models.JSONField(
        null=True,
        blank=True,
        editable=False,
        help_text="Everything this version shows, frozen when it was agreed (plans.snapshot); empty while a draft",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["pupil", "version"]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "version"], name="plan_version_unique"),
            models.UniqueConstraint(fields=["pupil"], condition=Q(status="draft"), name="one_draft_plan_per_pupil"),
            models.UniqueConstraint(
                fields=["pupil"], condition=Q(status__in=["agreed", "active"]), name="one_current_plan_per_pupil"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan version {self.version} for {self.pupil}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_current(self) -> bool:
        return self.status in (self.Status.AGREED, self.Status.ACTIVE)


class Outcome(models.Model):
    """What the pupil and family want to be different, judged against the pupil's own progress."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="outcomes")
    barriers = models.ManyToManyField(Barrier, related_name="outcomes", blank=True)
    description = models.TextField(max_length=1000, help_text="In the pupil's and family's words where possible")
    how_we_will_know = models.TextField(
        blank=True, max_length=1000, help_text="What will be different, against the pupil's own starting point"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]


class Provision(models.Model):
    """One piece of support, linked to the barrier(s) it removes or reduces."""

    class Kind(models.TextChoices):
        ADJUSTMENT = "adjustment", "Adjustment in class"
        INTERVENTION = "intervention", "Intervention"
        EQUIPMENT = "equipment", "Equipment or resources"
        ADULT_SUPPORT = "adult_support", "Adult support"
        SPECIALIST = "specialist", "Specialist programme"

    class Setting(models.TextChoices):
        IN_CLASS = "in_class", "In class"
        WITHDRAWN = "withdrawn", "Withdrawn from class"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="provisions")
    barriers = models.ManyToManyField(Barrier, related_name="provisions", blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(max_length=2000, help_text="What exactly happens")
    delivered_by = models.CharField(max_length=120, help_text="Who delivers it")
    sessions_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    minutes_per_session = models.PositiveIntegerField(null=True, blank=True)
    group_size = models.PositiveIntegerField(null=True, blank=True, help_text="1 for one-to-one")
    setting = models.CharField(max_length=20, choices=Setting.choices, default=Setting.IN_CLASS)
    replaces_lessons = models.CharField(max_length=200, blank=True, help_text="If withdrawn: which lessons it replaces")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    cost = models.DecimalField(
        max_digits=9, decimal_places=2, default=Decimal("0.00"), help_text="Cost for this plan period, £"
    )
    bank_strategy_key = models.CharField(max_length=80, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    @property
    def weekly_minutes(self) -> int | None:
        if self.sessions_per_week is None or self.minutes_per_session is None:
            return None
        return int(self.sessions_per_week * self.minutes_per_session)


class CustomStrategy(models.Model):
    """A school's or local authority's own addition to the strategy bank."""

    school = models.ForeignKey(
        "organisations.School", null=True, blank=True, on_delete=models.CASCADE, related_name="custom_strategies"
    )
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="custom_strategies",
    )
    barrier_key = models.CharField(max_length=80)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000)
    kind = models.CharField(max_length=20, choices=Provision.Kind.choices)
    cost = models.CharField(
        max_length=10, choices=[("none", "No cost"), ("low", "Low cost"), ("funded", "Needs funding")]
    )
    delivered_by = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(school__isnull=False, local_authority__isnull=True)
                | Q(school__isnull=True, local_authority__isnull=False),
                name="custom_strategy_belongs_to_school_or_la",
            )
        ]
