"""Fictional case studies and connections between cities, so that the library, the peers and
the connections pages are not empty in a demo (issue 18). Written through the services, like
everything the seeder writes that has a workflow."""

from __future__ import annotations

from action_plans.models import ActionPlan, Project, Stage
from learning import services
from learning.models import CaseStudy, Connection

PUBLISHED = 4  # case studies ASEC published
STORY = {
    "problem": "Before {title}, {city} had no reliable picture of the problem the project "
    "tackles, and residents felt it every day.",
    "solution": "{city} ran {title} in stages, starting with one district and a clear target "
    "agreed with the residents.",
    "results": "The project met its first targets within two years; see the indicators below.",
    "cost_and_funding": "Funded from the city budget with a grant for the first phase.",
    "lessons": "Involve the operators earlier, and budget for maintenance from the start.",
    "replication": "A city of similar size can start with one district and the same "
    "procurement documents, which {city} shares on request.",
}


def add_case_studies_and_connections(accounts) -> dict[str, int]:
    """A few published case studies of completed projects, a draft and one in review in
    Da Nang, and connections from Da Nang: one waiting, one accepted and recorded."""
    completed = _completed_projects()
    for project in completed[:PUBLISHED]:
        written = _write(project, accounts.csco.get(project.plan.city_id) or accounts.asec)
        written = services.case_study_submit(case_study=written, actor=written.created_by)
        services.case_study_publish(case_study=written, actor=accounts.asec)
    _da_nang_drafts(accounts)
    _connections(accounts, completed)
    return {
        "case studies": CaseStudy.objects.count(),
        "connections": Connection.objects.count(),
    }


def _completed_projects() -> list[Project]:
    """One completed working project per city, those whose plans are published, in a fixed
    order (the same demo every time)."""
    seen, chosen = set(), []
    rows = (
        Project.objects.filter(stage=Stage.COMPLETED, plan__in=ActionPlan.objects.published())
        .exclude(plan__city__slug="da-nang")
        .select_related("plan__city")
        .order_by("plan__city__slug", "position", "pk")
        .distinct()
    )
    for project in rows:
        if project.plan.city_id not in seen:
            seen.add(project.plan.city_id)
            chosen.append(project)
    return chosen


def _write(project: Project, actor) -> CaseStudy:
    city = project.plan.city.name
    text = {name: value.format(title=project.title, city=city) for name, value in STORY.items()}
    title = f"{city}: what we learnt from {project.title}"[:200]
    return services.case_study_create(project=project, actor=actor, data={"title": title, **text})


def _da_nang_drafts(accounts) -> None:
    projects = list(
        Project.objects.filter(plan__city__slug="da-nang").order_by("position", "pk")[:2]
    )
    if not projects:
        return
    csco = accounts.csco.get(projects[0].plan.city_id)
    _write(projects[0], csco)
    if len(projects) > 1:
        services.case_study_submit(case_study=_write(projects[1], csco), actor=csco)


def _connections(accounts, completed: list[Project]) -> None:
    da_nang = next(
        (user for user in accounts.officials.values() if user.city.slug == "da-nang"), None
    )
    if da_nang is None or len(completed) < 2:
        return
    waiting, answered = completed[0], completed[1]
    services.connection_request(
        actor=da_nang, to_project=waiting, message="We are planning something similar."
    )
    connection = services.connection_request(
        actor=da_nang, to_project=answered, message="Could our engineers visit the project?"
    )
    host = accounts.csco.get(answered.plan.city_id)
    services.connection_accept(connection=connection, actor=host, reply="You are welcome.")
    services.connection_record(
        connection=connection, actor=da_nang, outcome="study_visit", note="Two days on site."
    )
