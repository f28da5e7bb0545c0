from django.urls import path

from . import ehc_views, views

app_name = "pupils"
# Mounted by config/urls.py: urlpatterns under /pupils/ (the register), pupil_urls under
# /pupils/<pupil_id>/ (one pupil).
urlpatterns = [
    path("", views.register, name="register"),
    path("export.<str:fmt>", views.register_export, name="register_export"),
]
pupil_urls = [
    path("", views.pupil_detail, name="pupil"),
    path("concerns/new/", views.concern_raise, name="concern_raise"),
    path("concerns/<int:concern_id>/", views.concern_detail, name="concern"),
    path("parent-conversations/new/", views.parent_conversation_new, name="parent_conversation_new"),
    path("status/", views.status_change, name="status_change"),
    path("needs/", views.needs_edit, name="needs_edit"),
    path("audit/", views.audit_trail, name="audit_trail"),
    path("ehc-plan/", ehc_views.ehc_summary_edit, name="ehc_summary_edit"),
    path("ehc-plan/document/", ehc_views.ehc_document, name="ehc_document"),
]
