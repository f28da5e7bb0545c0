"""The register's rows are written in Python (pupils/register_rows.py) and its counts folded from
one GROUP BY (pupils.selectors.register_counts_fold): what they show, and that they escape."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from sensupport.pupils import codes
from sensupport.pupils.models import EhcPlanSummary, PupilNeed
from sensupport.pupils.selectors import register_counts_fold

STATUSES = list(codes.STATUS_LABELS)
NEEDS = [*codes.need_types(), "XYZ"]  # a code we do not know


@given(st.lists(st.tuples(st.sampled_from(STATUSES), st.one_of(st.none(), st.sampled_from(NEEDS))), max_size=60))
def test_folded_counts_match_counting_each_pupil(pupils):
    rows: dict[tuple, int] = {}
    for key in pupils:
        rows[key] = rows.get(key, 0) + 1
    counts = register_counts_fold([(status, need, "4", n) for (status, need), n in rows.items()])
    assert counts.total_pupils == len(pupils)
    assert counts.by_status == {s: sum(1 for p in pupils if p[0] == s) for s in STATUSES}
    on_register = [need for status, need in pupils if status in ("K", "E") and need is not None]
    for code, _description, n in counts.by_need:
        assert n == on_register.count(code)
    assert sum(n for _area, n in counts.by_area) == len(on_register)
    assert dict(counts.by_area)["No broad area (OTH, NSA)"] == sum(
        1 for need in on_register if codes.need_types().get(need) is None or not codes.need_types()[need].broad_area
    )


@pytest.mark.django_db
def test_register_rows_escape_what_a_school_typed(login, senco, pupil, class_group):
    pupil.forename, pupil.surname, pupil.sen_status = "<script>alert(1)</script>", "O'Brien & Co", "K"
    pupil.save()
    class_group.name = '4B "<b>"'
    class_group.save()
    PupilNeed.objects.create(pupil=pupil, need_type="SLCN", rank=1)
    html = login(senco).get(reverse("pupils:register")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; O&#x27;Brien &amp; Co" in html
    assert "4B &quot;&lt;b&gt;&quot;" in html
    assert '<span class="sen-nowrap">1. <abbr title="Speech, language' in html
    assert '<strong class="govuk-tag govuk-tag--orange">No plan</strong>' in html


@pytest.mark.django_db
def test_an_ehc_pupils_row_says_when_the_annual_review_is_due(login, senco, pupil, la):
    pupil.sen_status = "E"
    pupil.save()
    client = login(senco)
    assert "EHC plan summary not recorded" in client.get(reverse("pupils:register")).content.decode()
    EhcPlanSummary.objects.create(
        pupil=pupil, issuing_local_authority=la, issued_on=dt.date(2024, 3, 1), last_reviewed_on=dt.date(2024, 3, 1)
    )
    html = client.get(reverse("pupils:register")).content.decode()
    assert "Annual review 1 Mar 2025" in html
    assert "Annual review overdue" in html
    assert "EHC plan (from the local authority)" in html
