"""Who may open the funding pages: the access matrix. Peter is on SEN Support with support over
the threshold; his request has been sent to his school's LA (Northshire)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.testing.access import LEADS, OUT_OF_SCOPE_NAMES, check_access, expect

pytestmark = pytest.mark.django_db

NO_PUPIL_HERE = OUT_OF_SCOPE_NAMES | {"professional", "service_admin"}
MATRIX = {
    # Site pages about the viewer's own school: another school's SENCO sees their own.
    "funding:element2": expect(allowed=LEADS | {"other_school_senco"}),
    "funding:budget": expect(allowed=LEADS | {"other_school_senco"}),
    "funding:la_requests": expect(allowed={"la_officer", "other_la_officer"}),
    "funding:topup_new": expect(allowed=LEADS, hidden=NO_PUPIL_HERE),
    # The LA officer reads requests sent to their LA; another LA's officer does not see Peter.
    "funding:topup": expect(allowed=LEADS | {"la_officer"}, hidden=NO_PUPIL_HERE),
    "funding:topup_decide": expect(allowed=LEADS | {"la_officer"}, hidden=NO_PUPIL_HERE),
    "documents:topup": expect(allowed=LEADS | {"la_officer"}, hidden=NO_PUPIL_HERE),
}


@pytest.mark.parametrize("name", ["funding:element2", "funding:budget", "funding:la_requests"])
def test_who_may_open_the_site_pages(client, request, name):
    check_access(client, request, reverse(name), MATRIX[name])


def test_who_may_ask_for_top_up(client, request, over):
    check_access(client, request, reverse("funding:topup_new", args=[over.pk]), MATRIX["funding:topup_new"])


@pytest.mark.parametrize("name", ["funding:topup", "funding:topup_decide"])
def test_who_may_read_and_decide_a_sent_request(client, request, sent_request, name):
    url = reverse(name, args=[sent_request.pupil_id, sent_request.pk])
    check_access(client, request, url, MATRIX[name])


def test_who_may_download_a_sent_request(client, request, sent_request):
    url = reverse("documents:topup", args=[sent_request.pupil_id, sent_request.pk, "docx"])
    check_access(client, request, url, MATRIX["documents:topup"])


def test_a_draft_is_the_schools_alone(client, over, senco, la_officer):
    from decimal import Decimal

    from sensupport.funding import services

    draft = services.topup_create(actor=senco, pupil=over, amount_requested=Decimal("10"), case="x")
    client.force_login(la_officer)
    assert client.get(reverse("funding:topup", args=[over.pk, draft.pk])).status_code == 403
    assert client.get(reverse("documents:topup", args=[over.pk, draft.pk, "pdf"])).status_code == 403
