"""The school's provision map: every costed support line of the school (or of an LA's schools, in
one pass), grouped the classic ways (year group, class, primary need, intervention) with cost per
pupil, per intervention and in total, and impact (entry to exit) beside each intervention's cost.

A fixed number of queries however big the school: the cost lines (provision.selectors.cost_lines,
four), the pupils' classes, their primary needs and the interventions' scores (one each).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from sensupport.pupils import codes
from sensupport.pupils.models import PupilNeed, TeachingGroup

from . import rules
from .models import Intervention, Score
from .selectors import CostLine, cost_lines

EXPORT_COLUMNS = (
    "UPN",
    "Pupil",
    "Provision",
    "Setting",
    "StaffRole",
    "SessionsPerWeek",
    "MinutesPerSession",
    "GroupSize",
    "Weeks",
    "HourlyCost",
    "ResourcesCost",
    "AnnualCostPerPupil",
    "CostToDate",
    "WithdrawnMinutesPerWeek",
    "SubjectsMissed",
)


@dataclass
class MapRow:
    """One row of a grid: a year group, class, need or intervention, and what its support costs."""

    key: str
    label: str
    pupils: set = field(default_factory=set)
    lines: int = 0
    cost: Decimal = Decimal("0.00")
    to_date: Decimal = Decimal("0.00")
    impact_sum: Decimal = Decimal("0")
    impact_count: int = 0
    measure: str = ""

    @property
    def pupil_count(self) -> int:
        return len(self.pupils)

    @property
    def cost_per_pupil(self) -> Decimal:
        return rules.money(self.cost / self.pupil_count) if self.pupils else rules.money(rules.ZERO)

    @property
    def mean_impact(self) -> Decimal | None:
        if not self.impact_count:
            return None
        return (self.impact_sum / self.impact_count).quantize(Decimal("0.1"))

    def cost_text(self) -> str:
        return rules.money_text(self.cost)


@dataclass(frozen=True)
class PupilKey:
    """Enough of a pupil for the audit (pk and school): the map reads no Pupil rows."""

    pk: int
    school_id: int


@dataclass
class PupilRow:
    pupil: PupilKey
    name: str
    upn: str
    year_group: str
    lines: int
    cost: Decimal
    to_date: Decimal
    withdrawn_minutes: int

    def cost_text(self) -> str:
        return rules.money_text(self.cost)


@dataclass
class ProvisionMap:
    financial_year_start: dt.date
    lines: list[CostLine]
    by_year: list[MapRow]
    by_class: list[MapRow]
    by_need: list[MapRow]
    by_intervention: list[MapRow]
    total: Decimal
    pupils: int
    uncosted_lines: int

    @property
    def year_label(self) -> str:
        return rules.financial_year_label(self.financial_year_start)

    def pupil_rows(self) -> list[PupilRow]:
        """One row per pupil with support, dearest first."""
        rows: dict[int, PupilRow] = {}
        for line in self.lines:
            row = rows.get(line.pupil_id)
            if row is None:
                row = rows[line.pupil_id] = PupilRow(
                    pupil=PupilKey(line.pupil_id, line.school_id),
                    name=line.pupil_name,
                    upn=line.upn,
                    year_group=line.year_group,
                    lines=0,
                    cost=rules.money(rules.ZERO),
                    to_date=rules.money(rules.ZERO),
                    withdrawn_minutes=0,
                )
            row.lines += 1
            row.cost += line.annual_cost
            row.to_date += line.cost_to_date or rules.ZERO
            row.withdrawn_minutes += line.withdrawn_minutes_per_week
        return sorted(rows.values(), key=lambda r: (-r.cost, r.name))


def _grid(lines: Iterable[CostLine], key_of, label_of) -> list[MapRow]:
    rows: dict[str, MapRow] = {}
    for line in lines:
        for key in key_of(line):
            row = rows.setdefault(key, MapRow(key=key, label=label_of(key)))
            row.pupils.add(line.pupil_id)
            row.lines += 1
            row.cost += line.annual_cost
            row.to_date += line.cost_to_date or rules.ZERO
    return list(rows.values())


def _year_order(key: str) -> tuple:
    return (0, int(key)) if key.isdigit() else (1 if key in ("N1", "N2", "R") else 2, key)


def provision_map(*, school_ids: Iterable[int], financial_year_start: dt.date | None = None) -> ProvisionMap:
    school_ids = list(school_ids)
    fy = rules.financial_year_start(financial_year_start or timezone.localdate())
    lines = cost_lines(Q(plan__pupil__school_id__in=school_ids), school_ids=school_ids, financial_year_start=fy)
    pupil_ids = {line.pupil_id for line in lines}

    classes: dict[int, list[str]] = defaultdict(list)
    for pupil_id, name in TeachingGroup.objects.filter(
        school_id__in=school_ids, kind=TeachingGroup.Kind.CLASS, pupils__isnull=False
    ).values_list("pupils", "name"):
        classes[pupil_id].append(name)
    needs = dict(
        PupilNeed.objects.filter(pupil__school_id__in=school_ids, rank=1, end_date__isnull=True).values_list(
            "pupil_id", "need_type"
        )
    )
    need_names = {code: need.description for code, need in codes.need_types().items()}

    by_year = sorted(
        _grid(lines, lambda line: [line.year_group], lambda key: f"Year {key}" if key.isdigit() else key),
        key=lambda row: _year_order(row.key),
    )
    by_class = sorted(
        _grid(lines, lambda line: classes.get(line.pupil_id) or ["No class"], lambda key: key),
        key=lambda row: row.label,
    )
    by_need = sorted(
        _grid(
            lines,
            lambda line: [needs.get(line.pupil_id, "")],
            lambda key: need_names.get(key, key) or "No need recorded",
        ),
        key=lambda row: row.label,
    )
    costed = [line for line in lines if line.intervention_id is not None]
    by_intervention = sorted(
        _grid(costed, lambda line: [str(line.intervention_id)], lambda key: ""), key=lambda row: row.key
    )
    about = {
        pk: (name, measure)
        for pk, name, measure in Intervention.objects.filter(school_id__in=school_ids).values_list(
            "pk", "name", "measure_name"
        )
    }
    rows_by_key = {row.key: row for row in by_intervention}
    for row in by_intervention:
        row.label, row.measure = about.get(int(row.key), ("", ""))
    for intervention_id, entry, exit_ in Score.objects.filter(
        group__intervention__school_id__in=school_ids, entry__isnull=False, exit__isnull=False
    ).values_list("group__intervention_id", "entry", "exit"):
        row = rows_by_key.get(str(intervention_id))
        if row is not None:
            row.impact_sum += rules.impact(entry, exit_)
            row.impact_count += 1
    by_intervention.sort(key=lambda row: row.label)
    return ProvisionMap(
        financial_year_start=fy,
        lines=lines,
        by_year=by_year,
        by_class=by_class,
        by_need=by_need,
        by_intervention=by_intervention,
        total=rules.total(line.annual_cost for line in lines),
        pupils=len(pupil_ids),
        uncosted_lines=sum(1 for line in lines if line.intervention_id is None and line.kind != "adjustment"),
    )


# ---------------------------------------------------------------- Exports


def _plain(value) -> str:
    return "" if value is None else str(value)


def export_rows(lines: Iterable[CostLine], subjects_missed: dict[int, str] | None = None) -> list[list[str]]:
    """One row per pupil per support line, in EXPORT_COLUMNS' order. SubjectsMissed comes from the
    pupils' imported timetables (subjects_missed_by_line): empty without one."""
    subjects_missed = subjects_missed or {}
    return [
        [
            line.upn,
            line.pupil_name,
            line.provision,
            line.setting_label,
            line.staff_role,
            _plain(line.sessions_per_week),
            _plain(line.minutes_per_session),
            str(line.group_size),
            str(line.weeks),
            _plain(line.hourly_cost),
            str(line.resources_cost),
            str(line.annual_cost),
            _plain(line.cost_to_date),
            str(line.withdrawn_minutes_per_week),
            subjects_missed.get(line.provision_id, ""),
        ]
        for line in lines
    ]


