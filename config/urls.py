from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("sensupport.core.urls")),
    path("accounts/", include("sensupport.accounts.urls")),
    path("pupils/", include("sensupport.pupils.urls")),
    path("", include("sensupport.plans.urls")),
    path("", include("sensupport.reviews.urls")),
    path("", include("sensupport.portal.urls")),
    path("", include("sensupport.family.urls")),
    path("", include("sensupport.voice.urls")),
    path("pupils/<int:pupil_id>/documents/", include("sensupport.documents.urls")),
    path("import/", include("sensupport.interop.urls")),
    path("service/", include("sensupport.administration.urls")),
    path("school/", include("sensupport.schooladmin.urls")),
    path("api/", include("sensupport.api.urls")),
    path("django-admin/", admin.site.urls),
]

handler404 = "sensupport.core.errors.not_found"
handler403 = "sensupport.core.errors.forbidden"
handler500 = "sensupport.core.errors.server_error"
