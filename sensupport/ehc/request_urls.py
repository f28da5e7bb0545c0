"""EHC URLs (request_urls); joined in urls.py."""

from django.urls import path

from . import request_views as views

pupil_urls = [  # under /pupils/<pupil_id>/
    path("ehc-requests/", views.pupil_requests, name="requests"),
    path("ehc-requests/<int:ehc_request_id>/", views.request_detail, name="request"),
    path("ehc-requests/<int:ehc_request_id>/step/", views.request_step, name="request_step"),
    path("ehc-requests/<int:ehc_request_id>/exception/", views.request_exception, name="request_exception"),
]
family_urls = [  # under /family/children/<pupil_id>/
    path("ehc-request/", views.family_request, name="family_request"),
]
urlpatterns = [
    path("ehc-requests/", views.la_requests, name="la_requests"),
]
