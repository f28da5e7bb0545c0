"""Oversight pages: the LA dashboard (from the per-school summaries), a school's figures (counted
live), each table's CSV and Excel export, and the head's Ofsted case sample."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record_many
from sensupport.organisations.gias import establishment_types
from sensupport.organisations.models import School
from sensupport.plans.coverage import NO_PLAN, REVIEW_OVERDUE, coverage_facts
from sensupport.pupils.models import Pupil
from sensupport.pupils.selectors import national_figures

from . import charts, tables
from . import figures as f
from .selectors import ehc_request_figures, school_figures

SIZE_BANDS = {
    "small": ("Up to 210 pupils", 0, 210),
    "medium": ("211 to 600 pupils", 211, 600),
    "large": ("601 to 1,000 pupils", 601, 1000),
    "very_large": ("Over 1,000 pupils", 1001, 10**9),
}
ORDERS = [
    ("name", "School name"),
    ("plan", "Fewest SEN Support pupils with an agreed plan first"),
    ("size", "Largest first"),
]
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _type_name(code: int) -> str:
    found = establishment_types().get(code)
    return found[0] if found else str(code)


def _export(request, found: list[tables.Table], stem: str) -> HttpResponse | None:
    """`?download=csv|xlsx&table=key`: that table as a file; None when not asked for."""
    fmt = request.GET.get("download")
    if fmt is None:
        return None
    if fmt not in MEDIA:
        raise Http404("Download as csv or xlsx")
    by_key = {t.key: t for t in found}
    table = by_key.get(request.GET.get("table", found[0].key))
    if table is None:
        raise Http404("No such table")
    body = tables.table_csv(table) if fmt == "csv" else tables.table_xlsx(table)
    response = HttpResponse(body, content_type=MEDIA[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}-{table.key}.{fmt}"'
    return response


def _rows_html(table: tables.Table) -> str:
    """The table's body rows, written here rather than in a template loop: the LA's comparison is
    200 schools by 12 columns, and the template engine took most of the page's time over it."""
    links = table.links or [None] * len(table.rows)
    out = []
    for link, row in zip(links, table.rows, strict=False):
        head = escape(row[0])
        if link:
            head = f'<a class="govuk-link" href="{escape(link)}">{head}</a>'
        cells = "".join(f'<td class="govuk-table__cell">{escape(cell)}</td>' for cell in row[1:])
        out.append(f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{head}</th>{cells}</tr>')
    return mark_safe("".join(out))  # noqa: S308  (every cell escaped above)


def _with_charts(found: list[tables.Table]) -> list[dict]:
    return [{"table": t, "chart": charts.bar_chart(t.bars), "rows_html": _rows_html(t)} for t in found]


def _national():
    try:
        return national_figures()
    except (OSError, ValueError, KeyError):
        return None


@require_http_methods(["GET"])
def dashboard(request):
    user = request.user
    if not user.has_perm("oversight.view_dashboard"):
        raise PermissionDenied
    if not user.local_authority_id:  # a head: their own school's page
        return _school_page(request, user.school_id)
    today = timezone.localdate()
    schools = list(
        School.objects.filter(local_authority_id=user.local_authority_id)
        .select_related("oversight_summary")
        .order_by("name")
    )
    counted = {}
    as_of = None
    for one in schools:
        summary = getattr(one, "oversight_summary", None)
        if summary is not None:
            counted[one.pk] = f.SchoolFigures.from_dict(summary.figures)
            as_of = summary.computed_at if as_of is None else min(as_of, summary.computed_at)
    show = tables.Shower(outside=True)
    la = f.add_up(counted.values())
    phase, type_code, size = request.GET.get("phase", ""), request.GET.get("type", ""), request.GET.get("size", "")
    chosen = [s for s in schools if s.pk in counted]
    if phase:
        chosen = [s for s in chosen if s.phase == phase]
    if type_code.isdigit():
        chosen = [s for s in chosen if s.establishment_type == int(type_code)]
    if size in SIZE_BANDS:
        _, lo, hi = SIZE_BANDS[size]
        chosen = [s for s in chosen if lo <= counted[s.pk].pupils <= hi]
    order = request.GET.get("order", "name")
    if order == "plan":  # weakest first: the share of SEN Support pupils with an agreed plan
        chosen.sort(key=lambda s: counted[s.pk].support_with_plan / (counted[s.pk].support or 1))
    elif order == "size":
        chosen.sort(key=lambda s: -counted[s.pk].pupils)
    link = reverse("oversight:school", args=[0]).replace("/0/", "/{}/")  # one reverse, not one a school
    rows = [
        tables.SchoolRow(
            s.pk,
            s.name,
            s.get_phase_display(),
            _type_name(s.establishment_type),
            counted[s.pk],
            link.format(s.pk),
        )
        for s in chosen
    ]
    ehc = ehc_request_figures(school_ids=[s.pk for s in schools], today=today)
    found = [
        tables.overview(la, _national(), ehc, show),
        tables.comparison(rows, show),
        tables.by_need(la, show),
        tables.by_area(la, show),
        tables.first_identified(la, show),
        tables.trends(la, show),
        tables.funding(la, show),
    ]
    if response := _export(request, found, "oversight-la"):
        return response
    present_types = sorted({s.establishment_type for s in schools})
    return render(
        request,
        "oversight/dashboard.html",
        {
            "la": user.local_authority,
            "tables": _with_charts(found),
            "as_of": as_of,
            "missing": [s for s in schools if s.pk not in counted],
            "school_count": len(schools),
            "phases": [(v, label) for v, label in School.Phase.choices if any(s.phase == v for s in schools)],
            "types": [(str(code), _type_name(code)) for code in present_types],
            "sizes": [(k, v[0]) for k, v in SIZE_BANDS.items()],
            "chosen": {"phase": phase, "type": type_code, "size": size, "order": order},
            "orders": ORDERS,
            "query": request.GET.urlencode(),
        },
    )


def _school_for(user, school_id: int) -> School:
    """403 for a role that sees no oversight; 404 for a school outside the viewer's (an officer's
    other LA, a head's other school)."""
    if not user.has_perm("oversight.view_dashboard"):
        raise PermissionDenied
    try:
        school = School.objects.select_related("local_authority").get(pk=school_id)
    except School.DoesNotExist:
        raise Http404("No such school") from None
    if not user.has_perm("oversight.view_school", school):
        raise Http404("No such school")
    return school


@require_http_methods(["GET"])
def school(request, school_id: int):
    return _school_page(request, school_id)


def _school_page(request, school_id: int):
    user = request.user
    found_school = _school_for(user, school_id)
    today = timezone.localdate()
    inside = user.school_id == found_school.pk
    show = tables.Shower(outside=not inside)
    figs = school_figures([found_school.pk], today=today)[found_school.pk]
    ehc = ehc_request_figures(school_ids=[found_school.pk], today=today)
    found = [
        tables.overview(figs, _national(), ehc, show),
        tables.by_need(figs, show),
        tables.by_area(figs, show),
        tables.first_identified(figs, show),
        tables.trends(figs, show),
        tables.funding(figs, show),
    ]
    if response := _export(request, found, f"oversight-{found_school.urn}"):
        return response
    # Names only of pupils the viewer may see, and only for figures about pupils with SEN.
    facts = coverage_facts(Pupil.objects.visible_to(user).filter(school=found_school), today=today)
    gaps = {
        kind: [pk for pk, one in facts.items() if kind in one.gaps(today=today)] for kind in (NO_PLAN, REVIEW_OVERDUE)
    }
    named = (
        Pupil.objects.visible_to(user)
        .filter(pk__in=[pk for ids in gaps.values() for pk in ids])
        .order_by("surname", "forename")
    )
    named = list(named[:200])
    if named:
        audit_record_many(
            actor=user,
            action=AuditEvent.Action.LIST,
            target=AuditEvent.Target.OVERSIGHT_PUPILS,
            pupils=named,
            summary=f"Oversight: {found_school.name}",
        )
    by_id = {p.pk: p for p in named}
    return render(
        request,
        "oversight/school.html",
        {
            "school": found_school,
            "type_name": _type_name(found_school.establishment_type),
            "inside": inside,
            "tables": _with_charts(found),
            "no_plan": [by_id[pk] for pk in gaps[NO_PLAN] if pk in by_id],
            "overdue": [by_id[pk] for pk in gaps[REVIEW_OVERDUE] if pk in by_id],
            "query": request.GET.urlencode(),
            "today": today,
        },
    )
