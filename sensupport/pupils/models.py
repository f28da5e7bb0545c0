"""The SEN register: pupils, their SEN status history, needs, concerns and the people linked to them."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q
from django.db.models.functions import Upper
from django.utils import timezone

from sensupport.accounts.models import CLASS_ROLES, WHOLE_SCHOOL_ROLES, Role
from sensupport.core import lookups  # noqa: F401  (registers in_subquery, used by la_officer_scope)
from sensupport.organisations.models import School

from . import codes, ehc

STATUS_CHOICES = list(codes.STATUS_LABELS.items())


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"
    UNKNOWN = "U", "Not known"


YEAR_GROUPS = ["N1", "N2", "R"] + [str(n) for n in range(1, 15)] + ["X"]
YEAR_GROUP_CHOICES = [
    (
        y,
        f"Year {y}"
        if y.isdigit()
        else {"N1": "Nursery 1", "N2": "Nursery 2", "R": "Reception", "X": "Not following NC year"}[y],
    )
    for y in YEAR_GROUPS
]


# The SEN statuses a local authority sees: SEN Support (K) and an EHC plan (E). A pupil with no
# SEN (N) or only being monitored (M, a concern the school is still looking into) is the school's
# business alone, wherever they live.
LA_VISIBLE_STATUSES = (codes.STATUS_SUPPORT, codes.STATUS_EHC)


def la_officer_scope(local_authority) -> Q:
    """The pupils an officer of `local_authority` may see, as a filter on Pupil. The one
    definition: `visible_to` applies it to an officer; `who_can_see` applies it backwards, with
    `local_authority` an OuterRef to the officer's LA.

    On SEN Support or with an EHC plan, AND either at a school in the LA or living in the LA.
    The status condition binds both routes: living in the LA does not open a pupil with no SEN.
    """
    schools = School.objects.filter(local_authority_id=_inner(local_authority)).values("pk")
    sen = Q(sen_status__in=LA_VISIBLE_STATUSES)
    scope = (sen & Q(school_id__in_subquery=schools)) | (sen & Q(home_local_authority_id=local_authority))
    # A pupil with an EHC needs assessment request to this LA (ehc app) is the LA's business whatever
    # their status (a family may ask for a child the school has not put on SEN Support): OR'ed on
    # here, outside the status condition, as a semi-join (pk IN the requests' pupils) rather than a
    # join, so a pupil with two requests is one row and the register needs no DISTINCT (60,000
    # pupils: issue 14). The request model is reached through the relation: pupils does not import
    # ehc.
    # Each arm is one index scan (the LA's schools' pupils by school and status, the residents by
    # home LA and status, the requests' pupils by id), combined in a BitmapOr on PostgreSQL: the
    # subqueries are `in_subquery` (core/lookups.py), not `in` and not a join to the school, so the
    # officer's register reads that LA's pupils and not every pupil in a database shared by many
    # LAs (issue 14: 5 LAs, 300,000 pupils).
    requests = Pupil._meta.get_field("ehc_requests").related_model
    return scope | Q(
        pk__in_subquery=requests.objects.filter(local_authority_id=_inner(local_authority)).values("pupil_id")
    )


def _inner(local_authority):
    """`local_authority` as seen from inside a subquery of la_officer_scope: an OuterRef to the
    officer's LA is one level further out there."""
    return OuterRef(local_authority) if isinstance(local_authority, OuterRef) else local_authority


def whole_school_of(user) -> int | None:
    """The school whose every pupil `user` may see (visible_to's first rule: a SENCO, head or
    school administrator, active, at a school), or None."""
    if user is None or not user.is_authenticated or not user.is_active or user.role not in WHOLE_SCHOOL_ROLES:
        return None
    return user.school_id or None


