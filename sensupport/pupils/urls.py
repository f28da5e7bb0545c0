from django.urls import path

from . import ehc_views, views

app_name = "pupils"
urlpatterns = [
    path("", views.register, name="register"),
    path("export.<str:fmt>", views.register_export, name="register_export"),
    path("<int:pupil_id>/", views.pupil_detail, name="pupil"),
    path("<int:pupil_id>/concerns/new/", views.concern_raise, name="concern_raise"),
    path("<int:pupil_id>/concerns/<int:concern_id>/", views.concern_detail, name="concern"),
    path("<int:pupil_id>/parent-conversations/new/", views.parent_conversation_new, name="parent_conversation_new"),
    path("<int:pupil_id>/status/", views.status_change, name="status_change"),
    path("<int:pupil_id>/needs/", views.needs_edit, name="needs_edit"),
    path("<int:pupil_id>/audit/", views.audit_trail, name="audit_trail"),
    path("<int:pupil_id>/ehc-plan/", ehc_views.ehc_summary_edit, name="ehc_summary_edit"),
    path("<int:pupil_id>/ehc-plan/document/", ehc_views.ehc_document, name="ehc_document"),
]
