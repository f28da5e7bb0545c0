"""Reads of progress data. Findings for a school (or one year group of it) come from a fixed number
of queries, however many pupils: the pupils, their scores, attendance and behaviour in the window."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast

from sensupport.core.prepared import PreparedQuery
from sensupport.core.remember import RememberedByRows, rows_key
from sensupport.pupils import codes
from sensupport.pupils.models import Pupil, SenStatusChange, TeachingGroup

from . import rules
from .models import AttendancePeriod, BehaviourEvent, Score


def thresholds() -> rules.Thresholds:
    """The ADR's defaults, with the settings' window and overrides."""
    base = replace(rules.DEFAULT, window_months=getattr(settings, "PROGRESS_WINDOW_MONTHS", 12))
    return replace(base, **getattr(settings, "PROGRESS_THRESHOLDS", {}))


def first_name(forename: str, preferred: str) -> str:
    return preferred or forename


# The findings' window, (start, on]: a score or behaviour event dated in it, an attendance period
# overlapping it. Stated once for findings_for, the one-pupil check (_own_data) and the leavers'
# attendance (recently_left).
def _scores_in(start: dt.date, on: dt.date) -> Q:
    return Q(taken_on__gt=start, taken_on__lte=on)


def _attendance_in(start: dt.date, on: dt.date) -> Q:
    return Q(ends_on__gt=start, starts_on__lte=on)


def _behaviour_in(start: dt.date, on: dt.date) -> Q:
    return Q(occurred_on__gt=start, occurred_on__lte=on)


def findings_for(
    pupils: QuerySet[Pupil], *, on: dt.date, limits: rules.Thresholds | None = None, only: list[int] | None = None
) -> dict:
    """{pupil id: [Finding]} for these pupils (each compared with the others of its year group in
    the set: pass a whole school or year group), or with `only` for those of them alone: every
    pupil's scores still make the cohorts, but attendance and behaviour, which are judged on the
    pupil's own record, are read for `only`. Four queries; three when there is no data in the window.

    A whole set's findings (no `only`) are remembered for the exact rows they were made from
    (core.remember): the rows are read every time, so a change to any of them is seen at once."""
    limits = limits or thresholds()
    start = rules.window_start(on, limits)
    ids = pupils.values("pk")
    own = ids if only is None else only
    # Unordered: the rules order each series by date themselves, and sorting a school's scores by
    # subject (Score's default order) was most of this query's time (55 of 67 ms for 18,000 scores).
    # The value as text: the key below hashes the rows, and CPython hashes -1 as it hashes -2
    # (Decimal and float alike), so a score corrected from -1 to -2 would look unchanged.
    score_rows = list(
        Score.objects.filter(_scores_in(start, on), pupil__in=ids)
        .order_by()
        .values_list("pupil_id", "subject", "scale", "taken_on", Cast("value", CharField()))
    )
    attendance_rows = list(
        AttendancePeriod.objects.filter(_attendance_in(start, on), pupil__in=own).values_list(
            "pupil_id", "starts_on", "ends_on", "possible_sessions", "attended_sessions"
        )
    )
    behaviour_rows = list(
        BehaviourEvent.objects.filter(_behaviour_in(start, on), pupil__in=own).values_list(
            "pupil_id", "occurred_on", "kind"
        )
    )
    if not (score_rows or attendance_rows or behaviour_rows):
        return {}  # no data in the window, no findings: the pupils need not be read (a school of 5,000)
    pupil_rows = list(pupils.values_list("pk", "forename", "preferred_forename", "year_group"))

    def compute() -> dict:
        scores: dict[int, list] = defaultdict(list)
        for pupil_id, subject, scale, taken_on, value in score_rows:
            scores[pupil_id].append(rules.Score(subject, scale, taken_on, float(value)))
        attendance: dict[int, list] = defaultdict(list)
        for pupil_id, starts_on, ends_on, possible, attended in attendance_rows:
            attendance[pupil_id].append(rules.Attendance(starts_on, ends_on, possible, attended))
        behaviour: dict[int, list] = defaultdict(list)
        for pupil_id, occurred_on, kind in behaviour_rows:
            behaviour[pupil_id].append(rules.Behaviour(occurred_on, kind))
        # A pupil with nothing in the window has no findings and is in no cohort: only pupils with
        # data go to the rules (a school of 5,000 with no data imported cost the home page 100 ms).
        data: dict[int, rules.PupilData] = {
            pk: rules.PupilData(
                first_name(forename, preferred), year, scores.get(pk, []), attendance.get(pk, []), behaviour.get(pk, [])
            )
            for pk, forename, preferred, year in pupil_rows
            if pk in scores or pk in attendance or pk in behaviour
        }
        return rules.school_findings(data, on=on, thresholds=limits, only=only)

    if only is not None:  # one pupil's findings are quick, and would only crowd out the schools'
        return compute()
    inputs = (
        on,
        repr(limits),
        *(rows_key(rows) for rows in (score_rows, attendance_rows, behaviour_rows, pupil_rows)),
    )
    return _remembered(inputs, compute)


# A school's findings are the same until one of the rows they are made from changes, and the home
# page of every member of staff asks for them (2,000 pupils, 54,000 scores: 250 ms of rules for
# 30 ms of reading the rows): core.remember.
_REMEMBERED: RememberedByRows[dict] = RememberedByRows(size=16)  # about 1.5 MB each for 2,000 pupils


def _remembered(inputs: tuple, compute) -> dict:
    found = _REMEMBERED.get(inputs, compute)
    # Callers get their own lists. The Findings in them are shared: frozen, and nothing changes
    # their numbers (a caller that wanted to would have to copy them first).
    return {pupil_id: list(findings) for pupil_id, findings in found.items()}


def school_findings(school_id: int, *, on: dt.date) -> dict:
    return findings_for(Pupil.objects.filter(school_id=school_id), on=on)


def _own_data(pupil_id, score_start, score_on, attendance_start, attendance_on, behaviour_start, behaviour_on):
    """Whether the pupil has a score, an attendance period and a behaviour event in the window
    (each date once: a prepared query binds each argument in one place)."""
    return Pupil.objects.filter(pk=pupil_id).values_list(
        Exists(Score.objects.filter(_scores_in(score_start, score_on), pupil=OuterRef("pk"))),
        Exists(AttendancePeriod.objects.filter(_attendance_in(attendance_start, attendance_on), pupil=OuterRef("pk"))),
        Exists(BehaviourEvent.objects.filter(_behaviour_in(behaviour_start, behaviour_on), pupil=OuterRef("pk"))),
    )


_OWN_DATA = PreparedQuery(_own_data)  # compiled once (core/prepared.py): the plan page asks it


def pupil_findings(pupil: Pupil, *, on: dt.date) -> list[rules.Finding]:
    """One pupil's findings, against their year group at their school. A pupil with no data in the
    window is in no cohort and has no findings: one small query says so, and their year group's
    scores are not read (the plan page of every pupil without data read them)."""
    limits = thresholds()
    start = rules.window_start(on, limits)
    found = _OWN_DATA(pupil.pk, start, on, start, on, start, on)
    if not found or not any(found[0]):
        return []
    year_group = Pupil.objects.filter(school_id=pupil.school_id, year_group=pupil.year_group)
    return findings_for(year_group, on=on, limits=limits, only=[pupil.pk]).get(pupil.pk, [])


@dataclass
class ClassGroup:
    name: str
    rows: list = field(default_factory=list)  # (pupil, [Finding])


def by_class(pupils: list[Pupil], findings: dict) -> list[ClassGroup]:
    """The pupils under their class (a pupil in two classes is under the first by name; none: "No class")."""
    classes = defaultdict(list)
    for pupil_id, name in (
        TeachingGroup.pupils.through.objects.filter(
            pupil_id__in=[p.pk for p in pupils], teachinggroup__kind=TeachingGroup.Kind.CLASS
        )
        .order_by("teachinggroup__name")
        .values_list("pupil_id", "teachinggroup__name")
    ):
        classes[pupil_id].append(name)
    groups: dict[str, ClassGroup] = {}
    for pupil in pupils:
        name = classes[pupil.pk][0] if classes[pupil.pk] else "No class"
        groups.setdefault(name, ClassGroup(name)).rows.append((pupil, findings[pupil.pk]))
    return [groups[name] for name in sorted(groups, key=lambda n: (n == "No class", n))]


def _to_look_at(user, *, on: dt.date) -> tuple[dict, QuerySet[Pupil]]:
    """The school's findings, and the pupils `user` may see who have one or more of them.
    Findings are computed against each pupil's whole year group, not only the pupils the user
    teaches."""
    findings = school_findings(user.school_id, on=on)
    return findings, Pupil.objects.visible_to(user).filter(pk__in=list(findings))


def _on_register_shown(user) -> bool:
    """A teacher or TA also sees their own pupils on the register; whole-school staff see only
    those not on it (the register itself is their list of the others)."""
    return not user.sees_whole_school


def pupils_to_look_at(user, *, on: dt.date) -> tuple[list[ClassGroup], list[ClassGroup]]:
    """Pupils the user may see who have one or more findings, by class: first those not on the SEN
    register, then (for a teacher or TA: their own classes) those on it."""
    if not user.school_id:
        return [], []
    findings, visible = _to_look_at(user, on=on)
    pupils = list(visible.order_by("surname", "forename"))
    not_on = [p for p in pupils if p.sen_status == codes.STATUS_NONE]
    on_register = [p for p in pupils if p.sen_status != codes.STATUS_NONE] if _on_register_shown(user) else []
    return by_class(not_on, findings), by_class(on_register, findings)


def pupils_to_look_at_counts(user, *, on: dt.date) -> tuple[int, int]:
    """How many pupils `pupils_to_look_at` lists in each of its two parts, without reading them
    (the home page shows the numbers: 1,200 pupils and their classes read for two counts cost a
    2,000-pupil school's home page about 30 ms)."""
    if not user.school_id:
        return 0, 0
    _, visible = _to_look_at(user, on=on)
    # With the pupil's id: a teacher's `visible_to` is DISTINCT, which on the status alone would
    # count each status once, not each pupil.
    statuses = [status for _, status in visible.order_by().values_list("pk", "sen_status")]
    not_on = sum(1 for status in statuses if status == codes.STATUS_NONE)
    return not_on, (len(statuses) - not_on) if _on_register_shown(user) else 0


@dataclass
class LeftSupport:
    pupil: Pupil
    left_on: dt.date
    findings: list
    attendance_rate: float | None


def recently_left(school_id: int, *, on: dt.date, months: int | None = None) -> list[LeftSupport]:
    """Pupils at the school whose SEN Support (or EHC plan) ended in the last `months` months (24 by
    default) and who are not back on it: newest leavers first, with their findings and attendance."""
    months = months or getattr(settings, "PROGRESS_RECENTLY_LEFT_MONTHS", 24)
    since = rules.months_before(on, months)
    candidates = Pupil.objects.filter(school_id=school_id, sen_status__in=[codes.STATUS_NONE, codes.STATUS_MONITORING])
    history = defaultdict(list)
    for pupil_id, status, start in SenStatusChange.objects.filter(pupil__in=candidates.values("pk")).values_list(
        "pupil_id", "status", "start_date"
    ):
        history[pupil_id].append((start, status))
    left: dict[int, dt.date] = {}
    for pupil_id, entries in history.items():
        entries.sort()
        for (_, before), (start, after) in zip(entries, entries[1:], strict=False):
            if before in (codes.STATUS_SUPPORT, codes.STATUS_EHC) and after not in (
                codes.STATUS_SUPPORT,
                codes.STATUS_EHC,
            ):
                left[pupil_id] = start
    left = {pk: day for pk, day in left.items() if since <= day <= on}
    if not left:
        return []
    findings = school_findings(school_id, on=on)
    start = rules.window_start(on, thresholds())
    totals = defaultdict(lambda: [0, 0])
    for pupil_id, possible, attended in AttendancePeriod.objects.filter(
        _attendance_in(start, on), pupil_id__in=list(left)
    ).values_list("pupil_id", "possible_sessions", "attended_sessions"):
        totals[pupil_id][0] += attended
        totals[pupil_id][1] += possible
    pupils = Pupil.objects.filter(pk__in=list(left))
    return sorted(
        (
            LeftSupport(
                pupil,
                left[pupil.pk],
                findings.get(pupil.pk, []),
                totals[pupil.pk][0] / totals[pupil.pk][1] if totals[pupil.pk][1] else None,
            )
            for pupil in pupils
        ),
        key=lambda row: (-row.left_on.toordinal(), row.pupil.surname),
    )


# A pupil's own records, compiled once (core/prepared.py): the pupil page reads them on every view.
_SCORES = PreparedQuery(
    lambda pupil_id: Score.objects.filter(pupil_id=pupil_id).order_by("subject", "scale", "taken_on")
)
_ATTENDANCE = PreparedQuery(lambda pupil_id: AttendancePeriod.objects.filter(pupil_id=pupil_id))
_BEHAVIOUR = PreparedQuery(lambda pupil_id: BehaviourEvent.objects.filter(pupil_id=pupil_id).order_by("-occurred_on"))


def pupil_history(pupil: Pupil, *, with_peers: bool = True) -> dict:
    """Everything the pupil's progress page and chart need, in four queries: the pupil's scores,
    their year group's scores in the same subjects and scales (for the baseline peers' line; not
    read at all for the family's page), attendance and behaviour."""
    own = _SCORES(pupil.pk)
    keys = {(s.subject, s.scale) for s in own}
    peers = defaultdict(lambda: defaultdict(list))
    if keys and with_peers:
        for pupil_id, subject, scale, taken_on, value in (
            Score.objects.filter(
                pupil__school_id=pupil.school_id,
                pupil__year_group=pupil.year_group,
                subject__in={k[0] for k in keys},
            )
            .exclude(pupil=pupil)
            .order_by()  # unordered, as in findings_for: the charts group each peer's scores by term
            .values_list("pupil_id", "subject", "scale", "taken_on", "value")
        ):
            if (subject, scale) in keys:
                peers[(subject, scale)][pupil_id].append((taken_on, float(value)))
    return {
        "scores": own,
        "peers": peers,
        "attendance": _ATTENDANCE(pupil.pk),
        "behaviour": _BEHAVIOUR(pupil.pk),
    }
