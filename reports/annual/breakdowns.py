"""4. Focus areas, outcomes and countries: the network's projects broken down three ways, each
focus area with one highlighted project per city."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count

from action_plans.models import FocusArea, Project, Stage, StrategicOutcome
from cities.models import Country
from learning.selectors import published_case_studies_by_project
from reports import selectors
from reports.annual.sections import (
    CaseStudyLink,
    CountrySection,
    FocusAreaSection,
    HighlightStory,
    OutcomeSection,
    ProjectHighlight,
    number,
)
from reports.selectors import Scope


def focus_area_sections(
    scope: Scope, stories: dict[str, HighlightStory] | None = None
) -> list[FocusAreaSection]:
    """One section per focus area: definition, share, one highlighted project per city, and the
    project ASEC picked with its story (`stories`, by focus area code), if any."""
    stories = stories or {}
    shares = {row["code"]: row for row in selectors.focus_area_shares(scope)}
    progress = selectors.progress_by(scope, "focus_areas__code")
    best = _best_project_per_area_and_city(scope)
    sections: list[FocusAreaSection] = []
    for area in FocusArea.objects.order_by("position", "code"):
        highlights = sorted(
            (p for (code, _city), p in best.items() if code == area.code),
            key=lambda p: (p.plan.city.country.name, p.plan.city.name),
        )
        sections.append(
            {
                "code": area.code,
                "name": area.name,
                "definition": area.summary,
                "projects": shares.get(area.code, {}).get("projects", 0),
                "share": number(shares.get(area.code, {}).get("share")),
                "progress": number(progress.get(area.code, (None, 0))[0]),
                "highlights": [_highlight(p) for p in highlights],
                "story": stories.get(area.code),
            }
        )
    return sections


def _best_project_per_area_and_city(scope: Scope) -> dict[tuple[str, int], Project]:
    """{(focus area code, city id): the project to highlight}; each project carries
    `case_study`, its published case study or None."""
    best: dict[tuple[str, int], Project] = {}
    projects = list(
        selectors.scoped_projects(scope)
        .exclude(stage=Stage.CANCELLED)
        .select_related("plan__city__country")
        .prefetch_related("focus_areas")
        .order_by("plan__city__name", "title")
    )
    studies = published_case_studies_by_project(p.public_id for p in projects)
    for project in projects:
        project.case_study = studies.get(project.public_id)
        for area in project.focus_areas.all():
            key = (area.code, project.plan.city_id)
            current = best.get(key)
            if current is None or _highlight_rank(project) > _highlight_rank(current):
                best[key] = project
    return best


def _highlight_rank(project: Project) -> tuple:
    """A project with a published case study tells the network most (issue 18); then progress."""
    return (project.case_study is not None, project.latest_percent or -1)


def _case_study_link(case_study) -> CaseStudyLink | None:
    if case_study is None:
        return None
    url = settings.PORTAL_URL.rstrip("/") + case_study.get_absolute_url()
    return {"title": case_study.title, "url": url}


def _highlight(project: Project) -> ProjectHighlight:
    return {
        "city": project.plan.city.name,
        "country": project.plan.city.country.name,
        "title": project.title,
        "summary": project.summary,
        "stage": project.stage,
        "percent_complete": project.latest_percent,
        "status": project.latest_status,
        "case_study": _case_study_link(getattr(project, "case_study", None)),
    }


def outcome_sections(scope: Scope) -> list[OutcomeSection]:
    progress = selectors.progress_by(scope, "outcomes__code")
    counts = dict(
        selectors.scoped_projects(scope)
        .order_by()
        .values_list("outcomes__code")
        .annotate(n=Count("pk", distinct=True))
    )
    return [
        {
            "code": o.code,
            "name": o.name,
            "definition": o.summary,
            "projects": counts.get(o.code, 0),
            "progress": number(progress.get(o.code, (None,))[0]),
        }
        for o in StrategicOutcome.objects.order_by("position", "code")
    ]


def country_sections(scope: Scope) -> list[CountrySection]:
    progress = selectors.progress_by(scope, "plan__city__country__code")
    counts = dict(
        selectors.scoped_projects(scope)
        .order_by()
        .values_list("plan__city__country__code")
        .annotate(n=Count("pk", distinct=True))
    )
    cities = dict(Country.objects.annotate(n=Count("cities")).values_list("code", "n"))
    return [
        {
            "code": c.code,
            "name": c.name,
            "cities": cities.get(c.code, 0),
            "projects": counts.get(c.code, 0),
            "progress": number(progress.get(c.code, (None,))[0]),
        }
        for c in Country.objects.order_by("name")
    ]
