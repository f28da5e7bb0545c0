from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook


@pytest.mark.django_db
def test_csv_export_has_the_register_and_defuses_formulas(login, senco, pupil):
    pupil.forename = '=HYPERLINK("http://evil")'
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


FORMULA_STARTS = [
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\x00",
    "|",
    "%",
    "＝",
    "＋",
    "－",
    "＠",
    "｜",
    "％",
    " =",
    "\u3000＝",
]


@pytest.mark.django_db
@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised_in_csv_and_excel(pupil, start):
    from sensupport.pupils.exports import register_csv, register_xlsx

    pupil.surname = f"{start}cmd|' /C calc'!A0"  # not saved: PostgreSQL would refuse the NUL
    pupil.forename = "Peter"
    [csv_row] = list(csv.reader(io.StringIO(register_csv([pupil]).decode("utf-8-sig"), newline="")))[1:]
    assert csv_row[1] == "'" + pupil.surname and csv_row[2] == "Peter"
    sheet = load_workbook(io.BytesIO(register_xlsx([pupil]))).active
    cell = sheet.cell(row=2, column=2)
    assert cell.data_type == "s" and cell.value.startswith("'")


@pytest.mark.django_db
def test_every_csv_cell_is_quoted(pupil):
    from sensupport.pupils.exports import register_csv

    line = register_csv([pupil]).decode("utf-8-sig").splitlines()[1]
    assert line.startswith(f'"{pupil.upn}","{pupil.surname}","{pupil.forename}"')


@pytest.mark.django_db
def test_a_name_with_a_control_character_still_exports_to_excel(pupil):
    from sensupport.pupils.exports import register_xlsx

    pupil.surname = "Rab\x01bit"
    sheet = load_workbook(io.BytesIO(register_xlsx([pupil]))).active
    assert sheet.cell(row=2, column=2).value == "Rab\ufffdbit"
