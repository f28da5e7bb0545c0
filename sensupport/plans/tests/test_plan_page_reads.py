"""The plan page reads what it shows: a draft has no readers, evidence or review, so they are not
read for it; an agreed version says whether the viewer has read it, from the receipts the SENCO
sees or, for others, from their own receipt (issue 14)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sensupport.reviews import services as reviews
from sensupport.reviews.models import Evidence, PlanReadReceipt, Review

pytestmark = pytest.mark.django_db
REVIEW_TABLES = (PlanReadReceipt._meta.db_table, Evidence._meta.db_table, Review._meta.db_table)


def _tables_read(client, plan) -> tuple[str, set[str]]:
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("plans:plan", args=[plan.pupil_id, plan.pk])).content.decode()
    return body, {table for table in REVIEW_TABLES for q in queries.captured_queries if f'"{table}"' in q["sql"]}


def test_a_drafts_page_reads_no_receipts_evidence_or_review(login, senco, draft):
    body, read = _tables_read(login(senco), draft)
    assert "Barriers to learning" in body
    assert read == set()


def test_an_agreed_versions_page_reads_its_receipts_and_evidence(login, senco, agreed):
    body, read = _tables_read(login(senco), agreed)
    assert 'id="read-receipts"' in body and "Evidence while the plan runs" in body
    assert {PlanReadReceipt._meta.db_table, Evidence._meta.db_table} <= read


@pytest.mark.parametrize("who", ["senco", "teacher"])
def test_the_page_says_whether_the_viewer_has_read_this_version(login, agreed, class_group, who, request):
    viewer = request.getfixturevalue(who)
    class_group.pupils.add(agreed.pupil)
    class_group.staff.add(viewer)
    client = login(viewer)
    page = client.get(reverse("plans:plan", args=[agreed.pupil_id, agreed.pk])).content.decode()
    assert "I have read this plan" in page and "You have read this version" not in page
    someone_else = request.getfixturevalue("senco" if who == "teacher" else "teacher")
    reviews.plan_mark_read(plan=agreed, user=someone_else)  # another reader's receipt is not theirs
    page = client.get(reverse("plans:plan", args=[agreed.pupil_id, agreed.pk])).content.decode()
    assert "I have read this plan" in page
    reviews.plan_mark_read(plan=agreed, user=viewer)
    page = client.get(reverse("plans:plan", args=[agreed.pupil_id, agreed.pk])).content.decode()
    assert "You have read this version" in page and "I have read this plan" not in page


def test_the_prepared_reads_of_an_agreed_version_are_its_related_managers(agreed, senco, teacher, class_group):
    import datetime as dt

    from django.utils import timezone

    from sensupport.plans import selectors

    assert selectors.plan_review(agreed) is None
    assert selectors.plan_read_receipts(agreed) == [] and selectors.plan_evidence(agreed) == []
    reviews.plan_mark_read(plan=agreed, user=teacher)
    reviews.plan_mark_read(plan=agreed, user=senco)
    today = timezone.localdate()
    line = agreed.provisions.first()
    reviews.evidence_add(plan=agreed, actor=teacher, kind="observation", observed_on=today, text="Calm all week")
    reviews.evidence_add(
        plan=agreed, actor=senco, kind="note", observed_on=today - dt.timedelta(days=3), text="Used", provision=line
    )
    review = Review.objects.create(
        plan=agreed, held_on=today, attendees="Mum", parent_present=True, decision="continue", summary="Going well"
    )
    receipts = selectors.plan_read_receipts(agreed)
    by_pk = lambda rows: sorted(rows, key=lambda r: r.pk)  # noqa: E731  (receipts have no order of their own)
    assert by_pk(receipts) == by_pk(agreed.read_receipts.select_related("user"))
    assert {r.user for r in receipts} == {teacher, senco}
    evidence = selectors.plan_evidence(agreed)
    assert evidence == list(agreed.evidence.all())
    assert [e.text for e in evidence] == ["Used", "Calm all week"]  # in the order observed
    assert evidence[0].provision == line and evidence[1].author == teacher and evidence[0].plan is agreed
    assert selectors.plan_review(agreed) == review


def test_staff_who_have_not_read_an_agreed_version_are_named(login, senco, teacher, agreed, class_group, school):
    from sensupport.core.factories import UserFactory

    class_group.pupils.add(agreed.pupil)
    left = UserFactory(school=school, role="teacher", first_name="Gone", last_name="Away", is_active=False)
    class_group.staff.add(teacher, left)
    page = login(senco).get(reverse("plans:plan", args=[agreed.pupil_id, agreed.pk])).content.decode()
    assert f"Not yet confirmed: {teacher.display_name}" in page and "Gone Away" not in page
    reviews.plan_mark_read(plan=agreed, user=teacher)
    page = login(senco).get(reverse("plans:plan", args=[agreed.pupil_id, agreed.pk])).content.decode()
    assert "Not yet confirmed" not in page
