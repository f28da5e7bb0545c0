"""The oversight figures as tables of text, the same for the page, its charts and its CSV and Excel
exports. Pure: figures in, tables out.

Shown outside the school (an LA officer), every count and share goes through
`core.suppression` (docs/adr/0015): fewer than 5 pupils is "fewer than 5", and a table's total
never lets a hidden count be worked out. Inside the school (its head) the figures are exact.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sensupport.core import suppression
from sensupport.plans.models import BROAD_AREA_CHOICES
from sensupport.pupils import codes
from sensupport.pupils.selectors import NationalFigures

from . import figures as f

NO_FIGURE = "–"
NOT_RECORDED = "not yet recorded"
NO_NATIONAL = "no national figure"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: suppressed or no figure (no bar drawn)
    text: str


@dataclass
class Table:
    key: str
    caption: str
    headers: list[str]
    rows: list[list[str]]
    bars: list[Bar] = field(default_factory=list)  # the chart beside the table
    links: list[str | None] = field(default_factory=list)  # first cell's link, per row (drill-down)
    note: str = ""


class Shower:
    """How counts, shares and money are written: suppressed outside the school, exact inside."""

    def __init__(self, *, outside: bool) -> None:
        self.outside = outside

    def count(self, n: int) -> suppression.Figure:
        return suppression.count(n) if self.outside else suppression.Figure(n, f"{n:,}")

    def share(self, numerator: int, denominator: int) -> suppression.Figure:
        if self.outside:
            return suppression.share(numerator, denominator)
        if denominator == 0:
            return suppression.Figure(None, NO_FIGURE)
        pct = round(100 * numerator / denominator)
        return suppression.Figure(pct, f"{pct}%")

    def group(self, counts: dict, total: int) -> tuple[dict, suppression.Figure]:
        if self.outside:
            return suppression.group(counts, total)
        return {k: suppression.Figure(n, f"{n:,}") for k, n in counts.items()}, suppression.Figure(total, f"{total:,}")

    def money(self, amount: str, pupils: int) -> str:
        """Money spent on fewer than 5 pupils would tell what one child's support costs."""
        if self.outside and pupils < suppression.THRESHOLD:
            return suppression.FEWER_THAN + " pupils"
        return f"£{Decimal(amount):,.0f}"


def _bar(label: str, figure: suppression.Figure) -> Bar:
    return Bar(label, None if figure.value is None else float(figure.value), figure.text)


