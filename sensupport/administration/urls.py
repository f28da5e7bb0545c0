from django.urls import path

from . import views

app_name = "administration"
urlpatterns = [
    path("", views.home, name="home"),
    path("local-authorities/new/", views.la_create, name="la_create"),
    path("schools/new/", views.school_create_page, name="school_create"),
    path("schools/import/", views.schools_import, name="schools_import"),
    path("schools/import/check/", views.schools_import_preview, name="schools_import_preview"),
    path("schools/import/confirm/", views.schools_import_confirm, name="schools_import_confirm"),
    path("schools/import/cancel/", views.schools_import_cancel, name="schools_import_cancel"),
    path("leaders/new/", views.leader_create, name="leader_create"),
    path("health/", views.health, name="health"),
]
