"""Top-up (element 3) requests: only over the threshold, drafted with the figures of the day,
sent, decided (by the school or the LA it was sent to), with history, as PDF and Word."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from sensupport.audit.models import AuditEvent
from sensupport.funding import services
from sensupport.funding.models import TopUpRequest

pytestmark = pytest.mark.django_db


def test_a_request_is_refused_below_the_threshold(approaching, senco):
    with pytest.raises(services.FundingError, match="not more than"):
        services.topup_create(actor=senco, pupil=approaching, amount_requested=Decimal("100"), case="x")
    assert not TopUpRequest.objects.exists()


def test_a_teacher_cannot_ask_for_top_up(over, teacher):
    with pytest.raises(services.FundingError):
        services.topup_create(actor=teacher, pupil=over, amount_requested=Decimal("100"), case="x")


def test_draft_send_decide_with_history_and_audit(over, senco, la_officer):
    request = services.topup_create(actor=senco, pupil=over, amount_requested=Decimal("1600"), case="Needs 1:1")
    assert (request.status, request.additional_cost, request.threshold) == (
        "draft",
        Decimal("7600.00"),
        Decimal("6000.00"),
    )
    assert request.local_authority == over.school.local_authority
    with pytest.raises(services.FundingError, match="before recording"):
        services.topup_decide(
            actor=senco, request=request, decided_amount=Decimal("1"), period_start=None, period_end=None
        )
    services.topup_send(actor=senco, request=request)
    with pytest.raises(services.FundingError, match="already been sent"):
        services.topup_send(actor=senco, request=request)
    with pytest.raises(services.FundingError, match="end after"):
        services.topup_decide(
            actor=la_officer,
            request=request,
            decided_amount=Decimal("1500"),
            period_start=dt.date(2027, 4, 1),
            period_end=dt.date(2027, 3, 1),
        )
    decided = services.topup_decide(
        actor=la_officer,
        request=request,
        decided_amount=Decimal("1500"),
        period_start=dt.date(2026, 4, 1),
        period_end=dt.date(2027, 3, 31),
        note="Agreed for the year",
    )
    assert (decided.status, decided.decided_amount) == ("decided", Decimal("1500"))
    assert list(decided.history.values_list("status", flat=True)) == ["draft", "sent", "decided"]
    events = AuditEvent.objects.filter(target=AuditEvent.Target.TOP_UP_REQUEST, pupil_id=over.pk)
    assert [(e.action, e.actor_id) for e in events.order_by("pk")] == [
        (AuditEvent.Action.CREATE, senco.pk),
        (AuditEvent.Action.UPDATE, senco.pk),
        (AuditEvent.Action.UPDATE, la_officer.pk),
    ]
    assert all(e.via == AuditEvent.Via.WEB for e in events)


def test_another_las_officer_cannot_decide(sent_request, other_la_officer):
    with pytest.raises(services.FundingError):
        services.topup_decide(
            actor=other_la_officer,
            request=sent_request,
            decided_amount=Decimal("0"),
            period_start=None,
            period_end=None,
        )


def test_the_senco_drafts_and_sends_on_the_web(client, senco, over):
    client.force_login(senco)
    form = client.get(reverse("funding:topup_new", args=[over.pk]))
    assert form.context["form"].initial["amount_requested"] == Decimal("1600.00")  # what is beyond £6,000
    response = client.post(
        reverse("funding:topup_new", args=[over.pk]), {"amount_requested": "1600", "case": "One-to-one reading"}
    )
    request = TopUpRequest.objects.get()
    assert response["Location"] == reverse("funding:topup", args=[over.pk, request.pk])
    client.post(reverse("funding:topup_send", args=[over.pk, request.pk]))
    request.refresh_from_db()
    assert request.status == "sent"


def test_a_bad_amount_is_named_on_its_field(client, senco, over):
    client.force_login(senco)
    page = client.post(reverse("funding:topup_new", args=[over.pk]), {"amount_requested": "lots", "case": "x"})
    assert "Enter the amount to ask for as a number of pounds" in page.content.decode()
    assert not TopUpRequest.objects.exists()


def test_the_la_officer_lists_requests_sent_to_them_not_drafts(client, la_officer, other_la_officer, senco, over):
    draft = services.topup_create(actor=senco, pupil=over, amount_requested=Decimal("100"), case="x")
    client.force_login(la_officer)
    assert list(client.get(reverse("funding:la_requests")).context["requests"]) == []
    assert client.get(reverse("funding:topup", args=[over.pk, draft.pk])).status_code == 403
    services.topup_send(actor=senco, request=draft)
    page = client.get(reverse("funding:la_requests"))
    assert [r.pk for r in page.context["requests"]] == [draft.pk]
    assert client.get(reverse("funding:topup", args=[over.pk, draft.pk])).status_code == 200
    client.force_login(other_la_officer)
    assert list(client.get(reverse("funding:la_requests")).context["requests"]) == []


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_request_downloads_with_the_costed_support_and_is_audited(client, senco, sent_request, fmt):
    client.force_login(senco)
    response = client.get(reverse("documents:topup", args=[sent_request.pupil.pk, sent_request.pk, fmt]))
    assert response.status_code == 200
    data = response.content
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    else:
        from docx import Document

        text = "\n".join(
            cell.text for table in Document(io.BytesIO(data)).tables for row in table.rows for cell in row.cells
        )
        assert "1:1 support" in text and "£7,600.00" in text and "£1,600.00" in text
    assert AuditEvent.objects.filter(
        target=AuditEvent.Target.TOP_UP_DOCUMENT, action=AuditEvent.Action.EXPORT, pupil_id=sent_request.pupil_id
    ).exists()