def overview(figs: f.SchoolFigures, national: NationalFigures | None, ehc, show: Shower) -> Table:
    """The headline measures, each with the national figure where there is one."""
    national_support = f"{national.sen_support_pct:.1f}% (January {national.year})" if national else NO_NATIONAL
    national_ehc = f"{national.ehc_pct:.1f}% (January {national.year})" if national else NO_NATIONAL
    sen = figs.support + figs.ehc
    measures: list[tuple[str, suppression.Figure, str]] = [
        ("Pupils on SEN Support", show.share(figs.support, figs.pupils), national_support),
        ("Pupils with an EHC plan", show.share(figs.ehc, figs.pupils), national_ehc),
        (
            "SEN Support pupils with a current agreed plan",
            show.share(figs.support_with_plan, figs.support),
            NO_NATIONAL,
        ),
        (
            "Reviews in the last 12 months held on time",
            show.share(figs.reviews_on_time, figs.reviews_held),
            NO_NATIONAL,
        ),
        ("Plans past their review date", show.share(figs.reviews_overdue, figs.with_plan), NO_NATIONAL),
        (
            "SEN Support pupils whose parents were met three times in 12 months",
            show.share(figs.parents_met, figs.support),
            NO_NATIONAL,
        ),
        ("Plans with a barrier no support meets", show.share(figs.barriers_no_provision, figs.with_plan), NO_NATIONAL),
        (
            "Plans read by all the pupil's teachers and teaching assistants",
            show.share(figs.plans_read, figs.plans_with_teachers),
            NO_NATIONAL,
        ),
        (
            "Pupils with no SEN flagged by the progress checks, no concern raised",
            show.count(figs.flagged_not_acted),
            NO_NATIONAL,
        ),
        (
            "Pupils who left SEN Support in the last 2 years, still watched",
            show.count(figs.ex_sen_watched),
            NO_NATIONAL,
        ),
    ]
    rows = [[label, figure.text, nat] for label, figure, nat in measures]
    bars = [_bar(label, figure) for label, figure, _ in measures[:8]]
    rows.append(["Pupils with SEN (SEN Support or EHC plan)", show.count(sen).text, NO_NATIONAL])
    if ehc is None:
        rows.append(["EHC needs assessment requests (last 12 months)", NOT_RECORDED, NO_NATIONAL])
    else:
        rows += [
            ["EHC needs assessment requests (last 12 months)", show.count(ehc.requests).text, NO_NATIONAL],
            [
                "Decisions whether to assess made within 6 weeks",
                show.share(ehc.decisions_within_6_weeks, ehc.decisions).text,
                NO_NATIONAL,
            ],
            [
                "Final EHC plans issued within 20 weeks",
                show.share(ehc.final_plans_within_20_weeks, ehc.final_plans).text,
                NO_NATIONAL,
            ],
            ["Requests with an exception recorded (reg 10(4))", show.count(ehc.exceptions).text, NO_NATIONAL],
            ["Requests with a step overdue", show.count(ehc.overdue).text, NO_NATIONAL],
        ]
    return Table("overview", "SEN Support quality at a glance", ["Measure", "Figure", "England"], rows, bars)


def by_need(figs: f.SchoolFigures, show: Shower) -> Table:
    """Every current need type, a row each (a need with no pupils too: outside the school it is
    "fewer than 5" like any other small count)."""
    current = [n.code for n in codes.current_need_types()]
    recorded = sorted(c for c in {*figs.need_support, *figs.need_ehc} if c not in current)
    needs = sorted(
        current + recorded,
        key=lambda c: (-(figs.need_support.get(c, 0) + figs.need_ehc.get(c, 0)), c),
    )
    support, support_total = show.group(
        {c: figs.need_support.get(c, 0) for c in needs}, sum(figs.need_support.values())
    )
    ehc, ehc_total = show.group({c: figs.need_ehc.get(c, 0) for c in needs}, sum(figs.need_ehc.values()))
    described = codes.need_types()
    rows = [[described[c].description if c in described else c, support[c].text, ehc[c].text] for c in needs]
    rows.append(["All primary needs", support_total.text, ehc_total.text])
    bars = [_bar(row[0], support[c]) for row, c in zip(rows, needs, strict=False)]
    return Table("needs", "Primary need", ["Primary need", "SEN Support", "EHC plan"], rows, bars)


def by_area(figs: f.SchoolFigures, show: Shower) -> Table:
    areas = [a for a, _ in BROAD_AREA_CHOICES] + [""]

    def sums(counts: dict) -> dict:
        out = dict.fromkeys(areas, 0)
        for code, n in counts.items():
            out[codes.broad_area_of(code) if codes.broad_area_of(code) in areas else ""] += n
        return out

    support, support_total = show.group(sums(figs.need_support), sum(figs.need_support.values()))
    ehc, ehc_total = show.group(sums(figs.need_ehc), sum(figs.need_ehc.values()))
    label = {a: a or "No broad area (other, or no specialist assessment)" for a in areas}
    rows = [[label[a], support[a].text, ehc[a].text] for a in areas]
    rows.append(["All broad areas", support_total.text, ehc_total.text])
    bars = [_bar(label[a], support[a]) for a in areas]
    return Table("areas", "Broad area of need", ["Broad area", "SEN Support", "EHC plan"], rows, bars)


