"""The plans part's world (overrides the requests world of ../conftest.py for these tests): Peter
(Oak Primary, Northshire) on SEN Support with a primary need, and helpers to draft and issue his EHC
plan through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sensupport.ehc import plan_services

SECTIONS = {
    "views": "Peter loves trains and wants to be a driver.",
    "needs": "Speech, language and communication needs.",
    "health_needs": "",
    "social_care_needs": "",
    "outcomes": "By the end of Year 6 Peter will read a short book aloud.",
    "provision": "20 minutes of speech and language therapy a week.",
    "health_provision": "",
    "social_care_provision_h1": "",
    "social_care_provision_h2": "",
    "placement_name": "Oak Primary",
    "placement_type": "Mainstream primary school",
    "personal_budget": "",
    "advice": "EP report, 1 October.",
}


@pytest.fixture
def on_support(pupil):
    from sensupport.pupils.models import PupilNeed

    pupil.sen_status, pupil.sen_status_since = "K", timezone.localdate() - dt.timedelta(days=400)
    pupil.save()
    PupilNeed.objects.create(pupil=pupil, need_type="SLCN", rank=1, start_date=pupil.sen_status_since)
    return pupil


@pytest.fixture
def draft(on_support, la_officer):
    return plan_services.ehc_plan_start(actor=la_officer, pupil=on_support, sections=SECTIONS)


@pytest.fixture
def issued(draft, la_officer):
    issued_on = timezone.localdate() - dt.timedelta(days=330)
    return plan_services.ehc_plan_issue(actor=la_officer, version=draft, issued_on=issued_on)
