"""The register table's rows, written in Python (issue 14).

A page of the register is 50 rows of seven cells, each with a few conditions; in the Django
template language that was most of the page's time (about 1,500 variable lookups a page,
bench/profile_pages.py), more than its SQL. Here each row is a few f-strings, and every value from
the database goes through `_e` (HTML-escaped, quotes included, as the template did). The rest of
the page stays a template; what a row shows is decided in `pupils/templates/pupils/register.html`'s
column headings and here, side by side with them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from html import escape

from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from sensupport.core.templatetags.sensupport import status_tag_class

from . import codes
from .selectors import RegisterRow


def _e(value) -> str:
    """`value` as HTML text: the same escaping as the template language's autoescape."""
    return escape(str(value), quote=True)


def _short_date(day) -> str:
    return _e(date_filter(day, "j M Y"))


def _ehc_cell(pupil: RegisterRow, today: dt.date) -> str:
    """Under an EHC plan pupil's status: the annual review date and whether it is due."""
    if not pupil.has_ehc_summary:
        return '<br><span class="govuk-body-s">EHC plan summary not recorded</span>'
    state = pupil.ehc_review_state(today)
    tag = ""
    if state == "overdue":
        tag = ' <strong class="govuk-tag govuk-tag--red">Annual review overdue</strong>'
    elif state == "due soon":
        tag = ' <strong class="govuk-tag govuk-tag--yellow">Annual review due soon</strong>'
    return (
        '<br><span class="govuk-body-s"><span class="sen-nowrap">Annual review '
        f"{_short_date(pupil.annual_review_due)}</span>{tag}</span>"
    )


def _needs_cell(pupil: RegisterRow) -> str:
    needs = pupil.current_needs
    if not needs:
        return "–"
    return ", ".join(
        f'<span class="sen-nowrap">{f"{need.rank}. " if need.rank else ""}'
        f'<abbr title="{_e(need.description)}">{_e(need.need_type)}</abbr></span>'
        for need in needs
    )


def _plan_cell(pupil: RegisterRow, plan_url: Callable[[int, int], str]) -> str:
    summary = getattr(pupil, "plan_summary", None)
    plan = summary.plan if summary else None
    if plan is None:
        if summary and summary.has_draft:
            return "Draft only"
        if pupil.sen_status == codes.STATUS_SUPPORT:
            return '<strong class="govuk-tag govuk-tag--orange">No plan</strong>'
        if pupil.sen_status == codes.STATUS_EHC:
            return "EHC plan (from the local authority)"
        return "–"
    parts = [f'<a class="govuk-link" href="{_e(plan_url(pupil.pk, plan.pk))}">Version {_e(plan.version)}</a>']
    if summary.overdue:
        parts.append(' <strong class="govuk-tag govuk-tag--red">Review overdue</strong>')
    elif plan.review_date:
        parts.append(f'<br><span class="govuk-body-s sen-nowrap">Review {_short_date(plan.review_date)}</span>')
    if plan.status == "reviewed":
        parts.append(' <strong class="govuk-tag govuk-tag--orange">Reviewed: next version not agreed</strong>')
    if to_do := summary.to_do:
        parts.append(f'<br><span class="govuk-body-s">{to_do} quality check{"" if to_do == 1 else "s"} to do</span>')
    return "".join(parts)


def register_rows(
    pupils: Iterable[RegisterRow],
    *,
    pupil_url: Callable[[int], str],
    plan_url: Callable[[int, int], str],
    show_classes: bool,
    show_concerns: bool,
    show_schools: bool,
) -> SafeString:
    """The `<tr>`s of the register table for `pupils` (`selectors.register_page_rows`' RegisterRows, with
    `plan_summary` and `year_label` set), in the order of register.html's column headings."""
    cell = '<td class="govuk-table__cell">'
    today = timezone.localdate()
    rows = []
    for pupil in pupils:
        status = f'<strong class="govuk-tag {status_tag_class(pupil.sen_status)}">{_e(pupil.status_label)}</strong>'
        if pupil.sen_status == codes.STATUS_EHC:
            status += _ehc_cell(pupil, today)
        cells = [f'{cell}<a class="govuk-link" href="{_e(pupil_url(pupil.pk))}">{_e(pupil.display_name)}</a></td>']
        if show_schools:
            cells.append(f"{cell}{_e(pupil.school_name)}</td>")
        cells.append(f'<td class="govuk-table__cell sen-nowrap">{_e(pupil.year_label)}</td>')
        cells.append(f"{cell}{status}</td>")
        cells.append(f"{cell}{_needs_cell(pupil)}</td>")
        if show_classes:
            cells.append(f"{cell}{_e(', '.join(pupil.groups))}</td>")
        cells.append(f"{cell}{_plan_cell(pupil, plan_url)}</td>")
        if show_concerns:
            cells.append(f'<td class="govuk-table__cell govuk-table__cell--numeric">{pupil.open_concern_count}</td>')
        rows.append(f'<tr class="govuk-table__row">{"".join(cells)}</tr>')
    return mark_safe("\n".join(rows))  # every value above went through _e


def ids_url(name: str, count: int) -> Callable[..., str]:
    """reverse(name, args=ids) for many rows at the cost of one reverse: the URL is reversed once
    with marker ids and each row's ids are put where the markers were."""
    from django.urls import reverse

    markers = [str(2147483647 - n) for n in range(count)]
    template = reverse(name, args=[int(m) for m in markers])
    for n, marker in enumerate(markers):
        template = template.replace(marker, f"{{{n}}}", 1)
    return lambda *ids: template.format(*(int(i) for i in ids))
