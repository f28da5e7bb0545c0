"""Reads of the register. Every query starts from Pupil.objects.visible_to(user)."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Exists, FilteredRelation, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from sensupport.core.prepared import PreparedQuery

from . import codes
from .ehc import DUE_SOON_DAYS, annual_review_due, review_state
from .models import (
    YEAR_GROUP_CHOICES,
    Concern,
    EhcPlanSummary,
    ParentConversation,
    ParentLink,
    ProfessionalShare,
    Pupil,
    PupilNeed,
    SenStatusChange,
    TeachingGroup,
    la_officer_scope,
    whole_school_of,
)
from .sections import PupilPageSections

# The register's plan-coverage filter: the gaps sensupport.plans.coverage finds (the rules live
# there; the names are here because the register's form, in this app, offers them).
COVERAGE_CHOICES = [
    ("no_plan", "On SEN Support with no agreed plan"),
    ("review_overdue", "Plan past its review date"),
    ("parents_not_met", "Parents not met three times in 12 months"),
]


@dataclass(frozen=True)
class RegisterFilters:
    status: str = ""
    need: str = ""
    area: str = ""
    year_group: str = ""
    group: str = ""
    school: str = ""
    q: str = ""
    coverage: str = ""  # a plan-coverage gap: sensupport.plans.coverage.COVERAGE_KINDS


def register_pupils(user, filters: RegisterFilters) -> QuerySet[Pupil]:
    """The pupils the user may see, filtered, with what the register table shows prefetched
    (a fixed number of queries however many pupils there are): the export and the API."""
    return (
        register_selection(user, filters)
        .select_related("school", "ehc_summary")
        .prefetch_related(
            Prefetch("needs", queryset=PupilNeed.objects.filter(end_date__isnull=True), to_attr="current_needs"),
            Prefetch("teaching_groups", queryset=TeachingGroup.objects.only("id", "name"), to_attr="groups"),
            Prefetch(
                "concerns",
                queryset=Concern.objects.exclude(status=Concern.Status.CLOSED).only("id", "pupil_id"),
                to_attr="open_concerns",
            ),
        )
    )


def register_selection(user, filters: RegisterFilters) -> QuerySet[Pupil]:
    """The pupils the user may see, filtered, in the register's order (surname, forename, id), and
    nothing read with them: the register page reads its page's rows with `register_page_rows`."""
    pupils = Pupil.objects.visible_to(user)
    if filters.status == "register":
        pupils = pupils.on_register()
    elif filters.status in codes.STATUS_LABELS:
        pupils = pupils.filter(sen_status=filters.status)
    if filters.need:
        pupils = pupils.filter(needs__need_type=filters.need, needs__end_date__isnull=True)
    if filters.area:
        area = codes.BroadArea.SLUGS.get(filters.area, filters.area)
        area_codes = [n.code for n in codes.current_need_types() if n.broad_area == area]
        pupils = pupils.filter(needs__need_type__in=area_codes, needs__end_date__isnull=True)
    if filters.year_group:
        pupils = pupils.filter(year_group=filters.year_group)
    if filters.group:
        pupils = pupils.filter(teaching_groups__pk=filters.group)
    if filters.school:
        pupils = pupils.filter(school_id=filters.school)
    if filters.q:
        pupils = pupils.filter(search_condition(filters.q))
    if filters.coverage:
        # The register is where the home page's coverage figures lead: the same rule picks the
        # same pupils. Imported here (plans builds on pupils), as pupils.views reads plans.
        from sensupport.plans.coverage import pupils_with_gap

        pupils = pupils.filter(pk__in=pupils_with_gap(pupils, filters.coverage, today=timezone.localdate()))
    if filters.need or filters.area or filters.group:
        pupils = pupils.distinct()
    return pupils.order_by(*REGISTER_ORDER)


REGISTER_ORDER = ("surname", "forename", "pk")  # the register's order (its index: pupil_register_order)


# What naming a pupil in a list takes (display_name, the sort by name, the link, the audit row).
PUPIL_NAME_FIELDS = ("id", "school_id", "surname", "forename", "preferred_surname", "preferred_forename")

# What a row of the register page shows, and nothing more: the EHC summary's long text (sections E
# and F, up to 6,000 characters each) and the pupil's other details stay in the database.
REGISTER_ROW_FIELDS = (
    *PUPIL_NAME_FIELDS,
    "year_group",
    "sen_status",
    "school__name",
    "ehc_summary__issued_on",
    "ehc_summary__last_reviewed_on",
)


