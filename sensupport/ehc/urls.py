"""The EHC app's URLs: each part's patterns live beside it (`request_urls.py`, `plan_urls.py`) and
are joined here into the app's one namespace, `ehc:`."""

from . import plan_urls, request_urls

app_name = "ehc"

pupil_urls = [*request_urls.pupil_urls, *plan_urls.pupil_urls]  # under /pupils/<pupil_id>/
family_urls = [*request_urls.family_urls, *plan_urls.family_urls]  # under /family/children/<pupil_id>/
urlpatterns = [*request_urls.urlpatterns, *plan_urls.urlpatterns]
