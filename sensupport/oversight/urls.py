app_name = "oversight"

pupil_urls = []  # under /pupils/<pupil_id>/
family_urls = []  # under /family/children/<pupil_id>/
urlpatterns = []  # site-level pages
