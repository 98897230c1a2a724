"""REST API of the ASCF, action plans, projects, milestones, indicators and progress updates
(one module per part; the router in ascn_portal/api_urls.py registers the viewsets)."""

from action_plans.api.content import (
    CatalogueIndicatorViewSet,
    IndicatorViewSet,
    MilestoneViewSet,
    ProgressUpdateViewSet,
)
from action_plans.api.plans import ActionPlanViewSet, FocusAreaViewSet
from action_plans.api.projects import ProjectViewSet
from action_plans.api.time import PlanPeriodViewSet, ReportingCycleViewSet, SubmissionViewSet

__all__ = [
    "CatalogueIndicatorViewSet",
    "ActionPlanViewSet",
    "FocusAreaViewSet",
    "IndicatorViewSet",
    "MilestoneViewSet",
    "PlanPeriodViewSet",
    "ReportingCycleViewSet",
    "SubmissionViewSet",
    "ProgressUpdateViewSet",
    "ProjectViewSet",
]
