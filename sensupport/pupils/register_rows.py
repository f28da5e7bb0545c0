"""The register table's rows, written in Python (issue 14).

A page of the register is 50 rows of seven cells, each with a few conditions; in the Django
template language that was most of the page's time (about 1,500 variable lookups a page,
bench/profile_pages.py), more than its SQL. Here each cell is one `format_html` (which escapes
every value it is given, as the template did), so a row costs a few microseconds. The rest of
the page stays a template; what a row shows is decided in `pupils/templates/pupils/register.html`'s
column headings and here, side by side with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from sensupport.core.templatetags.sensupport import status_tag_class

from . import codes
from .models import Pupil

CELL = '<td class="govuk-table__cell">{}</td>'


def _short_date(day) -> str:
    return date_filter(day, "j M Y")


def _ehc_cell(pupil: Pupil) -> SafeString:
    """Under an EHC plan pupil's status: the annual review date and whether it is due."""
    summary = getattr(pupil, "ehc_summary", None)
    if summary is None:
        return mark_safe('<br><span class="govuk-body-s">EHC plan summary not recorded</span>')
    state = summary.review_state
    tag = ""
    if state == "overdue":
        tag = ' <strong class="govuk-tag govuk-tag--red">Annual review overdue</strong>'
    elif state == "due soon":
        tag = ' <strong class="govuk-tag govuk-tag--yellow">Annual review due soon</strong>'
    return format_html(
        '<br><span class="govuk-body-s"><span class="sen-nowrap">Annual review {}</span>{}</span>',
        _short_date(summary.annual_review_due),
        mark_safe(tag),
    )


def _needs_cell(pupil: Pupil) -> SafeString:
    needs = pupil.current_needs
    if not needs:
        return mark_safe("–")
    return mark_safe(
        ", ".join(
            format_html(
                '<span class="sen-nowrap">{}<abbr title="{}">{}</abbr></span>',
                f"{need.rank}. " if need.rank else "",
                need.description,
                need.need_type,
            )
            for need in needs
        )
    )


def _plan_cell(pupil: Pupil, plan_url: Callable[[int, int], str]) -> SafeString:
    summary = getattr(pupil, "plan_summary", None)
    plan = summary.plan if summary else None
    if plan is None:
        if summary and summary.has_draft:
            return mark_safe("Draft only")
        if pupil.sen_status == codes.STATUS_SUPPORT:
            return mark_safe('<strong class="govuk-tag govuk-tag--orange">No plan</strong>')
        if pupil.sen_status == codes.STATUS_EHC:
            return mark_safe("EHC plan (from the local authority)")
        return mark_safe("–")
    parts = [format_html('<a class="govuk-link" href="{}">Version {}</a>', plan_url(pupil.pk, plan.pk), plan.version)]
    if summary.overdue:
        parts.append(' <strong class="govuk-tag govuk-tag--red">Review overdue</strong>')
    elif plan.review_date:
        parts.append(
            format_html('<br><span class="govuk-body-s sen-nowrap">Review {}</span>', _short_date(plan.review_date))
        )
    if plan.status == "reviewed":
        parts.append(' <strong class="govuk-tag govuk-tag--orange">Reviewed: next version not agreed</strong>')
    if to_do := summary.to_do:
        parts.append(
            format_html(
                '<br><span class="govuk-body-s">{} quality check{} to do</span>', to_do, "" if to_do == 1 else "s"
            )
        )
    return mark_safe("".join(parts))


def register_rows(
    pupils: Iterable[Pupil],
    *,
    pupil_url: Callable[[int], str],
    plan_url: Callable[[int, int], str],
    show_classes: bool,
    show_concerns: bool,
    show_schools: bool,
) -> SafeString:
    """The `<tr>`s of the register table for `pupils` (from `selectors.register_pupils`, with
    `plan_summary` set), in the order of register.html's column headings."""
    rows = []
    for pupil in pupils:
        status = format_html(
            '<strong class="govuk-tag {}">{}</strong>', status_tag_class(pupil.sen_status), pupil.status_label
        )
        cells = [
            format_html(
                '<td class="govuk-table__cell"><a class="govuk-link" href="{}">{}</a></td>',
                pupil_url(pupil.pk),
                pupil.display_name,
            )
        ]
        if show_schools:
            cells.append(format_html(CELL, pupil.school.name))
        cells.append(format_html('<td class="govuk-table__cell sen-nowrap">{}</td>', pupil.year_label))
        cells.append(
            format_html(CELL, mark_safe(status + (_ehc_cell(pupil) if pupil.sen_status == codes.STATUS_EHC else "")))
        )
        cells.append(format_html(CELL, _needs_cell(pupil)))
        if show_classes:
            cells.append(format_html(CELL, ", ".join(group.name for group in pupil.groups)))
        cells.append(format_html(CELL, _plan_cell(pupil, plan_url)))
        if show_concerns:
            cells.append(
                format_html(
                    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>', len(pupil.open_concerns)
                )
            )
        rows.append(format_html('<tr class="govuk-table__row">{}</tr>', mark_safe("".join(cells))))
    return mark_safe("\n".join(rows))


def ids_url(name: str, count: int) -> Callable[..., str]:
    """reverse(name, args=ids) for many rows at the cost of one reverse: the URL is reversed once
    with marker ids and each row's ids are put where the markers were."""
    from django.urls import reverse

    markers = [str(2147483647 - n) for n in range(count)]
    template = reverse(name, args=[int(m) for m in markers])
    for n, marker in enumerate(markers):
        template = template.replace(marker, f"{{{n}}}", 1)
    return lambda *ids: template.format(*(int(i) for i in ids))
