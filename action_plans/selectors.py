"""Reads of action plans for pages, the API and reports; query counts stay flat with data size."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from action_plans import calendar
from action_plans.models import (
    FUNDING_FIELDS,
    ActionPlan,
    DisaggregatedValue,
    Evidence,
    FundingModel,
    FundingSource,
    GesiGroup,
    Indicator,
    Layer,
    OperationPayer,
    PlanPublication,
    PlanStatus,
    ProgressUpdate,
    Project,
    ReadinessStage,
    Sex,
    Stage,
    UpdateStatus,
)
from core import policy

ORDERED_UPDATES = ProgressUpdate.objects.order_by("-year")
PARTS = DisaggregatedValue.objects.select_related("gesi_group")


# --- Plans as a reader sees them -----------------------------------------------------------------


def _shown(drafts: Q, working, published):
    return Case(When(drafts, then=working), default=published)


def plans_for_reader(user) -> QuerySet:
    """The plans a user may see, with what they may read of each in `shown_*` annotations: the
    working values for the plans whose drafts they see, the last publication's for the others.
    Filters, search and counts run on those (a revision in progress stays private)."""
    projects = policy.visible_projects(user).filter(plan=OuterRef("pk")).order_by().values("plan")
    published = {
        "sees_working_copy": Value(False, output_field=BooleanField()),
        "shown_status": Value(PlanStatus.PUBLISHED),
        "shown_revision": F("published_revision"),
        "shown_vision": F("published_vision"),
        "shown_targets": F("published_targets"),
    }
    if policy.sees_any_drafts(user):
        drafts = policy.drafts_visible(user, "city")
        working = {
            "sees_working_copy": Value(True),
            "shown_status": F("status"),
            "shown_revision": F("revision"),
            "shown_vision": F("vision"),
            "shown_targets": F("strategic_targets"),
        }
        shown = {name: _shown(drafts, working[name], value) for name, value in published.items()}
    else:
        shown = published  # no Case to build and compile for a reader who sees no draft
    return policy.visible_plans(user).annotate(**shown, project_count=_RowCount(projects))


class _RowCount(Subquery):
    """How many rows a subquery gives: `COUNT(*)` over it, without the GROUP BY that
    `.annotate(n=Count(...))` adds. The subquery selects the projects' plan, a column of the
    index on (layer, plan): PostgreSQL counts a plan's projects from the index alone instead of
    reading each project's row, once per plan on the page (issue 21: the API's plan list)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def projects_as_seen(user, working_ids) -> dict[int, Project]:
    """The projects with these (working) ids as the user may read them, by id: what other tables
    point at (partnerships, opportunities) shown in the layer the user reads."""
    ids = [pk for pk in working_ids if pk]
    if not ids:
        return {}
    rows = policy.visible_projects(user).filter(Q(origin__in=ids) | Q(pk__in=ids, origin=None))
    return {row.public_id: row for row in rows.select_related("plan__city__country")}


# --- The working copy -------------------------------------------------------------------------


def _with_latest_update(projects) -> list[Project]:
    projects = list(projects)
    for project in projects:
        project.latest_update = project.ordered_updates[0] if project.ordered_updates else None
    return projects


def plan_projects(plan: ActionPlan) -> list[Project]:
    return _with_latest_update(
        plan.projects.prefetch_related(
            "focus_areas", Prefetch("updates", queryset=ORDERED_UPDATES, to_attr="ordered_updates")
        ).order_by("position", "pk")
    )


def latest_publication(plan: ActionPlan) -> PlanPublication | None:
    return plan.publications.select_related("published_by").order_by("-revision").first()


def plan_page(*, plan: ActionPlan, user) -> dict:
    """A plan as the user may see it: the working copy for its city, country and ASEC, otherwise
    the last published snapshot."""
    publication = latest_publication(plan)
    if not policy.can_see_drafts(user, plan):
        return {"plan": plan, "projects": None, "publication": publication_view(publication)}
    return {
        "plan": plan,
        "projects": plan_projects(plan),
        "publication": publication,
        "transitions": plan.transitions.select_related("actor"),
        "actions": plan_actions(plan=plan, user=user),
    }


def plan_actions(*, plan: ActionPlan, user) -> dict:
    """Which buttons to show; the services ask the policy again when they are pressed."""
    return {
        "edit": policy.can_edit_plan(user, plan),
        "submit": policy.can_submit_plan(user, plan),
        "endorse": policy.can_endorse_plan(user, plan),
        "return": policy.can_return_plan(user, plan),
        "publish": policy.can_publish_plan(user, plan),
        "history": policy.can_view_history(user, plan),
    }


