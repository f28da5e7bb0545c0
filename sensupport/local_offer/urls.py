from django.urls import path

from . import api, views

app_name = "local_offer"

pupil_urls = [  # under /pupils/<pupil_id>/
    path("support/<int:provision_id>/local-offer/", views.signpost, name="signpost"),
]
family_urls = []  # under /family/children/<pupil_id>/
urlpatterns = [  # site-level pages
    # Public: no sign-in.
    path("local-offer/", views.search, name="search"),
    path("local-offer/services/<uuid:service_id>/", views.service, name="service"),
    path("local-offer/feedback/", views.feedback, name="feedback"),
    # The Open Referral UK API (ORUK's own paths: no trailing slash below the root).
    path("local-offer/api/", api.api_root, name="api_root"),
    path("local-offer/api/services", api.api_services, name="api_services"),
    path("local-offer/api/services/<uuid:service_id>", api.api_service, name="api_service"),
    path("local-offer/api/taxonomies", api.api_taxonomies, name="api_taxonomies"),
    path("local-offer/api/taxonomy_terms", api.api_taxonomy_terms, name="api_taxonomy_terms"),
    # The LA's editors.
    path("local-offer/manage/", views.manage, name="manage"),
    path("local-offer/manage/changes/<int:change_id>/", views.change, name="change"),
    path("local-offer/manage/changes/<int:change_id>/approve/", views.change_approve, name="change_approve"),
    path("local-offer/manage/changes/<int:change_id>/reject/", views.change_reject, name="change_reject"),
    path("local-offer/manage/services/<uuid:service_id>/", views.service_manage, name="service_manage"),
    path("local-offer/manage/services/<uuid:service_id>/checked/", views.service_checked, name="service_checked"),
    path("local-offer/manage/services/<uuid:service_id>/status/", views.service_status, name="service_status"),
    path("local-offer/manage/services/new/", views.service_new, name="service_new"),
    path("local-offer/manage/providers/new/", views.provider_new, name="provider_new"),
    path("local-offer/manage/providers/<uuid:provider_id>/", views.provider, name="provider"),
    path(
        "local-offer/manage/providers/<uuid:provider_id>/editors/<int:membership_id>/remove/",
        views.provider_editor_remove,
        name="provider_editor_remove",
    ),
    # Providers' editors.
    path("local-offer/my-entries/", views.my_services, name="my_services"),
    path("local-offer/services/<uuid:service_id>/propose/", views.propose, name="propose"),
]
