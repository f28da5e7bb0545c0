"""My pupils lists every pupil on the register in the teacher's classes, with a plan or without one,
and the home page's counts are the page's (issue 8, part 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.core.factories import PupilFactory
from sensupport.plans.models import Assessment, Plan, Provision
from sensupport.pupils.models import PupilNeed
from sensupport.reviews.models import PlanReadReceipt
from sensupport.reviews.selectors import my_pupils

pytestmark = pytest.mark.django_db


def _plan(pupil, *, status=Plan.Status.AGREED, version=1, support="Warning of changes to the day"):
    plan = Plan.objects.create(
        pupil=pupil, version=version, status=status, review_date=timezone.localdate() + dt.timedelta(days=30)
    )
    Provision.objects.create(
        plan=plan, kind=Provision.Kind.ADJUSTMENT, description=support, delivered_by="Class teacher"
    )
    return plan


@pytest.fixture
def year4(school, class_group, other_class_group):
    """Year 4: a pupil with a plan, one on SEN Support with no plan yet, one with an EHC plan from
    the LA, one being monitored, one with no SEN; and a pupil with a plan in another class."""

    def make(name, status, group=class_group):
        return _pupil(school, name, status, group)

    pupils = {
        "planned": make("Peter", "K"),
        "no_plan": make("Nina", "K"),
        "ehc": make("Ezra", "E"),
        "monitored": make("Molly", "M"),
        "no_sen": make("Nat", "N"),
        "elsewhere": make("Flopsy", "K", other_class_group),
    }
    _plan(pupils["planned"])
    _plan(pupils["elsewhere"], support="Sits near the door")
    PupilNeed.objects.create(pupil=pupils["no_plan"], need_type="SPLD", rank=1)
    Assessment.objects.create(
        pupil=pupils["no_plan"],
        started_on=timezone.localdate(),
        what_helps="Coloured overlays and extra time",
        strengths="Loves building things",
    )
    PupilNeed.objects.create(pupil=pupils["ehc"], need_type="ASD", rank=1)
    return pupils


def _pupil(school, forename, status, group):
    pupil = PupilFactory(school=school, forename=forename, surname="Oak", sen_status=status)
    group.pupils.add(pupil)
    return pupil


def test_my_pupils_lists_every_register_pupil_in_the_class_with_or_without_a_plan(login, teacher, year4):
    page = login(teacher).get(reverse("reviews:my_pupils")).content.decode()
    for name in ("Peter Oak", "Nina Oak", "Ezra Oak", "Molly Oak"):
        assert name in page
    assert "Nat Oak" not in page  # no SEN: not on the register
    assert "Flopsy" not in page and "Sits near the door" not in page  # another class
    assert "Warning of changes to the day" in page and "I have read it" in page
    nina = page.split("Nina Oak")[1].split("</tr>")[0]
    assert (
        "Specific learning difficulty" in nina and "Coloured overlays and extra time" in nina and "No plan yet" in nina
    )
    ezra = page.split("Ezra Oak")[1].split("</tr>")[0]
    assert "EHC plan from the local authority" in ezra and "No plan yet" not in ezra
    assert "3 pupils with SEN in your classes; 1 plan waiting for you to read" in page


def test_the_home_page_counts_are_the_my_pupils_page_counts(login, teacher, year4, class_group, school):
    from sensupport.pupils.models import TeachingGroup

    # Peter is in a second group of the teacher's too, and Nina's plan was reviewed (its next
    # version is not agreed yet): the page shows it with "I have read it", so the home page counts it.
    maths = TeachingGroup.objects.create(school=school, name="Maths set 2")
    maths.staff.add(teacher)
    maths.pupils.add(year4["planned"])
    _plan(year4["no_plan"], status=Plan.Status.REVIEWED)
    client = login(teacher)
    listing = my_pupils(teacher)
    assert listing.plans_to_read == 2
    home = client.get(reverse("core:home"))
    assert home.context["unread_plans"] == 2 and home.context["pupils_with_sen"] == 3
    assert "2 plans for pupils you teach are waiting for you to read" in home.content.decode()
    PlanReadReceipt.objects.create(plan=year4["planned"].plans.get(), user=teacher)
    assert client.get(reverse("core:home")).context["unread_plans"] == 1
    assert client.get(reverse("reviews:my_pupils")).content.decode().count("I have read it<") == 1


def test_the_senco_sees_in_the_audit_trail_that_class_staff_were_shown_a_pupil_with_no_plan(
    login, teacher, senco, year4
):
    login(teacher).get(reverse("reviews:my_pupils"))
    rows = AuditEvent.objects.filter(actor=teacher, target="my pupils")
    assert {r.pupil_id: r.summary for r in rows} == {
        year4["planned"].pk: "Plan and support shown in My pupils",
        year4["no_plan"].pk: "No plan yet: needs and what helps shown in My pupils",
        year4["ehc"].pk: "No plan yet: needs and what helps shown in My pupils",
        year4["monitored"].pk: "No plan yet: needs and what helps shown in My pupils",
    }
    trail = login(senco).get(reverse("pupils:audit_trail", args=[year4["no_plan"].pk])).content.decode()
    assert teacher.display_name in trail.split('id="viewers"')[1].split("</table>")[0]


def test_my_pupils_costs_the_same_queries_for_a_few_pupils_as_for_many(login, teacher, school, class_group, year4):
    client = login(teacher)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reviews:my_pupils"))
    for i in range(40):
        pupil = _pupil(school, f"Extra{i}", "K" if i % 2 else "E", class_group)
        if i % 3 == 0:
            _plan(pupil)
        PupilNeed.objects.create(pupil=pupil, need_type="SLCN", rank=1)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("reviews:my_pupils"))
    assert len(few.captured_queries) == len(many.captured_queries)


def test_a_teacher_with_no_classes_is_told_to_ask_the_senco(login, school):
    from sensupport.core.factories import UserFactory

    lonely = UserFactory(role="teacher", school=school)
    page = login(lonely).get(reverse("reviews:my_pupils")).content.decode()
    assert "You are not linked to any class or group yet" in page
