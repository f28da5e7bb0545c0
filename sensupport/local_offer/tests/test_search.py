"""The public directory: search by need, age, area and words; a service's page; feedback."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.local_offer import services
from sensupport.local_offer.models import Feedback


def _found(client, **params) -> set[str]:
    response = client.get(reverse("local_offer:search"), params)
    assert response.status_code == 200
    return set(
        re.findall(r'<a class="govuk-link" href="/local-offer/services/[^"]+/">([^<]+)</a>', response.content.decode())
    )


def test_everything_open_is_listed_without_filters(client, directory):
    assert _found(client) == {
        "Autism family support group",
        "Teen social club",
        "Audiology",
        "Toy library",
        "Southshire short breaks",
    }


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"need": "autism"}, {"Autism family support group", "Teen social club"}),
        ({"need": "hearing"}, {"Audiology"}),
        ({"age": "15"}, {"Autism family support group", "Teen social club", "Audiology", "Southshire short breaks"}),
        ({"age": "4"}, {"Autism family support group", "Audiology", "Toy library", "Southshire short breaks"}),
        ({"area": "Hilltop"}, {"Teen social club", "Audiology", "Southshire short breaks"}),  # no location: anywhere
        ({"q": "toy"}, {"Toy library"}),
        ({"need": "autism", "age": "8"}, {"Autism family support group"}),
        ({"need": "autism", "area": "Riverside", "age": "20"}, {"Autism family support group"}),
        ({"q": "nothing like it"}, set()),
    ],
)
def test_search_by_need_age_area_and_words(client, directory, params, expected):
    terms = {"autism": "Autism", "hearing": "Hearing impairment"}
    if "need" in params:
        params = {**params, "need": terms[params["need"]]}
    assert _found(client, **params) == expected


def test_a_need_is_one_word_across_las(client, directory, other_la):
    """Southshire lists its own "Autism" term: the one filter finds both LAs' services."""
    from sensupport.local_offer.models import Taxonomy, TaxonomyTerm

    needs = Taxonomy.objects.create(local_authority=other_la, name="Needs", description="N", purpose="need")
    directory.south_service.terms.add(TaxonomyTerm.objects.create(taxonomy=needs, name="Autism", description="A"))
    found = _found(client, need="Autism")
    assert found == {"Autism family support group", "Teen social club", "Southshire short breaks"}
    assert _found(client, category="Health") == {"Audiology"}


def test_a_bad_age_is_named_and_the_list_still_shows(client, directory):
    response = client.get(reverse("local_offer:search"), {"age": "forty"})
    body = response.content.decode()
    assert "Enter the age as a number of years" in body and "govuk-error-summary" in body
    assert "Audiology" in body


def test_a_service_page_shows_who_it_is_for_how_to_get_it_cost_contact_place_times_and_last_check(client, directory):
    body = client.get(reverse("local_offer:service", args=[directory.support_group.pk])).content.decode()
    for text in (
        "Ages 0 to 25",
        "Autism",
        "Drop in",
        "Free",
        "01632 960000",
        "group@example.org",
        "Riverside Hub",
        "NT1 1AA",
        "Saturday, 10:00 to 12:00",
        "Leisure",
        "Last checked",
    ):
        assert text in body, text
    assert "last checked more than a year ago" not in body


def test_a_stale_entry_warns_the_visitor(client, directory):
    body = client.get(reverse("local_offer:service", args=[directory.old_entry.pk])).content.decode()
    assert "last checked more than a year ago" in body


def test_every_public_page_has_the_feedback_form(client, directory):
    for url in (reverse("local_offer:search"), reverse("local_offer:service", args=[directory.audiology.pk])):
        body = client.get(url).content.decode()
        assert f'action="{reverse("local_offer:feedback")}"' in body, url


def test_feedback_reaches_the_services_la_editors_only(client, directory, la_officer, other_la_officer):
    service = directory.audiology
    page = reverse("local_offer:service", args=[service.pk])
    response = client.post(
        reverse("local_offer:feedback"), {"page": page, "service": str(service.pk), "message": "Phone number is wrong"}
    )
    assert response.status_code == 302 and response["Location"] == page
    feedback = Feedback.objects.get()
    assert feedback.local_authority == service.provider.local_authority and feedback.service == service
    assert AuditEvent.objects.filter(target=AuditEvent.Target.LOCAL_OFFER_FEEDBACK, actor=None).exists()
    client.force_login(la_officer)
    assert "Phone number is wrong" in client.get(reverse("local_offer:manage")).content.decode()
    client.force_login(other_la_officer)
    assert "Phone number is wrong" not in client.get(reverse("local_offer:manage")).content.decode()


def test_feedback_never_sends_the_visitor_off_site(client, directory):
    response = client.post(reverse("local_offer:feedback"), {"page": "https://evil.example/", "message": "hi"})
    assert response["Location"] == reverse("local_offer:search")
    response = client.post(reverse("local_offer:feedback"), {"page": "/pupils/", "message": "hi"})
    assert response["Location"] == reverse("local_offer:search")


def test_empty_feedback_is_refused_with_a_message(client, directory):
    response = client.post(reverse("local_offer:feedback"), {"page": "/local-offer/", "message": "  "})
    assert response.status_code == 200
    assert "Enter your feedback" in response.content.decode()
    assert not Feedback.objects.exists()
    with pytest.raises(services.LocalOfferError):
        services.feedback_leave(actor=None, page="/local-offer/", message="x" * 1201)


def test_public_pages_never_show_a_pupil(client, directory, pupil, line, senco):
    """Peter's plan is signposted to the group: the group's public page and the API still name no pupil."""
    services.signpost_set(actor=senco, provision=line, service=directory.support_group)
    for url in (
        reverse("local_offer:search"),
        reverse("local_offer:service", args=[directory.support_group.pk]),
        reverse("local_offer:api_service", args=[directory.support_group.pk]),
        reverse("local_offer:api_services"),
    ):
        body = client.get(url).content.decode()
        assert pupil.surname not in body and line.description not in body, url


def test_a_results_page_costs_the_same_queries_however_many_services_it_lists(client, directory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(**params) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("local_offer:search"), params).status_code == 200
        return len(ctx.captured_queries)

    assert queries(q="toy") == queries()  # one result, five results


def test_the_familys_page_points_to_the_local_offer(client, pupil, parent):
    client.force_login(parent)
    body = client.get(reverse("portal:child", args=[pupil.pk])).content.decode()
    assert f'href="{reverse("local_offer:search")}"' in body
