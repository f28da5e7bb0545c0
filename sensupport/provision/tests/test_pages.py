"""The provision pages through the web: the SENCO builds a group from the catalogue and gives Peter a
place, the TA logs a session, the map, the pupil's cost, the exports and the review all agree."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from sensupport.audit.models import AuditEvent
from sensupport.plans.models import Plan
from sensupport.provision import selectors
from sensupport.provision.map import EXPORT_COLUMNS
from sensupport.provision.models import Group, Session

from .conftest import FY


@pytest.fixture
def built(client, senco, ta, precision_teaching, agreed, today):
    """The SENCO starts a group from the catalogue and gives Peter a place, through the pages."""
    client.force_login(senco)
    response = client.post(
        reverse("provision:group_add", args=[precision_teaching.pk]),
        {
            "name": "Precision teaching Y4",
            "staff": [ta.pk],
            "starts_on": (today - dt.timedelta(days=14)).isoformat(),
            "slot_1_day": str(today.weekday() if today.weekday() < 5 else 0),
            "slot_1_time": "09:15",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = Group.objects.get()
    response = client.post(
        reverse("provision:group_place", args=[group.pk]),
        {"pupil": agreed.pupil.pk, "replaces_lessons": "Assembly"},
    )
    assert response.status_code == 302
    return group


def test_the_group_is_built_and_the_place_is_in_the_next_draft(built, pupil):
    assert built.teaching_group.staff.count() == 1
    draft = pupil.plans.get(status=Plan.Status.DRAFT)
    assert draft.provisions.filter(costing__group=built).count() == 1


def test_the_ta_logs_a_session_on_the_web(built, client, ta, pupil, today):
    client.force_login(ta)
    page = client.get(reverse("provision:session_log", args=[built.pk]))
    assert page.status_code == 200 and pupil.display_name in page.content.decode()
    response = client.post(
        reverse("provision:session_log", args=[built.pk]),
        {"date": today.isoformat(), "starts_at": "09:15", "status": "held", "attended": [pupil.pk]},
    )
    assert response.status_code == 302
    assert Session.objects.get().attended.get() == pupil


def test_a_cancelled_session_without_a_reason_is_refused_on_its_field(built, client, ta, today):
    client.force_login(ta)
    response = client.post(
        reverse("provision:session_log", args=[built.pk]),
        {"date": today.isoformat(), "starts_at": "09:15", "status": "cancelled"},
    )
    assert response.status_code == 200
    assert "Say why the session was cancelled." in response.context["form"].errors["cancel_reason"]
    assert not Session.objects.exists()


def test_the_map_shows_the_intervention_and_its_cost(built, client, senco, pupil):
    response = client.get(reverse("provision:map"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Precision teaching" in body and "<svg" in body
    total = selectors.pupil_additional_costs(school_ids=[pupil.school_id], financial_year_start=FY)[pupil.pk]
    assert f"£{total:,.2f}" in body
    assert AuditEvent.objects.filter(target=AuditEvent.Target.PROVISION_MAP, pupil_id=pupil.pk).exists()


def _formula(row: dict) -> Decimal:
    hourly = Decimal(row["HourlyCost"] or "0")
    hours = Decimal(row["SessionsPerWeek"] or "0") * Decimal(row["MinutesPerSession"] or "0") / 60
    size = Decimal(row["GroupSize"])
    exact = (hourly * hours * Decimal(row["Weeks"]) + Decimal(row["ResourcesCost"])) / size
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_the_csv_export_adds_up_line_by_line_under_the_formula(built, client, senco, pupil):
    response = client.get(reverse("provision:map_csv"))
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert tuple(rows[0].keys()) == EXPORT_COLUMNS
    costed = [row for row in rows if row["Provision"] == "Precision teaching"]
    assert costed and all(Decimal(row["AnnualCostPerPupil"]) > 0 for row in costed)
    for row in rows:
        if row["StaffRole"]:
            assert Decimal(row["AnnualCostPerPupil"]) == _formula(row), row
        else:
            assert Decimal(row["AnnualCostPerPupil"]) == 0
    assert costed[0]["WithdrawnMinutesPerWeek"] == "20" and costed[0]["SubjectsMissed"] == ""
    assert AuditEvent.objects.filter(
        target=AuditEvent.Target.PROVISION_MAP_EXPORT, action=AuditEvent.Action.EXPORT, pupil_id=pupil.pk
    ).exists()


def test_the_excel_export_has_the_same_rows(built, client, senco):
    response = client.get(reverse("provision:map_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert tuple(values[0]) == EXPORT_COLUMNS
    csv_rows = list(csv.reader(io.StringIO(client.get(reverse("provision:map_csv")).content.decode())))
    assert len(values) == len(csv_rows)


def test_the_pupil_s_costs_page_shows_the_line_and_the_family_page_does_not(built, client, senco, parent, pupil):
    page = client.get(reverse("provision:pupil_support", args=[pupil.pk])).content.decode()
    assert "Precision teaching" in page and "£18.00 an hour" in page
    family_client = Client()  # not the SENCO's session (its messages)
    family_client.force_login(parent)
    family = family_client.get(reverse("provision:family_support", args=[pupil.pk])).content.decode()
    assert "£" not in family and "an hour" not in family


def test_the_family_page_shows_the_agreed_plan_not_the_draft(built, client, parent, pupil):
    """The place is in the draft, which the parents have not agreed yet."""
    family_client = Client()  # not the SENCO's session (its messages)
    family_client.force_login(parent)
    family = family_client.get(reverse("provision:family_support", args=[pupil.pk])).content.decode()
    assert "Precision teaching" not in family
    assert "Warning of changes to the day" in family


def test_the_review_shows_delivered_against_planned_sessions(built, client, senco, ta, pupil, today):
    draft = pupil.plans.get(status=Plan.Status.DRAFT)
    Plan.objects.filter(pk=draft.pk).update(review_date=today + dt.timedelta(weeks=6))
    from sensupport.plans import services as plan_services

    current = plan_services.plan_agree(
        plan=Plan.objects.get(pk=draft.pk), actor=senco, agreed_on=today, how="meeting", agreed_with="Mum"
    )
    Session.objects.create(group=built, date=today, starts_at=dt.time(9, 15), status="held")
    page = client.get(reverse("reviews:review_new", args=[pupil.pk, current.pk])).content.decode()
    assert "Precision teaching Y4: 1 of about" in page


def test_the_ta_home_page_lists_my_sessions_this_week(built, client, ta):
    client.force_login(ta)
    page = client.get(reverse("core:home")).content.decode()
    assert "My sessions this week" in page and "Precision teaching Y4" in page


def test_a_rate_is_refused_with_a_message_on_its_field(client, senco, ta_role):
    client.force_login(senco)
    response = client.post(
        reverse("provision:pay_rate_add", args=[ta_role.pk]), {"hourly_cost": "-3", "valid_from": "2026-09-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["hourly_cost"] == ["The hourly cost cannot be negative"]


def test_the_senco_adds_an_intervention_on_the_web(client, senco, ta_role):
    client.force_login(senco)
    response = client.post(
        reverse("provision:intervention_add"),
        {
            "name": "Lego therapy",
            "broad_area": "Communication and interaction",
            "setting": "withdrawn",
            "sessions_per_week": "1",
            "minutes_per_session": "45",
            "group_size": "3",
            "pay_role": ta_role.pk,
            "resources_cost": "60",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("provision:catalogue")).content.decode()
    assert "Lego therapy" in page
    # £18 x 0.75 h x 38 weeks / 3 + £60 / 3
    assert "£191.00" in page


def test_the_command_writes_the_same_csv_as_the_page(built, client, senco, school, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = tmp_path / "map.csv"
    call_command("export_provision_map", "--school", school.urn, "--out", str(out), stdout=io.StringIO())
    assert out.read_bytes().decode("utf-8") == client.get(reverse("provision:map_csv")).content.decode()
    assert AuditEvent.objects.filter(target=AuditEvent.Target.PROVISION_MAP_EXPORT, via=AuditEvent.Via.COMMAND).exists()
    with pytest.raises(CommandError, match="No school with URN"):
        call_command("export_provision_map", "--school", "999999", "--out", str(out))


def test_a_score_that_is_not_a_number_is_named_in_the_error_summary_and_nothing_is_saved(built, client, ta, pupil):
    client.force_login(ta)
    response = client.post(
        reverse("provision:scores", args=[built.pk]), {f"p{pupil.pk}-entry": "twelve", f"p{pupil.pk}-exit": ""}
    )
    assert response.status_code == 200
    assert response.context["score_errors"] == [
        (f"id_p{pupil.pk}-entry", f"{pupil.display_name}: Enter the entry score as a number, like 24 or 24.5")
    ]
    assert "There is a problem" in response.content.decode()
    assert not built.scores.exclude(entry=None).exists()


def test_subjects_missed_come_from_the_pupil_s_timetable(built, client, senco, pupil, school):
    from sensupport.timetable.models import Lesson

    slot = built.slots.get()
    Lesson.objects.create(
        school=school,
        pupil=pupil,
        weekday=slot.weekday,
        starts_at=dt.time(9, 0),
        ends_at=dt.time(10, 0),
        subject="Maths",
    )
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("provision:map_csv")).content.decode())))
    costed = next(row for row in rows if row["Provision"] == "Precision teaching")
    assert costed["SubjectsMissed"].startswith("Maths ") and costed["SubjectsMissed"].endswith("20")


def _maths_at_the_group_s_time(built, pupil, school):
    from sensupport.timetable.models import Lesson

    slot = built.slots.get()
    Lesson.objects.create(
        school=school, pupil=pupil, weekday=slot.weekday, starts_at=dt.time(9, 0), ends_at=dt.time(10, 0), subject="MA"
    )


def test_the_map_lists_time_out_of_class_with_what_to_look_at(built, client, senco, pupil, school):
    """The group meets 9:15-9:35 in Peter's 9:00-10:00 maths lesson ("MA" in the MIS): 20 of its 60
    minutes a week, over the 20% share of a core subject the settings allow (ADR 0012)."""
    _maths_at_the_group_s_time(built, pupil, school)
    html = client.get(reverse("provision:map")).content.decode()
    section = html[html.index('id="time-out-of-class"') :]
    assert "Peter Rabbit" in section and "Maths 20" in section
    assert "Maths: 20 minutes a week missed, 33% of its lessons" in section


def test_the_family_sees_the_lessons_the_agreed_support_takes_in_plain_words(
    built, client, senco, parent, pupil, school
):
    from django.utils import timezone

    from sensupport.plans import services as plan_services

    _maths_at_the_group_s_time(built, pupil, school)
    following = Plan.objects.get(pupil=pupil, status=Plan.Status.DRAFT)
    Plan.objects.filter(pk=following.pk).update(review_date=timezone.localdate() + dt.timedelta(days=90))
    following.refresh_from_db()
    plan_services.plan_agree(
        plan=following,
        actor=senco,
        agreed_on=timezone.localdate(),
        how=Plan.AgreedHow.MEETING,
        agreed_with="Mum",
    )
    client.force_login(parent)
    html = client.get(reverse("provision:family_support", args=[pupil.pk])).content.decode()
    assert "that time comes out of their lessons in: Maths 20 minutes a week." in html
    assert "how they catch up" in html
    assert "£" not in html  # never what it costs


def test_with_no_timetable_the_map_says_where_to_import_one(built, client, senco):
    html = client.get(reverse("provision:map")).content.decode()
    assert "No withdrawal group overlaps a lesson in the imported timetables" in html