class CurrentNeed(NamedTuple):
    """A current need as the register's row shows it (PupilNeed's fields and description)."""

    need_type: str
    rank: int | None

    @property
    def description(self) -> str:
        return codes.need_description(self.need_type)


@dataclass(slots=True)
class RegisterRow:
    """A pupil as a row of the register page shows them: plain values read with `values_list`, not
    a model instance (building 50 pupils with their schools was most of the page's Python time:
    issue 14). Names, status and EHC dates follow the same rules as Pupil and EhcPlanSummary."""

    pk: int
    school_id: int
    surname: str
    forename: str
    preferred_surname: str
    preferred_forename: str
    year_group: str
    sen_status: str
    school_name: str
    ehc_issued_on: dt.date | None  # None: no EHC plan summary recorded
    ehc_last_reviewed_on: dt.date | None
    current_needs: list[CurrentNeed] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    open_concern_count: int = 0
    plan_summary: object = None  # set by the view (plans.selectors.plan_summaries)
    year_label: str = ""

    @property
    def display_name(self) -> str:
        return codes.display_name(self.forename, self.surname, self.preferred_forename, self.preferred_surname)

    @property
    def status_label(self) -> str:
        return codes.STATUS_LABELS[self.sen_status]

    @property
    def has_ehc_summary(self) -> bool:
        return self.ehc_issued_on is not None

    @property
    def annual_review_due(self) -> dt.date:
        return annual_review_due(self.ehc_issued_on, self.ehc_last_reviewed_on)

    def ehc_review_state(self, today: dt.date) -> str:
        return review_state(self.annual_review_due, today=today)


# The page's extras, compiled once (core/prepared.py): each is one query for the page's pupils.
_PAGE_NEEDS = PreparedQuery(  # in PupilNeed's order: rank, then code
    lambda ids: PupilNeed.objects.filter(pupil_id__in=ids, end_date__isnull=True).values_list(
        "pupil_id", "need_type", "rank"
    )
)
_PAGE_GROUPS = PreparedQuery(
    lambda ids: (
        TeachingGroup.pupils.through.objects.filter(pupil_id__in=ids)
        .order_by("teachinggroup__name", "teachinggroup_id")
        .values_list("pupil_id", "teachinggroup__name")
    )
)
_PAGE_OPEN_CONCERNS = PreparedQuery(
    lambda ids: (
        Concern.objects.filter(pupil_id__in=ids)
        .exclude(status=Concern.Status.CLOSED)
        .order_by()
        .values("pupil_id")
        .annotate(n=Count("pk"))
        .values_list("pupil_id", "n")
    )
)


def register_page_selection(user, filters: RegisterFilters) -> QuerySet:
    """`register_selection` as the values a row of the register page shows (with the school's name
    and the EHC summary's dates joined): page it, then give the page to `register_page_rows`."""
    return register_selection(user, filters).values_list(*REGISTER_ROW_FIELDS)


REGISTER_PAGE_SIZE = 50

# The register's first page as most people first see it (a whole-school viewer, no filters): the
# same rows as register_page_selection's first page, compiled once (core/prepared.py).
_WHOLE_SCHOOL_FIRST_PAGE = PreparedQuery(
    lambda school_id: (
        Pupil.objects.whole_school(school_id)
        .order_by(*REGISTER_ORDER)
        .values_list(*REGISTER_ROW_FIELDS)[:REGISTER_PAGE_SIZE]
    )
)


def whole_school_first_page(user) -> list[tuple] | None:
    """The unfiltered register's first page for a whole-school viewer (the rows of
    `register_page_selection(user, RegisterFilters())[:REGISTER_PAGE_SIZE]`), or None for anyone else."""
    school_id = whole_school_of(user)
    return None if school_id is None else _WHOLE_SCHOOL_FIRST_PAGE(school_id)


