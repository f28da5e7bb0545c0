from django.urls import path

from . import views

app_name = "interop"
urlpatterns = [
    path("", views.import_start, name="import_start"),
    path("<int:batch_id>/", views.import_preview, name="import_preview"),
    path("<int:batch_id>/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:batch_id>/cancel/", views.import_cancel, name="import_cancel"),
    path("leaving/<int:pupil_id>/", views.pupil_leaving, name="pupil_leaving"),
]
