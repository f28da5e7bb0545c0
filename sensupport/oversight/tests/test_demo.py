"""The demo's twenty schools on the LA dashboard: counted when the demo loads, and different."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.accounts.models import User
from sensupport.demo import builder
from sensupport.oversight.figures import SchoolFigures
from sensupport.oversight.models import SchoolSummary

pytestmark = pytest.mark.django_db


def test_the_demo_las_schools_are_counted_as_it_loads_and_compare_differently(client):
    builder.demo_load()
    summaries = SchoolSummary.objects.filter(school__local_authority__code=builder.DEMO_LA_CODE)
    assert summaries.count() == 20
    shares = {
        round(100 * f.support_with_plan / f.support)
        for f in (SchoolFigures.from_dict(s.figures) for s in summaries)
        if f.support
    }
    assert len(shares) >= 8  # the comparison shows differences
    officer = User.objects.get(username=f"officer@demoshire.{builder.DEMO_DOMAIN}")
    client.force_login(officer)
    page = client.get(reverse("oversight:dashboard")).content.decode()
    assert "Marshfield Academy" in page and "Not counted yet" not in page
