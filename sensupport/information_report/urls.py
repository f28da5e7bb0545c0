from django.urls import path

from . import views

app_name = "information_report"

pupil_urls = []  # under /pupils/<pupil_id>/
family_urls = []  # under /family/children/<pupil_id>/
urlpatterns = [  # site-level pages
    # The school's own pages: its SENCO and head teacher edit and publish the report.
    path("sen-information-report/", views.edit, name="edit"),
    path("sen-information-report/items/<slug:item>/", views.item_edit, name="item_edit"),
    path("sen-information-report/publish/", views.publish, name="publish"),
    # Public: no sign-in. The PDF is the documents app's (documents:information_report).
    path("schools/<str:urn>/sen-information-report/", views.public_report, name="public"),
    path(
        "schools/<str:urn>/sen-information-report/versions/<int:version>/",
        views.public_version,
        name="public_version",
    ),
]
