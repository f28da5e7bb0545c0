from django.urls import path

from . import views

app_name = "reviews"
P = "pupils/<int:pupil_id>/"
urlpatterns = [
    path(P + "plans/<int:plan_id>/review/", views.review_new, name="review_new"),
    path(P + "plans/<int:plan_id>/read/", views.mark_read, name="mark_read"),
    path(P + "plans/<int:plan_id>/evidence/new/", views.evidence_add, name="evidence_add"),
    path(P + "early-review/", views.early_review, name="early_review"),
    path(P + "early-review/<int:request_id>/", views.early_review_answer, name="early_review_answer"),
    path("my-pupils/", views.my_pupils, name="my_pupils"),
]
