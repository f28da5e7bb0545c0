"""The EHC requests world: Peter on SEN Support at Oak Primary (Northshire, `la`), and a request the
school sent to Northshire (`ehc_request`), received there two weeks ago."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sensupport.ehc import request_services as services
from sensupport.plans.tests.conftest import agreed, assessed, draft, on_support  # noqa: F401  (shared plan fixtures)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def ehc_request(on_support, senco):  # noqa: F811
    return services.ehc_request_submit(
        actor=senco,
        pupil=on_support,
        reasons="Peter's needs are not met by SEN Support",
        family_views="We want help for Peter",
        sent_on=timezone.localdate() - dt.timedelta(days=16),
    )


@pytest.fixture
def received(ehc_request, la_officer):
    return services.ehc_request_record_step(
        actor=la_officer,
        request=ehc_request,
        step="received",
        on=timezone.localdate() - dt.timedelta(days=14),
        expected_version=ehc_request.version,
    )
