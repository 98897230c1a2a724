"""Action plans: a city's users change their own city's plan content and progress; the CSCO
submits, the country's national representative endorses, ASEC publishes; reviewers return.

Outside a persona's scope a draft is invisible (404); visible but not theirs to change is 403.
"""

from types import SimpleNamespace

from action_plans.models import (
    ActionPlan,
    FundingSource,
    Indicator,
    Milestone,
    ProgressUpdate,
    Project,
)
from tests.matrix.spec import (
    FORBIDDEN,
    NOT_FOUND,
    OK,
    ReadOnly,
    Write,
    by_role,
)

CITY_EDITS = by_role(
    city_official=OK, other_city=NOT_FOUND, own_rep=FORBIDDEN, other_rep=NOT_FOUND, asec=FORBIDDEN
)
# Once published, everyone sees the plan, so outsiders get 403 rather than 404.
PUBLISHED_EDITS = by_role(
    city_official=OK,
    other_city=FORBIDDEN,
    own_rep=FORBIDDEN,
    other_rep=FORBIDDEN,
    asec=FORBIDDEN,
    partner=FORBIDDEN,
)
SUBMIT = by_role(
    city_official=FORBIDDEN,
    csco=OK,
    other_city=NOT_FOUND,
    own_rep=FORBIDDEN,
    other_rep=NOT_FOUND,
    asec=FORBIDDEN,
)
ENDORSE = by_role(
    city_official=FORBIDDEN, other_city=NOT_FOUND, own_rep=OK, other_rep=NOT_FOUND, asec=FORBIDDEN
)
RETURN = by_role(
    city_official=FORBIDDEN, other_city=NOT_FOUND, own_rep=OK, other_rep=NOT_FOUND, asec=OK
)
PUBLISH = by_role(
    city_official=FORBIDDEN,
    other_city=NOT_FOUND,
    own_rep=FORBIDDEN,
    other_rep=NOT_FOUND,
    asec=OK,
)


def pk(obj) -> dict:
    return {"pk": obj.pk}


def status_is(status):
    return lambda plan: ActionPlan.objects.get(pk=plan.pk).status == status


def gone(obj) -> bool:
    return not type(obj).objects.filter(pk=obj.pk).exists()


def with_focus_area(make):
    return lambda world, city: SimpleNamespace(obj=make(world, city), area=world.focus_area())


def project_form(target, **extra) -> dict:
    return {"title": "Renamed", "stage": "ongoing", "focus_areas": [target.area.pk], **extra}


def two_projects(world, city):
    world.project(city, position=0)
    return world.project(city, position=1)


def plan_edit(status):
    return Write(
        label=status,
        setup=lambda world, city: world.plan(city, status),
        kwargs=pk,
        data=lambda plan: {"vision": "Matrix vision", "version": plan.version},
        changed=lambda plan: ActionPlan.objects.get(pk=plan.pk).vision == "Matrix vision",
        expect=PUBLISHED_EDITS if status == "published" else CITY_EDITS,
    )


def project_edit(plan_status):
    return Write(
        label=plan_status,
        setup=with_focus_area(lambda world, city: world.project(city, plan_status)),
        kwargs=lambda target: pk(target.obj),
        data=lambda target: project_form(target, version=target.obj.version),
        changed=lambda target: Project.objects.get(pk=target.obj.pk).title == "Renamed",
        expect=PUBLISHED_EDITS if plan_status == "published" else CITY_EDITS,
    )


