from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone

from sensupport.accounts.models import SCHOOL_ROLES
from sensupport.audit.services import audit_record_many
from sensupport.plans.coverage import school_coverage
from sensupport.plans.models import Plan
from sensupport.pupils.models import Concern, Pupil
from sensupport.reviews.models import EarlyReviewRequest
from sensupport.reviews.selectors import my_pupils


def home(request):
    user = request.user
    context: dict = {}
    if user.role in SCHOOL_ROLES:
        visible = Pupil.objects.visible_to(user)
        context["open_concerns"] = list(
            Concern.objects.filter(pupil__in=visible.values("pk"))
            .exclude(status=Concern.Status.CLOSED)
            .select_related("pupil", "raised_by")
            .order_by("raised_at")[:20]
        )
        context["register_size"] = visible.on_register().count()
        today = timezone.localdate()
        # Whole-school staff see first whether every pupil with SEN has a plan (plans.coverage).
        context["coverage"] = school_coverage(user, today=today) if user.sees_whole_school else None
        plans = Plan.objects.filter(pupil__in=visible.values("pk")).select_related("pupil").order_by("review_date")
        context["overdue_reviews"] = list(plans.overdue(on=today)[:50])
        context["due_reviews"] = list(
            plans.due_for_review(on=today, within_days=21).filter(review_date__gte=today)[:50]
        )
        # The same listing as My pupils, so the count here is the count there.
        mine = my_pupils(user)
        context["unread_plans"] = mine.plans_to_read
        context["pupils_with_sen"] = mine.with_sen if mine.groups else None
        context["early_requests"] = (
            list(
                EarlyReviewRequest.objects.filter(pupil__in=visible.values("pk"), answered_at__isnull=True)
                .select_related("pupil")
                .order_by("answer_due")[:20]
            )
            if user.sees_whole_school
            else []
        )
        # The page names these pupils with a concern, a review date or a request: a read of each.
        shown = [
            row.pupil
            for key in ("open_concerns", "overdue_reviews", "due_reviews", "early_requests")
            for row in context[key]
        ]
        shown += context["coverage"].shown if context["coverage"] else []
        audit_record_many(
            actor=user, action="list", target="pupil record (home page)", pupils=shown, summary="Shown on the home page"
        )
    elif user.is_family:
        return redirect("portal:home")
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
