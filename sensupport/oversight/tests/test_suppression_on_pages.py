"""Counts of 0 to 6 as the pages show them: outside the school (the LA officer, on the LA dashboard,
a school's page and their exports) fewer than 5 is "fewer than 5" and no total gives it away;
inside (the school's own head) the exact count."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from sensupport.core.suppression import FEWER_THAN, NOT_SHOWN

from .conftest import sen_pupils

SLCN = "Speech, language and communication needs"


def cell(page: str, row: str, column: int = 1) -> str:
    """The text of `column` (1: the first after the row's heading) in the table row headed `row`."""
    found = re.search(
        rf'<th scope="row" class="govuk-table__header">(?:<a[^>]*>)?{re.escape(row)}(?:</a>)?</th>(.*?)</tr>',
        page,
        re.S,
    )
    assert found, f"no row {row!r}"
    cells = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', found.group(1))
    return cells[column - 1]


def expected_count(n: int) -> str:
    return FEWER_THAN if n < 5 else str(n)


@pytest.mark.parametrize("n", range(7))
@pytest.mark.django_db
def test_the_la_dashboard_suppresses_small_counts(client, la_officer, school, refreshed, n):
    sen_pupils(school, n, others=40 - n)
    refreshed()
    client.force_login(la_officer)
    page = client.get(reverse("oversight:dashboard")).content.decode()
    assert cell(page, SLCN) == expected_count(n)
    assert cell(page, "All primary needs") == expected_count(n)  # the total never gives a hidden count away
    share = cell(page, "Pupils on SEN Support")
    assert share == (NOT_SHOWN if n < 5 else f"{round(100 * n / 40)}%")  # a share is never "fewer than 5"
    assert cell(page, "Oak Primary", 4) == share  # the school comparison's SEN Support column


@pytest.mark.parametrize("n", range(7))
@pytest.mark.django_db
def test_a_schools_page_suppresses_small_counts_for_the_officer_not_the_head(client, la_officer, head, school, n):
    sen_pupils(school, n, others=40 - n)
    url = reverse("oversight:school", args=[school.pk])
    client.force_login(la_officer)
    outside = client.get(url).content.decode()
    assert cell(outside, SLCN) == expected_count(n)
    assert cell(outside, "All primary needs") == expected_count(n)
    client.force_login(head)
    inside = client.get(url).content.decode()
    assert cell(inside, SLCN) == str(n)
    assert cell(inside, "Pupils on SEN Support") == f"{round(100 * n / 40)}%"


@pytest.mark.parametrize("n", range(7))
@pytest.mark.django_db
def test_exports_suppress_as_the_page_does(client, la_officer, school, n):
    sen_pupils(school, n, others=40 - n)
    client.force_login(la_officer)
    url = reverse("oversight:school", args=[school.pk])
    csv_text = client.get(url, {"download": "csv", "table": "needs"}).content.decode()
    rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(csv_text))}
    assert rows[SLCN][0] == expected_count(n)
    assert rows["All primary needs"][0] == expected_count(n)


def test_one_small_count_beside_larger_ones_hides_the_next_smallest_too():
    """Every need 10 or more but SLCN 3, with the total shown: 3 is hidden, and the next smallest
    (SEMH's 10, "not shown") too, or the total minus the others would give 3 away."""
    from sensupport.oversight import figures, tables
    from sensupport.pupils import codes

    counts = {need.code: 11 for need in codes.current_need_types()} | {"SLCN": 3, "SEMH": 10}
    table = tables.by_need(figures.SchoolFigures(need_support=counts), tables.Shower(outside=True))
    shown = {row[0]: row[1] for row in table.rows}
    assert shown[SLCN] == FEWER_THAN
    assert shown["Social, emotional and mental health"] == NOT_SHOWN  # 10: hidden, but not "fewer than 5"
    assert shown["Autistic spectrum disorder"] == "11"
    assert shown["All primary needs"] == f"{sum(counts.values()):,}"
    inside = tables.by_need(figures.SchoolFigures(need_support=counts), tables.Shower(outside=False))
    assert {row[0]: row[1] for row in inside.rows}[SLCN] == "3"


@pytest.mark.django_db
def test_the_excel_export_is_a_workbook_of_the_same_table(client, la_officer, school, refreshed):
    from openpyxl import load_workbook

    sen_pupils(school, 3, others=37)
    refreshed()
    client.force_login(la_officer)
    response = client.get(reverse("oversight:dashboard"), {"download": "xlsx", "table": "schools"})
    assert response["Content-Disposition"].endswith('-schools.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "School" and rows[1][0] == "Oak Primary" and rows[1][4] == NOT_SHOWN
