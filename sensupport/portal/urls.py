from django.urls import path

from . import views

app_name = "portal"
F = "family/children/<int:pupil_id>/"  # the family's side
urlpatterns = [
    path("family/", views.home, name="home"),
    path(F, views.child, name="child"),
    path(F + "plans/<int:plan_id>/", views.plan, name="plan"),
    path(F + "summaries/<int:summary_id>/", views.summary, name="summary"),
    path(F + "consents/", views.consents, name="consents"),
    path(F + "worry/", views.raise_concern, name="raise_concern"),
    # The school's side: ask the family for consent.
    path("pupils/<int:pupil_id>/consents/", views.staff_consents, name="staff_consents"),
]
