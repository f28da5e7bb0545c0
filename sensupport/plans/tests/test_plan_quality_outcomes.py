"""Quality checks for outcomes (issue 8, part 2): every barrier the plan addresses has an outcome
linked to it or a recorded reason why not, and every outcome says how we will know, as an
observable change from the pupil's own starting point (Code of Practice 6.17), not "progress"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from sensupport.plans import services
from sensupport.plans.models import Plan
from sensupport.plans.quality import (
    OutcomeFacts,
    PlanFacts,
    barriers_have_outcome,
    outcomes_say_how_we_will_know,
    plan_quality,
    vague_how_we_will_know,
)
from sensupport.plans.selectors import plan_checks
from sensupport.plans.snapshot import plan_content

TODAY = dt.date(2026, 12, 3)


def _facts(barriers, outcomes=(), reasons=None) -> PlanFacts:
    return PlanFacts(
        barriers=barriers,
        provision_barriers=(),
        pupil_views="",
        parent_views="",
        review_date=None,
        starts_on=TODAY,
        outcomes=tuple(outcomes),
        no_outcome_reasons=reasons or {},
    )


# ---------------------------------------------------------------- pure rules


def test_a_barrier_with_no_outcome_and_no_reason_is_named_with_what_to_do():
    check = barriers_have_outcome(
        _facts({1: "Anxiety at transitions", 2: "Fatigue"}, [OutcomeFacts("Arrives calm", "x", frozenset({1}))])
    )
    assert not check.passed
    assert "Fatigue" in check.detail and "Anxiety" not in check.detail and "say why" in check.detail


def test_a_recorded_reason_stands_in_for_an_outcome_but_a_blank_one_does_not():
    outcomes = [OutcomeFacts("Arrives calm", "x", frozenset({1}))]
    assert barriers_have_outcome(_facts({1: "A", 2: "B"}, outcomes, {2: "The rest break removes it"})).passed
    assert not barriers_have_outcome(_facts({1: "A", 2: "B"}, outcomes, {2: "   "})).passed


def test_plan_quality_includes_both_new_checks():
    keys = [c.key for c in plan_quality(_facts({1: "A"}), today=TODAY)]
    assert "barriers_have_outcome" in keys and "outcomes_how_we_will_know" in keys


@given(st.dictionaries(st.integers(1, 50), st.text(min_size=1, max_size=10), min_size=1, max_size=8), st.data())
def test_every_barrier_linked_or_explained_passes_and_one_left_out_fails_naming_it(barriers, data):
    ids = sorted(barriers)
    left_out = data.draw(st.sampled_from(ids))
    explained = set(data.draw(st.lists(st.sampled_from(ids), unique=True)))
    linked = frozenset(set(ids) - explained)
    reasons = dict.fromkeys(explained, "Support removes it")
    assert barriers_have_outcome(_facts(barriers, [OutcomeFacts("o", "h", linked)], reasons)).passed
    reasons.pop(left_out, None)
    check = barriers_have_outcome(_facts(barriers, [OutcomeFacts("o", "h", linked - {left_out})], reasons))
    assert not check.passed and barriers[left_out] in check.detail


@pytest.mark.parametrize(
    "text",
    [
        "progress",
        "Progress.",
        "He will make progress",
        "make good progress",
        "improve",
        "Improvement",
        "be better",
        "She will be better",
        "Peter's behaviour will improve",
        "progress in reading",
        "achieve expected levels",
        "get better at it",
    ],
)
def test_vague_how_we_will_know_is_found(text):
    assert vague_how_we_will_know(text)


@pytest.mark.parametrize(
    "text",
    [
        "Now he leaves the room most afternoons; by the review he stays for 4 afternoons out of 5",
        "Reads 40 words a minute (now 25) on a Year 2 passage",
        "She asks an adult for help without a prompt in most lessons, where now she waits",
        "Improve his reading age from 6.2 to 6.8 on the same test",
    ],
)
def test_observable_how_we_will_know_is_not_vague(text):
    assert not vague_how_we_will_know(text)


@given(
    st.lists(
        st.sampled_from(["progress", "improve", "better", "he", "will", "make", "good", "be", "the", "pupil"]),
        min_size=1,
        max_size=8,
    )
)
def test_any_mix_of_vague_and_filler_words_is_vague(words):
    assert vague_how_we_will_know(" ".join(words))


def test_outcome_findings_say_what_to_write_instead_with_an_example():
    check = outcomes_say_how_we_will_know(
        [
            OutcomeFacts("Stays in class", ""),
            OutcomeFacts("Reads more", "make progress"),
            OutcomeFacts("Asks for help", "Asks in 3 lessons out of 5, now never"),
        ]
    )
    assert not check.passed
    assert (
        "Not said for: Stays in class" in check.detail
        and "Too general" in check.detail
        and "Reads more" in check.detail
    )
    assert "Asks for help" not in check.detail
    assert "starts now" in check.detail and "for example" in check.detail
    assert outcomes_say_how_we_will_know(
        [OutcomeFacts("Asks for help", "Asks in 3 lessons out of 5, now never")]
    ).passed
    assert not outcomes_say_how_we_will_know([]).passed


# ---------------------------------------------------------------- on the pages, the register and the snapshot


def _checks(plan) -> dict:
    return {c.key: c for c in plan_checks(plan)}


@pytest.mark.django_db
def test_plan_page_and_register_show_the_new_findings(login, senco, assessed):
    assessment, anxiety, fatigue = assessed
    plan = services.plan_create_draft(pupil=assessment.pupil, actor=senco, assessment=assessment)
    services.outcome_save(
        plan=plan,
        actor=senco,
        expected_edit_version=plan.edit_version,
        description="Arrives calm",
        how_we_will_know="He will make progress",
        barrier_ids=[anxiety.pk],
    )
    client = login(senco)
    page = client.get(reverse("plans:plan", args=[plan.pupil_id, plan.pk])).content.decode()
    checks = page.split('id="quality-checks"')[1].split("</ul>")[0]
    assert (
        "Every barrier has an outcome, or a reason why not" in checks
        and "No outcome yet for: Fatigue in the afternoon" in checks
    )
    assert "Too general" in checks
    assert (
        'id="barriers-without-outcome"' in page
        and "Fatigue in the afternoon" in page.split('id="barriers-without-outcome"')[1]
    )


@pytest.mark.django_db
def test_senco_records_why_a_barrier_has_no_outcome_from_the_plan_page(login, senco, draft, assessed):
    _, anxiety, fatigue = assessed
    services.outcome_save(
        plan=draft,
        actor=senco,
        expected_edit_version=draft.edit_version,
        outcome=draft.outcomes.get(),
        description="Peter arrives calm",
        how_we_will_know="Stays in class 4 afternoons out of 5, now 1",
        barrier_ids=[anxiety.pk],
    )
    draft.refresh_from_db()
    assert not _checks(draft)["barriers_have_outcome"].passed
    client = login(senco)
    url = reverse("plans:no_outcome_reason", args=[draft.pupil_id, draft.pk])
    response = client.post(
        url, {"edit_version": draft.edit_version, "barrier": fatigue.pk, "reason": "The rest break removes it"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.no_outcome_reasons == {str(fatigue.pk): "The rest break removes it"}
    assert _checks(draft)["barriers_have_outcome"].passed
    page = client.get(reverse("plans:plan", args=[draft.pupil_id, draft.pk])).content.decode()
    assert "no outcome because The rest break removes it" in page
    # A stale form saves nothing; too long a reason is refused with a message, not a 500.
    stale = client.post(
        url, {"edit_version": draft.edit_version - 1, "barrier": fatigue.pk, "reason": "Other"}, follow=True
    )
    assert "saved this draft while you were working" in stale.content.decode()
    long = client.post(
        url, {"edit_version": draft.edit_version, "barrier": fatigue.pk, "reason": "x" * 501}, follow=True
    )
    assert long.status_code == 200 and "500 characters or fewer" in long.content.decode()
    draft.refresh_from_db()
    assert draft.no_outcome_reasons == {str(fatigue.pk): "The rest break removes it"}


@pytest.mark.django_db
def test_outcome_form_links_the_outcome_to_barriers(login, senco, assessed):
    assessment, anxiety, fatigue = assessed
    plan = services.plan_create_draft(pupil=assessment.pupil, actor=senco, assessment=assessment)
    client = login(senco)
    url = reverse("plans:outcome_add", args=[plan.pupil_id, plan.pk])
    assert "Which barriers is this outcome about?" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "edit_version": plan.edit_version,
            "description": "Stays in class",
            "how_we_will_know": "4 afternoons out of 5",
            "barriers": [str(fatigue.pk)],
        },
    )
    assert response.status_code == 302
    assert list(plan.outcomes.get().barriers.all()) == [fatigue]


@pytest.mark.django_db
def test_agreed_plan_keeps_its_outcome_links_and_reasons_in_the_snapshot(senco, draft, assessed):
    _, anxiety, fatigue = assessed
    services.outcome_save(
        plan=draft,
        actor=senco,
        expected_edit_version=draft.edit_version,
        outcome=draft.outcomes.get(),
        description="Peter arrives calm",
        how_we_will_know="Stays in class 4 afternoons out of 5, now 1",
        barrier_ids=[anxiety.pk],
    )
    draft.refresh_from_db()
    services.no_outcome_reason_save(
        plan=draft,
        actor=senco,
        expected_edit_version=draft.edit_version,
        barrier=fatigue,
        reason="Rest break removes it",
    )
    draft.refresh_from_db()
    agreed = services.plan_agree(
        plan=draft, actor=senco, agreed_on=timezone.localdate(), how=Plan.AgreedHow.MEETING, agreed_with="Mum"
    )
    assert agreed.snapshot["no_outcome_reasons"] == {str(fatigue.pk): "Rest break removes it"}
    assert agreed.snapshot["outcomes"][0]["barriers"] == [{"id": anxiety.pk, "title": anxiety.title}]
    # The live rows change under it (as a migration or a bug might): the agreed version does not.
    outcome = agreed.outcomes.get()
    outcome.barriers.clear()
    Plan.objects.filter(pk=agreed.pk).update(no_outcome_reasons={})
    agreed.refresh_from_db()
    assert _checks(agreed)["barriers_have_outcome"].passed
    assert [b.pk for b in plan_content(agreed).outcomes[0].for_barriers] == [anxiety.pk]


@pytest.mark.django_db
def test_a_version_agreed_before_outcomes_named_barriers_reports_them_without_error(senco, agreed):
    snapshot = dict(agreed.snapshot)
    snapshot.pop("no_outcome_reasons")
    snapshot["outcomes"] = [{k: v for k, v in o.items() if k != "barriers"} for o in snapshot["outcomes"]]
    Plan.objects.filter(pk=agreed.pk).update(snapshot=snapshot)
    agreed.refresh_from_db()
    check = _checks(agreed)["barriers_have_outcome"]
    assert not check.passed and "Anxiety at transitions" in check.detail


@pytest.mark.django_db
def test_next_version_carries_outcome_links_and_reasons(senco, agreed, assessed):
    _, anxiety, fatigue = assessed
    Plan.objects.filter(pk=agreed.pk).update(no_outcome_reasons={"999": "kept"})
    agreed.refresh_from_db()
    draft = services.plan_new_version(plan=agreed, actor=senco)
    assert set(draft.outcomes.get().barriers.all()) == {anxiety, fatigue}
    assert draft.no_outcome_reasons == {"999": "kept"}


@pytest.mark.django_db
def test_outcome_cannot_be_linked_to_another_pupils_barrier(senco, draft, sibling):
    from sensupport.plans.models import Barrier

    other = Barrier.objects.create(pupil=sibling, title="Not Peter's", broad_area="Cognition and learning")
    with pytest.raises(services.PlanError):
        services.outcome_save(
            plan=draft, actor=senco, expected_edit_version=draft.edit_version, description="x", barrier_ids=[other.pk]
        )


@pytest.mark.django_db
def test_the_snapshot_records_the_quality_checks_as_they_stood_at_agreement(senco, draft):
    services.outcome_save(
        plan=draft,
        actor=senco,
        expected_edit_version=draft.edit_version,
        outcome=draft.outcomes.get(),
        description="Peter arrives calm",
        how_we_will_know="be better",
        barrier_ids=[],
    )
    draft.refresh_from_db()
    agreed = services.plan_agree(
        plan=draft, actor=senco, agreed_on=timezone.localdate(), how=Plan.AgreedHow.MEETING, agreed_with="Mum"
    )
    recorded = {c["key"]: c for c in agreed.snapshot["quality_at_agreement"]}
    assert (
        recorded["barriers_have_outcome"]["passed"] is False
        and "Anxiety at transitions" in recorded["barriers_have_outcome"]["detail"]
    )
    assert (
        recorded["outcomes_how_we_will_know"]["passed"] is False
        and "Too general" in recorded["outcomes_how_we_will_know"]["detail"]
    )
    assert recorded["barriers_have_provision"]["passed"] is True
