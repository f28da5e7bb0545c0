"""Pupil voice pages. Thin: fetch through access, validate with a form, call a service, redirect.

Every page works without JavaScript: the walk-through is one form per part of the day, each POST
saves and moves on, and Back goes to the part before.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from sensupport.audit.models import AuditEvent
from sensupport.audit.services import audit_record
from sensupport.core.forms import add_service_error
from sensupport.pupils.access import get_pupil_for_user

from . import selectors, services
from .access import get_part_for_user, get_walkthrough_for_user, walkthroughs_visible_to
from .forms import AboutMeForm, AcceptForm, PartForm, WalkthroughStartForm
from .selectors import FEELINGS, PART_ICONS, audience_for

RECORD = "voice.record_voice"


def _back_url(user, pupil) -> str:
    if user.has_perm("voice.view_school_voice", pupil):
        return reverse("voice:staff_voice", args=[pupil.pk])
    return reverse("pupils:pupil", args=[pupil.pk])


@require_http_methods(["GET", "POST"])
def about_me(request, pupil_id: int):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm=RECORD)
    audience = audience_for(user, pupil)
    latest = selectors.latest_about_me(pupil, recorded_by=user)  # your own: another parent's stays theirs
    if request.method == "POST":
        form = AboutMeForm(request.POST, audience=audience)
        if form.is_valid():
            try:
                services.about_me_record(pupil=pupil, actor=user, **form.cleaned_data)
            except services.VoiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request, "Saved. Thank you." if audience.younger else "Saved. The school can now see it."
                )
                return redirect("voice:about_me", pupil_id=pupil.pk)
    else:
        initial = {"with_whom": "" if audience.is_young_person else user.display_name}
        if latest is not None:
            initial.update(good_at=latest.good_at, likes=latest.likes, hard=latest.hard, helps=latest.helps)
        form = AboutMeForm(initial=initial, audience=audience)
        audit_record(
            actor=user,
            action=AuditEvent.Action.VIEW,
            pupil=pupil,
            target=AuditEvent.Target.ABOUT_ME,
            target_id=latest.pk if latest else "",
        )
    return render(
        request,
        "voice/about_me.html",
        {
            "pupil": pupil,
            "audience": audience,
            "form": form,
            "latest": latest,
            "versions": pupil.about_me.filter(recorded_by=user).count(),
            "back_url": _back_url(user, pupil),
        },
    )


@require_http_methods(["GET", "POST"])
def walkthrough(request, pupil_id: int):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm=RECORD)
    audience = audience_for(user, pupil)
    if request.method == "POST":
        form = WalkthroughStartForm(request.POST, audience=audience)
        if form.is_valid():
            try:
                started = services.walkthrough_start(pupil=pupil, actor=user, **form.cleaned_data)
            except services.VoiceError as exc:
                add_service_error(form, exc)
            else:
                return redirect("voice:walkthrough_part", pupil_id=pupil.pk, walkthrough_id=started.pk, order=1)
    else:
        form = WalkthroughStartForm(
            audience=audience,
            initial={
                "with_whom": "" if audience.is_young_person else user.display_name,
                "lessons_before_break": "First lesson",
                "lessons_after_break": "Second lesson",
                "lessons_after_lunch": "Afternoon lesson",
            },
        )
        audit_record(actor=user, action=AuditEvent.Action.VIEW, pupil=pupil, target=AuditEvent.Target.MY_DAY)
    return render(
        request,
        "voice/walkthrough_start.html",
        {
            "pupil": pupil,
            "audience": audience,
            "form": form,
            "walkthroughs": selectors.recent_walkthroughs(walkthroughs_visible_to(user, pupil)),
            "back_url": _back_url(user, pupil),
        },
    )


@require_http_methods(["GET", "POST"])
def walkthrough_part(request, pupil_id: int, walkthrough_id: int, order: int):
    user = request.user
    part = get_part_for_user(user, pupil_id, walkthrough_id, order=order, perm=RECORD, to_answer=True)
    walk = part.walkthrough
    pupil = walk.pupil
    audience = audience_for(user, pupil)
    total = walk.parts.count()
    if request.method == "POST":
        skipping = request.POST.get("action") == "skip"
        form = PartForm(request.POST, audience=audience)
        if skipping or form.is_valid():
            try:
                if not skipping:
                    services.walkthrough_part_record(
                        part=part,
                        actor=user,
                        feeling=form.cleaned_data["feeling"],
                        hard=form.cleaned_data["hard"],
                        easier=form.cleaned_data["easier"],
                    )
            except services.VoiceError as exc:
                add_service_error(form, exc)
            else:
                if order >= total:
                    services.walkthrough_complete(walkthrough=walk, actor=user)
                    return redirect("voice:day_map", pupil_id=pupil.pk, walkthrough_id=walk.pk)
                return redirect("voice:walkthrough_part", pupil_id=pupil.pk, walkthrough_id=walk.pk, order=order + 1)
    else:
        form = PartForm(
            audience=audience,
            initial={
                "feeling": part.feeling,
                "hard": part.what_makes_it_hard,
                "easier": part.what_makes_it_easier,
            },
        )
        audit_record(
            actor=user,
            action=AuditEvent.Action.VIEW,
            pupil=pupil,
            target=AuditEvent.Target.WALKTHROUGH_PART,
            target_id=part.pk,
            summary=part.label,
        )
    if order > 1:
        back_url = reverse("voice:walkthrough_part", args=[pupil.pk, walk.pk, order - 1])
    else:
        back_url = reverse("voice:walkthrough", args=[pupil.pk])
    selected = form["feeling"].value()
    faces = [(f, str(f.value) == str(selected)) for f in FEELINGS.values()]
    return render(
        request,
        "voice/walkthrough_part.html",
        {
            "pupil": pupil,
            "audience": audience,
            "form": form,
            "part": part,
            "walkthrough": walk,
            "order": order,
            "total": total,
            "faces": faces,
            "icon": PART_ICONS.get(part.key, "part-lesson"),
            "back_url": back_url,
            "is_last": order >= total,
        },
    )


def day_map(request, pupil_id: int, walkthrough_id: int):
    user = request.user
    walk = get_walkthrough_for_user(user, pupil_id, walkthrough_id, perm=RECORD)
    pupil = walk.pupil
    audit_record(
        actor=user,
        action=AuditEvent.Action.VIEW,
        pupil=pupil,
        target=AuditEvent.Target.WALKTHROUGH,
        target_id=walk.pk,
        summary="Day map",
    )
    return render(
        request,
        "voice/day_map.html",
        {
            "pupil": pupil,
            "audience": audience_for(user, pupil),
            "map": selectors.day_map(walk),
            "back_url": _back_url(user, pupil),
            "feelings": FEELINGS,
            "yours": walk.recorded_by_id == user.pk,
        },
    )


def staff_voice(request, pupil_id: int):
    user = request.user
    pupil = get_pupil_for_user(user, pupil_id, perm="voice.view_school_voice")
    about_me = selectors.latest_about_me_by_contributor(pupil)
    walkthroughs = selectors.recent_walkthroughs(pupil.walkthroughs.all())
    audit_record(actor=user, action=AuditEvent.Action.VIEW, pupil=pupil, target=AuditEvent.Target.PUPIL_VOICE)
    services.voice_mark_seen(pupil=pupil, actor=user, about_me=about_me, walkthroughs=walkthroughs)
    keys = selectors.open_bank_keys(pupil)
    return render(
        request,
        "voice/staff_voice.html",
        {
            "pupil": pupil,
            "audience": audience_for(user, pupil),
            "about_me": about_me,
            "versions": pupil.about_me.count(),
            "maps": [selectors.day_map(w, open_barrier_keys=keys) for w in walkthroughs],
            "feelings": FEELINGS,
        },
    )


@require_POST
def suggestion_accept(request, pupil_id: int, walkthrough_id: int, part_id: int):
    user = request.user
    part = get_part_for_user(user, pupil_id, walkthrough_id, part_id=part_id, perm="voice.accept_suggestion")
    form = AcceptForm(request.POST)
    if not form.is_valid():
        raise Http404("No such suggestion")
    try:
        barrier, created = services.suggestion_accept(part=part, bank_key=form.cleaned_data["bank_key"], actor=user)
    except services.VoiceError as exc:
        messages.error(request, exc.message)
    else:
        if created:
            messages.success(request, f"“{barrier.title}” added to the barriers in the open assessment.")
        else:
            messages.success(
                request, f"“{barrier.title}” is already one of {part.walkthrough.pupil.display_name}’s barriers."
            )
    return redirect(reverse("voice:staff_voice", args=[pupil_id]) + f"#walkthrough-{walkthrough_id}")
