from django.urls import path

from . import views

app_name = "funding"
# Mounted by config/urls.py: pupil_urls under /pupils/<pupil_id>/, urlpatterns at the site's root.
pupil_urls = [
    path("top-up/new/", views.topup_new, name="topup_new"),
    path("top-up/<int:topup_id>/", views.topup, name="topup"),
    path("top-up/<int:topup_id>/send/", views.topup_send, name="topup_send"),
    path("top-up/<int:topup_id>/decision/", views.topup_decide, name="topup_decide"),
]
urlpatterns = [
    path("funding/element-2/", views.element2, name="element2"),
    path("funding/budget/", views.budget, name="budget"),
    path("funding/top-up-requests/", views.la_requests, name="la_requests"),
]
