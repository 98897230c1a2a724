"""The report's long lists: 8. Data quality (what the cities have still to report) and
9. Appendices A and B (every project, by stage). Each is a PDF part of its own (render.py)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from action_plans.models import Project, Stage
from cities.models import City
from reports import dashboards, review_tables, selectors
from reports.annual.sections import Appendices, DataQuality, table_data
from reports.selectors import Scope
from reports.tables import Table


def data_quality(scope: Scope) -> DataQuality:
    # limit=None: the dashboards show the first rows, the report every one.
    return {
        "missing_updates": table_data(dashboards.missing_updates_table(scope, limit=None)),
        "overdue_milestones": table_data(dashboards.overdue_milestones_table(scope, limit=None)),
        "indicators_without_values": table_data(
            dashboards.empty_indicators_table(scope, limit=None)
        ),
        **_review(scope),
    }


def _review(scope: Scope) -> dict:
    """What changed since the year before and the flags, for the projects the report covers
    (published plans only: their working ids)."""
    published = list(selectors.scoped_projects(scope).values_list("origin", flat=True))
    cities = City.objects.filter(joined_year__lte=scope.year).order_by("name")
    return {
        "changes": table_data(
            review_tables.changes_table(cities, scope.year, project_ids=published)
        ),
        "plausibility_flags": table_data(
            review_tables.flags_table(
                list(cities.values_list("pk", flat=True)), scope.year, project_ids=published
            )
        ),
    }


def appendices(scope: Scope) -> Appendices:
    projects = (
        selectors.scoped_projects(scope)
        .select_related("plan__city__country")
        .prefetch_related("focus_areas")
        .order_by("plan__city__country__name", "plan__city__name", "title")
    )
    live, done = [], []
    for project in projects:
        if project.stage in (Stage.ONGOING, Stage.PLANNING):
            live.append(project)
        elif project.stage == Stage.COMPLETED:
            done.append(project)
    return {
        "a": table_data(
            _project_list("appendix_a", _("Appendix A: ongoing and planning projects"), live)
        ),
        "b": table_data(_project_list("appendix_b", _("Appendix B: completed projects"), done)),
    }


def _project_list(name: str, caption: str, projects: list[Project]) -> Table:
    return Table(
        name,
        caption,
        [_("No."), _("Country"), _("City"), _("Project"), _("Focus Area"), _("Status")],
        [
            [
                i,
                p.plan.city.country.name,
                p.plan.city.name,
                p.title,
                ", ".join(a.name for a in p.focus_areas.all()),
                p.get_stage_display(),
            ]
            for i, p in enumerate(projects, start=1)
        ],
    )
