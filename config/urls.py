"""The URL map (docs/architecture.md, "URLs").

Every page about one pupil sits in one of two trees, declared here and nowhere else:
the school's side, /pupils/<pupil_id>/..., and the family's side, /family/children/<pupil_id>/....
An app's urls.py gives its patterns relative to the pupil (`pupil_urls`, `family_urls`) and its
site-level pages (`urlpatterns`); `mount()` puts all of them under the app's one namespace, so
`plans:plan` or `family:thread` reverse as before. sensupport/core/tests/test_url_map.py keeps it so.
"""

from types import ModuleType

from django.contrib import admin
from django.urls import include, path

from sensupport.documents import urls as documents
from sensupport.ehc import urls as ehc
from sensupport.family import urls as family
from sensupport.funding import urls as funding
from sensupport.information_report import urls as information_report
from sensupport.local_offer import urls as local_offer
from sensupport.oversight import urls as oversight
from sensupport.plans import urls as plans
from sensupport.portal import urls as portal
from sensupport.progress import urls as progress
from sensupport.provision import urls as provision
from sensupport.pupils import urls as pupils
from sensupport.referrals import urls as referrals
from sensupport.reviews import urls as reviews
from sensupport.timetable import urls as timetable
from sensupport.voice import urls as voice

PUPIL_TREE = "pupils/<int:pupil_id>/"
FAMILY_TREE = "family/children/<int:pupil_id>/"


def mount(app: ModuleType, at: str = ""):
    """One include per app (Django cannot have a namespace twice): its site-level pages at `at`,
    its pupil pages under the school's tree and its family pages under the family's tree."""
    patterns = [path(at, include(app.urlpatterns))] if getattr(app, "urlpatterns", None) else []
    if getattr(app, "pupil_urls", None):
        patterns.append(path(PUPIL_TREE, include(app.pupil_urls)))
    if getattr(app, "family_urls", None):
        patterns.append(path(FAMILY_TREE, include(app.family_urls)))
    return include((patterns, app.app_name))


urlpatterns = [
    path("", include("sensupport.core.urls")),
    path("accounts/", include("sensupport.accounts.urls")),
    path("", mount(pupils, at="pupils/")),
    path("", mount(plans)),
    path("", mount(reviews)),
    path("", mount(timetable)),
    path("", mount(funding)),
    path("", mount(portal)),
    path("", mount(family)),
    path("", mount(voice)),
    path("", mount(documents)),
    path("", mount(provision)),
    path("", mount(progress)),
    path("", mount(referrals)),
    path("", mount(ehc)),
    path("", mount(local_offer)),
    path("", mount(information_report)),
    path("", mount(oversight)),
    path("import/", include("sensupport.interop.urls")),
    path("service/", include("sensupport.administration.urls")),
    path("school/", include("sensupport.schooladmin.urls")),
    path("api/", include("sensupport.api.urls")),
    path("django-admin/", admin.site.urls),
]

handler404 = "sensupport.core.errors.not_found"
handler403 = "sensupport.core.errors.forbidden"
handler500 = "sensupport.core.errors.server_error"
