"""The portal's URLs plus the floor views of bench/web.py under /__floor__/."""

from django.urls import include, path

from bench.web import floor

urlpatterns = [
    path("__floor__/hello/", floor.hello),
    path("__floor__/cities/", floor.cities),
    path("__floor__/city/<slug:slug>/", floor.city),
    path("__floor__/home/", floor.home),
    path("__floor__/projects/", floor.projects),
    path("__floor__/action-plans/", floor.action_plans),
    path("__floor__/progress-updates/", floor.progress_updates),
    path("__floor__/partners/", floor.partners),
    path("__floor__/opportunities/", floor.opportunities),
    path("__floor__/meetings/", floor.meetings),
    path("__floor__/twinnings/", floor.twinnings),
    path("__floor__/api/cities/", floor.api_cities),
    path("__floor__/api/partners/", floor.api_partners),
    path("__floor__/api/opportunities/", floor.api_opportunities),
    path("__floor__/api/meetings/", floor.api_meetings),
    path("", include("ascn_portal.urls")),
]