class PupilQuerySet(models.QuerySet):
    def visible_to(self, user) -> PupilQuerySet:
        """The one definition of which pupils a user may see. Every list and fetch starts here.

        SENCO, head and school administrator: their whole school. Teacher and TA: pupils in the
        classes or groups they teach or support. LA officer: pupils on SEN Support or with an EHC
        plan, at schools in their LA or living in their LA (`la_officer_scope`); never a pupil
        with no SEN or only monitored. Parent: their own children while they hold parental
        responsibility. Outside professional: pupils the school has shared with them, while the
        sharing lasts. Anyone else: nobody.
        """
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        role = user.role
        if role in WHOLE_SCHOOL_ROLES:
            school_id = whole_school_of(user)
            return self.whole_school(school_id) if school_id else self.none()
        if role in CLASS_ROLES:
            if not user.school_id:
                return self.none()
            return self.filter(school_id=user.school_id, teaching_groups__staff=user).distinct()
        if role == Role.LA_OFFICER:
            if not user.local_authority_id:
                return self.none()
            return self.filter(la_officer_scope(user.local_authority_id))
        if role == Role.PARENT:
            return self.filter(
                parent_links__parent=user,
                parent_links__has_parental_responsibility=True,
                parent_links__ended_at__isnull=True,
            ).distinct()
        if role == Role.YOUNG_PERSON:
            return self.filter(pk=user.own_pupil_record_id) if user.own_pupil_record_id else self.none()
        if role == Role.PROFESSIONAL:
            return self.filter(pk__in=ProfessionalShare.objects.active().filter(professional=user).values("pupil_id"))
        return self.none()

    def whole_school(self, school_id: int) -> PupilQuerySet:
        """Every pupil at the school: what visible_to gives the user `whole_school_of` names it for."""
        return self.filter(school_id=school_id)

    def on_register(self) -> PupilQuerySet:
        return self.filter(sen_status__in=[codes.STATUS_MONITORING, codes.STATUS_SUPPORT, codes.STATUS_EHC])


