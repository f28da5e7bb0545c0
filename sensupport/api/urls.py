from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("pupils/", views.PupilList.as_view(), name="pupil_list"),
    path("pupils/<int:pk>/", views.PupilDetail.as_view(), name="pupil_detail"),
]
