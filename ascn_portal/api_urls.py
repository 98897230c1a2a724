"""The REST API under /api/ (SPEC §3): one router for every collection, token sign-in, schema and
interactive docs (served from the portal's own static files, no CDN)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api import ObtainTokenView
from action_plans.api import (
    ActionPlanViewSet,
    CatalogueIndicatorViewSet,
    FocusAreaViewSet,
    IndicatorViewSet,
    MilestoneViewSet,
    PlanPeriodViewSet,
    ProgressUpdateViewSet,
    ProjectViewSet,
    ReportingCycleViewSet,
    SubmissionViewSet,
)
from action_plans.api.iati import IatiActivitiesView
from cities.api import CityViewSet, CountryViewSet
from core.api.base import not_found
from learning.api import CaseStudyViewSet, ConnectionViewSet, ProjectPeersView
from meetings.api import MeetingViewSet
from partners.api import InterestViewSet, OpportunityViewSet, PartnerViewSet, TwinningViewSet
from reports.api import CatalogueRollUpView, ReportViewSet
from review.api import ChangesViewSet, FlagViewSet, QueryViewSet

app_name = "api"

router = DefaultRouter()
router.include_root_view = False
router.register("countries", CountryViewSet, basename="country")
router.register("cities", CityViewSet, basename="city")
router.register("focus-areas", FocusAreaViewSet, basename="focus-area")
router.register("action-plans", ActionPlanViewSet, basename="action-plan")
router.register("projects", ProjectViewSet, basename="project")
router.register("milestones", MilestoneViewSet, basename="milestone")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("indicator-catalogue", CatalogueIndicatorViewSet, basename="catalogue-indicator")
router.register("progress-updates", ProgressUpdateViewSet, basename="progress-update")
router.register("plan-periods", PlanPeriodViewSet, basename="plan-period")
router.register("reporting-cycles", ReportingCycleViewSet, basename="reporting-cycle")
router.register("submissions", SubmissionViewSet, basename="submission")
router.register("partners", PartnerViewSet, basename="partner")
router.register("twinnings", TwinningViewSet, basename="twinning")
router.register("opportunities", OpportunityViewSet, basename="opportunity")
router.register("interests", InterestViewSet, basename="interest")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("reports", ReportViewSet, basename="report")
router.register("case-studies", CaseStudyViewSet, basename="case-study")
router.register("connections", ConnectionViewSet, basename="connection")
router.register("flags", FlagViewSet, basename="flag")
router.register("queries", QueryViewSet, basename="query")
router.register("changes", ChangesViewSet, basename="change")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("iati/activities.xml", IatiActivitiesView.as_view(), name="iati-activities"),
    path("indicator-roll-ups/", CatalogueRollUpView.as_view(), name="indicator-roll-ups"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("projects/<int:pk>/peers/", ProjectPeersView.as_view(), name="project-peers"),
    *router.urls,
    # Anything else under /api/ is an API 404 (JSON), not the site's HTML page.
    re_path(r"^", not_found, name="not-found"),
]
