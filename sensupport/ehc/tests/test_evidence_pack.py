"""The evidence pack assembled from the record: what an empty record gives (gaps named, the
request's own words kept), and a fixed number of queries whatever the record holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sensupport.ehc.evidence import evidence_pack
from sensupport.referrals import services
from sensupport.referrals.tests.conftest import (  # noqa: F401  (referral fixtures)
    accepted,
    recommendation,
    referral_consent,
    report,
    sent,
    shared,
)

pytestmark = pytest.mark.django_db


def test_a_request_with_little_on_record_still_has_a_pack_naming_the_gaps(received):
    pack = evidence_pack(received)
    assert pack.cycles == [] and pack.advice == [] and pack.costs == []
    assert [w.text for w in pack.family_views] == ["We want help for Peter"]
    assert [g.label for g in pack.gaps] == [
        "Two to four reviewed APDR cycles",
        "Specialist advice, and what was done with it",
        "A costed provision map",
        "The pupil's views, in their words",
        "Needs and barriers described",
    ]
    assert [m.key for m in pack.milestones] == ["decision_to_assess", "not_to_issue", "final_plan"]


def test_the_pack_reads_the_advice_and_what_was_done_with_it(received, recommendation, agreed):  # noqa: F811
    pack = evidence_pack(received)
    (advice,) = pack.advice
    assert advice.recommendations == [("A movement break every afternoon", "Not yet acted on", "")]
    assert [r.name.endswith("report.pdf") for r in pack.reports] == [True]
    assert [c.version for c in pack.cycles] == [agreed.version]
    assert pack.checklist[1].detail == "0 recommendation(s) acted on; 1 not yet accepted or declined"
    assert not pack.checklist[1].met


def test_the_number_of_queries_does_not_grow_with_the_record(received, recommendation):  # noqa: F811
    evidence_pack(received)  # warm: what is read once per process (code lists, settings) is not the record
    with CaptureQueriesContext(connection) as with_one:
        evidence_pack(received)

    referral = recommendation.referral
    for text in ("Visual timetable", "Quiet space at lunch"):
        services.recommendation_add(
            actor=referral.service.memberships.first().professional, referral=referral, text=text
        )
    with CaptureQueriesContext(connection) as with_three:
        evidence_pack(received)
    assert len(with_three.captured_queries) == len(with_one.captured_queries)
