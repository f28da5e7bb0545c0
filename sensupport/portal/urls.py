from django.urls import path

from . import views

app_name = "portal"
# Mounted by config/urls.py: family_urls under /family/children/<pupil_id>/ (the family's side),
# pupil_urls under /pupils/<pupil_id>/ (the school's side), urlpatterns at the site's root.
family_urls = [
    path("", views.child, name="child"),
    path("plans/<int:plan_id>/", views.plan, name="plan"),
    path("summaries/<int:summary_id>/", views.summary, name="summary"),
    path("consents/", views.consents, name="consents"),
    path("worry/", views.raise_concern, name="raise_concern"),
]
pupil_urls = [
    # The school's side: ask the family for consent.
    path("consents/", views.staff_consents, name="staff_consents"),
]
urlpatterns = [
    path("family/", views.home, name="home"),
]
