from django.urls import path

from . import views

app_name = "timetable"
# Mounted by config/urls.py: pupil_urls under /pupils/<pupil_id>/.
pupil_urls = [
    path("timetable/", views.week, name="week"),
]