def first_identified(figs: f.SchoolFigures, show: Shower) -> Table:
    years = sorted(figs.first_year, key=f.year_group_order)
    shown, total = show.group({y: figs.first_year[y] for y in years}, sum(figs.first_year.values()))
    rows = [[f.year_group_label(y), shown[y].text] for y in years]
    rows.append(["All pupils with SEN", total.text])
    bars = [_bar(f.year_group_label(y), shown[y]) for y in years]
    return Table(
        "first_identified",
        "Year group when first placed on SEN Support",
        ["Year group", "Pupils with SEN now"],
        rows,
        bars,
        note="Pupils on SEN Support or with an EHC plan today, by the year group they were in when first "
        "recorded with SEN.",
    )


def trends(figs: f.SchoolFigures, show: Shower) -> Table:
    rows, bars = [], []
    for term in figs.terms:
        identified = show.count(term.identified)
        rows.append(
            [
                term.term,
                identified.text,
                show.count(term.reviews_held).text,
                show.share(term.reviews_on_time, term.reviews_held).text,
                show.count(term.parent_meetings).text,
            ]
        )
        bars.append(_bar(term.term, identified))
    return Table(
        "trends",
        "By term",
        ["Term", "Newly on SEN Support", "Reviews held", "Reviews on time", "Meetings with parents"],
        rows,
        bars,
    )


def funding(figs: f.SchoolFigures, show: Shower) -> Table:
    decided = show.count(figs.topups_decided)
    sent = show.count(figs.topups_sent)
    rows = [
        ["Top-up (element 3) requests sent to the local authority", sent.text],
        ["Of which decided", decided.text],
        ["Amount requested", show.money(figs.topup_requested, figs.topups_sent)],
        ["Amount agreed", show.money(figs.topup_decided_amount, figs.topups_decided)],
        ["Additional support costed in plans this financial year", show.money(figs.additional_spend, figs.with_plan)],
    ]
    return Table("funding", "Top-up funding and additional spend", ["Measure", "Figure"], rows)


@dataclass(frozen=True)
class SchoolRow:
    school_id: int
    name: str
    phase: str
    type_name: str
    figures: f.SchoolFigures
    link: str | None = None


COMPARISON_HEADERS = [
    "School",
    "Phase",
    "Type",
    "Pupils",
    "SEN Support",
    "EHC plan",
    "Current agreed plan",
    "Reviews on time",
    "Parents met 3 times",
    "Plans read by teachers",
    "Barrier with no support",
    "Flagged, not acted on",
]


def comparison(rows: Sequence[SchoolRow], show: Shower, sort: Callable | None = None) -> Table:
    """One row a school; the chart compares the share of SEN Support pupils with an agreed plan."""
    out, bars, links = [], [], []
    for row in rows:
        s = row.figures
        plan_share = show.share(s.support_with_plan, s.support)
        out.append(
            [
                row.name,
                row.phase,
                row.type_name,
                f"{s.pupils:,}",  # the school's roll is public (GIAS)
                show.share(s.support, s.pupils).text,
                show.share(s.ehc, s.pupils).text,
                plan_share.text,
                show.share(s.reviews_on_time, s.reviews_held).text,
                show.share(s.parents_met, s.support).text,
                show.share(s.plans_read, s.plans_with_teachers).text,
                show.count(s.barriers_no_provision).text,
                show.count(s.flagged_not_acted).text,
            ]
        )
        bars.append(_bar(row.name, plan_share))
        links.append(row.link)
    return Table(
        "schools",
        "Schools compared",
        COMPARISON_HEADERS,
        out,
        bars,
        links,
        note="The chart shows each school's share of SEN Support pupils with a current agreed plan.",
    )


# ---- exports ------------------------------------------------------------------------------------


def _safe(cell: str) -> str:
    """A cell a spreadsheet would run as a formula starts with a quote (CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([_safe(cell) for cell in row])
    return out.getvalue()


def table_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = table.caption[:31]
    sheet.append(table.headers)
    for row in table.rows:
        sheet.append([_safe(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
