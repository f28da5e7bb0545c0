from django.urls import path

from . import views

app_name = "progress"
# Mounted by config/urls.py: pupil_urls under /pupils/<pupil_id>/, family_urls under
# /family/children/<pupil_id>/, urlpatterns at the site's root.
pupil_urls = [
    path("progress/", views.pupil_progress, name="pupil"),
    path("progress/concern/", views.concern_from_findings, name="concern_new"),
]
family_urls = [
    path("progress/", views.family_progress, name="family"),
]
urlpatterns = [
    path("progress/to-look-at/", views.to_look_at, name="to_look_at"),
    path("progress/recently-left/", views.recently_left, name="recently_left"),
]