def editor_projects(plan: ActionPlan) -> QuerySet:
    return (
        plan.projects.prefetch_related("focus_areas")
        .annotate(
            milestone_count=Count("milestones", distinct=True),
            indicator_count=Count("indicators", distinct=True),
        )
        .order_by("position", "pk")
    )


def project_page(*, project: Project) -> dict:
    updates = project.updates.select_related("submitted_by").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at"))
    )
    return {
        "project": project,
        "updates": updates.order_by("-year"),
        "milestones": project.milestones.all(),
        "indicators": project.indicators.prefetch_related(
            "values", Prefetch("values__parts", queryset=PARTS)
        ),
        "focus_areas": project.focus_areas.all(),
        "outcomes": project.outcomes.all(),
        "gesi_groups": project.gesi_groups.all(),
        "components": project.components.all(),
        "ascap_items": project.ascap.all(),
        "finance": finance_view(
            readiness=project.readiness,
            om_cost_usd=project.om_cost_usd,
            om_paid_by=project.om_paid_by,
            budget_usd=project.budget_usd,
            sources=[
                _funding_snapshot(s) for s in project.funding_sources.select_related("partner")
            ],
        ),
    }


def finance_view(*, readiness, om_cost_usd, om_paid_by, budget_usd, sources: list[dict]) -> dict:
    """A project's finance and readiness with labels, from the working copy or a snapshot."""
    rows = [
        {
            **s,
            "instrument_label": _label(FundingSource.Instrument, s["instrument"]),
            "status_label": _label(FundingSource.Status, s["status"]),
            "amount": Decimal(s["amount"]),
            "amount_usd": Decimal(s["amount_usd"]),
        }
        for s in sources
    ]
    total = sum((row["amount_usd"] for row in rows), Decimal(0))
    return {
        "readiness_label": _label(ReadinessStage, readiness),
        "om_cost_usd": None if om_cost_usd is None else Decimal(om_cost_usd),
        "om_paid_by_label": _label(OperationPayer, om_paid_by),
        "sources": rows,
        "total": total,
        "gap": None if budget_usd is None else Decimal(budget_usd) - total,
    }


def city_plans_by_period(user, city_id: int) -> list[ActionPlan]:
    """The city's plans the user may see, one per period (the plan page's period switcher)."""
    plans = policy.visible_plans(user).filter(city=city_id).select_related("period")
    return list(plans.order_by("period__start_year"))


def lineage(user, working_id: int) -> dict:
    """The previous and the next phase of a project (across plan periods), as far as the user
    may see them; two queries."""
    visible = policy.visible_projects(user).select_related("plan__period")
    before = Project.objects.filter(pk=working_id).values("predecessor")[:1]
    after = Project.objects.filter(predecessor=working_id).values("pk")[:1]
    rows = {
        row.public_id: row
        for row in visible.filter(
            Q(pk__in=before, origin__isnull=True)
            | Q(origin__in=before)
            | Q(pk__in=after, origin__isnull=True)
            | Q(origin__in=after)
        )
    }
    working = Project.objects.filter(pk=working_id).values_list("predecessor", flat=True).first()
    previous = rows.get(working) if working else None
    following = next((row for key, row in rows.items() if key != working), None)
    return {"previous_phase": previous, "next_phase": following}


def project_for_edit(project: Project) -> dict:
    return {
        "milestones": project.milestones.all(),
        "indicators": project.indicators.prefetch_related(
            "values", Prefetch("values__parts", queryset=PARTS)
        ),
    }


def previous_update(*, project: Project, year: int) -> ProgressUpdate | None:
    """The latest update before `year`, to pre-fill this year's form; a next phase without one
    of its own starts from its predecessor's last."""
    own = project.updates.filter(year__lt=year).order_by("-year").first()
    if own is None and project.predecessor_id:
        return (
            ProgressUpdate.objects.filter(project=project.predecessor_id).order_by("-year").first()
        )
    return own


def review_queue(user) -> QuerySet:
    return (
        policy.review_queue(user)
        .select_related("city__country", "period")
        .annotate(
            project_count=Count("projects", filter=Q(projects__layer=Layer.WORKING), distinct=True),
            last_step_at=Max("transitions__created_at"),
        )
        .order_by("last_step_at", "city__name")
    )


