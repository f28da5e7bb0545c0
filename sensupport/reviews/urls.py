from django.urls import path

from . import views

app_name = "reviews"
# Mounted by config/urls.py: pupil_urls under /pupils/<pupil_id>/, urlpatterns at the site's root.
pupil_urls = [
    path("plans/<int:plan_id>/review/", views.review_new, name="review_new"),
    path("plans/<int:plan_id>/read/", views.mark_read, name="mark_read"),
    path("plans/<int:plan_id>/evidence/new/", views.evidence_add, name="evidence_add"),
    path("early-review/", views.early_review, name="early_review"),
    path("early-review/<int:request_id>/", views.early_review_answer, name="early_review_answer"),
]
urlpatterns = [
    path("my-pupils/", views.my_pupils, name="my_pupils"),
]
