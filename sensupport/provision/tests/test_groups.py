"""Groups and sessions: a pupil's place is a support line in the next draft of their plan (never the
agreed version), sessions are logged by the staff who run the group, and cost to date follows them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from sensupport.audit.models import AuditEvent
from sensupport.plans.models import Plan
from sensupport.provision import groups, selectors
from sensupport.provision.models import Session, SupportCosting
from sensupport.provision.services import ProvisionError
from sensupport.pupils.models import Pupil

from .conftest import FY

MONDAY, WEDNESDAY = 0, 2


@pytest.fixture
def group(senco, ta, precision_teaching, today):
    return groups.group_create(
        actor=senco,
        intervention=precision_teaching,
        name="Precision teaching Y4",
        staff=[ta],
        starts_on=today - dt.timedelta(days=30),
        slots=[(MONDAY, dt.time(9, 15)), (WEDNESDAY, dt.time(9, 15))],
    )


@pytest.fixture
def placed(group, agreed, senco):
    return groups.group_pupil_place(actor=senco, group=group, pupil=agreed.pupil, replaces_lessons="Assembly")


def test_a_place_goes_into_a_new_draft_and_the_agreed_plan_is_untouched(placed, agreed, group):
    agreed.refresh_from_db()
    assert agreed.status == Plan.Status.ACTIVE
    assert not agreed.provisions.filter(costing__group=group).exists()
    assert placed.plan.status == Plan.Status.DRAFT and placed.plan.previous_id == agreed.pk
    assert placed.sessions_per_week == 2  # one a week for each of the group's times
    assert SupportCosting.objects.get(provision=placed).group == group


def test_the_pupil_joins_the_group_so_its_ta_sees_them(placed, group, ta, pupil):
    assert group.teaching_group.pupils.filter(pk=pupil.pk).exists()
    assert Pupil.objects.visible_to(ta).filter(pk=pupil.pk).exists()


def test_a_pupil_cannot_have_two_places_in_one_group(placed, group, senco, pupil):
    with pytest.raises(ProvisionError, match="already has a place"):
        groups.group_pupil_place(actor=senco, group=group, pupil=pupil, replaces_lessons="Assembly")


def test_a_withdrawal_place_says_which_lessons_it_replaces(group, agreed, senco):
    with pytest.raises(ProvisionError) as refused:
        groups.group_pupil_place(actor=senco, group=group, pupil=agreed.pupil)
    assert refused.value.field == "replaces_lessons"


def test_a_teacher_cannot_place_a_pupil(group, agreed, teacher):
    with pytest.raises(PermissionDenied):
        groups.group_pupil_place(actor=teacher, group=group, pupil=agreed.pupil, replaces_lessons="Assembly")


def test_the_ta_logs_a_held_session_and_it_is_audited_for_each_pupil(placed, group, ta, pupil, today):
    session = groups.session_log(
        actor=ta, group=group, date=today, starts_at=dt.time(9, 15), status=Session.Status.HELD, attended=[pupil]
    )
    assert list(session.attended.all()) == [pupil]
    event = AuditEvent.objects.get(target=AuditEvent.Target.INTERVENTION_SESSION, pupil_id=pupil.pk)
    assert event.via == AuditEvent.Via.WEB and event.actor == ta


def test_logging_the_same_session_again_corrects_it(placed, group, ta, pupil, today):
    groups.session_log(
        actor=ta, group=group, date=today, starts_at=dt.time(9, 15), status=Session.Status.HELD, attended=[pupil]
    )
    groups.session_log(
        actor=ta,
        group=group,
        date=today,
        starts_at=dt.time(9, 15),
        status=Session.Status.CANCELLED,
        cancel_reason=Session.CancelReason.STAFF_ABSENT,
        via=AuditEvent.Via.API,
    )
    assert Session.objects.get().status == Session.Status.CANCELLED
    assert AuditEvent.objects.filter(target=AuditEvent.Target.INTERVENTION_SESSION, via=AuditEvent.Via.API).exists()


def test_a_cancelled_session_says_why(placed, group, ta, today):
    with pytest.raises(ProvisionError) as refused:
        groups.session_log(actor=ta, group=group, date=today, starts_at=dt.time(9, 15), status="cancelled")
    assert refused.value.field == "cancel_reason"


def test_a_session_in_the_future_is_refused(placed, group, ta, pupil, today):
    with pytest.raises(ProvisionError, match="future"):
        groups.session_log(
            actor=ta,
            group=group,
            date=today + dt.timedelta(days=1),
            starts_at=dt.time(9, 15),
            status="held",
            attended=[pupil],
        )


def test_only_the_group_s_staff_log_its_sessions(placed, group, teacher, pupil, today):
    with pytest.raises(PermissionDenied):
        groups.session_log(
            actor=teacher, group=group, date=today, starts_at=dt.time(9, 15), status="held", attended=[pupil]
        )


def test_cost_to_date_counts_held_sessions_only(placed, group, ta, pupil, today):
    groups.session_log(actor=ta, group=group, date=today, starts_at=dt.time(9, 15), status="held", attended=[pupil])
    groups.session_log(
        actor=ta,
        group=group,
        date=today - dt.timedelta(days=1),
        starts_at=dt.time(9, 15),
        status="cancelled",
        cancel_reason="room",
    )
    line = next(line for line in selectors.pupil_cost_lines(pupil=pupil, financial_year_start=FY) if line.group_id)
    # One held 20-minute session at £18 an hour, one-to-one, plus the £30 resources once begun.
    assert line.held_sessions == (1 if today >= FY else 0)
    assert line.cost_to_date == (Decimal("36.00") if today >= FY else Decimal("0.00"))


def test_scores_give_the_impact(placed, group, ta, pupil):
    score = groups.score_record(actor=ta, group=group, pupil=pupil, entry=Decimal("12"), exit=Decimal("20"))
    assert score.exit - score.entry == 8
    assert AuditEvent.objects.filter(target=AuditEvent.Target.INTERVENTION_SCORE, pupil_id=pupil.pk).exists()