def city_overview(city, period: str | None = None) -> dict:
    """A city's plan of `period` (a code; else its latest) and, per project, whether the update
    of the year shown is in: the reporting year, or the nearest year of that plan's period."""
    plans = list(city.action_plans.select_related("period").order_by("period__start_year"))
    plan = next((p for p in plans if p.period.code == period), plans[-1] if plans else None)
    year = calendar.reporting_year()
    base = {"city": city, "plan": plan, "period_plans": plans, "projects": [], "missing": []}
    if plan is None:
        return {**base, "year": year}
    year = min(plan.period.end_year, max(plan.period.start_year, year))
    projects = _with_latest_update(
        plan.projects.annotate(
            has_current_update=Exists(
                ProgressUpdate.objects.filter(project=OuterRef("pk"), year=year)
            )
        )
        .prefetch_related(Prefetch("updates", queryset=ORDERED_UPDATES, to_attr="ordered_updates"))
        .order_by("position", "pk")
    )
    missing = [p for p in projects if needs_update(p)]
    return {**base, "projects": projects, "missing": missing, "year": year}


def needs_update(project: Project) -> bool:
    closed = project.stage in (Stage.COMPLETED, Stage.CANCELLED)
    return not closed and not project.has_current_update


# --- The published snapshot -------------------------------------------------------------------


def _number(value) -> str | None:
    return None if value is None else str(value)


def _names(items) -> list[dict]:
    return [{"code": item.code, "name": item.name} for item in items]


def _project_snapshot(project: Project) -> dict:
    latest = project.ordered_updates[0] if project.ordered_updates else None
    return {
        "id": project.pk,
        "position": project.position,
        "version": project.version,
        "title": project.title,
        "summary": project.summary,
        "focus_areas": _names(project.focus_areas.all()),
        "primary_focus_area": project.primary_focus_area.code
        if project.primary_focus_area
        else None,
        "outcomes": _names(project.outcomes.all()),
        "gesi_groups": _names(project.gesi_groups.all()),
        "components": _names(project.components.all()),
        "ascap": [{"code": item.code, "name": item.title} for item in project.ascap.all()],
        "lead_agency": project.lead_agency,
        "start_year": project.start_year,
        "end_year": project.end_year,
        "budget_usd": _number(project.budget_usd),
        "funding_model": project.funding_model,
        "stage": project.stage,
        "readiness": project.readiness,
        "om_cost_usd": _number(project.om_cost_usd),
        "om_paid_by": project.om_paid_by,
        "funding_sources": [_funding_snapshot(s) for s in project.funding_sources.all()],
        "seeking_partners": project.seeking_partners,
        "partnership_needs": project.partnership_needs,
        "latest_progress": latest
        and {
            "year": latest.year,
            "percent_complete": latest.percent_complete,
            "status": latest.status,
            "narrative": latest.narrative,
            "challenges": latest.challenges,
            "support_needed": latest.support_needed,
        },
        "milestones": [
            {
                "id": m.pk,
                "title": m.title,
                "due_date": m.due_date.isoformat(),
                "done_date": m.done_date.isoformat() if m.done_date else None,
            }
            for m in project.milestones.all()
        ],
        "indicators": [_indicator_snapshot(i) for i in project.indicators.all()],
    }


def _funding_snapshot(source: FundingSource) -> dict:
    return {
        "id": source.pk,
        "funder_kind": source.funder_kind,
        "partner": source.partner.slug if source.partner_id else None,
        "funder_name": source.funder_name,
        "funder": source.funder,
        "instrument": source.instrument,
        "amount": _number(source.amount),
        "currency": source.currency,
        "amount_usd": _number(source.amount_usd),
        "status": source.status,
        "iati_identifier": source.iati_identifier,
        "funder_reference": source.funder_reference,
    }


def _indicator_snapshot(indicator: Indicator) -> dict:
    return {
        "id": indicator.pk,
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline_value": _number(indicator.baseline_value),
        "baseline_year": indicator.baseline_year,
        "target_value": _number(indicator.target_value),
        "target_year": indicator.target_year,
        "catalogue": indicator.catalogue.code if indicator.catalogue_id else None,
        "direction": indicator.direction,
        "measurement": indicator.measurement,
        "values": [_value_snapshot(v) for v in indicator.values.all()],
    }


def _value_snapshot(value) -> dict:
    return {
        "year": value.year,
        "value": _number(value.value),
        "parts": [
            {
                "gesi_group": part.gesi_group.code if part.gesi_group_id else None,
                "sex": part.sex,
                "value": _number(part.value),
            }
            for part in value.parts.all()
        ],
    }


