"""The published layer: a plan's publication copied into rows that every public reader queries.

The snapshot (`PlanPublication.snapshot`) is the record of what ASEC approved; these rows are the
same content in relational form, so that lists, filters, search, counts, exports, dashboards and
reports read what was approved with ordinary queries. Publishing a revision supersedes the rows of
the previous publication (kept for the record) and writes the new ones. The rows are written in
bulk and without history: they are a copy, the history belongs to the working copy.

The data migration that introduced the layer calls this with the migration's models, hence the
`registry` parameter.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.apps import apps as django_apps
from django.db.models import Exists, OuterRef

from core.cache import public_data_changed

PUBLISHED, SUPERSEDED = "published", "superseded"


class _Models:
    def __init__(self, registry):
        get = registry.get_model
        self.plan = get("action_plans", "ActionPlan")
        self.project = get("action_plans", "Project")
        self.update = get("action_plans", "ProgressUpdate")
        self.milestone = get("action_plans", "Milestone")
        self.indicator = get("action_plans", "Indicator")
        self.value = get("action_plans", "IndicatorValue")
        # Older migration states have no catalogue and no disaggregated values.
        self.part = _optional(registry, "action_plans", "DisaggregatedValue")
        self.catalogue = {}
        if self.part is not None:
            catalogue = get("action_plans", "CatalogueIndicator").objects
            self.catalogue = dict(catalogue.values_list("code", "pk"))
        self.funding = _optional(registry, "action_plans", "FundingSource")
        self.partners = {}
        if self.funding is not None:
            self.partners = dict(get("partners", "Partner").objects.values_list("slug", "pk"))
        # An older migration state knows only some of the tags: those it has are copied.
        fields = {f.name for f in self.project._meta.get_fields()}
        self.codes = {
            name: dict(get("action_plans", model).objects.values_list("code", "pk"))
            for name, model in (
                ("focus_areas", "FocusArea"),
                ("outcomes", "StrategicOutcome"),
                ("gesi_groups", "GesiGroup"),
                ("components", "FrameworkComponent"),
                ("ascap", "AscapItem"),
            )
            if name in fields
        }


def _optional(registry, app: str, name: str):
    """A model the data migration of the published layer (0005) ran before: None there."""
    try:
        return registry.get_model(app, name)
    except LookupError:
        return None


def publications_materialize(publications: Iterable, *, registry=django_apps) -> int:
    """Make each publication its plan's published layer; returns the number of project rows."""
    publications = list(publications)
    if not publications:
        return 0
    models = _Models(registry)
    rows = models.project._base_manager
    rows.filter(plan__in=[p.plan_id for p in publications], layer=PUBLISHED).update(
        layer=SUPERSEDED
    )
    copies = [
        (_project(models, publication, data, position), data)
        for publication in publications
        for position, data in enumerate(publication.snapshot["projects"])
    ]
    rows.bulk_create([project for project, _data in copies])
    _write_relations(models, copies)
    _write_plans(models, publications)
    _mark_public_updates(models, publications)
    # Written in bulk (no signals): the public pages and API reads are rebuilt after commit.
    public_data_changed()
    return len(copies)


def _write_plans(models, publications) -> None:
    """The published values of each plan (see ActionPlan.published_revision); older migration
    states have none (the migration that added them copies them)."""
    if not hasattr(models.plan, "published_revision"):
        return
    for publication in publications:
        snapshot = publication.snapshot
        values = {
            "published_revision": publication.revision,
            "published_vision": snapshot.get("vision") or "",
            "published_targets": snapshot.get("strategic_targets") or "",
        }
        models.plan._base_manager.filter(pk=publication.plan_id).update(**values)
        if type(publication).plan.is_cached(publication):
            # The caller's plan too, so that saving it later keeps them.
            vars(publication.plan).update(values)


def _mark_public_updates(models, publications) -> None:
    """The updates of the plans' projects are public when the publication contains the project
    (ProgressUpdate.public); older migration states have no such mark."""
    if not hasattr(models.update, "public"):
        return
    published = models.project._base_manager.filter(
        layer=PUBLISHED, origin_id=OuterRef("project_id")
    )
    models.update._base_manager.filter(
        project__plan__in=[publication.plan_id for publication in publications]
    ).update(public=Exists(published))


def in_publication(project) -> bool:
    """Whether the latest publication of the project's plan contains this (working) project:
    what makes its progress updates public."""
    return (
        django_apps.get_model("action_plans", "Project")
        .layers.filter(layer=PUBLISHED, origin=project.pk)
        .exists()
    )