class Pupil(models.Model):
    upn = models.CharField("UPN", max_length=13, unique=True)
    uln = models.CharField("ULN", max_length=10, blank=True)
    surname = models.CharField(max_length=100)
    forename = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=100, blank=True)
    preferred_surname = models.CharField(max_length=100, blank=True)
    preferred_forename = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices)
    year_group = models.CharField(max_length=2, choices=YEAR_GROUP_CHOICES)
    school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="pupils")
    home_local_authority = models.ForeignKey(
        "organisations.LocalAuthority",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resident_pupils",
        help_text="The LA where the pupil lives: responsible for EHC needs assessment.",
    )
    # Current status, kept in step with the newest SenStatusChange by the services.
    sen_status = models.CharField(max_length=1, choices=STATUS_CHOICES, default=codes.STATUS_NONE)
    sen_status_since = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change: stale forms are refused.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PupilQuerySet.as_manager()

    class Meta:
        ordering = ["surname", "forename"]
        indexes = [
            models.Index(fields=["school", "sen_status"]),
            models.Index(fields=["school", "year_group"]),
            # The register's order within a school (pupils.selectors.register_pupils): a page of 50
            # is read from the index, not sorted from the whole school.
            models.Index(fields=["school", "surname", "forename", "id"], name="pupil_register_order"),
            # The LA officer's second route in (la_officer_scope): pupils living in the LA.
            models.Index(fields=["home_local_authority", "sen_status"], name="pupil_home_la_status"),
            # An LA officer's register in its order, over the statuses an officer may see: the first
            # pages are read from the index; the count and the OR across the join read only these.
            models.Index(
                fields=["surname", "forename", "id"],
                condition=Q(sen_status__in=LA_VISIBLE_STATUSES),
                name="pupil_la_visible_order",
            ),
            # A UPN typed into the register's search (upn__iexact is UPPER(upn) = UPPER(%s) on
            # PostgreSQL). Names have trigram indexes on PostgreSQL: migration 0006.
            models.Index(Upper("upn"), name="pupil_upn_upper"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return codes.display_name(self.forename, self.surname, self.preferred_forename, self.preferred_surname)

    @property
    def legal_name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def status_label(self) -> str:
        return codes.STATUS_LABELS[self.sen_status]

    @property
    def is_on_sen_support(self) -> bool:
        return self.sen_status == codes.STATUS_SUPPORT


# Free text (reasons, concerns, notes, conversation summaries) has a max_length: the forms refuse
# longer text with a message. On a TextField it is not a database constraint, so rows written
# before the limit, or by imports, stay as they are.


class SenStatusChange(models.Model):
    """One dated entry in a pupil's SEN status history. Never edited: a change adds a row."""

    class Source(models.TextChoices):
        MANUAL = "manual", "Recorded in sensupport"
        CTF = "ctf", "Common Transfer File"
        SPREADSHEET = "spreadsheet", "Spreadsheet import"
        DEMO = "demo", "Demo data"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(max_length=1, choices=STATUS_CHOICES)
    start_date = models.DateField()
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    original_code = models.CharField(max_length=4, blank=True, help_text="Historic code as received, e.g. A, P, S")
    reason = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "recorded_at", "id"]

    @property
    def status_label(self) -> str:
        return codes.STATUS_LABELS[self.status]


class PupilNeed(models.Model):
    """A need type recorded for a pupil. Rank 1 and 2 go to the census; unranked needs are the
    school's own record beyond the census pair. An ended need keeps its end date."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="needs")
    need_type = models.CharField(max_length=6)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = [models.F("rank").asc(nulls_last=True), "need_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "rank"],
                condition=Q(end_date__isnull=True, rank__isnull=False),
                name="one_current_need_per_rank",
            ),
            models.UniqueConstraint(
                fields=["pupil", "need_type"], condition=Q(end_date__isnull=True), name="need_type_once_per_pupil"
            ),
            models.CheckConstraint(condition=Q(rank__isnull=True) | Q(rank__in=[1, 2]), name="need_rank_is_1_or_2"),
        ]

    @property
    def description(self) -> str:
        return codes.need_description(self.need_type)

    @property
    def broad_area(self) -> str:
        return codes.broad_area_of(self.need_type)


class TeachingGroup(models.Model):
    """A class, set or intervention group: who teaches or supports which pupils."""

    class Kind(models.TextChoices):
        CLASS = "class", "Class"
        SET = "set", "Set"
        INTERVENTION = "intervention", "Intervention group"

    school = models.ForeignKey("organisations.School", on_delete=models.CASCADE, related_name="teaching_groups")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CLASS)
    year_group = models.CharField(max_length=2, choices=YEAR_GROUP_CHOICES, blank=True)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="teaching_groups", blank=True)
    pupils = models.ManyToManyField(Pupil, related_name="teaching_groups", blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="teaching_group_name_unique_in_school")]

    def __str__(self) -> str:
        return self.name


class ParentLink(models.Model):
    """A parent or carer of a pupil. Access needs parental responsibility and an open link."""

    parent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="child_links")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="parent_links")
    relationship = models.CharField(max_length=50, default="Parent")
    has_parental_responsibility = models.BooleanField(default=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["parent", "pupil"], name="parent_link_unique")]


class ProfessionalShareQuerySet(models.QuerySet):
    def active(self, on: dt.date | None = None) -> ProfessionalShareQuerySet:
        """Shares in force on `on` (default today): not withdrawn and not past their end date. The
        one definition, used by scope (Pupil.objects.visible_to) and by "who can see this record"."""
        from django.utils import timezone

        return self.filter(withdrawn_at__isnull=True).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on or timezone.localdate())
        )


class ProfessionalShare(models.Model):
    """The school shares a pupil's record with a named outside professional (with consent)."""

    professional = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pupil_shares")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="professional_shares")
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    purpose = models.CharField(max_length=200)
    shared_at = models.DateTimeField(auto_now_add=True)
    ends_on = models.DateField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = ProfessionalShareQuerySet.as_manager()


class ParentConversationQuerySet(models.QuerySet):
    def meetings(self):
        """The conversations that were meetings with the parents: held in person, by telephone or
        by video call. A letter or email is recorded but is not a meeting (Code 6.65: at least
        three meetings a year). The one statement of this rule: plan coverage, the plan's checks,
        the register's plan summaries, the oversight figures and the family's meeting dates all
        count meetings through it."""
        return self.exclude(method=ParentConversation.Method.WRITTEN)


class ParentConversation(models.Model):
    """A recorded conversation with a pupil's parents. The law requires one before a pupil starts
    or stops SEN Support (parents must be told and involved)."""

    class Purpose(models.TextChoices):
        CONCERN = "concern", "Talking about a concern"
        START_SUPPORT = "start_support", "Proposing SEN Support"
        END_SUPPORT = "end_support", "Proposing to end SEN Support"
        OTHER = "other", "Other"

    class Method(models.TextChoices):
        MEETING = "meeting", "Meeting in person"
        PHONE = "phone", "Telephone"
        VIDEO = "video", "Video call"
        WRITTEN = "written", "Letter or email"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="parent_conversations")
    held_on = models.DateField()
    method = models.CharField(max_length=20, choices=Method.choices)
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    parents_present = models.CharField(max_length=200, help_text="Who took part for the family")
    summary = models.TextField(max_length=6000)
    parent_views = models.TextField(blank=True, max_length=4000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ParentConversationQuerySet.as_manager()

    class Meta:
        ordering = ["held_on", "recorded_at"]


class Concern(models.Model):
    """Something a member of staff (or a parent) has noticed. The SENCO triages it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        GATHERING = "gathering", "Gathering evidence"
        CLOSED = "closed", "Decided"

    class Decision(models.TextChoices):
        SEN_SUPPORT = "sen_support", "Place on SEN Support"
        MONITOR = "monitor", "Keep monitoring"
        NO_FURTHER_ACTION = "no_further_action", "No further action: needs met by good teaching"

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    noticed = models.TextField(max_length=3000, help_text="What has been noticed")
    where_when = models.TextField(blank=True, max_length=1500, help_text="Where and when in the school day it shows")
    broad_area = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    decision = models.CharField(max_length=30, choices=Decision.choices, blank=True)
    decision_notes = models.TextField(blank=True, max_length=3000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class ConcernNote(models.Model):
    """Evidence gathered or a note added while triaging a concern."""

    class Kind(models.TextChoices):
        EVIDENCE = "evidence", "Evidence"
        NOTE = "note", "Note"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class PupilTransfer(models.Model):
    """A pupil leaving one school in sensupport for another. The sending school records it when it
    sends the Common Transfer File; the receiving school's import of that file completes it."""

    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="transfers")
    from_school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="transfers_out")
    to_school = models.ForeignKey("organisations.School", on_delete=models.PROTECT, related_name="transfers_in")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil"], condition=Q(completed_at__isnull=True), name="one_open_transfer_per_pupil"
            )
        ]


