from django.urls import path

from . import views

app_name = "schooladmin"
urlpatterns = [
    path("", views.home, name="home"),
    path("staff/", views.staff_list, name="staff"),
    path("staff/add/", views.staff_add, name="staff_add"),
    path("staff/<int:staff_id>/", views.staff_edit, name="staff_edit"),
    path("staff/<int:staff_id>/active/", views.staff_active, name="staff_active"),
    path("groups/", views.group_list, name="groups"),
    path("groups/add/", views.group_add, name="group_add"),
    path("groups/<int:group_id>/", views.group_edit, name="group_edit"),
    path("groups/<int:group_id>/members/", views.group_members, name="group_members"),
    path("pupils/<int:pupil_id>/contacts/", views.contact_list, name="contacts"),
    path("pupils/<int:pupil_id>/contacts/add/", views.contact_add, name="contact_add"),
    path("pupils/<int:pupil_id>/contacts/<int:contact_id>/", views.contact_edit, name="contact_edit"),
    path("pupils/<int:pupil_id>/contacts/<int:contact_id>/end/", views.contact_end, name="contact_end"),
    path("pupils/<int:pupil_id>/contacts/<int:contact_id>/invite/", views.contact_invite, name="contact_invite"),
]
