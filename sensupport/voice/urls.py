from django.urls import path

from . import views

app_name = "voice"
# Mounted by config/urls.py: family_urls under /family/children/<pupil_id>/ (the family's side),
# pupil_urls under /pupils/<pupil_id>/ (the school's side).
family_urls = [
    path("about-me/", views.about_me, name="about_me"),
    path("my-day/", views.walkthrough, name="walkthrough"),
    path("my-day/<int:walkthrough_id>/", views.day_map, name="day_map"),
    path("my-day/<int:walkthrough_id>/part/<int:order>/", views.walkthrough_part, name="walkthrough_part"),
]
pupil_urls = [
    path("voice/", views.staff_voice, name="staff_voice"),
    path(
        "voice/<int:walkthrough_id>/parts/<int:part_id>/accept/",
        views.suggestion_accept,
        name="suggestion_accept",
    ),
]