def _withdrawal_slots(withdrawn: list[CostLine]) -> dict[int, list]:
    """Per support line delivered by a group out of class: its weekly times as timetable slots
    (day, start, start + the line's minutes). One query."""
    from sensupport.timetable import rules as timetable_rules

    from .models import Slot

    slots: dict[int, list[tuple[int, dt.time]]] = defaultdict(list)
    for group_id, weekday, starts_at in Slot.objects.filter(
        group_id__in={line.group_id for line in withdrawn}
    ).values_list("group_id", "weekday", "starts_at"):
        slots[group_id].append((weekday, starts_at))
    found = {}
    for line in withdrawn:
        minutes = line.minutes_per_session or 0
        found[line.provision_id] = [
            timetable_rules.Slot(
                day, start, (dt.datetime.combine(dt.date.min, start) + dt.timedelta(minutes=minutes)).time()
            )
            for day, start in slots.get(line.group_id, [])
        ]
    return found


def _withdrawn(lines: Iterable[CostLine]) -> list[CostLine]:
    return [line for line in lines if line.group_id and line.withdrawn_minutes_per_week]


def subjects_missed_by_line(lines: Iterable[CostLine]) -> dict[int, str]:
    """Per withdrawn support line delivered by a group: the lessons its weekly times overlap, as
    "Maths 40; Science 20" (minutes a week), from the pupil's imported timetable. Two queries."""
    from sensupport.timetable import rules as timetable_rules
    from sensupport.timetable.selectors import lessons_by_pupil

    withdrawn = _withdrawn(lines)
    if not withdrawn:
        return {}
    times = _withdrawal_slots(withdrawn)
    weeks = lessons_by_pupil({line.pupil_id for line in withdrawn})
    return {
        line.provision_id: timetable_rules.missed_text(
            timetable_rules.missed_by_subject(weeks.get(line.pupil_id, []), times[line.provision_id])
        )
        for line in withdrawn
    }


