"""The highlighted projects ASEC picked, with their stories (reports.models.ReportHighlight), as
the focus-area sections and the city annexes tell them: the latest narrative version's picks,
each told with the project's title as the report's own publications show it. A pick whose project
the report does not cover (unpublished since) is left out: the section falls back to its list."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy

from reports import selectors
from reports.annual.sections import HighlightStory
from reports.models import ReportHighlight, ReportNarrative
from reports.selectors import Scope

# A story's fields in the order the files show them, and the labels of the told ones (read in
# the report's language).
STORY_KEYS = ("title", "city", "country", "objective", "progress", "partners")
STORY_HEADERS = (gettext_lazy("Objective"), gettext_lazy("Progress"), gettext_lazy("Partners"))


def highlight_stories(
    scope: Scope, language: str, *, city: str | None = None, cities: tuple[str, ...] = ()
) -> dict[str, HighlightStory]:
    """{focus area code: story} of the network sections, or {city slug: story} with `city`
    (that city's pick only) or `cities` (those cities' picks). Two queries."""
    draft = (
        ReportNarrative.objects.filter(year=scope.year, language=language)
        .order_by("-version")
        .first()
    )
    if draft is None:
        return {}
    picks = ReportHighlight.objects.filter(narrative=draft)
    if city:
        cities = (city,)
    picks = list(picks.filter(city__in=cities) if cities else picks.exclude(focus_area=""))
    if not picks:
        return {}
    ids = {h.project for h in picks}
    rows = (
        selectors.scope_projects_base(scope)
        .filter(Q(origin__in=ids) | Q(pk__in=ids, origin__isnull=True))
        .select_related("plan__city__country")
    )
    projects = {p.public_id: p for p in rows}
    stories: dict[str, HighlightStory] = {}
    for pick in picks:
        project = projects.get(pick.project)
        if project is None:
            continue
        stories[pick.city or pick.focus_area] = {
            "title": project.title,
            "city": project.plan.city.name,
            "country": project.plan.city.country.name,
            "objective": pick.objective,
            "progress": pick.progress,
            "partners": pick.partners,
        }
    return stories
