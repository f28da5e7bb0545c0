"""The graduated approach through the web pages, without JavaScript: assess, plan, agree, read,
review, next version."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sensupport.plans.models import Assessment, Plan
from sensupport.reviews.models import PlanReadReceipt


def _ok(response, status=302):
    assert response.status_code == status, response.content.decode()[:2000]
    return response


@pytest.mark.django_db
def test_full_cycle_through_the_pages(login, senco, teacher, on_support):
    pupil = on_support
    client = login(senco)
    _ok(client.post(reverse("plans:assessment_start", args=[pupil.pk])))
    assessment = Assessment.objects.get(pupil=pupil)
    url = reverse("plans:assessment", args=[pupil.pk, assessment.pk])
    # A bank barrier pre-fills the form.
    page = client.get(url, {"bank": "anxiety-transitions"}).content.decode()
    assert "anxiety-transitions" in page
    _ok(
        client.post(
            url,
            {
                "action": "barrier",
                "barrier-title": "Anxiety at transitions",
                "barrier-broad_area": "Social, emotional and mental health",
                "barrier-impact": "2",
                "barrier-bank_key": "anxiety-transitions",
            },
        )
    )
    _ok(
        client.post(
            url,
            {
                "action": "barrier",
                "barrier-title": "Working memory",
                "barrier-broad_area": "Cognition and learning",
                "barrier-impact": "2",
            },
        )
    )
    anxiety, memory = list(pupil.barriers.order_by("id"))
    # Views side by side: the TA sees working memory, the teacher does not.
    _ok(
        client.post(
            url,
            {
                "action": "view",
                "view-contributor": "ta",
                "view-name": "Mr Assistant",
                "view-what_is_hard": "Loses the thread of instructions",
                f"view-seen_{memory.pk}": "yes",
                f"view-impact_{memory.pk}": "3",
                f"view-seen_{anxiety.pk}": "yes",
            },
        )
    )
    _ok(
        client.post(
            url,
            {
                "action": "view",
                "view-contributor": "teacher",
                "view-name": "Ms Teacher",
                "view-what_is_hard": "Attention drifts",
                f"view-seen_{memory.pk}": "no",
            },
        )
    )
    page = client.get(url).content.decode()
    assert "Views differ" in page and "1 see this barrier, 1 do not" in page
    _ok(
        client.post(
            url,
            {
                "action": "settle",
                "settle-barrier": memory.pk,
                "settle-present": "yes",
                "settle-impact": "2",
                "settle-resolution": "EP advice: working memory, not attention",
            },
        )
    )
    _ok(client.post(url, {"action": "complete"}))

    _ok(client.post(reverse("plans:plan_new", args=[pupil.pk])))
    plan = Plan.objects.get(pupil=pupil)
    # Suggested strategy pre-fills the support form.
    form_page = client.get(
        reverse("plans:provision_add", args=[pupil.pk, plan.pk]),
        {"barrier": anxiety.pk, "strategy": "anxiety-transitions:" + _first_strategy("anxiety-transitions")},
    )
    assert form_page.status_code == 200
    prefilled = form_page.context["form"].initial
    assert prefilled["bank_strategy_key"] and prefilled["description"]
    _ok(
        client.post(
            reverse("plans:provision_add", args=[pupil.pk, plan.pk]),
            {
                "edit_version": plan.edit_version,
                "barriers": [anxiety.pk],
                "kind": prefilled["kind"],
                "description": prefilled["description"],
                "delivered_by": "Class teacher",
                "setting": "in_class",
                "cost": "0",
            },
        )
    )
    plan.refresh_from_db()
    _ok(
        client.post(
            reverse("plans:provision_add", args=[pupil.pk, plan.pk]),
            {
                "edit_version": plan.edit_version,
                "barriers": [memory.pk],
                "kind": "intervention",
                "description": "Memory games group",
                "delivered_by": "TA",
                "sessions_per_week": "2",
                "minutes_per_session": "20",
                "group_size": "4",
                "setting": "withdrawn",
                "replaces_lessons": "Guided reading",
                "cost": "120.00",
            },
        )
    )
    plan.refresh_from_db()
    _ok(
        client.post(
            reverse("plans:outcome_add", args=[pupil.pk, plan.pk]),
            {"edit_version": plan.edit_version, "description": "I feel calm when the day changes"},
        )
    )
    plan.refresh_from_db()
    _ok(
        client.post(
            reverse("plans:plan_edit", args=[pupil.pk, plan.pk]),
            {
                "edit_version": plan.edit_version,
                "pupil_views": "I like a warning",
                "parent_views": "He worries at night",
                "review_date": (timezone.localdate() + dt.timedelta(weeks=8)).isoformat(),
            },
        )
    )
    page = client.get(reverse("plans:plan", args=[pupil.pk, plan.pk])).content.decode()
    assert "Every barrier has support" in page and "Memory games group" in page
    _ok(
        client.post(
            reverse("plans:agree", args=[pupil.pk, plan.pk]),
            {"agreed_on": timezone.localdate().isoformat(), "how": "meeting", "agreed_with": "Mum", "start_now": "on"},
        )
    )
    plan.refresh_from_db()
    assert plan.status == "active"

    # The teacher reads the one-page profile and confirms.
    tclient = login(teacher)
    profile = tclient.get(reverse("plans:profile", args=[pupil.pk, plan.pk])).content.decode()
    assert "What helps me" in profile and "Memory games group" in profile and "Working memory" in profile
    my = tclient.get(reverse("reviews:my_pupils")).content.decode()
    assert pupil.display_name in my and "I have read it" in my
    _ok(tclient.post(reverse("reviews:mark_read", args=[pupil.pk, plan.pk]), {"next": "/my-pupils/"}))
    assert PlanReadReceipt.objects.filter(plan=plan, user=teacher).exists()
    assert "Read</strong>" in tclient.get(reverse("reviews:my_pupils")).content.decode()

    # The SENCO sees who has read it and records the review, which opens version 2.
    client = login(senco)
    page = client.get(reverse("plans:plan", args=[pupil.pk, plan.pk])).content.decode()
    assert teacher.display_name in page.split('id="read-receipts"')[1].split("</ul>")[0]
    data = {
        "held_on": timezone.localdate().isoformat(),
        "attendees": "Mum, SENCO",
        "parent_present": "yes",
        "pupil_views": "Better",
        "parent_views": "Happier",
        "decision": "change",
        "summary": "Add lunchtime club; SENCO to arrange by Friday",
    }
    for o in plan.outcomes.all():
        data[f"outcome_{o.pk}"] = "good"
    for p in plan.provisions.all():
        data[f"delivered_{p.pk}"] = "as_planned"
        data[f"helped_{p.pk}"] = "yes"
    response = _ok(client.post(reverse("reviews:review_new", args=[pupil.pk, plan.pk]), data))
    v2 = Plan.objects.get(pupil=pupil, version=2)
    assert response["Location"] == reverse("plans:plan", args=[pupil.pk, v2.pk])
    assert v2.status == "draft" and v2.provisions.count() == 2
    timeline = client.get(reverse("plans:timeline", args=[pupil.pk])).content.decode()
    assert timeline.index("Plan version 1 agreed") < timeline.index("Plan version 1 reviewed")
    compare = client.get(reverse("plans:compare", args=[pupil.pk])).content.decode()
    assert "Version 1" in compare and "Version 2" in compare


def _first_strategy(barrier_key: str) -> str:
    from sensupport.plans.bank import shipped_bank

    return shipped_bank()[barrier_key].strategies[0].key


@pytest.mark.django_db
def test_agreed_plan_edit_page_refuses(login, senco, agreed):
    client = login(senco)
    response = client.post(
        reverse("plans:plan_edit", args=[agreed.pupil_id, agreed.pk]),
        {"edit_version": agreed.edit_version, "pupil_views": "overwrite"},
    )
    assert response.status_code == 302
    agreed.refresh_from_db()
    assert agreed.pupil_views != "overwrite"


@pytest.mark.django_db
def test_stale_draft_form_keeps_the_users_text_and_explains(login, senco, draft):
    client = login(senco)
    response = client.post(
        reverse("plans:plan_edit", args=[draft.pupil_id, draft.pk]),
        {"edit_version": draft.edit_version - 1, "pupil_views": "My careful paragraph", "review_date": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Someone else saved this draft" in page and "My careful paragraph" in page
    # The other person's text is shown, and the form now carries the latest token: saving again is a choice that works.
    shown = page.split('id="draft-saved-by-someone-else"')[1].split("</dl>")[0]
    assert "I like knowing what is next" in shown and "My careful paragraph" not in shown
    assert f'name="edit_version" value="{draft.edit_version}"' in page
    again = client.post(
        reverse("plans:plan_edit", args=[draft.pupil_id, draft.pk]),
        {"edit_version": draft.edit_version, "pupil_views": "My careful paragraph", "review_date": ""},
    )
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.pupil_views == "My careful paragraph"


@pytest.mark.django_db
def test_register_shows_plan_state_and_quality_in_constant_queries(login, senco, agreed, sibling, school, class_group):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sensupport.core.factories import PupilFactory

    client = login(senco)
    page = client.get(reverse("pupils:register")).content.decode()
    assert f'href="/pupils/{agreed.pupil_id}/plans/{agreed.pk}/">Version 1</a>' in page
    assert "1 quality check to do" in page  # only one meeting with parents this year
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("pupils:register"))
    for _ in range(20):
        p = PupilFactory(school=school, sen_status="K")
        class_group.pupils.add(p)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("pupils:register")).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert "No plan" in page


@pytest.mark.django_db
def test_schools_and_las_add_their_own_strategies(login, senco, teacher, la_officer, other_school_senco, on_support):
    from sensupport.plans.bank import strategies_for
    from sensupport.plans.models import CustomStrategy

    data = {
        "barrier_key": "fatigue",
        "title": "Lift pass",
        "description": "Use the lift to the Year 4 room after lunch.",
        "kind": "adjustment",
        "cost": "none",
    }
    assert login(teacher).post(reverse("plans:strategy_bank"), data).status_code == 403
    _ok(login(senco).post(reverse("plans:strategy_bank"), data))
    _ok(
        login(la_officer).post(
            reverse("plans:strategy_bank"), {**data, "title": "Borrow a wheelchair from the LA store"}
        )
    )
    assert CustomStrategy.objects.count() == 2
    school = on_support.school
    titles = [s.title for s in strategies_for("fatigue", school=school)]
    assert "Lift pass" in titles and "Borrow a wheelchair from the LA store" in titles
    # Another LA's school sees neither.
    assert not {"Lift pass", "Borrow a wheelchair from the LA store"} & {
        s.title for s in strategies_for("fatigue", school=other_school_senco.school)
    }
    page = login(senco).get(reverse("plans:strategy_bank")).content.decode()
    assert "Lift pass" in page and "Ours" in page
    response = login(senco).post(reverse("plans:strategy_bank"), {**data, "barrier_key": "not-a-barrier"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
