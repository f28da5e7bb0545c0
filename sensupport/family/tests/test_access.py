"""Who may open every family page, and that a parent cannot reach another family's child by any URL
or form: out of scope is 404 and writes nothing; in scope but not allowed is 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.testing.access import CLASS_STAFF, FAMILY, LEADS, OUT_OF_SCOPE_NAMES, check_access, expect
from sensupport.family import services
from sensupport.family.models import MeetingPrep, Message, MessageThread, PlanResponse
from sensupport.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(request, agreed, parent, senco):
    """Peter's agreed plan, and his mother's preparation, disagreement and conversation."""
    plan = agreed
    pupil = plan.pupil
    prep = services.meeting_prep_save(
        pupil=pupil, parent=parent, barriers_at_home="Mornings", what_helps_at_home="A visual timetable"
    )
    response = services.plan_response_record(
        plan=plan, parent=parent, response="disagree", parts=["barriers"], reason="Fatigue is worse than that"
    )
    thread = services.message_thread_start(pupil=pupil, author=parent, subject="Swimming", body="Can he skip swimming?")
    return {"pupil": pupil, "plan": plan, "prep": prep, "response": response, "thread": thread}


def _urls(w):
    p = w["pupil"].pk
    return {
        "prepare": reverse("family:prepare", args=[p]),
        "respond": reverse("family:respond", args=[p, w["plan"].pk]),
        "my_response": reverse("family:my_response", args=[p, w["response"].pk]),
        "messages": reverse("family:messages", args=[p]),
        "thread": reverse("family:thread", args=[p, w["thread"].pk]),
        "staff_prep": reverse("family:staff_prep", args=[p, w["prep"].pk]),
        "response": reverse("family:response", args=[p, w["response"].pk]),
        "staff_messages": reverse("family:staff_messages", args=[p]),
        "staff_thread": reverse("family:staff_thread", args=[p, w["thread"].pk]),
        "inbox": reverse("family:inbox"),
    }


# Every identity (core/testing/access.py). Out of Peter's scope: 404; in scope but not allowed: 403.
NOT_IN_SCOPE = OUT_OF_SCOPE_NAMES | {"professional", "service_admin"}
FAMILY_PAGE = expect(allowed=FAMILY, hidden=NOT_IN_SCOPE)
# The mother's own rows stay hers (ADR 0006): Peter, with his own sign-in, does not find them.
MOTHERS_ROW = expect(allowed={"parent"}, hidden=NOT_IN_SCOPE | {"young_person"})
STAFF_MESSAGES = expect(allowed=LEADS | CLASS_STAFF, hidden=NOT_IN_SCOPE)
SENCO_OR_HEAD = expect(allowed=LEADS, hidden=NOT_IN_SCOPE)
INBOX = expect(allowed=LEADS | {"other_school_senco"})  # no pupil in the URL: each lead's own school

MATRIX = {
    "prepare": FAMILY_PAGE,
    "respond": FAMILY_PAGE,
    "my_response": MOTHERS_ROW,
    "messages": FAMILY_PAGE,
    "thread": MOTHERS_ROW,
    "staff_messages": STAFF_MESSAGES,
    "staff_thread": STAFF_MESSAGES,
    "staff_prep": SENCO_OR_HEAD,
    "response": SENCO_OR_HEAD,
    "inbox": INBOX,
}


@pytest.mark.parametrize("page", sorted(MATRIX))
def test_access_matrix(page, world, client, request):
    check_access(client, request, _urls(world)[page], MATRIX[page])


def test_parent_cannot_prepare_for_another_familys_child(other_parent, pupil, login):
    client = login(other_parent)
    response = client.post(reverse("family:prepare", args=[pupil.pk]), {"barriers_at_home": "guess"})
    assert response.status_code == 404
    assert not MeetingPrep.objects.exists()


def test_parent_cannot_guess_ids(parent, login):
    client = login(parent)
    for url in [
        "/family/children/999999/prepare/",
        "/family/children/999999/messages/",
        "/family/children/999999/plans/1/respond/",
    ]:
        assert client.get(url).status_code == 404


def test_parent_cannot_respond_to_a_sibling_plan_under_their_own_childs_url(agreed, sibling_plan, parent, login):
    client = login(parent)
    url = reverse("family:respond", args=[agreed.pupil_id, sibling_plan.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"response": "agree"}).status_code == 404
    assert not PlanResponse.objects.exists()


def test_other_parent_cannot_respond_to_peters_plan(agreed, other_parent, login):
    client = login(other_parent)
    url = reverse("family:respond", args=[agreed.pupil_id, agreed.pk])
    assert client.post(url, {"response": "disagree", "parts": ["barriers"], "reason": "x"}).status_code == 404
    assert not PlanResponse.objects.exists()


def test_posting_a_response_to_a_plan_that_is_not_current_writes_nothing(agreed, parent, senco, login):
    Plan.objects.filter(pk=agreed.pk).update(status=Plan.Status.REVIEWED)
    client = login(parent)
    url = reverse("family:respond", args=[agreed.pupil_id, agreed.pk])
    assert client.post(url, {"response": "agree"}).status_code == 404
    assert not PlanResponse.objects.exists()


def test_parent_cannot_respond_to_a_draft(draft, parent, login):
    client = login(parent)
    url = reverse("family:respond", args=[draft.pupil_id, draft.pk])
    assert client.post(url, {"response": "agree"}).status_code == 404
    assert not PlanResponse.objects.exists()


def test_parts_of_another_childs_plan_are_refused(agreed, sibling_plan, parent, login):
    client = login(parent)
    foreign_outcome = sibling_plan.outcomes.first()
    url = reverse("family:respond", args=[agreed.pupil_id, agreed.pk])
    response = client.post(
        url, {"response": "disagree", "parts": [f"outcome:{foreign_outcome.pk}"], "reason": "tampered"}
    )
    assert response.status_code == 200  # the form is shown again with an error
    assert not PlanResponse.objects.exists()


def test_a_thread_of_one_child_is_not_reachable_under_another_childs_url(
    agreed, sibling_plan, parent, other_parent, senco, login
):
    flopsy_thread = services.message_thread_start(
        pupil=sibling_plan.pupil, author=other_parent, subject="Flopsy", body="Private"
    )
    client = login(parent)
    peter = agreed.pupil_id
    assert client.get(reverse("family:thread", args=[peter, flopsy_thread.pk])).status_code == 404
    assert client.post(reverse("family:thread", args=[peter, flopsy_thread.pk]), {"body": "hello"}).status_code == 404
    assert client.get(reverse("family:thread", args=[sibling_plan.pupil_id, flopsy_thread.pk])).status_code == 404
    # Even staff who see both children reach a thread only under its own child.
    staff = login(senco)
    assert staff.get(reverse("family:staff_thread", args=[peter, flopsy_thread.pk])).status_code == 404
    assert flopsy_thread.messages.count() == 1


def test_a_tampered_thread_field_does_not_move_a_reply_to_another_thread(
    agreed, sibling_plan, parent, other_parent, login
):
    flopsy_thread = services.message_thread_start(
        pupil=sibling_plan.pupil, author=other_parent, subject="Flopsy", body="Private"
    )
    peter_thread = services.message_thread_start(pupil=agreed.pupil, author=parent, subject="Peter", body="Hello")
    client = login(parent)
    url = reverse("family:thread", args=[agreed.pupil_id, peter_thread.pk])
    client.post(
        url,
        {"body": "Reply", "thread": flopsy_thread.pk, "thread_id": flopsy_thread.pk, "pupil": sibling_plan.pupil_id},
    )
    assert flopsy_thread.messages.count() == 1
    assert list(peter_thread.messages.values_list("body", flat=True)) == ["Hello", "Reply"]
    assert not MessageThread.objects.filter(pupil=sibling_plan.pupil).exclude(pk=flopsy_thread.pk).exists()


def test_a_response_of_another_child_is_not_reachable_under_this_childs_url(
    agreed, sibling_plan, parent, other_parent, senco, login
):
    theirs = services.plan_response_record(
        plan=sibling_plan, parent=other_parent, response="disagree", parts=["other"], reason="Private"
    )
    client = login(parent)
    assert client.get(reverse("family:my_response", args=[agreed.pupil_id, theirs.pk])).status_code == 404
    staff = login(senco)
    assert (
        staff.post(reverse("family:response", args=[agreed.pupil_id, theirs.pk]), {"resolution": "x"}).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.status == PlanResponse.Status.OPEN


def test_preparation_of_another_child_is_not_reachable_under_this_childs_url(
    agreed, sibling, other_parent, senco, login
):
    theirs = services.meeting_prep_save(
        pupil=sibling, parent=other_parent, barriers_at_home="Private", what_helps_at_home=""
    )
    staff = login(senco)
    assert staff.get(reverse("family:staff_prep", args=[agreed.pupil_id, theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.seen_by_school_at is None


def test_staff_cannot_write_as_the_family_nor_family_on_staff_pages(agreed, parent, teacher, login):
    client = login(parent)
    assert (
        client.post(reverse("family:staff_messages", args=[agreed.pupil_id]), {"subject": "s", "body": "b"}).status_code
        == 403
    )
    teacher_client = login(teacher)
    assert (
        teacher_client.post(reverse("family:prepare", args=[agreed.pupil_id]), {"barriers_at_home": "x"}).status_code
        == 403
    )
    assert not Message.objects.exists()
    assert not MeetingPrep.objects.exists()


def test_every_read_is_audited(world, parent, client):
    from sensupport.audit.models import AuditEvent

    client.force_login(parent, backend="sensupport.accounts.backends.PasswordBackend")
    before = AuditEvent.objects.count()
    client.get(_urls(world)["thread"])
    assert AuditEvent.objects.filter(target="message thread", action="view", pupil=world["pupil"]).exists()
    assert AuditEvent.objects.count() > before
