from django.urls import path

from . import case_sample, views

app_name = "oversight"

pupil_urls = []  # under /pupils/<pupil_id>/
family_urls = []  # under /family/children/<pupil_id>/
urlpatterns = [  # site-level pages
    path("oversight/", views.dashboard, name="dashboard"),
    path("oversight/schools/<int:school_id>/", views.school, name="school"),
    path("oversight/case-sample/", case_sample.case_sample, name="case_sample"),
]
