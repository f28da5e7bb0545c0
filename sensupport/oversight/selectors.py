"""Reads for oversight: one school's or many schools' SEN Support quality figures, counted from the
register, plans, reviews, family meetings, progress, provision and funding (read-only over every
other app). A fixed number of queries for any number of schools and pupils, except the progress
checks (four queries a school: each school's pupils are compared within their own year groups).

The figures are counts; who may see them and with what suppression is `tables.py`'s and the
views' job. Pupil names come only from `pupils_behind` (scoped by `visible_to`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Count, Min, Sum

from sensupport.accounts.models import CLASS_ROLES
from sensupport.funding.models import TopUpRequest
from sensupport.organisations.models import School
from sensupport.plans.coverage import coverage_facts
from sensupport.plans.models import Barrier, Plan, Provision
from sensupport.progress.selectors import findings_for
from sensupport.provision import rules as provision_rules
from sensupport.provision.selectors import pupil_additional_costs
from sensupport.pupils import codes
from sensupport.pupils.models import Concern, ParentConversation, Pupil, PupilNeed, SenStatusChange, TeachingGroup
from sensupport.reviews.models import PlanReadReceipt, Review

from . import figures as f

CURRENT = (Plan.Status.AGREED, Plan.Status.ACTIVE)


def ehc_request_figures(*, school_ids: Iterable[int], today: dt.date):
    """EHC needs-assessment requests made in the last 12 months for these schools, and how the
    statutory clock went (`ehc.request_selectors.request_figures`: one query, every date from
    `ehc.clock`, so the figures match the request pages)."""
    from sensupport.ehc.request_selectors import request_figures

    return request_figures(schools=list(school_ids), since=today - dt.timedelta(days=365), today=today)


def school_figures(school_ids: Iterable[int], *, today: dt.date, progress: bool = True) -> dict[int, f.SchoolFigures]:
    """{school id: SchoolFigures} as of `today`."""
    ids = list(school_ids)
    out = {school_id: f.SchoolFigures() for school_id in ids}
    if not ids:
        return out
    year_ago = today - dt.timedelta(days=365)
    terms = f.recent_terms(today)
    since = f.term_start(terms[0])
    term_of = {term: f.TermFigures(f.term_label(term)) for term in terms}
    by_school_term = {school_id: {t: f.TermFigures(f.term_label(t)) for t in terms} for school_id in ids}

    # The roll and the register.
    for school_id, status, n in (
        Pupil.objects.filter(school_id__in=ids).values_list("school_id", "sen_status").annotate(n=Count("pk"))
    ):
        out[school_id].pupils += n
        if status == codes.STATUS_SUPPORT:
            out[school_id].support = n
        elif status == codes.STATUS_EHC:
            out[school_id].ehc = n
    sen = Pupil.objects.filter(school_id__in=ids, sen_status__in=f.SEN_STATUSES)
    school_of: dict[int, int] = {}
    year_of: dict[int, str] = {}
    for pk, school_id, year in sen.values_list("pk", "school_id", "year_group"):
        school_of[pk] = school_id
        year_of[pk] = year

    # Primary need.
    for school_id, status, need, n in (
        PupilNeed.objects.filter(pupil__in=sen, rank=1, end_date__isnull=True)
        .values_list("pupil__school_id", "pupil__sen_status", "need_type")
        .annotate(n=Count("pk"))
    ):
        into = out[school_id].need_support if status == codes.STATUS_SUPPORT else out[school_id].need_ehc
        into[need] = into.get(need, 0) + n

    # Plans in force, review dates, meetings with parents (plans.coverage: the home page's rules).
    facts = coverage_facts(Pupil.objects.filter(school_id__in=ids), today=today)
    current_plan_pupils = set()
    for pk, one in facts.items():
        school = out[school_of[pk]]
        if one.current_plan:
            current_plan_pupils.add(pk)
            school.with_plan += 1
            if one.current_plan.review_date and one.current_plan.review_date < today:
                school.reviews_overdue += 1
        if one.sen_status == codes.STATUS_SUPPORT:
            school.support_with_plan += bool(one.current_plan)
            school.parents_met += one.meetings(today=today) >= 3

    # Reviews held (and on time), by term and over the last 12 months; reviews with parents are meetings.
    meetings: dict[int, set] = defaultdict(set)
    for school_id, pupil_id, held_on, due, parent_present in Review.objects.filter(
        plan__pupil__school_id__in=ids, held_on__gte=since, held_on__lte=today
    ).values_list("plan__pupil__school_id", "plan__pupil_id", "held_on", "plan__review_date", "parent_present"):
        on_time = due is None or held_on <= due
        if held_on > year_ago:
            out[school_id].reviews_held += 1
            out[school_id].reviews_on_time += on_time
        term = by_school_term[school_id][f.term_of(held_on)]
        term.reviews_held += 1
        term.reviews_on_time += on_time
        if parent_present:
            meetings[school_id].add((pupil_id, held_on))
    for school_id, pupil_id, held_on in (
        ParentConversation.objects.filter(pupil__school_id__in=ids, held_on__gte=since, held_on__lte=today)
        .meetings()
        .values_list("pupil__school_id", "pupil_id", "held_on")
    ):
        meetings[school_id].add((pupil_id, held_on))
    for school_id, days in meetings.items():
        for _, held_on in days:
            by_school_term[school_id][f.term_of(held_on)].parent_meetings += 1

    # First identification: the first SEN Support or EHC entry in each pupil's history.
    for pupil_id, first in (
        SenStatusChange.objects.filter(pupil__in=sen, status__in=f.SEN_STATUSES)
        .values_list("pupil_id")
        .annotate(first=Min("start_date"))
    ):
        school_id = school_of[pupil_id]
        year = f.year_group_on(year_of[pupil_id], first, today=today)
        out[school_id].first_year[year] = out[school_id].first_year.get(year, 0) + 1
        term = f.term_of(first)
        if term in term_of:
            by_school_term[school_id][term].identified += 1

    _barriers_without_provision(out, current_plan_pupils, school_of)
    _plans_read(out, current_plan_pupils, school_of)
    _left_support(out, ids, today=today)
    if progress:
        _flagged(out, ids, today=today, year_ago=year_ago)
    _funding(out, ids, today=today)
    for school_id in ids:
        out[school_id].terms = [by_school_term[school_id][t] for t in terms]
    return out


def _barriers_without_provision(out, current_plan_pupils: set, school_of: dict) -> None:
    """Pupils whose plan in force has no support linked to a barrier that is still present."""
    plans = Plan.objects.filter(pupil_id__in=list(current_plan_pupils), status__in=CURRENT)
    met = set(Provision.barriers.through.objects.filter(provision__plan__in=plans).values_list("barrier_id", flat=True))
    unmet = set()
    for barrier_id, pupil_id in Barrier.objects.filter(
        pupil_id__in=list(current_plan_pupils), resolved_on__isnull=True
    ).values_list("pk", "pupil_id"):
        if barrier_id not in met:
            unmet.add(pupil_id)
    for pupil_id in unmet:
        out[school_of[pupil_id]].barriers_no_provision += 1


def _plans_read(out, current_plan_pupils: set, school_of: dict) -> None:
    """Plans in force read by every teacher and teaching assistant of the pupil's classes and groups."""
    plan_of = dict(
        Plan.objects.filter(pupil_id__in=list(current_plan_pupils), status__in=CURRENT).values_list("pupil_id", "pk")
    )
    groups_of: dict[int, set] = defaultdict(set)
    for pupil_id, group_id in TeachingGroup.pupils.through.objects.filter(pupil_id__in=list(plan_of)).values_list(
        "pupil_id", "teachinggroup_id"
    ):
        groups_of[pupil_id].add(group_id)
    staff_of: dict[int, set] = defaultdict(set)
    for group_id, user_id in TeachingGroup.staff.through.objects.filter(
        teachinggroup_id__in={g for groups in groups_of.values() for g in groups},
        user__role__in=sorted(CLASS_ROLES),
        user__is_active=True,
    ).values_list("teachinggroup_id", "user_id"):
        staff_of[group_id].add(user_id)
    read = set(PlanReadReceipt.objects.filter(plan_id__in=list(plan_of.values())).values_list("plan_id", "user_id"))
    for pupil_id, plan_id in plan_of.items():
        teachers = {u for g in groups_of.get(pupil_id, ()) for u in staff_of.get(g, ())}
        if not teachers:
            continue
        school = out[school_of[pupil_id]]
        school.plans_with_teachers += 1
        school.plans_read += all((plan_id, u) in read for u in teachers)


