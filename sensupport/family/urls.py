from django.urls import path

from . import views

app_name = "family"
# Mounted by config/urls.py: family_urls under /family/children/<pupil_id>/ (the family's side),
# pupil_urls under /pupils/<pupil_id>/ (the school's side), urlpatterns at the site's root.
family_urls = [
    path("prepare/", views.prepare, name="prepare"),
    path("plans/<int:plan_id>/respond/", views.respond, name="respond"),
    path("responses/<int:response_id>/", views.my_response, name="my_response"),
    path("messages/", views.family_messages, name="messages"),
    path("messages/<int:thread_id>/", views.family_thread, name="thread"),
]
pupil_urls = [
    path("preparation/<int:prep_id>/", views.staff_prep, name="staff_prep"),
    path("responses/<int:response_id>/", views.response, name="response"),
    path("messages/", views.staff_messages, name="staff_messages"),
    path("messages/<int:thread_id>/", views.staff_thread, name="staff_thread"),
]
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
]