def register_page_rows(page: Iterable[tuple]) -> list[RegisterRow]:
    """One page of `register_page_selection` as RegisterRows, with the rest of what its table shows:
    each pupil's current needs (`current_needs`), classes (`groups`, names only) and open concerns
    (`open_concern_count`), one query each, read as plain values rather than model instances
    (the register page's reads were most of its Python time: issue 14, bench/profile_pages.py)."""
    rows = [RegisterRow(*values) for values in page]
    ids = [row.pk for row in rows]
    needs: dict[int, list[CurrentNeed]] = {}
    groups: dict[int, list[str]] = {}
    for pupil_id, need_type, rank in _PAGE_NEEDS(ids):
        needs.setdefault(pupil_id, []).append(CurrentNeed(need_type, rank))
    for pupil_id, name in _PAGE_GROUPS(ids):
        groups.setdefault(pupil_id, []).append(name)
    concerns = dict(_PAGE_OPEN_CONCERNS(ids))
    for row in rows:
        row.current_needs = needs.get(row.pk, [])
        row.groups = groups.get(row.pk, [])
        row.open_concern_count = concerns.get(row.pk, 0)
    return rows


NAME_FIELDS = ("surname", "forename", "preferred_forename", "preferred_surname", "middle_names")


def search_words(text: str) -> list[str]:
    """The words of a register search: "Peter Marsh", "Marsh, Peter" and " marsh  peter " all give
    the same two. Commas and full stops between names are separators."""
    return [word for word in re.split(r"[\s,.;]+", text.strip()) if word]


def search_condition(text: str) -> Q:
    """A pupil matches when every word is part of one of their names, or the whole text is their
    UPN (any case)."""
    words = search_words(text)
    by_name = Q()
    for word in words:
        any_name = Q()
        for name in NAME_FIELDS:
            any_name |= Q(**{f"{name}__icontains": word})
        by_name &= any_name
    return (by_name if words else Q(pk__in=[])) | Q(upn__iexact=text.strip())


@dataclass(frozen=True)
class RegisterChoices:
    years: list[str]  # the year groups the user's pupils are in, in National Curriculum order
    schools: list  # the schools they are at (none for school staff: one school)
    total: int  # how many pupils the user may see: the unfiltered register's count


def register_choices(user) -> RegisterChoices:
    """The register filter's choices and the number of pupils, from one GROUP BY over the user's
    pupils (year group, school): for an LA officer one pass over their whole scope instead of three
    (the choices, then the paginator's COUNT: 20 ms each over 60,000 pupils, issue 14)."""
    from sensupport.organisations.models import School

    visible = Pupil.objects.visible_to(user).order_by()
    # A teacher's pupils come through their classes (DISTINCT): each pupil counts once.
    rows = visible.values_list("year_group", "school_id").annotate(n=Count("pk", distinct=visible.query.distinct))
    present: set[str] = set()
    school_ids: set[int] = set()
    total = 0
    for year, school_id, n in rows:
        present.add(year)  # a blank year group is no choice: YEAR_GROUP_CHOICES leaves it out
        school_ids.add(school_id)
        total += n
    years = [value for value, _label in YEAR_GROUP_CHOICES if value in present]
    schools = []
    if school_ids and not user.is_school_staff:
        schools = list(School.objects.filter(pk__in=school_ids).order_by("name").only("id", "name"))
    return RegisterChoices(years=years, schools=schools, total=total)


def groups_for_filter(user) -> list[TeachingGroup]:
    """The classes and groups the register's filter offers (id and name): the school's, or for a
    teacher or TA their own."""
    if not getattr(user, "school_id", None):
        return []
    if user.sees_whole_school:
        return _SCHOOL_GROUPS(user.school_id)
    return _OWN_GROUPS(user.school_id, user.pk)


# Compiled once (core/prepared.py): the register asks on every view.
_SCHOOL_GROUPS = PreparedQuery(
    lambda school_id: TeachingGroup.objects.filter(school_id=school_id).only("id", "name").order_by("name")
)
_OWN_GROUPS = PreparedQuery(
    lambda school_id, user_id: (
        TeachingGroup.objects.filter(school_id=school_id, staff__pk=user_id).only("id", "name").order_by("name")
    )
)


@dataclass(frozen=True)
class NationalFigures:
    year: str
    sen_support_pct: float
    ehc_pct: float
    total_pct: float


