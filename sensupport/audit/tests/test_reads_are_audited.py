"""Every page or endpoint that shows a pupil's data leaves a row for that pupil, saying how it was
read (web or api); lists write their rows in one insert."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.plans.models import Plan
from sensupport.pupils.models import Concern


def _rows(**filters) -> list[tuple]:
    return list(AuditEvent.objects.filter(**filters).order_by("pupil_id").values_list("pupil_id", "action", "via"))


def _audit_inserts(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith("INSERT") and "audit_auditevent" in q["sql"])


@pytest.mark.django_db
def test_api_list_records_each_pupil_returned_via_api_in_one_insert(login, senco, pupil, sibling, other_school_pupil):
    client = login(senco)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("api:pupil_list"))
    assert {row["id"] for row in response.json()["results"]} == {pupil.pk, sibling.pk}
    assert _rows(pupil__isnull=False) == sorted([(pupil.pk, "list", "api"), (sibling.pk, "list", "api")])
    assert _audit_inserts(queries.captured_queries) == 1


@pytest.mark.django_db
def test_api_list_records_only_the_pupils_on_the_page_returned(login, senco, pupil, sibling, monkeypatch):
    from rest_framework.pagination import PageNumberPagination

    monkeypatch.setattr(PageNumberPagination, "page_size", 1)
    data = login(senco).get(reverse("api:pupil_list"), {"page": 2}).json()
    assert len(data["results"]) == 1
    assert _rows(pupil__isnull=False) == [(data["results"][0]["id"], "list", "api")]


@pytest.mark.django_db
def test_register_search_by_upn_records_the_pupil_it_surfaced(login, senco, pupil, sibling):
    page = login(senco).get(reverse("pupils:register"), {"q": pupil.upn})
    assert [p.pk for p in page.context["page"].object_list] == [pupil.pk]
    assert _rows(pupil__isnull=False) == [(pupil.pk, "list", "web")]
    assert "register search" in AuditEvent.objects.get(pupil=pupil).target


@pytest.mark.django_db
def test_register_search_by_name_records_each_pupil_surfaced_in_one_insert(login, senco, pupil, sibling):
    client = login(senco)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("pupils:register"), {"q": "Rabbit"})
    assert {row[0] for row in _rows(pupil__isnull=False)} == {pupil.pk, sibling.pk}
    assert _audit_inserts(queries.captured_queries) == 2  # the register page's list row, then the pupils


@pytest.mark.django_db
def test_browsing_the_register_is_one_list_row(login, senco, pupil, sibling):
    login(senco).get(reverse("pupils:register"), {"status": "N"})
    assert not AuditEvent.objects.filter(pupil__isnull=False).exists()
    assert AuditEvent.objects.get().target == "SEN register"


@pytest.mark.django_db
def test_home_page_records_each_pupil_it_names_in_one_insert(login, senco, pupil, sibling, other_school_pupil):
    Concern.objects.create(pupil=pupil, raised_by=senco, noticed="Struggles to start writing")
    today = timezone.localdate()
    Plan.objects.create(
        pupil=sibling,
        version=1,
        status=Plan.Status.AGREED,
        agreed_on=today - dt.timedelta(days=90),
        review_date=today - dt.timedelta(days=3),
    )
    Concern.objects.create(pupil=other_school_pupil, noticed="Not ours")
    client = login(senco)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("core:home")).content.decode()
    assert pupil.display_name in html and sibling.display_name in html
    assert _rows(pupil__isnull=False) == sorted([(pupil.pk, "list", "web"), (sibling.pk, "list", "web")])
    assert _audit_inserts(queries.captured_queries) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name, target",
    [
        ("pupils:status_change", "SEN status form"),
        ("pupils:needs_edit", "needs form"),
        ("pupils:parent_conversation_new", "parent conversation form"),
        ("pupils:concern_raise", "concern form"),
        ("pupils:audit_trail", "audit trail"),
    ],
)
def test_opening_a_pupils_form_or_audit_trail_is_recorded(login, senco, pupil, url_name, target):
    assert login(senco).get(reverse(url_name, args=[pupil.pk])).status_code == 200
    event = AuditEvent.objects.get(pupil=pupil)
    assert (event.action, event.target, event.via, event.actor) == ("view", target, "web", senco)


@pytest.mark.django_db
def test_a_refused_form_records_no_read(login, teacher, pupil):
    assert login(teacher).get(reverse("pupils:status_change", args=[pupil.pk])).status_code == 403
    assert not AuditEvent.objects.filter(pupil=pupil).exists()


@pytest.mark.django_db
def test_the_audit_trail_shows_its_own_reading(login, senco, pupil):
    page = login(senco).get(reverse("pupils:audit_trail", args=[pupil.pk])).content.decode()
    viewers = page.split('id="viewers"')[1].split("</table>")[0]
    assert senco.display_name in viewers


@pytest.mark.django_db
def test_a_pupil_surfaced_by_a_search_counts_as_looked_at(login, senco, teacher, pupil):
    login(teacher).get(reverse("pupils:register"), {"q": pupil.upn})
    page = login(senco).get(reverse("pupils:audit_trail", args=[pupil.pk])).content.decode()
    assert teacher.display_name in page.split('id="viewers"')[1].split("</table>")[0]


@pytest.mark.django_db
def test_reads_say_how_they_were_made_in_plain_words_on_the_trail(login, senco, pupil):
    client = login(senco)
    client.get(reverse("api:pupil_detail", args=[pupil.pk]))
    page = client.get(reverse("pupils:audit_trail", args=[pupil.pk])).content.decode()
    assert "(JSON API)" in page


@pytest.mark.django_db
def test_audit_refuses_a_channel_it_does_not_know(senco, pupil):
    from sensupport.audit.services import audit_record

    with pytest.raises(ValueError, match="via must be one of"):
        audit_record(actor=senco, action="view", target="pupil record", pupil=pupil, via="job")
