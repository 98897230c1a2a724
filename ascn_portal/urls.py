from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from ascn_portal import health, start, views

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", start.start, name="start"),
    path("health/", health.health, name="health"),
    path("open-data/catalog.jsonld", views.open_data_catalog, name="open_data_catalog"),
    path(
        "open-data/<slug:name>.<str:file_format>",
        views.open_data_file_view,
        name="open_data_file",
    ),
    # The API before the apps' pages: its requests resolve without trying every page's pattern
    # (no page lives under api/, whose own patterns end in a 404 of the API).
    path("api/", include("ascn_portal.api_urls")),
    path("", include("cities.urls")),
    path("", include("action_plans.urls")),
    path("", include("partners.urls")),
    path("", include("meetings.urls")),
    path("", include("reports.urls")),
    path("", include("learning.urls")),
    path("review/", include("review.urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
