"""Local authorities and schools."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

three_digits = RegexValidator(r"^\d{3}$", "A local authority code is three digits, for example 201.")
four_digits = RegexValidator(r"^\d{4}$", "An establishment number is four digits, for example 3614.")
six_digits = RegexValidator(r"^\d{6}$", "A URN is six digits, for example 100000.")


class LocalAuthority(models.Model):
    code = models.CharField(max_length=3, unique=True, validators=[three_digits])
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class School(models.Model):
    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery"
        PRIMARY = "primary", "Primary"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        SPECIAL = "special", "Special"
        ALTERNATIVE = "alternative", "Alternative provision"
        SIXTEEN_PLUS = "16_plus", "16 plus"

    urn = models.CharField("URN", max_length=6, unique=True, validators=[six_digits])
    name = models.CharField(max_length=200)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="schools")
    establishment_number = models.CharField(max_length=4, validators=[four_digits])
    phase = models.CharField(max_length=20, choices=Phase.choices)
    # GIAS "type of establishment" code (see sensupport/organisations/data/establishment_types.csv)
    establishment_type = models.PositiveSmallIntegerField(help_text="GIAS type of establishment code")
    two_factor_required = models.BooleanField(
        default=False, help_text="Staff must sign in with a one-time code from an authenticator app."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["local_authority", "establishment_number"], name="school_unique_dfe_number")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def dfe_number(self) -> str:
        """LA code + establishment number, as in the census: 2013614."""
        return f"{self.local_authority.code}{self.establishment_number}"
