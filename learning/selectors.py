"""Reads of the learning app for pages, the API and reports, with flat query counts.

Case studies point at working projects; the project data shown next to them always comes from
the rows the reader may see (`policy.visible_projects`), so the public reads the published layer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Coalesce

from action_plans.models import Indicator, Project
from action_plans.selectors import projects_as_seen
from core import policy
from learning.models import CaseStudy, Connection
from learning.peers import project_peers


@dataclass(frozen=True)
class LibraryFilters:
    focus_area: str = ""
    country: str = ""
    city: str = ""
    gesi: str = ""
    stage: str = ""
    status: str = ""
    search: str = ""


def _working_ids(projects: QuerySet) -> QuerySet:
    return projects.values(working_id=Coalesce("origin", "pk"))


def _project_filter(user, filters: LibraryFilters) -> Q | None:
    """Filters on what the project says, applied to the rows the reader may see, so that a
    filter never reveals a revision in progress."""
    projects = policy.visible_projects(user)
    used = False
    for value, lookup in (
        (filters.focus_area, "focus_areas__code"),
        (filters.gesi, "gesi_groups__code"),
        (filters.stage, "stage"),
    ):
        if value:
            projects, used = projects.filter(**{lookup: value}), True
    return Q(project__in=_working_ids(projects)) if used else None


def search_q(user, text: str) -> Q:
    titles = policy.visible_projects(user).filter(title__icontains=text)
    fields = ("title", "problem", "solution", "results", "lessons", "replication", "city__name")
    found = Q(project__in=_working_ids(titles))
    for field in fields:
        found |= Q(**{f"{field}__icontains": text})
    return found


def case_studies_for(user, filters: LibraryFilters | None = None) -> QuerySet:
    """The case studies a user may read, filtered as the library and the API filter them."""
    filters = filters or LibraryFilters()
    rows = policy.visible_case_studies(user).select_related("city__country")
    by_project = _project_filter(user, filters)
    if by_project is not None:
        rows = rows.filter(by_project)
    if filters.country:
        rows = rows.filter(city__country__code__iexact=filters.country)
    if filters.city:
        rows = rows.filter(city__slug=filters.city)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.search:
        rows = rows.filter(search_q(user, filters.search.strip()))
    return rows.distinct()


def attach_projects(user, case_studies) -> list[CaseStudy]:
    """Give each case study `project_seen`: its project as the reader may read it (one query,
    plus one for the focus areas, whatever the number of case studies)."""
    case_studies = list(case_studies)
    seen = projects_as_seen(user, {cs.project_id for cs in case_studies})
    prefetch_related_objects(list(seen.values()), "focus_areas", "primary_focus_area")
    for cs in case_studies:
        cs.project_seen = seen.get(cs.project_id)
    return case_studies


def case_study_page(user, case_study: CaseStudy) -> dict:
    """The case study with its project, its results' indicators (with values) and files, all as
    the reader may see them."""
    (case_study,) = attach_projects(user, [case_study])
    ids = list(case_study.indicators.values_list("pk", flat=True))
    indicators = (
        policy.visible_indicators(user)
        .filter(Q(origin__in=ids) | Q(pk__in=ids, origin=None))
        .prefetch_related("values")
        if ids
        else Indicator.objects.none()
    )
    return {
        "case_study": case_study,
        "project": case_study.project_seen,
        "indicators": list(indicators),
        "files": list(case_study.files.all()),
    }


def case_studies_of_project(user, project: Project) -> list[CaseStudy]:
    """The case studies of one project the reader may see (the project page)."""
    return list(
        policy.visible_case_studies(user).filter(project=project.public_id).order_by("-updated_at")
    )


def published_case_studies_by_project(working_ids) -> dict[int, CaseStudy]:
    """For the annual report and open data: the latest published case study of each project."""
    rows = (
        policy.visible_case_studies(_anonymous())
        .filter(project__in=list(working_ids))
        .order_by("project", "-published_at", "-pk")
    )
    found: dict[int, CaseStudy] = {}
    for cs in rows:
        found.setdefault(cs.project_id, cs)
    return found


def _anonymous():
    return AnonymousUser()


def visible_connection_rows(user) -> QuerySet:
    return policy.visible_connections(user).select_related(
        "from_city__country", "to_city__country", "twinning"
    )


def connection_as_seen(user, connection: Connection) -> Connection:
    return connections_as_seen(user, [connection])[0]


def connections_for(user) -> list[Connection]:
    """The connections a user may see, with both cities and the projects as the reader sees
    them (`from_project_seen`, `to_project_seen`)."""
    return connections_as_seen(user, visible_connection_rows(user))


def connections_as_seen(user, rows) -> list[Connection]:
    rows = list(rows)
    ids = {c.from_project_id for c in rows} | {c.to_project_id for c in rows}
    seen = projects_as_seen(user, ids)
    for connection in rows:
        connection.from_project_seen = seen.get(connection.from_project_id)
        connection.to_project_seen = seen.get(connection.to_project_id)
    return rows


def review_queue() -> QuerySet:
    """Case studies waiting for ASEC."""
    return CaseStudy.objects.filter(status=CaseStudy.Status.IN_REVIEW).select_related(
        "city__country"
    )


def project_learning(user, project: Project) -> dict:
    """What a project page shows of learning: its case studies and its peers."""
    return {
        "case_studies": case_studies_of_project(user, project),
        "peers": project_peers(user, project),
        "can_write_case_study": policy.can_write_case_study(user, project),
        "can_connect": policy.can_request_connection(user) and user.city_id != project.plan.city_id,
    }
