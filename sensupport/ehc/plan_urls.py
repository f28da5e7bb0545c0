"""EHC URLs (plan_urls); joined in urls.py."""

pupil_urls = []
family_urls = []
urlpatterns = []
