"""Families' pages (/family/children/...) and the school's side of them (/pupils/..., /inbox/).

Thin: fetch through access (404 outside scope, 403 in scope but not allowed), validate with a
form, call a service, redirect. Every read and change is audited."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record, audit_record_many
from sensupport.core.forms import add_service_error
from sensupport.plans.access import get_plan_for_user
from sensupport.plans.selectors import current_plan
from sensupport.pupils.access import get_pupil_for_user

from . import selectors, services
from .forms import (
    MeetingPrepForm,
    MessageForm,
    PlanResponseForm,
    ResolveForm,
    ThreadForm,
)
from .models import MeetingPrep, MessageThread, PlanResponse
from .questions import question_texts
from .routes import ROUTES


def _who(pupil, user) -> str:
    """For the school's pages: which family member, named with who they are to the pupil."""
    return selectors.family_labels([pupil.pk])(pupil.pk, user)


# ---------------------------------------------------------------- Meeting preparation (family)


@require_http_methods(["GET", "POST"])
def prepare(request, pupil_id: int):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="family.prepare_meeting")
    prep = selectors.prep_editable_by(pupil, user)
    if prep is not None:
        initial = {
            "meeting_on": prep.meeting_on,
            "barriers_at_home": prep.barriers_at_home,
            "what_helps_at_home": prep.what_helps_at_home,
            "questions": prep.questions,
            "other_questions": prep.other_questions,
        }
    else:
        plan = current_plan(pupil)
        review_date = plan.review_date if plan is not None and plan.is_current else None
        initial = {"meeting_on": review_date if review_date and review_date >= timezone.localdate() else None}
    is_self = bool(user.own_pupil_record_id and user.own_pupil_record_id == pupil.pk)
    form = MeetingPrepForm(request.POST or None, initial=initial, is_self=is_self)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_prep_save(
                pupil=pupil,
                parent=user,
                prep=prep,
                meeting_on=data["meeting_on"],
                barriers_at_home=data["barriers_at_home"],
                what_helps_at_home=data["what_helps_at_home"],
                questions=data["questions"],
                other_questions=data["other_questions"],
            )
        except services.FamilyError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                "Your preparation is saved. The SENCO can read it before the meeting, and you can change it until "
                "then.",
            )
            return redirect("family:prepare", pupil_id=pupil.pk)
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.MEETING_PREPARATION,
        target_id=prep.pk if prep else "",
    )
    earlier = pupil.meeting_preps.filter(parent=user, used_in_review__isnull=False).select_related("used_in_review")[:5]
    return render(
        request,
        "family/prepare.html",
        {"pupil": pupil, "form": form, "prep": prep, "earlier": earlier, "is_self": is_self},
    )


def staff_prep(request, pupil_id: int, prep_id: int):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="family.see_preparation")
    try:
        prep = pupil.meeting_preps.select_related("parent", "used_in_review").get(pk=prep_id)
    except (MeetingPrep.DoesNotExist, ValueError, TypeError):
        raise Http404("No preparation found") from None
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.MEETING_PREPARATION,
        target_id=prep.pk,
    )
    services.meeting_prep_mark_seen(prep=prep, actor=user)
    plan = current_plan(pupil)
    return render(
        request,
        "family/staff_prep.html",
        {
            "pupil": pupil,
            "prep": prep,
            "who": _who(pupil, prep.parent),
            "questions": question_texts(prep.questions),
            "other_questions": [q.strip() for q in prep.other_questions.splitlines() if q.strip()],
            "plan": plan if plan is not None and plan.is_current else None,
        },
    )


# ---------------------------------------------------------------- Responses to a plan


