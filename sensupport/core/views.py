from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect, render

from . import registry


def home(request):
    """Each app's panels for this viewer (their home.py), in order; families' home is elsewhere."""
    user = request.user
    elsewhere = registry.home_redirect(user)
    if elsewhere:
        return redirect(elsewhere)
    context: dict = {}
    templates = []
    shown = []
    for panel in registry.panels_for(user):
        panel_context = dict(panel.context(request))
        shown += panel_context.pop(registry.SHOWN_PUPILS, [])
        if clash := context.keys() & panel_context.keys():
            raise ImproperlyConfigured(f"Home panel {panel.template} reuses another panel's names: {sorted(clash)}")
        context.update(panel_context)
        templates.append(panel.template)
    # The page names these pupils with a concern, a review date or a request: a read of each.
    if shown:
        registry.record_reads(user, shown)
    return render(request, "core/home.html", {**context, "panel_templates": templates})


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
