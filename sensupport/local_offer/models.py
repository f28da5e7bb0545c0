"""The Local Offer: a public directory of services for children and young people with SEND.

Shaped on Open Referral UK (v3, HSDS 3) so the API is a plain mapping (`oruk.py`, ADR 0019):
a `Provider` is an ORUK organization (the LA, an NHS trust, a charity, a school for its SEN offer),
a `Service` is a service with one `Location` and its `OpeningTime`s (ORUK schedules), and the
categories it is listed under are `TaxonomyTerm`s of the LA's own `Taxonomy`s (chosen by the LA,
never by the provider). Providers' editors propose a `ServiceChange`; an officer of the LA approves
it. `Feedback` from any public page goes to the LA's editors. A `Signpost` points a pupil's plan
support line at a service; the plan shows the service's current details.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Provider(models.Model):
    """An organisation that runs services (ORUK `organization`)."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "la", "Local authority"
        HEALTH = "health", "Health (NHS)"
        VOLUNTARY = "voluntary", "Voluntary or community group"
        SCHOOL = "school", "School (its SEN offer)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="local_offer_providers"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(max_length=2000)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    school = models.ForeignKey(
        "organisations.School",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="local_offer_providers",
        help_text="For a school's own SEN offer",
    )
    editors = models.ManyToManyField(settings.AUTH_USER_MODEL, through="ProviderEditor", related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "name"], name="local_offer_provider_name_unique_in_la")
        ]

    def __str__(self) -> str:
        return self.name


class ProviderEditor(models.Model):
    """A person who may propose changes to a provider's services (their account may have any role)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="editor_memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="local_offer_providers")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "user"], name="local_offer_editor_once")]


class Taxonomy(models.Model):
    """One of the LA's lists of categories (ORUK `taxonomy`)."""

    class Purpose(models.TextChoices):
        CATEGORY = "category", "Kind of service"
        NEED = "need", "Needs it is for"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="local_offer_taxonomies"
    )
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=500)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    version = models.CharField(max_length=20, default="1")

    class Meta:
        ordering = ["purpose", "name"]
        verbose_name_plural = "taxonomies"
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "name"], name="local_offer_taxonomy_unique_in_la")
        ]


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="terms")
    code = models.CharField(max_length=20, blank=True, help_text="For needs: the DfE census code (ASD, SLCN...)")
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=500)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "name"], name="local_offer_term_unique")]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    address_1 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100)
    area = models.CharField(max_length=100, help_text="The district residents search by")
    postcode = models.CharField(max_length=10, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    @property
    def is_physical(self) -> bool:
        return bool(self.address_1 or self.postcode)


class ServiceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Service.Status.ACTIVE)

    def stale(self, *, on):
        from .rules import stale_before

        return self.filter(status=Service.Status.ACTIVE, last_checked_on__lt=stale_before(on))


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Open"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"
        INACTIVE = "inactive", "Not running"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(max_length=4000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    how_to_access = models.TextField(max_length=2000, help_text="How to get the service: referral, drop in, book")
    fees = models.CharField(max_length=200, blank=True, help_text="Empty when it is free")
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    contact_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    url = models.URLField(blank=True)
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="services")
    terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    last_checked_on = models.DateField(help_text="When the entry was last confirmed correct")
    stale_flagged_on = models.DateField(
        null=True, blank=True, help_text="When its owner and the LA were told it needs checking (once per check)"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="local_offer_ages_in_order",
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
            )
        ]
        indexes = [models.Index(fields=["status", "name"], name="local_offer_service_listing")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_free(self) -> bool:
        return not self.fees


class OpeningTime(models.Model):
    """One weekly opening (ORUK `schedule`: WEEKLY, byday, opens_at, closes_at)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="opening_times")
    weekday = models.PositiveSmallIntegerField(help_text="0 is Monday")
    opens_at = models.TimeField()
    closes_at = models.TimeField()

    class Meta:
        ordering = ["weekday", "opens_at"]


class ServiceChange(models.Model):
    """A provider's proposed change to its entry, waiting for an officer of the LA."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for the local authority"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Not approved"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="changes")
    proposed = models.JSONField(help_text="The proposed values of the fields a provider may change")
    note = models.CharField(max_length=500, blank=True, help_text="The provider's note to the LA")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service"], condition=Q(state="pending"), name="local_offer_one_pending_change"
            )
        ]


class Feedback(models.Model):
    """What a visitor said about a Local Offer page, for the LA's editors."""

    local_authority = models.ForeignKey(
        "organisations.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="local_offer_feedback",
        help_text="Empty for a page of no one LA (the search): every LA's editors see it",
    )
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback")
    page = models.CharField(max_length=300)
    message = models.TextField(max_length=1200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class Signpost(models.Model):
    """A plan's support line points the family to a Local Offer service."""

    provision = models.OneToOneField("plans.Provision", on_delete=models.CASCADE, related_name="local_offer_signpost")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="signposts")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
