"""Menu entries and home panels of the requests part (joined in menu.py and home.py)."""

from __future__ import annotations

from sensupport.core.registry import SHOWN_PUPILS, MenuItem, Panel

SHOWN = 5


def _school_leader(user) -> bool:
    from sensupport.pupils.permissions import is_senco_or_head

    return bool(user.is_authenticated and user.school_id and is_senco_or_head(user))


def _officer(user) -> bool:
    return bool(user.is_authenticated and user.local_authority_id and user.has_perm("ehc.view_la_requests"))


def open_requests(request) -> dict:
    """The open requests of the viewer's school (or sent to their LA), the nearest deadline first;
    the panel shows nothing at all when there is none."""
    from .models import EhcRequest
    from .request_rules import CLOSED_STAGES
    from .request_selectors import with_milestones

    user = request.user
    found = EhcRequest.objects.exclude(stage__in=CLOSED_STAGES).select_related("pupil", "school")
    found = (
        found.filter(local_authority_id=user.local_authority_id)
        if _officer(user)
        else found.filter(school_id=user.school_id)
    )
    rows = sorted(
        with_milestones(found[:200]),
        key=lambda row: (row.next_due is None, row.next_due.due_on if row.next_due else None, row.request.pk),
    )[:SHOWN]
    return {"ehc_open_requests": rows, SHOWN_PUPILS: [row.request.pupil for row in rows]}


MENU: list = [MenuItem("EHC requests", "ehc:la_requests", "ehc.view_la_requests", order=62)]
PANELS: list = [
    Panel(
        "ehc/request/home/open_requests.html",
        open_requests,
        lambda user: _school_leader(user) or _officer(user),
        order=47,
    )
]
