"""Export projects in exactly the columns that `projects_import` reads."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from action_plans.models import FundingSource, Indicator, ProgressUpdate
from action_plans.project_files.columns import COLUMN_NAMES, LIST_SEPARATOR
from action_plans.project_files.funding import funding_cell
from action_plans.project_files.indicators import indicators_cell
from action_plans.project_files.tables import FORMATS, write_table


def projects_export(projects: QuerySet, *, file_format: str = "csv") -> bytes:
    """The projects as a CSV or XLSX file; a fixed number of queries whatever their number."""
    if file_format not in FORMATS:
        raise ValueError(f"Unknown export format {file_format!r}; use one of {FORMATS}.")
    return write_table(list(COLUMN_NAMES), _rows(projects), file_format)


def export_filename(file_format: str) -> str:
    return f"ascn-projects-{timezone.localdate():%Y-%m-%d}.{file_format}"


def _rows(projects: QuerySet) -> Iterator[list]:
    projects = (
        projects.select_related("plan__city__country")
        .prefetch_related(
            "focus_areas",
            "outcomes",
            "gesi_groups",
            Prefetch("funding_sources", queryset=FundingSource.objects.select_related("partner")),
            Prefetch("indicators", queryset=Indicator.objects.select_related("catalogue")),
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("-year")),
            # A published row's updates are its working project's.
            Prefetch("origin__updates", queryset=ProgressUpdate.objects.order_by("-year")),
        )
        .order_by("plan__city__country__name", "plan__city__name", "position", "pk")
    )
    for project in projects:
        values = _values(project)
        yield [values[name] for name in COLUMN_NAMES]


def _values(project) -> dict:
    updates = project.origin.updates if project.origin_id else project.updates
    latest = next(iter(updates.all()), None)
    return {
        "country": project.plan.city.country.code,
        "city": project.plan.city.slug,
        "title": project.title,
        "focus_areas": _codes(project.focus_areas.all()),
        "outcomes": _codes(project.outcomes.all()),
        "stage": project.stage,
        "progress_year": latest.year if latest else None,
        "status": latest.status if latest else "",
        "percent_complete": latest.percent_complete if latest else None,
        "lead_agency": project.lead_agency,
        "start_year": project.start_year,
        "end_year": project.end_year,
        "budget_usd": project.budget_usd,
        "funding_model": project.funding_model,
        "readiness": project.readiness,
        "om_cost_usd": project.om_cost_usd,
        "om_paid_by": project.om_paid_by,
        "funding_sources": funding_cell(project.funding_sources.all()),
        "seeking_partners": "yes" if project.seeking_partners else "no",
        "partnership_needs": project.partnership_needs,
        "gesi_groups": _codes(project.gesi_groups.all()),
        "summary": project.summary,
        "source": project.source,
        "indicators": indicators_cell(project.indicators.all()),
        # A published row and its working project share this id, so the file imports back
        # onto the working project whichever layer the reader exported.
        "id": project.public_id,
    }


def _codes(items) -> str:
    """Codes in the framework's order (the prefetch keeps the model's ordering)."""
    return LIST_SEPARATOR.join(item.code for item in items)
