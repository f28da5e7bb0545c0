from django.urls import path

from . import views

app_name = "referrals"

pupil_urls = [  # under /pupils/<pupil_id>/
    path("referrals/", views.overview, name="overview"),
    path("referrals/new/", views.referral_new, name="new"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path("referrals/<int:referral_id>/decision/", views.referral_decide, name="decide"),
    path("referrals/<int:referral_id>/appointments/", views.appointment_add, name="appointment_add"),
    path("referrals/<int:referral_id>/reports/", views.report_upload, name="report_upload"),
    path("referrals/<int:referral_id>/reports/<int:report_id>/", views.report_download, name="report_download"),
    path("referrals/<int:referral_id>/recommendations/", views.recommendation_add, name="recommendation_add"),
    path(
        "referrals/<int:referral_id>/recommendations/<int:recommendation_id>/",
        views.recommendation_detail,
        name="recommendation",
    ),
    path(
        "referrals/<int:referral_id>/recommendations/<int:recommendation_id>/accept/",
        views.recommendation_accept,
        name="recommendation_accept",
    ),
    path(
        "referrals/<int:referral_id>/recommendations/<int:recommendation_id>/decline/",
        views.recommendation_decline,
        name="recommendation_decline",
    ),
]

family_urls = [  # under /family/children/<pupil_id>/
    path("outside-help/", views.family_referrals, name="family"),
]

urlpatterns = [
    path("outside-services/", views.services_list, name="services"),
    path("outside-services/new/", views.service_new, name="service_new"),
    path("outside-services/<int:service_id>/", views.service_detail, name="service"),
    path("my-referrals/", views.my_referrals, name="my_referrals"),
]