def _left_support(out, ids: list[int], *, today: dt.date) -> None:
    since = f.months_before(today, f.RECENTLY_LEFT_MONTHS)
    was_sen = SenStatusChange.objects.filter(status__in=f.SEN_STATUSES).values("pupil_id")
    history: dict[tuple[int, int], list] = defaultdict(list)
    for pupil_id, school_id, status, start in SenStatusChange.objects.filter(
        pupil__school_id__in=ids,
        pupil__sen_status__in=[codes.STATUS_NONE, codes.STATUS_MONITORING],
        pupil_id__in=was_sen,
    ).values_list("pupil_id", "pupil__school_id", "status", "start_date"):
        history[(pupil_id, school_id)].append((status, start))
    for (_, school_id), entries in history.items():
        left = f.left_support_on(entries)
        if left and since <= left <= today:
            out[school_id].ex_sen_watched += 1


def _flagged(out, ids: list[int], *, today: dt.date, year_ago: dt.date) -> None:
    """Pupils with no SEN the progress checks flag (Code 6.17), and those with no concern raised
    in the last 12 months: identified early by the data, not (yet) acted on."""
    concerned = set(
        Concern.objects.filter(pupil__school_id__in=ids, raised_at__date__gt=year_ago).values_list(
            "pupil_id", flat=True
        )
    )
    for school_id in ids:
        found = findings_for(Pupil.objects.filter(school_id=school_id), on=today)
        if not found:
            continue
        no_sen = set(
            Pupil.objects.filter(pk__in=list(found), sen_status=codes.STATUS_NONE).values_list("pk", flat=True)
        )
        out[school_id].flagged = len(no_sen)
        out[school_id].flagged_not_acted = len(no_sen - concerned)


