"""Who may open the SEN information report's pages: the school's SENCO and head edit it (another
school's SENCO edits their own school's); anyone, signed in or not, reads the published report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.testing.access import LEADS, check_access, expect, identities
from sensupport.information_report.models import InformationReport

pytestmark = pytest.mark.django_db

EVERYONE = set(identities()) - {"anonymous"}
MATRIX = {
    "information_report:edit": expect(allowed=LEADS | {"other_school_senco"}),
    "information_report:item_edit": expect(allowed=LEADS | {"other_school_senco"}),
    "information_report:public": expect(allowed=EVERYONE, anonymous=200),
    "information_report:public_version": expect(allowed=EVERYONE, anonymous=200),
    "documents:information_report": expect(allowed=EVERYONE, anonymous=200),
}


@pytest.mark.parametrize(
    ("name", "args"), [("information_report:edit", []), ("information_report:item_edit", ["complaints"])]
)
def test_who_may_open_the_editing_pages(client, request, name, args):
    check_access(client, request, reverse(name, args=args), MATRIX[name])


def test_who_may_publish_and_a_refusal_writes_nothing(client, request):
    check_access(
        client,
        request,
        reverse("information_report:publish"),
        expect(allowed=LEADS | {"other_school_senco"}, ok=302),
        method="POST",
        unchanged=lambda: list(InformationReport.objects.values_list("school_id", flat=True)),
        isolate=True,
    )


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("information_report:public", []),
        ("information_report:public_version", [1]),
        ("documents:information_report", ["docx"]),
    ],
)
def test_everyone_reads_the_published_report(client, request, school, published, name, args):
    check_access(client, request, reverse(name, args=[school.urn, *args]), MATRIX[name])
