from django.urls import path

from . import views

app_name = "plans"
# Mounted by config/urls.py: pupil_urls under /pupils/<pupil_id>/, urlpatterns at the site's root.
pupil_urls = [
    path("plans/", views.overview, name="overview"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/compare/", views.plan_compare, name="compare"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("plans/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:plan_id>/outcomes/new/", views.outcome_add, name="outcome_add"),
    path("plans/<int:plan_id>/no-outcome-reason/", views.no_outcome_reason, name="no_outcome_reason"),
    path("plans/<int:plan_id>/support/new/", views.provision_add, name="provision_add"),
    path("plans/<int:plan_id>/remove/", views.item_remove, name="item_remove"),
    path("plans/<int:plan_id>/agree/", views.plan_agree, name="agree"),
    path("plans/<int:plan_id>/new-version/", views.plan_new_version, name="new_version"),
    path("plans/<int:plan_id>/profile/", views.profile, name="profile"),
    path("assessments/new/", views.assessment_start, name="assessment_start"),
    path("assessments/<int:assessment_id>/", views.assessment, name="assessment"),
    path("timeline/", views.timeline, name="timeline"),
]
urlpatterns = [
    path("strategy-bank/", views.strategy_bank, name="strategy_bank"),
]
