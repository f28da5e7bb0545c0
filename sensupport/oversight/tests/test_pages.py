"""The pages as their readers use them: drill-down from the LA, pupils named only within scope and
audited, the comparison's filters, the Ofsted case sample."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.oversight.case_sample import Candidate, propose_spread

from .conftest import sen_pupils


@pytest.mark.django_db
def test_the_officer_drills_down_from_the_la_to_a_school(client, la_officer, school, other_school, refreshed):
    sen_pupils(school, 6, others=30)
    sen_pupils(other_school, 6)
    refreshed()
    client.force_login(la_officer)
    page = client.get(reverse("oversight:dashboard")).content.decode()
    link = reverse("oversight:school", args=[school.pk])
    assert f'href="{link}"' in page
    assert "Elm Primary" not in page  # another LA's school
    assert "<svg" in page and "Figures counted at" in page
    school_page = client.get(link)
    assert school_page.status_code == 200 and "Oak Primary" in school_page.content.decode()


@pytest.mark.django_db
def test_the_comparison_filters_by_phase(client, la_officer, school, la, refreshed):
    from sensupport.core.factories import SchoolFactory

    SchoolFactory(
        local_authority=la, name="Hill Secondary", phase="secondary", urn="100951", establishment_number="4951"
    )
    refreshed()
    client.force_login(la_officer)
    page = client.get(reverse("oversight:dashboard"), {"phase": "secondary"}).content.decode()
    comparison = page[page.index('id="schools"') :]
    comparison = comparison[: comparison.index("</table>")]
    assert "Hill Secondary" in comparison and "Oak Primary" not in comparison


@pytest.mark.django_db
def test_the_comparison_can_put_the_schools_with_fewest_agreed_plans_first(client, la_officer, school, la, agreed):
    from sensupport.core.factories import SchoolFactory
    from sensupport.oversight.summaries import summaries_refresh

    sen_pupils(school, 5)  # Oak: Peter has an agreed plan, these five do not
    zed = SchoolFactory(local_authority=la, name="Zed Primary", urn="100952", establishment_number="4952")
    sen_pupils(zed, 6)  # none has a plan
    summaries_refresh()
    client.force_login(la_officer)
    page = client.get(reverse("oversight:dashboard"), {"order": "plan"}).content.decode()
    comparison = page[page.index('id="schools"') :]
    assert comparison.index("Zed Primary") < comparison.index("Oak Primary")


@pytest.mark.django_db
def test_pupils_without_a_plan_are_named_to_the_officer_and_audited(client, la_officer, school):
    from sensupport.core.factories import PupilFactory

    (on_support,) = sen_pupils(school, 1)
    monitored = PupilFactory(school=school, sen_status="M", surname="Zzmonitored")
    client.force_login(la_officer)
    page = client.get(reverse("oversight:school", args=[school.pk])).content.decode()
    assert on_support.display_name in page
    assert monitored.surname not in page  # never a pupil without SEN
    event = AuditEvent.objects.get(target=AuditEvent.Target.OVERSIGHT_PUPILS)
    assert event.pupil_id == on_support.pk and event.actor == la_officer and event.via == AuditEvent.Via.WEB


@pytest.mark.django_db
def test_a_head_sees_their_own_schools_figures_exactly(client, head, school):
    sen_pupils(school, 3, others=20)
    client.force_login(head)
    page = client.get(reverse("oversight:dashboard")).content.decode()
    assert "Oak Primary" in page and "fewer than 5" not in page
    assert reverse("oversight:case_sample") in page


def test_a_proposed_spread_has_an_ehc_plan_and_differs_in_need_and_year():
    candidates = [
        Candidate(1, "K", "SLCN", "3"),
        Candidate(2, "K", "SLCN", "3"),
        Candidate(3, "K", "SEMH", "3"),
        Candidate(4, "K", "SPLD", "5"),
        Candidate(5, "E", "ASD", "6"),
        Candidate(6, "K", "HI", "1"),
        Candidate(7, "K", "SLCN", "2"),
    ]
    picked = propose_spread(candidates, n=4)
    assert picked[0] == 5  # the pupil with an EHC plan
    chosen = [c for c in candidates if c.pupil_id in picked]
    assert len({c.year_group for c in chosen}) == 4
    assert 2 not in picked  # the same need and year as pupil 1 adds nothing
    assert propose_spread(candidates[:2], n=6) == [1, 2]  # no more than there are


@pytest.mark.django_db
def test_the_head_downloads_a_case_sample_and_each_pupil_is_audited(client, head, school, agreed):
    (other,) = sen_pupils(school, 1, status="E", need="ASD")
    client.force_login(head)
    url = reverse("oversight:case_sample")
    proposed = client.get(url, {"action": "propose"}).content.decode()
    assert f'value="{other.pk}" checked' in proposed and f'value="{agreed.pupil.pk}" checked' in proposed
    response = client.get(url, {"action": "pdf", "pupils": [agreed.pupil.pk, other.pk]})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    exported = AuditEvent.objects.filter(target=AuditEvent.Target.CASE_SAMPLE, action=AuditEvent.Action.EXPORT)
    assert set(exported.values_list("pupil_id", flat=True)) == {agreed.pupil.pk, other.pk}


@pytest.mark.django_db
def test_a_case_sample_needs_a_pupil(client, head, school):
    sen_pupils(school, 1)
    client.force_login(head)
    response = client.get(reverse("oversight:case_sample"), {"action": "pdf"})
    assert response.status_code == 400
    assert "Choose at least one pupil" in response.content.decode()


@pytest.mark.django_db
def test_the_trail_tells_the_graduated_approach(agreed):
    from django.utils import timezone

    from sensupport.documents.content import all_text
    from sensupport.oversight.case_sample import sample_document

    document = sample_document(agreed.pupil.school, [agreed.pupil], today=timezone.localdate())
    text = " ".join(all_text(document))
    for expected in ("Warning of changes to the day", "Version 1", "Social, emotional and mental health", "Mum"):
        assert expected in text