def _project(models, publication, data: dict, position: int):
    areas = [area["code"] for area in data["focus_areas"]]
    primary = data.get("primary_focus_area") or (areas[0] if areas else None)
    return models.project(
        plan_id=publication.plan_id,
        layer=PUBLISHED,
        origin_id=data["id"],
        publication_id=publication.pk,
        title=data["title"],
        summary=data["summary"],
        lead_agency=data["lead_agency"],
        start_year=data["start_year"],
        end_year=data["end_year"],
        budget_usd=_decimal(data["budget_usd"]),
        funding_model=data["funding_model"],
        stage=data["stage"],
        # Publications taken before finance and readiness existed have none.
        readiness=data.get("readiness", ""),
        om_cost_usd=_decimal(data.get("om_cost_usd")),
        om_paid_by=data.get("om_paid_by", ""),
        seeking_partners=data["seeking_partners"],
        partnership_needs=data["partnership_needs"],
        primary_focus_area_id=models.codes["focus_areas"].get(primary),
        position=data.get("position", position),
        version=data.get("version", 1),
        updated_at=publication.published_at,
    )


def _write_relations(models, copies) -> None:
    for name in models.codes:
        field = models.project._meta.get_field(name)
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        ids = models.codes[name]
        through.objects.bulk_create(
            through(**{source: project.pk, target: ids[item["code"]]})
            for project, data in copies
            for item in data.get(name, [])  # older snapshots have no components or ascap
            if item["code"] in ids
        )
    models.milestone._base_manager.bulk_create(
        _milestone(models, project, item) for project, data in copies for item in data["milestones"]
    )
    _write_indicators(models, copies)
    if models.funding is None:
        return
    models.funding._base_manager.bulk_create(
        _funding(models, project, item, position)
        for project, data in copies
        for position, item in enumerate(data.get("funding_sources", []))
    )


def _funding(models, project, item: dict, position: int):
    partner_id = models.partners.get(item["partner"]) if item["partner"] else None
    return models.funding(
        project_id=project.pk,
        origin_id=item.get("id"),
        # A partner removed since keeps its name on the published row.
        funder_kind=item["funder_kind"] if partner_id or not item["partner"] else "other",
        partner_id=partner_id,
        funder_name=item["funder_name"] if partner_id or not item["partner"] else item["funder"],
        instrument=item["instrument"],
        amount=Decimal(item["amount"]),
        currency=item["currency"],
        amount_usd=Decimal(item["amount_usd"]),
        status=item["status"],
        iati_identifier=item["iati_identifier"],
        funder_reference=item["funder_reference"],
        position=position,
    )


def _milestone(models, project, item: dict):
    return models.milestone(
        project_id=project.pk,
        origin_id=item.get("id"),
        title=item["title"],
        due_date=datetime.date.fromisoformat(item["due_date"]),
        done_date=datetime.date.fromisoformat(item["done_date"]) if item["done_date"] else None,
    )


def _write_indicators(models, copies) -> None:
    indicators = [
        (_indicator(models, project, item), item)
        for project, data in copies
        for item in data["indicators"]
    ]
    models.indicator._base_manager.bulk_create(indicator for indicator, _item in indicators)
    values = [
        (models.value(indicator_id=indicator.pk, year=v["year"], value=Decimal(v["value"])), v)
        for indicator, item in indicators
        for v in item["values"]
    ]
    models.value._base_manager.bulk_create(value for value, _v in values)
    if models.part is None:
        return
    groups = models.codes.get("gesi_groups", {})
    models.part._base_manager.bulk_create(
        models.part(
            total_id=value.pk,
            gesi_group_id=groups.get(part["gesi_group"]),
            sex=part["sex"],
            value=Decimal(part["value"]),
        )
        for value, v in values
        for part in v.get("parts", [])
        if part["sex"] or part["gesi_group"] in groups
    )


def _indicator(models, project, item: dict):
    return models.indicator(
        project_id=project.pk,
        origin_id=item.get("id"),
        name=item["name"],
        unit=item["unit"],
        baseline_value=_decimal(item["baseline_value"]),
        baseline_year=item["baseline_year"],
        target_value=_decimal(item["target_value"]),
        target_year=item["target_year"],
        **_measuring(models, item),
    )


def _measuring(models, item: dict) -> dict:
    """Catalogue reference, direction and measurement: publications taken before the catalogue
    have none; a state of the models without them takes none."""
    if models.part is None:
        return {}
    return {
        "catalogue_id": models.catalogue.get(item.get("catalogue")),
        "direction": item.get("direction", ""),
        "measurement": item.get("measurement", "periodic"),
    }


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)
