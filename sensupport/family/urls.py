from django.urls import path

from . import views

app_name = "family"
F = "family/children/<int:pupil_id>/"  # the family's side
S = "pupils/<int:pupil_id>/"  # the school's side
urlpatterns = [
    path(F + "prepare/", views.prepare, name="prepare"),
    path(F + "plans/<int:plan_id>/respond/", views.respond, name="respond"),
    path(F + "responses/<int:response_id>/", views.my_response, name="my_response"),
    path(F + "messages/", views.family_messages, name="messages"),
    path(F + "messages/<int:thread_id>/", views.family_thread, name="thread"),
    path(S + "preparation/<int:prep_id>/", views.staff_prep, name="staff_prep"),
    path(S + "responses/<int:response_id>/", views.response, name="response"),
    path(S + "messages/", views.staff_messages, name="staff_messages"),
    path(S + "messages/<int:thread_id>/", views.staff_thread, name="staff_thread"),
    path("inbox/", views.inbox, name="inbox"),
]
