"""The site's URLs and one that fails, to see the server error page as a visitor would."""

from django.urls import path

from ascn_portal.urls import urlpatterns as site


def fail(request):
    raise RuntimeError("A failure for the server error page")


urlpatterns = [path("fail/", fail), *site]