URLS = {
    "action_plans:detail": ReadOnly(setup=lambda world, city: world.plan("da-nang"), kwargs=pk),
    "action_plans:history": ReadOnly(setup=lambda world, city: world.plan("da-nang"), kwargs=pk),
    "action_plans:review": ReadOnly(),
    "action_plans:my_city": ReadOnly(),
    "action_plans:project": ReadOnly(setup=lambda world, city: world.project("da-nang"), kwargs=pk),
    "action_plans:evidence": ReadOnly(
        setup=lambda world, city: world.evidence("da-nang"), kwargs=pk
    ),
    "action_plans:edit": [plan_edit("draft"), plan_edit("published")],
    "action_plans:submit": Write(
        setup=lambda world, city: world.plan(city),
        kwargs=pk,
        data=lambda plan: {"comment": "Ready for endorsement."},
        changed=status_is("submitted"),
        expect=SUBMIT,
    ),
    "action_plans:endorse": Write(
        setup=lambda world, city: world.plan(city, "submitted"),
        kwargs=pk,
        changed=status_is("endorsed"),
        expect=ENDORSE,
    ),
    "action_plans:return": Write(
        setup=lambda world, city: world.plan(city, "submitted"),
        kwargs=pk,
        data=lambda plan: {"comment": "Please add indicators."},
        changed=status_is("draft"),
        expect=RETURN,
    ),
    "action_plans:publish": Write(
        setup=lambda world, city: world.plan(city, "endorsed"),
        kwargs=pk,
        changed=status_is("published"),
        expect=PUBLISH,
    ),
    "action_plans:project_create": Write(
        setup=with_focus_area(lambda world, city: world.plan(city)),
        kwargs=lambda target: pk(target.obj),
        data=lambda target: project_form(target, title="Matrix project"),
        changed=lambda target: target.obj.projects.filter(title="Matrix project").exists(),
        expect=CITY_EDITS,
    ),
    "action_plans:project_edit": [project_edit("draft"), project_edit("published")],
    "action_plans:project_funding": Write(
        setup=lambda world, city: world.project(city),
        kwargs=pk,
        data=lambda project: {
            "version": project.version,
            "funding-TOTAL_FORMS": "1",
            "funding-INITIAL_FORMS": "0",
            "funding-0-funder_kind": "city",
            "funding-0-instrument": "own_budget",
            "funding-0-amount": "1000",
            "funding-0-currency": "USD",
            "funding-0-status": "confirmed",
        },
        changed=lambda project: FundingSource.objects.filter(project=project.pk).exists(),
        expect=CITY_EDITS,
    ),
    "action_plans:project_delete": Write(
        setup=lambda world, city: world.project(city),
        kwargs=pk,
        changed=gone,
        expect=CITY_EDITS,
    ),
    "action_plans:project_move": Write(
        setup=two_projects,
        kwargs=pk,
        data=lambda project: {"direction": "up"},
        changed=lambda project: Project.objects.get(pk=project.pk).position == 0,
        expect=CITY_EDITS,
    ),
    "action_plans:milestone_create": Write(
        setup=lambda world, city: world.project(city),
        kwargs=pk,
        data=lambda project: {"title": "Matrix milestone", "due_date": "2025-06-30"},
        changed=lambda project: project.milestones.filter(title="Matrix milestone").exists(),
        expect=CITY_EDITS,
    ),
    "action_plans:milestone_edit": Write(
        setup=lambda world, city: world.milestone(city),
        kwargs=pk,
        data=lambda milestone: {
            "title": "Renamed",
            "due_date": "2025-06-30",
            "version": milestone.version,
        },
        changed=lambda milestone: Milestone.objects.get(pk=milestone.pk).title == "Renamed",
        expect=CITY_EDITS,
    ),
    "action_plans:milestone_delete": Write(
        setup=lambda world, city: world.milestone(city),
        kwargs=pk,
        changed=gone,
        expect=CITY_EDITS,
    ),
    "action_plans:indicator_create": Write(
        setup=lambda world, city: world.project(city),
        kwargs=pk,
        data=lambda project: {"name": "Matrix indicator", "unit": "%"},
        changed=lambda project: project.indicators.filter(name="Matrix indicator").exists(),
        expect=CITY_EDITS,
    ),
    "action_plans:indicator_edit": Write(
        setup=lambda world, city: world.indicator(city),
        kwargs=pk,
        data=lambda indicator: {"name": "Renamed", "unit": "%", "version": indicator.version},
        changed=lambda indicator: Indicator.objects.get(pk=indicator.pk).name == "Renamed",
        expect=CITY_EDITS,
    ),
    "action_plans:indicator_delete": Write(
        setup=lambda world, city: world.indicator(city),
        kwargs=pk,
        changed=gone,
        expect=CITY_EDITS,
    ),
    "action_plans:progress": Write(
        setup=lambda world, city: SimpleNamespace(
            obj=world.project(city), year=world.reporting_year
        ),
        kwargs=lambda target: {"pk": target.obj.pk, "year": target.year},
        data=lambda target: {"percent_complete": "50", "status": "on_track"},
        changed=lambda target: ProgressUpdate.objects.filter(
            project=target.obj, year=target.year
        ).exists(),
        expect=CITY_EDITS,
    ),
}
