"""The progress pages: who may open them (the access matrix) and what they show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.core.testing.access import (
    FAMILY,
    LEADS,
    OUT_OF_SCOPE_NAMES,
    STAFF,
    check_access,
    expect,
)
from sensupport.pupils import codes
from sensupport.pupils.models import Concern

pytestmark = pytest.mark.django_db

NOT_THEIRS = OUT_OF_SCOPE_NAMES | {"la_officer", "professional", "service_admin"}
MATRIX = {
    # Peter is not on the register: the LA does not see him. The family sees him, but findings are
    # staff-only: 403 for them, as for staff on the family page.
    "progress:pupil": expect(allowed=STAFF, hidden=NOT_THEIRS),
    "progress:concern_new": expect(allowed=STAFF, hidden=NOT_THEIRS),
    "progress:family": expect(allowed=FAMILY, hidden=NOT_THEIRS),
    # School-level pages: any school's staff (scope inside the page); recently left for leads.
    "progress:to_look_at": expect(allowed=STAFF | {"other_teacher", "other_school_senco"}),
    "progress:recently_left": expect(allowed=LEADS | {"other_school_senco"}),
}


def test_who_may_see_a_pupils_progress(client, request, pupil):
    check_access(client, request, reverse("progress:pupil", args=[pupil.pk]), MATRIX["progress:pupil"])


def test_who_may_raise_a_concern_from_the_findings(client, request, pupil):
    check_access(client, request, reverse("progress:concern_new", args=[pupil.pk]), MATRIX["progress:concern_new"])


def test_only_the_family_sees_the_family_page(client, request, pupil):
    check_access(client, request, reverse("progress:family", args=[pupil.pk]), MATRIX["progress:family"])


def test_who_may_open_pupils_to_look_at(client, request):
    check_access(client, request, reverse("progress:to_look_at"), MATRIX["progress:to_look_at"])


def test_who_may_open_recently_left(client, request):
    check_access(client, request, reverse("progress:recently_left"), MATRIX["progress:recently_left"])


def test_the_senco_sees_peter_to_look_at_under_his_class_with_a_link_to_raise_a_concern(
    client, login, senco, pupil, class_group, slipping_now
):
    html = login(senco).get(reverse("progress:to_look_at")).content.decode()
    assert class_group.name in html
    assert "Peter Rabbit" in html and "Slower progress than classmates" in html
    assert reverse("progress:concern_new", args=[pupil.pk]) in html
    assert "not a finding of special educational needs" in html
    assert AuditEvent.objects.filter(actor=senco, target=AuditEvent.Target.PUPILS_TO_LOOK_AT, pupil=pupil).exists()


def test_a_pupil_on_the_register_is_not_on_the_senco_list_but_is_on_the_teachers(
    login, senco, teacher, pupil, slipping_now
):
    pupil.sen_status = codes.STATUS_SUPPORT
    pupil.save()
    assert "Peter Rabbit" not in login(senco).get(reverse("progress:to_look_at")).content.decode()
    html = login(teacher).get(reverse("progress:to_look_at")).content.decode()
    assert "Your pupils on the SEN register" in html and "Peter Rabbit" in html


def test_another_class_teacher_does_not_see_peter(login, other_teacher, slipping_now):
    assert "Peter Rabbit" not in login(other_teacher).get(reverse("progress:to_look_at")).content.decode()


def test_the_concern_form_is_filled_with_the_evidence_and_raises_the_concern(login, teacher, pupil, slipping_now):
    client = login(teacher)
    url = reverse("progress:concern_new", args=[pupil.pk])
    html = client.get(url).content.decode()
    assert "classmates who started where Peter did" in html
    response = client.post(url, {"noticed": "Reading: slower than classmates. Loses his place.", "where_when": ""})
    concern = Concern.objects.get(pupil=pupil)
    assert response.status_code == 302 and concern.raised_by == teacher
    pupil.refresh_from_db()
    assert pupil.sen_status == codes.STATUS_MONITORING


def test_the_pupil_page_shows_the_chart_the_table_and_the_prompts(login, senco, pupil, slipping_now):
    html = login(senco).get(reverse("progress:pupil", args=[pupil.pk])).content.decode()
    assert "<svg" in html and "<polyline" in html
    assert "Classmates who started alike (middle)" in html
    assert "Things to consider" in html and "Slower progress" in html
    assert AuditEvent.objects.filter(actor=senco, target=AuditEvent.Target.PROGRESS, pupil=pupil).exists()


def test_the_family_sees_only_their_childs_own_scores(login, parent, pupil, slipping_now):
    html = login(parent).get(reverse("progress:family", args=[pupil.pk])).content.decode()
    assert "How Peter is getting on" in html and "<svg" in html
    assert "93" in html
    assert "Classmates" not in html and "classmates" not in html
    assert "Slower progress" not in html
    for classmate_score in ("104", "105"):
        assert f">{classmate_score}<" not in html


def test_recently_left_lists_a_pupil_whose_sen_support_ended(login, senco, school, pupil, slipping_now):
    from django.utils import timezone

    from sensupport.pupils.models import SenStatusChange

    today = timezone.localdate()
    SenStatusChange.objects.create(pupil=pupil, status=codes.STATUS_SUPPORT, start_date=today - dt.timedelta(days=700))
    SenStatusChange.objects.create(pupil=pupil, status=codes.STATUS_NONE, start_date=today - dt.timedelta(days=200))
    html = login(senco).get(reverse("progress:recently_left")).content.decode()
    assert "Peter Rabbit" in html and "Reopen a concern" in html and "Slower progress" in html


def test_a_pupil_who_left_more_than_two_years_ago_is_off_the_watch(login, senco, pupil):
    from django.utils import timezone

    from sensupport.pupils.models import SenStatusChange

    today = timezone.localdate()
    SenStatusChange.objects.create(pupil=pupil, status=codes.STATUS_SUPPORT, start_date=today - dt.timedelta(days=1500))
    SenStatusChange.objects.create(pupil=pupil, status=codes.STATUS_NONE, start_date=today - dt.timedelta(days=800))
    assert "Peter Rabbit" not in login(senco).get(reverse("progress:recently_left")).content.decode()


def test_the_home_page_counts_pupils_to_look_at(login, senco, slipping_now):
    html = login(senco).get(reverse("core:home")).content.decode()
    assert "1 pupil not on the SEN register" in html
    assert "/progress/to-look-at/" in html and "/progress/recently-left/" in html


def test_the_home_pages_counts_are_the_lists_lengths(login, senco, teacher, other_teacher, pupil, slipping_now):
    """The home page counts without reading the pupils: the same two numbers as the list page's
    two parts, for whole-school staff (not on the register only) and a teacher (both)."""
    from django.utils import timezone

    from sensupport.progress.selectors import pupils_to_look_at, pupils_to_look_at_counts

    today = timezone.localdate()

    def lengths(user):
        return tuple(sum(len(group.rows) for group in part) for part in pupils_to_look_at(user, on=today))

    assert pupils_to_look_at_counts(senco, on=today) == lengths(senco) == (1, 0)
    assert pupils_to_look_at_counts(other_teacher, on=today) == lengths(other_teacher) == (0, 0)
    pupil.sen_status = codes.STATUS_SUPPORT
    pupil.save()
    assert pupils_to_look_at_counts(senco, on=today) == lengths(senco) == (0, 0)
    assert pupils_to_look_at_counts(teacher, on=today) == lengths(teacher) == (0, 1)
    html = login(teacher).get(reverse("core:home")).content.decode()
    assert "0 pupils not on the SEN register, and 1 of your pupils on it" in html


def test_a_teachers_counts_are_pupils_not_statuses(login, teacher, class_group, school, pupil, slipping_now):
    """A teacher's pupils come through a DISTINCT query: two pupils with the same status are two."""
    from decimal import Decimal

    from django.utils import timezone

    from sensupport.core.factories import PupilFactory
    from sensupport.progress import services
    from sensupport.progress.selectors import pupils_to_look_at, pupils_to_look_at_counts

    today = timezone.localdate()
    days = [today - dt.timedelta(days=d) for d in (300, 180, 60)]
    for n in range(2):  # two more of Peter's class slipping as he does, all three on SEN Support
        twin = PupilFactory(school=school, forename=f"Twin{n}", surname="Year4", year_group="4", sen_status="K")
        class_group.pupils.add(twin)
        rows = [
            services.ScoreIn(twin.pk, "Reading", day, Decimal(v)) for day, v in zip(days, [100, 97, 93], strict=True)
        ]
        services.scores_record(actor=None, school=school, rows=rows, via="command")
    pupil.sen_status = codes.STATUS_SUPPORT
    pupil.save()
    listed = tuple(sum(len(group.rows) for group in part) for part in pupils_to_look_at(teacher, on=today))
    assert pupils_to_look_at_counts(teacher, on=today) == listed == (0, 3)
