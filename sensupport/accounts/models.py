"""Users, their role and where they belong (a school, a local authority, or a family)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models


class Role(models.TextChoices):
    SENCO = "senco", "SENCO"
    TEACHER = "teacher", "Class teacher"
    TEACHING_ASSISTANT = "ta", "Teaching assistant"
    HEAD = "head", "Head teacher"
    SCHOOL_ADMIN = "school_admin", "School administrator"
    PARENT = "parent", "Parent or carer"
    LA_OFFICER = "la_officer", "Local authority officer"
    PROFESSIONAL = "professional", "Outside professional"
    SERVICE_ADMIN = "service_admin", "Service administrator"
    YOUNG_PERSON = "young_person", "Young person (16 or over)"


SCHOOL_ROLES = frozenset({Role.SENCO, Role.TEACHER, Role.TEACHING_ASSISTANT, Role.HEAD, Role.SCHOOL_ADMIN})
WHOLE_SCHOOL_ROLES = frozenset({Role.SENCO, Role.HEAD, Role.SCHOOL_ADMIN})
CLASS_ROLES = frozenset({Role.TEACHER, Role.TEACHING_ASSISTANT})
# The roles other apps name. Anywhere outside accounts asks one of these (or a permission, in
# each app's permissions.py), never a role's value: accounts/tests/test_role_literals.py checks.
SCHOOL_LEADERS = frozenset({Role.SENCO, Role.HEAD})
STAFF_WHO_WORK_WITH_PUPILS = SCHOOL_LEADERS | CLASS_ROLES  # not the school office
SECURITY_ROLES = frozenset({Role.HEAD, Role.SCHOOL_ADMIN})  # see and set the school's sign-in security
FAMILY_ROLES = frozenset({Role.PARENT, Role.YOUNG_PERSON})  # a parent or carer; a young person (16+) about themself


class User(AbstractUser):
    """A person who signs in. The username is their email address."""

    role = models.CharField(max_length=20, choices=Role.choices)
    school = models.ForeignKey(
        "organisations.School", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", null=True, blank=True, on_delete=models.PROTECT, related_name="officers"
    )
    own_pupil_record = models.OneToOneField(
        "pupils.Pupil",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="young_person_account",
        help_text="For a young person of 16 or over: their own record, which they see and speak to directly.",
    )
    organisation_name = models.CharField(
        max_length=200, blank=True, help_text="For outside professionals: the service they work for."
    )

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                name="staff_belong_to_a_school",
                condition=~models.Q(role__in=sorted(r.value for r in SCHOOL_ROLES)) | models.Q(school__isnull=False),
            ),
            models.CheckConstraint(
                name="officers_belong_to_an_la",
                condition=~models.Q(role=Role.LA_OFFICER) | models.Q(local_authority__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        super().clean()
        if self.role in SCHOOL_ROLES and not self.school_id:
            raise ValidationError({"school": "School staff must belong to a school."})
        if self.role == Role.LA_OFFICER and not self.local_authority_id:
            raise ValidationError({"local_authority": "A local authority officer must belong to a local authority."})

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.username

    @property
    def is_school_staff(self) -> bool:
        return self.role in SCHOOL_ROLES

    @property
    def sees_whole_school(self) -> bool:
        return self.role in WHOLE_SCHOOL_ROLES

    @property
    def is_family(self) -> bool:
        """A parent or carer, or a young person (16 or over) about themself: they use the family portal."""
        return self.role in FAMILY_ROLES

    @property
    def is_young_person(self) -> bool:
        return self.role == Role.YOUNG_PERSON

    @property
    def is_parent(self) -> bool:
        return self.role == Role.PARENT

    @classmethod
    def new_parent(cls, *, email: str, first_name: str, last_name: str) -> User:
        """An unsaved parent or carer account, with no password: families sign in with an emailed code."""
        user = cls(
            username=email, email=email, first_name=first_name[:150], last_name=last_name[:150], role=Role.PARENT
        )
        user.set_unusable_password()
        return user

    @property
    def needs_second_factor(self) -> bool:
        """Staff of a school that has switched on two-factor sign-in must use TOTP."""
        return bool(self.is_school_staff and self.school_id and self.school.two_factor_required)


class LoginCode(models.Model):
    """A one-time sign-in code sent by email (parents and young people have no password to forget).
    Only a hash is stored; a code works once, for a short time, with few attempts."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_codes")
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]


class ThrottleHit(models.Model):
    """One counted event (a code asked for, a wrong code, a failed password) for rate limits
    across every app server. `client` is a keyed hash of the client's address, never the address.
    Rows older than their limit's window are deleted as new ones arrive (accounts/throttle.py)."""

    bucket = models.CharField(max_length=40)
    client = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["bucket", "client", "at"], name="throttle_client_idx"),
            models.Index(fields=["bucket", "at"], name="throttle_bucket_idx"),
        ]