@require_http_methods(["GET", "POST"])
def respond(request, pupil_id: int, plan_id: int):
    user = request.user
    plan = get_plan_for_user(user, pupil_id, plan_id, perm="family.respond_to_plan")
    if not plan.is_current:
        raise Http404("Only the plan in force can be responded to")
    pupil = plan.pupil
    parts = selectors.plan_parts(plan)
    form = PlanResponseForm(request.POST or None, parts=parts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            response = services.plan_response_record(
                plan=plan,
                parent=user,
                response=data["response"],
                parts=data["parts"] if data["response"] == PlanResponse.Response.DISAGREE else [],
                reason=data["reason"],
            )
        except services.FamilyError as exc:
            add_service_error(form, exc)
        else:
            if response.response == PlanResponse.Response.DISAGREE:
                messages.success(
                    request,
                    "Your disagreement has been sent to the school. They should answer by "
                    f"{response.answer_due:%-d %B %Y}.",
                )
            else:
                messages.success(request, "Thank you. The school can see that you agree with the plan.")
            return redirect("family:my_response", pupil_id=pupil.pk, response_id=response.pk)
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.PLAN_RESPONSE_FORM,
        target_id=plan.pk,
    )
    earlier = plan.responses.filter(parent=user).select_related(
        "parent", "resolved_by"
    )  # each parent's reasons stay theirs
    return render(
        request,
        "family/respond.html",
        {
            "pupil": pupil,
            "plan": plan,
            "form": form,
            "earlier": earlier,
            "answer_days": settings.EARLY_REVIEW_ANSWER_DAYS,
        },
    )


def my_response(request, pupil_id: int, response_id: int):
    """The family's view of one of their own responses: its status, the school's answer, and where
    to go next. Another parent's response is not found (docs/adr/0006)."""
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="family.respond_to_plan")
    response = _response_of(pupil, response_id, parent=user)
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.PLAN_RESPONSE,
        target_id=response.pk,
    )
    return render(
        request,
        "family/my_response.html",
        {
            "pupil": pupil,
            "response": response,
            "plan": response.plan,
            "parts": selectors.part_labels(response.plan, response.parts),
            "routes": ROUTES if response.response == PlanResponse.Response.DISAGREE else (),
        },
    )


@require_http_methods(["GET", "POST"])
def response(request, pupil_id: int, response_id: int):
    """The SENCO or head reads a family's response and records how a disagreement was resolved."""
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="family.resolve_response")
    response = _response_of(pupil, response_id)
    can_resolve = services.is_open_disagreement(response)
    form = ResolveForm(request.POST or None)
    if request.method == "POST":
        if not can_resolve:
            messages.error(request, "This response is not an open disagreement.")
            return redirect("family:response", pupil_id=pupil.pk, response_id=response.pk)
        if form.is_valid():
            try:
                services.plan_response_resolve(
                    response=response, actor=user, resolution=form.cleaned_data["resolution"]
                )
            except services.FamilyError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Resolution recorded. The family can now read it.")
                return redirect("family:inbox")
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.PLAN_RESPONSE,
        target_id=response.pk,
    )
    services.plan_response_mark_seen(response=response, actor=user)
    return render(
        request,
        "family/response.html",
        {
            "pupil": pupil,
            "response": response,
            "plan": response.plan,
            "parts": selectors.part_labels(response.plan, response.parts),
            "form": form if can_resolve else None,
            "today": timezone.localdate(),
            "who": _who(pupil, response.parent),
        },
    )


def _response_of(pupil, response_id, *, parent=None) -> PlanResponse:
    responses = PlanResponse.objects.select_related("plan", "parent", "resolved_by").filter(plan__pupil=pupil)
    if parent is not None:
        responses = responses.filter(parent=parent)
    try:
        return responses.get(pk=response_id)
    except (PlanResponse.DoesNotExist, ValueError, TypeError):
        raise Http404("No response found") from None


# ---------------------------------------------------------------- Messages (both sides)


def _thread_of(pupil, thread_id, *, user, family_side: bool) -> MessageThread:
    """A conversation about the pupil. On the family side, only the reader's own (docs/adr/0006):
    another family member's conversation is not found."""
    threads = pupil.message_threads.select_related("family_member")
    if family_side:
        threads = threads.filter(family_member=user)
    try:
        return threads.get(pk=thread_id)
    except (MessageThread.DoesNotExist, ValueError, TypeError):
        raise Http404("No conversation found") from None


