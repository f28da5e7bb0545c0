"""Who may open each provision page (core.testing.access): every identity gets an explicit answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sensupport.core.testing.access import (
    LEADS,
    OUT_OF_SCOPE_NAMES,
    STAFF,
    WHOLE_SCHOOL,
    check_access,
    expect,
)
from sensupport.provision import groups

NOT_AT_A_SCHOOL = frozenset(
    {"parent", "la_officer", "professional", "service_admin", "young_person", "other_parent", "other_la_officer"}
)
SCHOOL_PAGE = expect(allowed=WHOLE_SCHOOL | {"other_school_senco"})  # each school's own
LEADS_PAGE = expect(allowed=LEADS | {"other_school_senco"})

MATRIX = {
    "provision:catalogue": SCHOOL_PAGE,
    "provision:map": SCHOOL_PAGE,
    "provision:map_csv": SCHOOL_PAGE,
    "provision:map_xlsx": SCHOOL_PAGE,
    "provision:intervention_add": LEADS_PAGE,
    "provision:pay_roles": LEADS_PAGE,
    "provision:pay_role_add": LEADS_PAGE,
    "provision:weeks": LEADS_PAGE,
    "provision:groups": expect(allowed=STAFF | {"other_teacher", "other_school_senco"}),
    # A row of Peter's school: another school's staff, and anyone not at a school, are told it does not exist.
    "provision:intervention_edit": expect(allowed=LEADS, hidden=NOT_AT_A_SCHOOL | {"other_school_senco"}),
    "provision:pay_rate_add": expect(allowed=LEADS, hidden=NOT_AT_A_SCHOOL | {"other_school_senco"}),
    "provision:group_add": expect(allowed=LEADS, hidden=NOT_AT_A_SCHOOL | {"other_school_senco"}),
    # Peter's group is run by the TA.
    "provision:group": expect(allowed=WHOLE_SCHOOL | {"ta"}, hidden=NOT_AT_A_SCHOOL | {"other_school_senco"}),
    "provision:session_log": expect(allowed=LEADS | {"ta"}, hidden=NOT_AT_A_SCHOOL | {"other_school_senco"}),
    "provision:scores": expect(allowed=LEADS | {"ta"}, hidden=NOT_AT_A_SCHOOL | {"other_school_senco"}),
    "provision:group_place": expect(allowed=LEADS, hidden=NOT_AT_A_SCHOOL | {"other_school_senco"}),
    # Peter's costed support: staff of his school who see him; never his family, the LA or a professional.
    "provision:pupil_support": expect(allowed=STAFF, hidden=OUT_OF_SCOPE_NAMES | {"professional", "service_admin"}),
    "provision:line_costing": expect(allowed=LEADS, hidden=OUT_OF_SCOPE_NAMES | {"professional", "service_admin"}),
    # The family's page: his parents and Peter himself at 16; no costs on it.
    "provision:family_support": expect(
        allowed={"parent", "young_person"}, hidden=OUT_OF_SCOPE_NAMES | {"professional", "service_admin"}
    ),
}


@pytest.fixture
def group(senco, ta, precision_teaching, placed_pupil_world):
    return placed_pupil_world


@pytest.fixture
def placed_pupil_world(senco, ta, precision_teaching, agreed, today):
    run = groups.group_create(
        actor=senco,
        intervention=precision_teaching,
        name="Precision teaching Y4",
        staff=[ta],
        starts_on=today - dt.timedelta(days=30),
        slots=[(0, dt.time(9, 15))],
    )
    groups.group_pupil_place(actor=senco, group=run, pupil=agreed.pupil, replaces_lessons="Assembly")
    return run


SITE_PAGES = [
    "provision:catalogue",
    "provision:map",
    "provision:map_csv",
    "provision:map_xlsx",
    "provision:intervention_add",
    "provision:pay_roles",
    "provision:pay_role_add",
    "provision:weeks",
    "provision:groups",
]


@pytest.mark.parametrize("name", SITE_PAGES)
def test_who_may_open_the_school_pages(client, request, name, group):
    check_access(client, request, reverse(name), MATRIX[name])


def test_who_may_change_a_catalogue_entry(client, request, precision_teaching):
    check_access(
        client,
        request,
        reverse("provision:intervention_edit", args=[precision_teaching.pk]),
        MATRIX["provision:intervention_edit"],
    )


def test_who_may_start_a_group(client, request, precision_teaching):
    check_access(
        client, request, reverse("provision:group_add", args=[precision_teaching.pk]), MATRIX["provision:group_add"]
    )


def test_who_may_set_a_rate(client, request, ta_role):
    check_access(
        client, request, reverse("provision:pay_rate_add", args=[ta_role.pk]), MATRIX["provision:pay_rate_add"]
    )


@pytest.mark.parametrize(
    "name", ["provision:group", "provision:session_log", "provision:scores", "provision:group_place"]
)
def test_who_may_open_a_group_s_pages(client, request, name, group):
    check_access(client, request, reverse(name, args=[group.pk]), MATRIX[name])


def test_who_sees_a_pupil_s_costed_support(client, request, group, pupil):
    check_access(
        client, request, reverse("provision:pupil_support", args=[pupil.pk]), MATRIX["provision:pupil_support"]
    )


def test_who_may_cost_a_support_line(client, request, group, pupil, agreed):
    line = agreed.provisions.first()
    check_access(
        client, request, reverse("provision:line_costing", args=[pupil.pk, line.pk]), MATRIX["provision:line_costing"]
    )


def test_who_sees_the_family_page(client, request, group, pupil):
    check_access(
        client, request, reverse("provision:family_support", args=[pupil.pk]), MATRIX["provision:family_support"]
    )
