"""The site's URLs with a page at the Local Offer's path, as the local_offer app will give it."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site
from sensupport.information_report.schedule import LOCAL_OFFER_PATH

urlpatterns = [path(LOCAL_OFFER_PATH.strip("/") + "/", lambda request: HttpResponse("Local Offer")), *site]
