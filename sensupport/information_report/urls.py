app_name = "information_report"

pupil_urls = []  # under /pupils/<pupil_id>/
family_urls = []  # under /family/children/<pupil_id>/
urlpatterns = []  # site-level pages
