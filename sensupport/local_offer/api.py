"""The Open Referral UK (v3) API at /local-offer/api/: open data, no sign-in, any origin may read it.

Plain views returning JSON (not the pupil API's REST framework: nothing here is scoped or
audited, and the answers follow ORUK's own schemas, checked in tests/test_oruk_api.py)."""

from __future__ import annotations

import uuid
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from . import oruk, selectors

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


def open_data(view):
    """GET only, no sign-in, `Access-Control-Allow-Origin: *`."""

    @login_not_required
    @require_GET
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


class BadParameter(ValueError):
    pass


def _int(request, name: str, *, default=None, low: int = 0, high: int | None = None):
    raw = request.GET.get(name, "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number, not {raw[:20]!r}.") from None
    if value < low or (high is not None and value > high):
        raise BadParameter(f"{name} must be between {low} and {high}." if high else f"{name} must be {low} or more.")
    return value


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"detail": message}, status=400)


def _paged(request, queryset, to_json):
    page_number = _int(request, "page", default=1, low=1)
    per_page = _int(request, "per_page", default=DEFAULT_PER_PAGE, low=1, high=MAX_PER_PAGE)
    total = queryset.count()
    start = (page_number - 1) * per_page
    rows = list(queryset[start : start + per_page]) if start < total else []
    return JsonResponse(oruk.page([to_json(r) for r in rows], total=total, page_number=page_number, per_page=per_page))


@open_data
def api_root(request):
    return JsonResponse(oruk.root())


@open_data
def api_services(request):
    try:
        search = selectors.Search(
            text=request.GET.get("search", "")[:200],
            term_id=_uuid(request.GET.get("taxonomy_term_id", "")),
            minimum_age=_int(request, "minimum_age", high=150),
            maximum_age=_int(request, "maximum_age", high=150),
        )
        return _paged(
            request,
            selectors.with_listing_details(selectors.services_matching(search)),
            oruk.service_list_item,
        )
    except BadParameter as exc:
        return _bad(str(exc))


def _uuid(raw: str) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise BadParameter(f"taxonomy_term_id must be a term's id (a UUID), not {raw[:40]!r}.") from None


@open_data
def api_service(request, service_id):
    found = selectors.published_service(service_id)
    if found is None:
        return JsonResponse({"detail": "No open service has this id."}, status=404)
    return JsonResponse(oruk.service(found))


@open_data
def api_taxonomies(request):
    try:
        return _paged(request, selectors.taxonomies(), oruk.taxonomy)
    except BadParameter as exc:
        return _bad(str(exc))


@open_data
def api_taxonomy_terms(request):
    try:
        return _paged(request, selectors.taxonomy_terms(), oruk.taxonomy_term)
    except BadParameter as exc:
        return _bad(str(exc))
