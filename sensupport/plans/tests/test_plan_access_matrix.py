"""Every Assess/Plan/Do/Review page, every role. Out of scope is 404; in scope but not allowed, 403.

Peter is on SEN Support in Class 4B with an agreed plan (version 1) and a draft (version 2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sensupport.core.testing.access import FAMILY, LEADS, OUT_OF_SCOPE_NAMES, STAFF, check_access, expect
from sensupport.plans import services
from sensupport.plans.models import Assessment

# Every identity (core/testing/access.py). Peter is in scope of Oak's staff, Northshire's officer and
# his parents; the professional has no share and the service administrator sees no pupil.
NOT_IN_SCOPE = OUT_OF_SCOPE_NAMES | {"professional", "service_admin"}
VIEW_PLAN = expect(allowed=STAFF | FAMILY | {"la_officer"}, hidden=NOT_IN_SCOPE)
STAFF_ONLY = expect(allowed=STAFF, hidden=NOT_IN_SCOPE)
DRAFT = expect(allowed=STAFF, hidden=NOT_IN_SCOPE | {"la_officer"} | FAMILY)  # a draft is the school's
EDIT_DRAFT = expect(allowed=LEADS | {"teacher"}, hidden=NOT_IN_SCOPE)
LEAD_ONLY = expect(allowed=LEADS, hidden=NOT_IN_SCOPE)
EARLY_REVIEW = expect(allowed=STAFF | FAMILY, hidden=NOT_IN_SCOPE)
SCHOOL_PAGE = expect(allowed=STAFF | {"other_teacher", "other_school_senco"})  # no pupil in the URL
BANK_PAGE = expect(allowed=STAFF | {"other_teacher", "other_school_senco", "la_officer", "other_la_officer"})

MATRIX = {
    "overview": VIEW_PLAN,
    "plan_agreed": VIEW_PLAN,
    "profile": VIEW_PLAN,
    "plan_draft": DRAFT,
    "assessment": STAFF_ONLY,
    "timeline": STAFF_ONLY,
    "evidence_add": STAFF_ONLY,
    "plan_edit": EDIT_DRAFT,
    "provision_add": EDIT_DRAFT,
    "outcome_add": EDIT_DRAFT,
    "agree": LEAD_ONLY,
    "review_new": LEAD_ONLY,
    "early_review": EARLY_REVIEW,
    "early_review_answer": LEAD_ONLY,
    "my_pupils": SCHOOL_PAGE,
    "strategy_bank": BANK_PAGE,
}


@pytest.fixture
def world(request, agreed, senco, sibling, other_school_pupil):
    from sensupport.reviews.services import early_review_request

    draft = services.plan_new_version(plan=agreed, actor=senco)
    ask = early_review_request(
        pupil=agreed.pupil, actor=request.getfixturevalue("parent"), reason="New worries at lunch"
    )
    return {
        "agreed": agreed,
        "draft": draft,
        "pupil": agreed.pupil,
        "ask": ask,
        "assessment": Assessment.objects.get(pupil=agreed.pupil),
    }


def _url(view, w):
    p, a, d = w["pupil"].pk, w["agreed"].pk, w["draft"].pk
    return {
        "overview": reverse("plans:overview", args=[p]),
        "plan_agreed": reverse("plans:plan", args=[p, a]),
        "profile": reverse("plans:profile", args=[p, a]),
        "plan_draft": reverse("plans:plan", args=[p, d]),
        "assessment": reverse("plans:assessment", args=[p, w["assessment"].pk]),
        "timeline": reverse("plans:timeline", args=[p]),
        "evidence_add": reverse("reviews:evidence_add", args=[p, a]),
        "plan_edit": reverse("plans:plan_edit", args=[p, d]),
        "provision_add": reverse("plans:provision_add", args=[p, d]),
        "outcome_add": reverse("plans:outcome_add", args=[p, d]),
        "agree": reverse("plans:agree", args=[p, d]),
        "review_new": reverse("reviews:review_new", args=[p, a]),
        "early_review": reverse("reviews:early_review", args=[p]),
        "early_review_answer": reverse("reviews:early_review_answer", args=[p, w["ask"].pk]),
        "my_pupils": reverse("reviews:my_pupils"),
        "strategy_bank": reverse("plans:strategy_bank"),
    }[view]


@pytest.mark.django_db
@pytest.mark.parametrize("view", sorted(MATRIX))
def test_plan_access_matrix(client, request, world, view):
    check_access(client, request, _url(view, world), MATRIX[view])


@pytest.mark.django_db
def test_teacher_of_another_class_cannot_open_the_plan_or_post_to_it(login, other_teacher, agreed):
    client = login(other_teacher)
    assert client.get(reverse("plans:plan", args=[agreed.pupil_id, agreed.pk])).status_code == 404
    assert client.post(reverse("reviews:mark_read", args=[agreed.pupil_id, agreed.pk])).status_code == 404
    assert not agreed.read_receipts.exists()


@pytest.mark.django_db
def test_parent_cannot_see_another_childs_plan_by_swapping_ids(login, other_parent, agreed, sibling):
    client = login(other_parent)
    # The plan id belongs to Peter; the pupil id in the URL is the other parent's own child.
    assert client.get(reverse("plans:plan", args=[sibling.pk, agreed.pk])).status_code == 404
    assert client.get(reverse("plans:plan", args=[agreed.pupil_id, agreed.pk])).status_code == 404
    assert client.get(reverse("plans:profile", args=[sibling.pk, agreed.pk])).status_code == 404


@pytest.mark.django_db
def test_item_remove_refuses_another_plans_item(login, senco, agreed, draft_of_sibling):
    client = login(senco)
    draft = services.plan_new_version(plan=agreed, actor=senco)
    foreign = draft_of_sibling.provisions.first()
    response = client.post(
        reverse("plans:item_remove", args=[draft.pupil_id, draft.pk]),
        {"kind": "provision", "item": foreign.pk, "edit_version": draft.edit_version},
    )
    assert response.status_code == 404
    assert draft_of_sibling.provisions.filter(pk=foreign.pk).exists()


@pytest.fixture
def draft_of_sibling(sibling, senco):
    from sensupport.plans.models import Barrier, Plan, Provision

    plan = Plan.objects.create(pupil=sibling, version=1)
    barrier = Barrier.objects.create(pupil=sibling, title="Noise", broad_area="Sensory and/or physical")
    provision = Provision.objects.create(plan=plan, kind="equipment", description="Ear defenders", delivered_by="TA")
    provision.barriers.add(barrier)
    return plan


@pytest.mark.django_db
def test_plans_api_hides_drafts_from_parents_and_scopes(login, senco, parent, other_parent, agreed):
    services.plan_new_version(plan=agreed, actor=senco)
    url = reverse("api:pupil_plans", args=[agreed.pupil_id])
    staff = login(senco).get(url).json()
    assert [p["version"] for p in staff] == [1, 2]
    assert staff[0]["provisions"][0]["barriers"]
    family = login(parent).get(url).json()
    assert [p["version"] for p in family] == [1]
    assert login(other_parent).get(url).status_code == 404


# POST actions: who may change what. Out of scope is 404 (nothing written); in scope but not allowed, 403.
POST_MATRIX = {
    "assessment_start": expect(allowed=LEADS, ok=302, hidden=NOT_IN_SCOPE),
    "plan_new": expect(allowed=LEADS | {"teacher"}, ok=302, hidden=NOT_IN_SCOPE),
    "new_version": expect(allowed=LEADS | {"teacher"}, ok=302, hidden=NOT_IN_SCOPE),
    "mark_read": expect(allowed=STAFF, ok=302, hidden=NOT_IN_SCOPE),
    # Staff see two versions (the draft too); families and the LA see one, and are sent back.
    "compare": expect(allowed=STAFF, hidden=NOT_IN_SCOPE, la_officer=302, parent=302, young_person=302),
}


def _post_url(view, w):
    p, a = w["pupil"].pk, w["agreed"].pk
    return {
        "assessment_start": reverse("plans:assessment_start", args=[p]),
        "plan_new": reverse("plans:plan_new", args=[p]),
        "new_version": reverse("plans:new_version", args=[p, a]),
        "mark_read": reverse("reviews:mark_read", args=[p, a]),
        "compare": reverse("plans:compare", args=[p]),
    }[view]


@pytest.mark.django_db
@pytest.mark.parametrize("view", sorted(POST_MATRIX))
def test_plan_actions_matrix(client, request, agreed, sibling, other_school_pupil, view):
    """Each identity tries the action on a fresh world, so one's success cannot hide another's."""
    from sensupport.plans.models import Assessment, Plan
    from sensupport.reviews.models import PlanReadReceipt

    w = {"pupil": agreed.pupil, "agreed": agreed}
    if view == "compare":
        services.plan_new_version(plan=agreed, actor=request.getfixturevalue("senco"))
        check_access(client, request, _post_url(view, w), POST_MATRIX[view])
        return
    # assessment_start needs no assessment open; close the fixture's one.
    Assessment.objects.filter(pupil=agreed.pupil).update(status="complete")
    check_access(
        client,
        request,
        _post_url(view, w),
        POST_MATRIX[view],
        method="POST",
        isolate=True,
        unchanged=lambda: (Plan.objects.count(), Assessment.objects.count(), PlanReadReceipt.objects.count()),
    )
