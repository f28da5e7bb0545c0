"""The LA dashboard's per-school summaries: recounted by a scheduled task (docs/adr/0016)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.oversight.models import SchoolSummary

from .conftest import sen_pupils


def test_the_recount_is_on_the_schedule():
    from config.schedule import SCHEDULES

    assert "sensupport.oversight.tasks.refresh_oversight_summaries" in {s.task for s in SCHEDULES}


@pytest.mark.django_db
def test_the_task_recounts_every_school_and_overwrites_its_one_row(school, other_school):
    from sensupport.oversight.tasks import refresh_oversight_summaries

    sen_pupils(school, 6, others=10)
    assert refresh_oversight_summaries.call() == 2
    assert SchoolSummary.objects.get(school=school).figures["support"] == 6
    sen_pupils(school, 2)
    refresh_oversight_summaries.call()
    assert SchoolSummary.objects.filter(school=school).count() == 1
    assert SchoolSummary.objects.get(school=school).figures["support"] == 8


@pytest.mark.django_db
def test_a_school_not_counted_yet_is_named_not_silently_left_out(client, la_officer, school):
    client.force_login(la_officer)
    page = client.get(reverse("oversight:dashboard")).content.decode()
    assert "Not counted yet: Oak Primary" in page


@pytest.mark.django_db
def test_the_la_page_reads_a_fixed_number_of_queries(client, la_officer, la, django_assert_max_num_queries):
    from sensupport.core.factories import SchoolFactory
    from sensupport.oversight.summaries import summaries_refresh

    for k in range(8):
        sen_pupils(SchoolFactory(local_authority=la), k + 1)
    summaries_refresh()
    client.force_login(la_officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("oversight:dashboard")).status_code == 200
