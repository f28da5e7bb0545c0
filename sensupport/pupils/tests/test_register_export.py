from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook


@pytest.mark.django_db
def test_csv_export_has_the_register_and_defuses_formulas(login, senco, pupil):
    pupil.forename = "=HYPERLINK(\"http://evil\")"
    pupil.save()
    response = login(senco).get(reverse("pupils:register_export", args=["csv"]))
    assert response["Content-Disposition"].startswith('attachment; filename="sen-register-100001-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["UPN", "Surname", "Forename"]
    assert rows[1][0] == pupil.upn
    assert rows[1][2].startswith("'=")


@pytest.mark.django_db
def test_excel_export_opens_and_respects_filters(login, senco, pupil, sibling):
    pupil.sen_status = "M"
    pupil.save()
    response = login(senco).get(reverse("pupils:register_export", args=["xlsx"]), {"status": "M"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][0] == "UPN"
    assert [row[0] for row in values[1:]] == [pupil.upn]
    assert values[1][8] == "N"  # monitoring goes to the census as N