@cache
def national_figures() -> NationalFigures:
    """Latest January census figures shipped with the app (DfE, SEN in England)."""
    with open(settings.NATIONAL_SEN_STATS_FILE, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    latest = max(rows, key=lambda row: int(row["census_january"]))
    return NationalFigures(
        year=latest["census_january"],
        sen_support_pct=float(latest["sen_support_pct"]),
        ehc_pct=float(latest["ehc_pct"]),
        total_pct=float(latest["total_sen_pct"]),
    )


@dataclass
class RegisterCounts:
    total_pupils: int
    by_status: dict[str, int]
    by_need: list[tuple[str, str, int]]  # code, description, primary-need count
    by_area: list[tuple[str, int]]
    year_groups: frozenset[str] = frozenset()  # the year groups the pupils are in (the filter's choices)

    def key(self) -> tuple:
        """The figures as a hashable value (`from_key` gives them back): for memoising their rendering."""
        return (self.total_pupils, tuple(self.by_status.items()), tuple(self.by_need), tuple(self.by_area))

    @classmethod
    def from_key(cls, key: tuple) -> RegisterCounts:
        total, by_status, by_need, by_area = key
        return cls(total_pupils=total, by_status=dict(by_status), by_need=list(by_need), by_area=list(by_area))

    def pct(self, n: int) -> float:
        return round(100 * n / self.total_pupils, 1) if self.total_pupils else 0.0

    @property
    def pct_support(self) -> float:
        return self.pct(self.by_status.get(codes.STATUS_SUPPORT, 0))

    @property
    def pct_ehc(self) -> float:
        return self.pct(self.by_status.get(codes.STATUS_EHC, 0))

    @property
    def pct_monitoring(self) -> float:
        return self.pct(self.by_status.get(codes.STATUS_MONITORING, 0))


def register_counts(user) -> RegisterCounts:
    """Counts over everything the user may see (not just the filtered page): one GROUP BY query
    over (SEN status, primary need, year group), at most a few hundred rows, folded here (the year
    groups present are the register filter's choices: no second pass over the school). Each pupil is joined
    to their current primary need (at most one: the constraint one_current_need_per_rank), so a
    row counts pupils. (An aggregate of thirty filtered COUNTs said the same, but building that
    query cost the register more than running it: bench/profile_pages.py.)"""
    if (school_id := whole_school_of(user)) is not None:  # the register's usual viewer: compiled once
        return register_counts_fold(_WHOLE_SCHOOL_COUNTS(school_id))
    visible = Pupil.objects.visible_to(user)
    if visible.query.distinct:  # a join that can repeat a pupil (a teacher's classes): count each once
        visible = Pupil.objects.filter(pk__in=visible.values("pk"))
    return register_counts_fold(_counts_rows(visible))


def _counts_rows(pupils: QuerySet[Pupil]) -> QuerySet:
    """(status, primary need code or None, year group, pupils) over `pupils`."""
    return (
        pupils.annotate(
            primary_need=FilteredRelation("needs", condition=Q(needs__end_date__isnull=True, needs__rank=1))
        )
        .order_by()
        .values_list("sen_status", "primary_need__need_type", "year_group")
        .annotate(n=Count("pk"))
    )


_WHOLE_SCHOOL_COUNTS = PreparedQuery(lambda school_id: _counts_rows(Pupil.objects.whole_school(school_id)))


def register_counts_fold(rows) -> RegisterCounts:
    """RegisterCounts from (status, primary need code or None, year group, pupils) rows. Needs count only pupils
    on the register (SEN Support or EHC plan) with a primary need; a code in no broad area (OTH,
    NSA, or one we do not know) counts under "No broad area"."""
    need_types = codes.current_need_types()
    areas_of = {code: need.broad_area for code, need in codes.need_types().items()}
    by_status = dict.fromkeys(codes.STATUS_LABELS, 0)
    need_counts: dict[str, int] = {}
    area_counts = dict.fromkeys(codes.BroadArea.ALL, 0)
    primary = 0
    years: set[str] = set()
    for status, need_code, year, n in rows:
        years.add(year)
        if status in by_status:
            by_status[status] += n
        if need_code is None or status not in (codes.STATUS_SUPPORT, codes.STATUS_EHC):
            continue
        primary += n
        need_counts[need_code] = need_counts.get(need_code, 0) + n
        if (area := areas_of.get(need_code)) in area_counts:
            area_counts[area] += n
    by_need = [(need.code, need.description, need_counts.get(need.code, 0)) for need in need_types]
    by_area = [(area, area_counts[area]) for area in codes.BroadArea.ALL]
    by_area.append(("No broad area (OTH, NSA)", primary - sum(area_counts.values())))
    return RegisterCounts(
        total_pupils=sum(by_status.values()),
        by_status=by_status,
        by_need=by_need,
        by_area=by_area,
        year_groups=frozenset(years),
    )


def count_from_counts(filters: RegisterFilters, counts: RegisterCounts) -> int | None:
    """How many pupils `filters` select, when `counts` (over the same visible pupils) already says:
    no filter, or a status filter alone. None otherwise (the paginator counts)."""
    if replace(filters, status="") != RegisterFilters():
        return None
    if not filters.status:
        return counts.total_pupils
    if filters.status == "register":
        return sum(counts.by_status[s] for s in (codes.STATUS_MONITORING, codes.STATUS_SUPPORT, codes.STATUS_EHC))
    return counts.by_status.get(filters.status)


# The pupil page's reads, compiled once (core/prepared.py): the same querysets the related managers
# give (`pupil.needs.all()` and so on, in each model's own order), without Django building and
# compiling each one on every view of the page (issue 14).
_HISTORY = PreparedQuery(
    lambda pupil_id: SenStatusChange.objects.filter(pupil_id=pupil_id).select_related("recorded_by")
)
_NEEDS = PreparedQuery(lambda pupil_id: PupilNeed.objects.filter(pupil_id=pupil_id))
_CONCERNS = PreparedQuery(
    lambda pupil_id: Concern.objects.filter(pupil_id=pupil_id).select_related("raised_by", "decided_by")
)
_CONVERSATIONS = PreparedQuery(
    lambda pupil_id: ParentConversation.objects.filter(pupil_id=pupil_id).select_related("recorded_by")
)
_GROUPS = PreparedQuery(lambda pupil_id: TeachingGroup.objects.filter(pupils__pk=pupil_id))
_GROUP_STAFF = PreparedQuery(
    lambda group_ids: (
        TeachingGroup.staff.through.objects.filter(teachinggroup_id__in=group_ids)
        .select_related("user")
        .order_by("teachinggroup_id", "user__last_name", "user__first_name", "user_id")  # as group.staff.all()
    )
)
_CURRENT_PARENT_LINKS = PreparedQuery(
    lambda pupil_id: ParentLink.objects.filter(pupil_id=pupil_id, ended_at__isnull=True).select_related("parent")
)


def _of_pupil(rows: list, pupil: Pupil) -> list:
    """Rows read by pupil id, each knowing its pupil as a related manager's rows do (no query for `row.pupil`)."""
    for row in rows:
        row.pupil = pupil
    return rows


def pupil_groups(pupil: Pupil, *, with_staff: bool) -> list[TeachingGroup]:
    """The pupil's teaching groups in their order; with_staff: each group's `staff_list` (active or
    not: who_can_see decides), one more query for all the groups."""
    groups = _GROUPS(pupil.pk)
    if with_staff:
        staff: dict[int, list] = {}
        for membership in _GROUP_STAFF([group.pk for group in groups]):
            staff.setdefault(membership.teachinggroup_id, []).append(membership.user)
        for group in groups:
            group.staff_list = staff.get(group.pk, [])
    return groups


def pupil_record(pupil: Pupil, show: PupilPageSections) -> dict:
    """What the pupil page shows, loaded in a handful of queries: only the parts `show` allows
    (pupils/sections.py), so a part the viewer may not see is never even read."""
    record: dict = {}
    if show.sen_status:
        record["history"] = _of_pupil(_HISTORY(pupil.pk), pupil)
    # One query each for needs and concerns, split here; the classes and parent links the page
    # lists are the ones "who can see this record" reads too.
    if show.needs:
        needs = _of_pupil(_NEEDS(pupil.pk), pupil)
        record["needs"] = [need for need in needs if need.end_date is None]
        record["past_needs"] = [need for need in needs if need.end_date is not None]
    if show.concerns:
        concerns = _of_pupil(_CONCERNS(pupil.pk), pupil)
        record["open_concerns"] = [c for c in concerns if c.status != Concern.Status.CLOSED]
        record["closed_concerns"] = [c for c in concerns if c.status == Concern.Status.CLOSED]
    if show.parent_conversations:
        record["conversations"] = _of_pupil(_CONVERSATIONS(pupil.pk), pupil)
    groups = links = None
    if show.classes or show.who_can_see:
        groups = pupil_groups(pupil, with_staff=show.who_can_see)
    if show.classes:
        record["groups"] = groups
    if show.parents or show.who_can_see:
        links = _of_pupil(_CURRENT_PARENT_LINKS(pupil.pk), pupil)
    if show.parents:
        record["parents"] = links
    if show.who_can_see:
        record["who_can_see"] = who_can_see(pupil, groups=groups, parent_links=links)
    return record


def _whole_school_staff(school_id: int):
    from sensupport.accounts.models import WHOLE_SCHOOL_ROLES, User

    return User.objects.filter(school_id=school_id, role__in=WHOLE_SCHOOL_ROLES, is_active=True)


def _la_officers_in_scope(pupil_id: int):
    from sensupport.accounts.models import Role, User

    # The LA rule is applied backwards, not restated: officers whose LA passes la_officer_scope. (One
    # read OR'ed with the school's staff made PostgreSQL run this subquery for every user.)
    in_la_scope = Pupil.objects.filter(pk=pupil_id).filter(la_officer_scope(OuterRef("local_authority_id")))
    return User.objects.filter(role=Role.LA_OFFICER, is_active=True).filter(Exists(in_la_scope))


_WHOLE_SCHOOL_STAFF = PreparedQuery(_whole_school_staff)
_ACTIVE_SHARES = PreparedQuery(
    lambda pupil_id, today: (
        ProfessionalShare.objects.filter(pupil_id=pupil_id).active(on=today).select_related("professional")
    )
)
_LA_OFFICERS_IN_SCOPE = PreparedQuery(_la_officers_in_scope)


def who_can_see(pupil: Pupil, *, groups=None, parent_links=None) -> list[dict]:
    """The people with access to this record, and why: the same rules as visible_to, read backwards.
    `groups` (from `pupil_groups(with_staff=True)`) and `parent_links` (their current links, parent
    selected) save queries when the caller has already read them."""
    people: list[dict] = []
    for user in _WHOLE_SCHOOL_STAFF(pupil.school_id):
        people.append({"user": user, "why": f"{user.get_role_display()} at {pupil.school.name}"})
    if groups is None:
        groups = pupil_groups(pupil, with_staff=True)
    for group in groups:
        for user in group.staff_list:
            if user.is_active:
                people.append({"user": user, "why": f"{user.get_role_display()}, {group.name}"})
    if parent_links is None:
        parent_links = _CURRENT_PARENT_LINKS(pupil.pk)
    for link in parent_links:
        if link.has_parental_responsibility:
            people.append({"user": link.parent, "why": link.relationship})
    for user in _LA_OFFICERS_IN_SCOPE(pupil.pk):
        people.append({"user": user, "why": "Local authority SEN team"})
    for share in _ACTIVE_SHARES(pupil.pk, timezone.localdate()):
        people.append({"user": share.professional, "why": f"Shared for: {share.purpose}"})
    return people


@dataclass(frozen=True)
class EhcReviewDue:
    pupil: Pupil
    due: dt.date
    overdue: bool


def ehc_annual_reviews_due(
    user, within_days: int = DUE_SOON_DAYS, *, today: dt.date | None = None
) -> list[EhcReviewDue]:
    """The pupils with an EHC plan in `user`'s scope whose annual review is overdue or due within
    `within_days` (eight weeks unless told), soonest (most overdue) first. For the SENCO's home
    page. Two queries: every plan's dates, then the names of the pupils whose review is due (not
    sections E and F of every EHC plan in the school, nor every such pupil: issue 14)."""
    today = today or timezone.localdate()
    dates = EhcPlanSummary.objects.filter(
        pupil__in=Pupil.objects.visible_to(user).filter(sen_status=codes.STATUS_EHC)
    ).values_list("pupil_id", "issued_on", "last_reviewed_on")
    due_on = {}
    for pupil_id, issued_on, last_reviewed_on in dates:
        due = annual_review_due(issued_on, last_reviewed_on)
        if review_state(due, today=today, soon_days=within_days):
            due_on[pupil_id] = due
    if not due_on:
        return []
    pupils = Pupil.objects.filter(pk__in=list(due_on)).only(*PUPIL_NAME_FIELDS)
    rows = [EhcReviewDue(pupil=pupil, due=due_on[pupil.pk], overdue=due_on[pupil.pk] < today) for pupil in pupils]
    return sorted(rows, key=lambda row: (row.due, row.pupil.surname, row.pupil.forename, row.pupil.pk))
