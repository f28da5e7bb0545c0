from django.urls import path

from . import views

app_name = "voice"
F = "family/children/<int:pupil_id>/"
urlpatterns = [
    path(F + "about-me/", views.about_me, name="about_me"),
    path(F + "my-day/", views.walkthrough, name="walkthrough"),
    path(F + "my-day/<int:walkthrough_id>/", views.day_map, name="day_map"),
    path(F + "my-day/<int:walkthrough_id>/part/<int:order>/", views.walkthrough_part, name="walkthrough_part"),
    path("pupils/<int:pupil_id>/voice/", views.staff_voice, name="staff_voice"),
    path(
        "pupils/<int:pupil_id>/voice/<int:walkthrough_id>/parts/<int:part_id>/accept/",
        views.suggestion_accept,
        name="suggestion_accept",
    ),
]
