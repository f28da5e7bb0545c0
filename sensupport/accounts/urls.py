from django.urls import path

from . import invitations, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("verify/", views.verify, name="verify"),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("code/", views.code_request, name="code_request"),
    path("code/enter/", views.code_enter, name="code_enter"),
    path("account/", views.account, name="account"),
    path("set-password/<uidb64>/<token>/", invitations.set_password, name="set_password"),
    path("school-security/", views.school_security, name="school_security"),
]
