from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from . import views

app_name = "api"
urlpatterns = [
    # The schema describes the API's shape and holds no pupil data: public, so integrators can read it.
    path("schema/", login_not_required(SpectacularAPIView.as_view(permission_classes=[AllowAny])), name="schema"),
    path("pupils/", views.PupilList.as_view(), name="pupil_list"),
    path("pupils/<int:pk>/", views.PupilDetail.as_view(), name="pupil_detail"),
    path("pupils/<int:pk>/plans/", views.PupilPlans.as_view(), name="pupil_plans"),
]