def _ehc_document_path(instance, filename: str) -> str:
    # Under the pupil's id, never the original name (it may carry the child's name).
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"ehc-plans/{instance.pupil_id}/ehc-plan-{uuid.uuid4().hex}.{extension}"


class EhcPlanSummary(models.Model):
    """What a school keeps of a pupil's EHC plan until the EHC capability gives EHC plans their own
    record: who issued it, when, its last annual review, its outcomes and provision in brief, and
    optionally the plan itself (served only by `pupils:ehc_document`, which checks scope and audits)."""

    pupil = models.OneToOneField(Pupil, on_delete=models.CASCADE, related_name="ehc_summary")
    issuing_local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="+", verbose_name="Issuing LA"
    )
    issued_on = models.DateField("Date the EHC plan was issued")
    last_reviewed_on = models.DateField("Date of the last annual review", null=True, blank=True)
    outcomes = models.TextField(max_length=6000)
    provision_summary = models.TextField(max_length=6000)
    document = models.FileField(upload_to=_ehc_document_path, blank=True, max_length=200)
    document_name = models.CharField(max_length=200, blank=True, help_text="The uploaded file's own name")
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change: stale forms are refused.")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "EHC plan summary"
        verbose_name_plural = "EHC plan summaries"

    def __str__(self) -> str:
        return f"EHC plan summary for pupil {self.pupil_id}"

    @property
    def annual_review_due(self):
        return ehc.annual_review_due(self.issued_on, self.last_reviewed_on)

    @property
    def review_state(self) -> str:
        """'overdue', 'due soon' (within eight weeks) or ''."""
        return ehc.review_state(self.annual_review_due, today=timezone.localdate())