SNAPSHOT_INDICATORS = Indicator.objects.select_related("catalogue").prefetch_related(
    "values",
    Prefetch("values__parts", queryset=PARTS),
)


def plan_snapshot(plan: ActionPlan, *, revision: int | None = None) -> dict:
    """Everything the public sees of a plan, frozen when ASEC publishes it (JSON-safe)."""
    projects = plan.projects.order_by("position", "pk").select_related("primary_focus_area")
    projects = projects.prefetch_related(
        "focus_areas",
        "outcomes",
        "gesi_groups",
        "components",
        "ascap",
        "milestones",
        Prefetch("funding_sources", queryset=FundingSource.objects.select_related("partner")),
        Prefetch("indicators", queryset=SNAPSHOT_INDICATORS),
        Prefetch("updates", queryset=ORDERED_UPDATES, to_attr="ordered_updates"),
    )
    return {
        "city": plan.city.name,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "revision": revision or plan.revision,
        "vision": plan.vision,
        "strategic_targets": plan.strategic_targets,
        "projects": [_project_snapshot(project) for project in projects],
    }


def _label(choices, value) -> str:
    return str(dict(choices.choices).get(value, value or ""))


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def snapshot_project_view(data: dict, *, groups: dict | None = None) -> dict:
    """One project of a snapshot, with labels in the reader's language and typed values;
    `groups` names the GESI target groups of the values' parts by code."""
    latest = data.get("latest_progress")
    return {
        **data,
        "stage_label": _label(Stage, data["stage"]),
        "funding_model_label": _label(FundingModel, data["funding_model"]),
        "budget_usd": _decimal(data["budget_usd"]),
        # Publications taken before finance and readiness existed have none.
        "finance": finance_view(
            readiness=data.get("readiness", ""),
            om_cost_usd=data.get("om_cost_usd"),
            om_paid_by=data.get("om_paid_by", ""),
            budget_usd=data["budget_usd"],
            sources=data.get("funding_sources", []),
        ),
        "latest_progress": latest
        and {**latest, "status_label": _label(UpdateStatus, latest["status"])},
        "milestones": [
            {**m, "due_date": _date(m["due_date"]), "done_date": _date(m["done_date"])}
            for m in data["milestones"]
        ],
        "indicators": [
            {
                **i,
                "baseline_value": _decimal(i["baseline_value"]),
                "target_value": _decimal(i["target_value"]),
                "values": [_snapshot_value(v, groups or {}) for v in i["values"]],
            }
            for i in data["indicators"]
        ],
    }


def _snapshot_value(value: dict, groups: dict) -> dict:
    parts = [
        {
            "label": ", ".join(
                label
                for label in (groups.get(p["gesi_group"], p["gesi_group"]), _label(Sex, p["sex"]))
                if label
            ),
            "value": _decimal(p["value"]),
        }
        # Publications taken before the catalogue have no parts.
        for p in value.get("parts", [])
    ]
    return {**value, "value": _decimal(value["value"]), "parts": parts}


def publication_view(publication: PlanPublication | None) -> dict | None:
    if publication is None:
        return None
    snapshot = publication.snapshot
    return {
        "revision": publication.revision,
        "published_at": publication.published_at,
        **snapshot,
        "projects": [snapshot_project_view(p) for p in snapshot["projects"]],
    }


def published_project(plan: ActionPlan, project_id: int) -> dict | None:
    """A project as the last publication of its plan shows it (None if it was not in it)."""
    publication = latest_publication(plan)
    if publication is None:
        return None
    for data in publication.snapshot["projects"]:
        if data["id"] == project_id:
            groups = {group.code: group.name for group in GesiGroup.objects.all()}
            return snapshot_project_view(data, groups=groups)
    return None


# --- Funding ------------------------------------------------------------------------------------


def funding_initial(project: Project) -> list[dict]:
    return [
        {
            name: getattr(source, "partner_id" if name == "partner" else name)
            for name in FUNDING_FIELDS
        }
        for source in project.funding_sources.all()
    ]


def funding_summary(project: Project) -> dict:
    """The total of the project's funding sources in USD, by status, and the gap to its budget."""
    sources = list(project.funding_sources.select_related("partner"))
    total = sum((s.amount_usd for s in sources), Decimal(0))
    gap = None if project.budget_usd is None else project.budget_usd - total
    return {"funding_sources": sources, "funding_total": total, "funding_gap": gap}
