"""The API's plan lines carry the cost the provision map computes, never the old typed figure, and
only to those who may see costs (families never see what staff time costs)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.provision.selectors import pupil_cost_lines


@pytest.mark.django_db
def test_staff_get_each_lines_computed_annual_cost(login, senco, pupil, costed_line):
    costed_line.cost = 999  # a figure typed before costs were computed: never shown again
    costed_line.save(update_fields=["cost"])
    expected = {line.provision_id: f"{line.annual_cost:.2f}" for line in pupil_cost_lines(pupil=pupil)}
    plans = login(senco).get(reverse("api:pupil_plans", args=[pupil.pk])).json()
    lines = {p["id"]: p for plan in plans for p in plan["provisions"]}
    assert "cost" not in lines[costed_line.pk]
    assert lines[costed_line.pk]["annual_cost"] == expected[costed_line.pk] != "0.00"
    uncosted = [p for pid, p in lines.items() if pid != costed_line.pk]
    assert uncosted and all(p["annual_cost"] is None for p in uncosted)


@pytest.mark.django_db
def test_a_family_never_gets_a_cost(login, parent, pupil, costed_line):
    response = login(parent).get(reverse("api:pupil_plans", args=[pupil.pk]))
    if response.status_code == 200:
        assert all(p["annual_cost"] is None for plan in response.json() for p in plan["provisions"])
    else:
        assert response.status_code in (403, 404)
