"""EHC plans and their annual reviews (plan_views); joined in urls.py into the `ehc:` namespace."""

from django.urls import path

from . import plan_views as views

REVIEW = "ehc/reviews/<int:annual_review_id>/"

pupil_urls = [  # under /pupils/<pupil_id>/
    path("ehc/plan/", views.plan_detail, name="plan"),
    path("ehc/plan/draft/", views.plan_draft, name="plan_draft"),
    path("ehc/plan/issue/", views.plan_issue, name="plan_issue"),
    path("ehc/plan/amend/", views.plan_amend, name="plan_amend"),
    path("ehc/plan/versions/<int:ehc_version_id>/", views.plan_version, name="plan_version"),
    path("ehc/reviews/new/", views.review_new, name="review_new"),
    path(REVIEW, views.review_detail, name="review"),
    path(REVIEW + "date/", views.review_date, name="review_date"),
    path(REVIEW + "invitations/", views.review_invitations, name="review_invitations"),
    path(REVIEW + "meeting/", views.review_meeting, name="review_meeting"),
    path(REVIEW + "report/", views.review_report, name="review_report"),
    path(REVIEW + "decision/", views.review_decision, name="review_decision"),
]
family_urls = [  # under /family/children/<pupil_id>/
    path("ehc-plan/", views.family_plan, name="family_plan"),
]
urlpatterns = [
    path("ehc/plans/", views.school_plans, name="school_plans"),
]
