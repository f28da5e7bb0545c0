"""The trail's words are fixed: actions and targets are AuditEvent.Action and AuditEvent.Target
members (a typo raises), and via says how a change was made: web, portal, api, command, task or
import."""

from __future__ import annotations

import ast
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record, audit_record_each, audit_record_many

SOURCE = Path(__file__).resolve().parents[2]  # the sensupport package


# ---------------------------------------------------------------- unknown words are refused


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "target", "message"),
    [
        ("viewed", "pupil record", "action must be one of"),
        ("view", "pupil recrod", "target must be one of"),
    ],
)
def test_an_unknown_action_or_target_raises_and_writes_nothing(senco, pupil, action, target, message):
    with pytest.raises(ValueError, match=message):
        audit_record(actor=senco, action=action, target=target, pupil=pupil)
    with pytest.raises(ValueError, match=message):
        audit_record_many(actor=senco, action=action, target=target, pupils=[pupil])
    with pytest.raises(ValueError, match=message):
        audit_record_each(actor=senco, action=action, target=target, rows=[(pupil, "Imported", {})])
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_a_list_with_no_pupils_still_refuses_an_unknown_target(senco):
    with pytest.raises(ValueError, match="target must be one of"):
        audit_record_many(actor=senco, action=AuditEvent.Action.LIST, target="nothing at all", pupils=[])


def test_import_is_a_channel():
    assert (AuditEvent.Via.IMPORT.value, AuditEvent.Via.IMPORT.label) == ("import", "Import")


# ---------------------------------------------------------------- how it was made


@pytest.mark.django_db
def test_the_api_records_its_reads_via_api_with_the_target_vocabulary(login, senco, pupil):
    """The JSON API has no write endpoint yet: what it records is its reads, via "api"."""
    client = login(senco)
    client.get(reverse("api:pupil_detail", args=[pupil.pk]))
    client.get(reverse("api:pupil_plans", args=[pupil.pk]))
    client.get(reverse("api:pupil_list"))
    rows = set(AuditEvent.objects.filter(pupil=pupil).values_list("action", "target", "via"))
    assert rows == {
        (AuditEvent.Action.VIEW, AuditEvent.Target.PUPIL_RECORD, AuditEvent.Via.API),
        (AuditEvent.Action.VIEW, AuditEvent.Target.PLANS, AuditEvent.Via.API),
        (AuditEvent.Action.LIST, AuditEvent.Target.PUPIL_RECORD_API_LIST, AuditEvent.Via.API),
    }


@pytest.mark.django_db
def test_a_pupil_import_run_as_a_command_is_recorded_via_import(school, tmp_path):
    from sensupport.core.factories import make_upn
    from sensupport.interop.tests.ctf_builder import CtfPupil, ctf_bytes

    path = tmp_path / "transfer.xml"
    path.write_bytes(ctf_bytes([CtfPupil(upn=make_upn("202", "2002", "19", 1), surname="Tiggy", forename="Winkle")]))
    call_command("import_ctf", str(path), stdout=io.StringIO())
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert (event.target, event.via, event.actor_label) == ("pupil record", "import", "system")


@pytest.mark.django_db
def test_a_schools_import_run_as_a_command_is_recorded_via_import(tmp_path):
    from sensupport.organisations.tests.gias_files import SOUTHWARK, csv_bytes

    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(csv_bytes(SOUTHWARK))
    call_command("import_schools", str(path), stdout=io.StringIO())
    assert AuditEvent.objects.get(target=AuditEvent.Target.SCHOOLS_GIAS_FILE).via == "import"


@pytest.mark.django_db
def test_the_meeting_summary_email_job_is_recorded_via_task(pupil, parent, senco, django_capture_on_commit_callbacks):
    from sensupport.pupils import services as register

    with django_capture_on_commit_callbacks(execute=True):
        register.parent_conversation_record(
            pupil=pupil,
            actor=senco,
            held_on=timezone.localdate(),
            method="meeting",
            purpose="concern",
            parents_present="Mother",
            summary="We talked about mornings",
        )
    sent = AuditEvent.objects.get(action=AuditEvent.Action.SEND)
    assert (sent.pupil_id, sent.target, sent.via, sent.actor, sent.actor_label) == (
        pupil.pk,
        "meeting summary",
        "task",
        None,
        "system",
    )
    made = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, target=AuditEvent.Target.MEETING_SUMMARY)
    assert (made.via, made.actor) == ("web", senco)


