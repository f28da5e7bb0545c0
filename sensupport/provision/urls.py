from django.urls import path

from . import views

app_name = "provision"
# Mounted by config/urls.py: pupil_urls under /pupils/<pupil_id>/, urlpatterns at the site's root.
pupil_urls = [
    path("support-costs/", views.pupil_support, name="pupil_support"),
    path("support-costs/<int:provision_id>/", views.line_costing, name="line_costing"),
]
# The family's view: their child's support in plain words, and time out of class (never its cost).
family_urls = [path("support/", views.family_support, name="family_support")]
urlpatterns = [
    path("provision/", views.catalogue, name="catalogue"),
    path("provision/catalogue/new/", views.intervention_add, name="intervention_add"),
    path("provision/catalogue/<int:intervention_id>/", views.intervention_edit, name="intervention_edit"),
    path("provision/catalogue/<int:intervention_id>/groups/new/", views.group_add, name="group_add"),
    path("provision/pay/", views.pay_roles, name="pay_roles"),
    path("provision/pay/new/", views.pay_role_add, name="pay_role_add"),
    path("provision/pay/<int:pay_role_id>/rates/new/", views.pay_rate_add, name="pay_rate_add"),
    path("provision/weeks/", views.weeks, name="weeks"),
    path("provision/groups/", views.group_list, name="groups"),
    path("provision/groups/<int:intervention_group_id>/", views.group_detail, name="group"),
    path("provision/groups/<int:intervention_group_id>/places/new/", views.group_place, name="group_place"),
    path("provision/groups/<int:intervention_group_id>/sessions/new/", views.session_log, name="session_log"),
    path("provision/groups/<int:intervention_group_id>/scores/", views.scores, name="scores"),
    path("provision-map/", views.school_map, name="map"),
    path("provision-map/export.csv", views.map_csv, name="map_csv"),
    path("provision-map/export.xlsx", views.map_xlsx, name="map_xlsx"),
]