def _funding(out, ids: list[int], *, today: dt.date) -> None:
    for school_id, status, n, requested, decided in (
        TopUpRequest.objects.filter(school_id__in=ids)
        .exclude(status=TopUpRequest.Status.DRAFT)
        .values_list("school_id", "status")
        .annotate(n=Count("pk"), requested=Sum("amount_requested"), decided=Sum("decided_amount"))
    ):
        school = out[school_id]
        school.topups_sent += n
        school.topup_requested = str(Decimal(school.topup_requested) + (requested or 0))
        if status == TopUpRequest.Status.DECIDED:
            school.topups_decided += n
            school.topup_decided_amount = str(Decimal(school.topup_decided_amount) + (decided or 0))
    costs = pupil_additional_costs(school_ids=ids, financial_year_start=provision_rules.financial_year_start(today))
    if costs:
        spend: dict[int, Decimal] = defaultdict(Decimal)
        for pk, school_id in Pupil.objects.filter(pk__in=list(costs)).values_list("pk", "school_id"):
            spend[school_id] += costs[pk]
        for school_id, amount in spend.items():
            out[school_id].additional_spend = str(provision_rules.money(amount))


def schools_of(local_authority_id: int):
    return School.objects.filter(local_authority_id=local_authority_id).order_by("name")
