from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render

from sensupport.accounts.models import SCHOOL_ROLES, Role
from sensupport.pupils.models import Concern, Pupil


def home(request):
    user = request.user
    context: dict = {}
    if user.role in SCHOOL_ROLES:
        visible = Pupil.objects.visible_to(user)
        context["open_concerns"] = (
            Concern.objects.filter(pupil__in=visible.values("pk")).exclude(status=Concern.Status.CLOSED)
            .select_related("pupil", "raised_by").order_by("raised_at")[:20]
        )
        context["register_size"] = visible.on_register().count()
    elif user.role == Role.PARENT:
        return redirect("pupils:register")
    return render(request, "core/home.html", context)


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.html")


@login_not_required
def healthz(request):
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
