"""The demo's SEN information report: Oakfield's published (two versions), public without signing in."""

from __future__ import annotations

import datetime as dt

import pytest

from sensupport.demo import builder
from sensupport.information_report.models import InformationReportVersion

pytestmark = pytest.mark.django_db


def test_oakfields_report_is_published(client):
    builder.demo_load(today=dt.date(2026, 11, 2))
    versions = InformationReportVersion.objects.filter(report__school__urn="990101").order_by("number")
    assert [v.number for v in versions] == [1, 2]
    assert "ELKLAN" in versions[1].words["staff_expertise"] and "ELKLAN" not in versions[0].words["staff_expertise"]
    page = client.get("/schools/990101/sen-information-report/").content.decode()
    assert "Oakfield Primary School" in page and "ELKLAN" in page and "Version 1, published" in page
    assert client.get("/schools/990102/sen-information-report/").status_code == 404  # Hillcrest has not published
