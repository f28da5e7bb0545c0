"""Errors: the one base of the services' refusals, and the error pages (under /api/ the answer is
JSON, as the API's schema documents, never an HTML page)."""

from django.http import JsonResponse
from django.shortcuts import render

API_PREFIX = "/api/"


class ServiceError(Exception):
    """A change a service refuses. `message` says what is wrong, in plain words, for the person who
    asked; `field` (optional) names the form field it belongs to, so a view can show it there
    (sensupport.core.forms.add_service_error)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse(
            {"detail": "Not found: no such address in the API, or no such record among those you may see."}, status=404
        )
    return render(request, "errors/404.html", status=404)


def forbidden(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    return render(request, "errors/403.html", status=403)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Something went wrong on our side. Try again later."}, status=500)
    return render(request, "errors/500.html", status=500)