@require_http_methods(["GET", "POST"])
def family_messages(request, pupil_id: int):
    return _thread_list(request, pupil_id, family_side=True)


@require_http_methods(["GET", "POST"])
def staff_messages(request, pupil_id: int):
    return _thread_list(request, pupil_id, family_side=False)


@require_http_methods(["GET", "POST"])
def family_thread(request, pupil_id: int, thread_id: int):
    return _thread(request, pupil_id, thread_id, family_side=True)


@require_http_methods(["GET", "POST"])
def staff_thread(request, pupil_id: int, thread_id: int):
    return _thread(request, pupil_id, thread_id, family_side=False)


def _perm(family_side: bool) -> str:
    return "family.message_school" if family_side else "family.message_family"


def _thread_list(request, pupil_id: int, *, family_side: bool):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm=_perm(family_side))
    members = [] if family_side else selectors.family_members(pupil)
    form = ThreadForm(request.POST or None, family_members=None if family_side else members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.message_thread_start(
                pupil=pupil,
                author=user,
                subject=data["subject"],
                body=data["body"],
                family_member=data.get("family_member"),
            )
        except services.FamilyError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, "Message sent." if family_side else f"Message sent to {thread.family_member.display_name}."
            )
            return redirect(
                "family:thread" if family_side else "family:staff_thread", pupil_id=pupil.pk, thread_id=thread.pk
            )
    audit_record(actor=user, action=AuditEvent.Action.LIST, pupil=pupil, target=AuditEvent.Target.MESSAGE_THREADS)
    threads = list(selectors.threads_for(pupil, for_family=family_side, reader=user if family_side else None))
    if not family_side:
        for thread in threads:
            thread.with_label = (
                _who(pupil, thread.family_member) if thread.family_member_id else "nobody in the family (no account)"
            )
    return render(
        request,
        "family/messages.html",
        {
            "pupil": pupil,
            "form": form,
            "threads": threads,
            "family_side": family_side,
            "no_family_accounts": not family_side and not members,
        },
    )


def _thread(request, pupil_id: int, thread_id: int, *, family_side: bool):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm=_perm(family_side))
    thread = _thread_of(pupil, thread_id, user=user, family_side=family_side)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.message_send(thread=thread, author=user, body=form.cleaned_data["body"])
        except services.FamilyError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Reply sent.")
            return redirect(
                "family:thread" if family_side else "family:staff_thread", pupil_id=pupil.pk, thread_id=thread.pk
            )
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.MESSAGE_THREAD,
        target_id=thread.pk,
    )
    thread_messages = list(thread.messages.select_related("author"))
    services.message_thread_mark_read(thread=thread, reader=user)
    with_label = ""
    if not family_side:
        with_label = (
            _who(pupil, thread.family_member) if thread.family_member_id else "nobody in the family (no account)"
        )
    return render(
        request,
        "family/thread.html",
        {
            "pupil": pupil,
            "thread": thread,
            "thread_messages": thread_messages,
            "form": form,
            "family_side": family_side,
            "with_label": with_label,
        },
    )


# ---------------------------------------------------------------- The SENCO's inbox


def inbox(request):
    user = request.user
    if not user.has_perm("family.view_inbox"):
        raise PermissionDenied
    today = timezone.localdate()
    items = selectors.inbox_items(user, today=today)
    audit_record(
        actor=user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.FAMILY_INBOX,
        school=user.school,
        summary=f"{len(items)} item(s)",
    )
    # The inbox shows each pupil's name and what their family said: one read row per pupil shown.
    pupils = list({item.pupil.pk: item.pupil for item in items}.values())
    audit_record_many(
        actor=user,
        action=AuditEvent.Action.LIST,
        target=AuditEvent.Target.FAMILY_INBOX,
        pupils=pupils,
        summary="Shown in the family inbox",
        via=AuditEvent.Via.WEB,
    )
    return render(
        request,
        "family/inbox.html",
        {
            "items": items,
            "today": today,
            "to_answer": sum(1 for item in items if item.needs_answer),
            "overdue": sum(1 for item in items if item.overdue),
        },
    )