@dataclass(frozen=True)
class TimeOutOfClassRow:
    pupil_id: int
    name: str
    year_group: str
    missed_text: str
    concerns: list[str]
    missed: dict[str, int]

    @property
    def missed_words(self) -> str:
        """For families: "Maths 40 minutes and Science 20 minutes"."""
        parts = [f"{subject} {minutes} minutes" for subject, minutes in self.missed.items()]
        return " and ".join([", ".join(parts[:-1]), parts[-1]]) if len(parts) > 1 else "".join(parts)


def time_out_of_class(lines: Iterable[CostLine]) -> list[TimeOutOfClassRow]:
    """Pupils whose withdrawal groups take them out of lessons, with what they miss a week and what
    to look at (the same subject in several sessions a week, or more than a set share of a core
    subject: timetable.rules, ADR 0012), those with something to look at first. Two queries."""
    from sensupport.timetable.selectors import time_out_of_class as pupils_time_out

    withdrawn = _withdrawn(lines)
    if not withdrawn:
        return []
    times = _withdrawal_slots(withdrawn)
    by_pupil: dict[int, list] = defaultdict(list)
    names: dict[int, tuple[str, str]] = {}
    for line in withdrawn:
        by_pupil[line.pupil_id] += times[line.provision_id]
        names[line.pupil_id] = (line.pupil_name, line.year_group)
    found = pupils_time_out(pupil_ids=list(by_pupil), withdrawals=by_pupil)
    rows = [
        TimeOutOfClassRow(
            pupil_id=pk,
            name=names[pk][0],
            year_group=names[pk][1],
            missed_text=week.missed_text,
            concerns=[concern.sentence() for concern in week.concerns],
            missed=dict(sorted(week.missed.items(), key=lambda item: (-item[1], item[0]))),
        )
        for pk, week in found.items()
        if week.missed
    ]
    return sorted(rows, key=lambda row: (not row.concerns, row.name))


def _safe(cell: str) -> str:
    """A cell a spreadsheet would run as a formula starts with a quote (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(cell) else cell


def _is_number(cell: str) -> bool:
    try:
        Decimal(cell)
    except Exception:
        return False
    return True


def export_csv(lines: Iterable[CostLine]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    lines = list(lines)
    for row in export_rows(lines, subjects_missed_by_line(lines)):
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()


def export_xlsx(lines: Iterable[CostLine]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Provision map"
    sheet.append(list(EXPORT_COLUMNS))
    numeric = {5, 6, 7, 8, 9, 10, 11, 12, 13}
    lines = list(lines)
    for row in export_rows(lines, subjects_missed_by_line(lines)):
        sheet.append([Decimal(cell) if i in numeric and cell else _safe(cell) for i, cell in enumerate(row)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- Charts


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    y: int
    width: int
    text: str


@dataclass(frozen=True)
class Chart:
    """A horizontal bar chart drawn on the server as SVG (the table beside it is the accessible
    alternative: the SVG is aria-hidden)."""

    bars: tuple[Bar, ...]
    height: int
    width: int = 480
    label_width: int = 170
    bar_height: int = 22


def bar_chart(rows: Iterable[tuple[str, Decimal]], *, money: bool = True, width: int = 480) -> Chart:
    rows = list(rows)[:20]
    label_width, bar_area = 170, width - 170 - 90
    top = max((value for _, value in rows), default=Decimal("0"))
    bars = []
    for i, (label, value) in enumerate(rows):
        length = int(bar_area * value / top) if top > 0 else 0
        text = rules.money_text(value) if money else str(value)
        bars.append(Bar(label=label[:26], value=value, y=i * 28, width=max(length, 0), text=text))
    return Chart(bars=tuple(bars), height=max(len(bars) * 28, 28), width=width, label_width=label_width)
