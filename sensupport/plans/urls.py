from django.urls import path

from . import views

app_name = "plans"
P = "pupils/<int:pupil_id>/"
urlpatterns = [
    path(P + "plans/", views.overview, name="overview"),
    path(P + "plans/new/", views.plan_new, name="plan_new"),
    path(P + "plans/compare/", views.plan_compare, name="compare"),
    path(P + "plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path(P + "plans/<int:plan_id>/edit/", views.plan_edit, name="plan_edit"),
    path(P + "plans/<int:plan_id>/outcomes/new/", views.outcome_add, name="outcome_add"),
    path(P + "plans/<int:plan_id>/no-outcome-reason/", views.no_outcome_reason, name="no_outcome_reason"),
    path(P + "plans/<int:plan_id>/support/new/", views.provision_add, name="provision_add"),
    path(P + "plans/<int:plan_id>/remove/", views.item_remove, name="item_remove"),
    path(P + "plans/<int:plan_id>/agree/", views.plan_agree, name="agree"),
    path(P + "plans/<int:plan_id>/new-version/", views.plan_new_version, name="new_version"),
    path(P + "plans/<int:plan_id>/profile/", views.profile, name="profile"),
    path(P + "assessments/new/", views.assessment_start, name="assessment_start"),
    path(P + "assessments/<int:assessment_id>/", views.assessment, name="assessment"),
    path(P + "timeline/", views.timeline, name="timeline"),
    path("strategy-bank/", views.strategy_bank, name="strategy_bank"),
]