@pytest.fixture
def plan_due_for_review(senco, teacher, pupil):
    from sensupport.plans.models import Plan

    review = timezone.localdate() + dt.timedelta(days=10)
    return Plan.objects.create(pupil=pupil, version=1, status=Plan.Status.ACTIVE, review_date=review)


@pytest.mark.django_db
def test_the_review_reminder_job_is_recorded_via_task(plan_due_for_review, settings):
    from sensupport.reviews.tasks import send_review_reminders_task

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert send_review_reminders_task.enqueue().return_value == 1
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEND)
    assert (event.pupil_id, event.target, event.target_id, event.via, event.actor) == (
        plan_due_for_review.pupil_id,
        "review reminder",
        str(plan_due_for_review.pk),
        "task",
        None,
    )


@pytest.mark.django_db
def test_reminders_sent_by_the_command_are_recorded_via_command(plan_due_for_review):
    call_command("send_reminders", stdout=io.StringIO())
    event = AuditEvent.objects.get(action=AuditEvent.Action.SEND)
    assert (event.target, event.via) == ("review reminder", "command")


# ---------------------------------------------------------------- and it stays so


def _string_words_in_audit_calls(source: str, name: str) -> list[str]:
    """Each audit_record(...) or audit_record_many(...) call whose action= or target= is a literal."""
    found = []
    for node in ast.walk(ast.parse(source, filename=name)):
        if not isinstance(node, ast.Call):
            continue
        called = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if called not in ("audit_record", "audit_record_many", "audit_record_each"):
            continue
        found += [
            f"{name}:{node.lineno} {keyword.arg}={keyword.value.value!r}"
            for keyword in node.keywords
            if keyword.arg in ("action", "target") and isinstance(keyword.value, ast.Constant)
        ]
    return found


def test_no_module_passes_a_plain_string_as_an_audit_action_or_target():
    modules = [
        path for path in SOURCE.rglob("*.py") if not {"tests", "migrations"} & set(path.relative_to(SOURCE).parts)
    ]
    assert len(modules) > 50  # the walk found the code
    offenders = [
        line
        for path in modules
        for line in _string_words_in_audit_calls(path.read_text(encoding="utf-8"), str(path.relative_to(SOURCE)))
    ]
    assert offenders == [], "use AuditEvent.Action.X / AuditEvent.Target.X:\n" + "\n".join(offenders)


def test_the_check_catches_a_plain_string_in_either_function():
    source = (
        "audit_record(actor=None, action='view', target=AuditEvent.Target.PLAN)\n"
        "services.audit_record_many(actor=None, action=AuditEvent.Action.LIST, target='plans', pupils=[])\n"
        "audit_record(actor=None, action=AuditEvent.Action.VIEW, target=label)\n"
    )
    assert _string_words_in_audit_calls(source, "sample.py") == [
        "sample.py:1 action='view'",
        "sample.py:2 target='plans'",
    ]


@pytest.mark.django_db
def test_a_parents_consent_given_in_the_family_portal_is_recorded_via_portal(login, parent, senco, pupil):
    from sensupport.family.consent import consent_request

    consent = consent_request(pupil=pupil, actor=senco, kind="referral", purpose="Speech and language therapy")
    asked = AuditEvent.objects.get(target="consent")
    login(parent).post(reverse("portal:consents", args=[pupil.pk]), {"consent": consent.pk, "decision": "give"})
    given = AuditEvent.objects.filter(target="consent").exclude(pk=asked.pk).get()
    assert (asked.via, given.action, given.actor, given.via) == ("web", "update", parent, "portal")
