"""URLs for the security tests: the portal's own, with the API's token sign-in and docs.

The API's routes live in ascn_portal/api_urls.py. Where they are not part of the portal yet, the
two these tests need are declared here as api_urls.py declares them, the token view taking the
sign-in rules of accounts.api.
"""

from importlib.util import find_spec

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authtoken.views import ObtainAuthToken

from accounts.api import TokenRequestSerializer
from ascn_portal.urls import urlpatterns as portal_urlpatterns


class ObtainTokenView(ObtainAuthToken):
    serializer_class = TokenRequestSerializer


api_urlpatterns = (
    [
        path("auth/token/", ObtainTokenView.as_view(), name="token"),
        path("schema/", SpectacularAPIView.as_view(), name="schema"),
        path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    ],
    "api",
)

if find_spec("ascn_portal.api_urls") is None:
    urlpatterns = [path("api/", include(api_urlpatterns)), *portal_urlpatterns]
else:
    urlpatterns = portal_urlpatterns
