"""Progress on other apps' pages: the pupil page's section, the plan's quality-check prompts and
the review's "progress since the last review". Staff only: the family's plan page shows none."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_pupil_page_has_a_progress_section_with_the_prompts_and_charts(login, senco, pupil, slipping_now):
    html = login(senco).get(reverse("pupils:pupil", args=[pupil.pk])).content.decode()
    assert 'id="progress"' in html and "Slower progress than classmates" in html and "<svg" in html
    assert reverse("progress:pupil", args=[pupil.pk]) in html


def test_the_plan_quality_checks_prompt_for_each_finding_to_staff_not_the_family(
    login,
    senco,
    parent,
    pupil,
    agreed,
    slipping_now,
):
    url = reverse("plans:plan", args=[pupil.pk, agreed.pk])
    html = login(senco).get(url).content.decode()
    assert "Consider</strong> Slower progress than classmates" in html
    family_html = login(parent).get(url).content.decode()
    assert "Slower progress" not in family_html


def test_the_review_shows_progress_since_the_last_review(login, senco, pupil, agreed, slipping_now):
    html = login(senco).get(reverse("reviews:review_new", args=[pupil.pk, agreed.pk])).content.decode()
    assert "Progress since the last review" in html
    assert "To consider at this review" in html


def test_an_la_officer_sees_the_pupil_page_without_the_progress_prompts(
    login, la_officer, pupil, on_support, slipping_now
):
    html = login(la_officer).get(reverse("pupils:pupil", args=[pupil.pk])).content.decode()
    assert 'id="progress"' not in html and "Slower progress" not in html


def test_a_pupil_with_no_data_says_so(login, senco, pupil):
    html = login(senco).get(reverse("progress:pupil", args=[pupil.pk])).content.decode()
    assert "No scores yet" in html and "No attendance figures yet" in html and "No behaviour events" in html
