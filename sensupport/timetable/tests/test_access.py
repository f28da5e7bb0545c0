"""Who may open a pupil's week: the access matrix. Staff of Peter's school who can see him; nobody
else (the LA, outside professionals and families see nothing from this app)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.core.testing.access import OUT_OF_SCOPE_NAMES, STAFF, check_access, expect

pytestmark = pytest.mark.django_db


def _matrix(on_support: bool) -> dict:
    # Families (403) never; the LA officer sees pupils on SEN Support (then 403), not others (404).
    hidden = OUT_OF_SCOPE_NAMES | {"service_admin", "professional"} | (set() if on_support else {"la_officer"})
    return {"timetable:week": expect(allowed=STAFF, hidden=hidden)}


@pytest.mark.parametrize("on_support", [False, True], ids=["no SEN", "SEN Support"])
def test_who_may_see_a_pupils_week(client, request, pupil, week, on_support):
    from sensupport.pupils import codes

    if on_support:
        pupil.sen_status = codes.STATUS_SUPPORT
        pupil.save()
    check_access(client, request, reverse("timetable:week", args=[pupil.pk]), _matrix(on_support)["timetable:week"])


def test_the_week_shows_lessons_by_day_and_is_an_audited_read(client, senco, pupil, week):
    client.force_login(senco)
    response = client.get(reverse("timetable:week", args=[pupil.pk]))
    html = response.content.decode()
    assert "Monday" in html and "4M1" in html and "History" in html
    # Maths (as "Mathematics") 5 x 60, English 2 x 60, History 60
    assert response.context["subject_minutes"] == [("Maths", 300), ("English", 120), ("History", 60)]
    event = AuditEvent.objects.get(target=AuditEvent.Target.TIMETABLE, pupil_id=pupil.pk)
    assert (event.action, event.actor_id) == (AuditEvent.Action.VIEW, senco.pk)


def test_a_pupil_without_a_timetable_says_so(client, senco, pupil):
    client.force_login(senco)
    assert "No timetable has been imported" in client.get(reverse("timetable:week", args=[pupil.pk])).content.decode()


def test_the_pupil_page_links_to_the_week_for_staff_only(client, senco, la_officer, pupil, week):
    from sensupport.pupils import codes

    pupil.sen_status = codes.STATUS_SUPPORT
    pupil.save()
    link = reverse("timetable:week", args=[pupil.pk])
    client.force_login(senco)
    assert link in client.get(reverse("pupils:pupil", args=[pupil.pk])).content.decode()
    client.force_login(la_officer)
    page = client.get(reverse("pupils:pupil", args=[pupil.pk]))
    assert page.status_code == 200 and link not in page.content.decode()
