"""The demo's progress data: every pupil has three years of termly scores, attendance and
behaviour; at Peter's school pupils not on the register show each sign; a pupil who left SEN
Support is slipping again; Peter's reading dips before his support and climbs back after."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sensupport.demo import builder
from sensupport.progress import rules, selectors
from sensupport.progress.models import Score
from sensupport.pupils import codes
from sensupport.pupils.models import Pupil

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        summary = builder.demo_load()
        yield summary
        builder.demo_wipe()


def test_every_pupil_has_three_subjects_of_termly_scores(demo):
    # The three schools told in detail (oversight's 17 more have registers only: demo/oversight.py).
    assert demo.counts["scores"] == demo.counts["pupils"] * 3 * 9
    assert demo.counts["attendance periods"] > 0 and demo.counts["behaviour events"] > 0


def test_pupils_not_on_the_register_show_every_sign_at_peters_school(demo):
    peter = Pupil.objects.get(forename="Peter", sen_status=codes.STATUS_SUPPORT)
    findings = selectors.school_findings(peter.school_id, on=timezone.localdate())
    not_on = set(
        Pupil.objects.filter(school_id=peter.school_id, sen_status=codes.STATUS_NONE).values_list("pk", flat=True)
    )
    flags = {f.flag for pupil_id, found in findings.items() if pupil_id in not_on for f in found}
    assert flags == set(rules.FLAGS)


def test_a_pupil_who_left_sen_support_is_slipping_again(demo):
    left = [
        row
        for school in {p.school_id for p in Pupil.objects.all()}
        for row in selectors.recently_left(school, on=timezone.localdate())
    ]
    assert any(row.findings for row in left)


def test_peters_reading_dips_then_climbs(demo):
    peter = Pupil.objects.get(forename="Peter", sen_status=codes.STATUS_SUPPORT)
    values = [
        float(v)
        for v in Score.objects.filter(pupil=peter, subject="Reading")
        .order_by("taken_on")
        .values_list("value", flat=True)
    ]
    lowest = values.index(min(values))
    assert 0 < lowest < len(values) - 1
    assert values[0] - min(values) >= 5 and values[-1] > min(values)
