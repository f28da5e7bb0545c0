"""EHC URLs (request_urls); joined in urls.py."""

pupil_urls = []
family_urls = []
urlpatterns = []
