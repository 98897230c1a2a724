"""Open data: everything the public may see, as CSV and JSON files in one zip archive.

What goes in is decided by the same policy as the pages: the anonymous user's view. Plans and
projects come from published plans only. Every coded column (`stage`: `ongoing`) has its English
label beside it (`stage_label`: `Ongoing`), and sources are citations, not the reference data's
keys.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone, translation

from action_plans.models import (
    FocusArea,
    FundingModel,
    PlanStatus,
    Stage,
    StrategicOutcome,
    UpdateStatus,
)
from action_plans.selectors import plans_for_reader
from cities.models import City, Country
from core import policy
from core.spreadsheets import csv_row
from meetings.models import Document, Meeting
from partners.models import Opportunity, Partner, Twinning
from reference.citations import citations

# (dataset, column) → the choices whose labels go beside the codes, in a `<column>_label` column.
LABELLED = {
    ("action_plans", "status"): PlanStatus.choices,
    ("projects", "stage"): Stage.choices,
    ("projects", "funding_model"): FundingModel.choices,
    ("progress_updates", "status"): UpdateStatus.choices,
    ("partners", "kind"): Partner.Kind.choices,
    ("twinnings", "status"): Twinning.Status.choices,
    ("opportunities", "status"): Opportunity.Status.choices,
    ("meetings", "kind"): Meeting.Kind.choices,
    ("meetings", "format"): Meeting.Format.choices,
    ("documents", "kind"): Document.Kind.choices,
}


def _datasets() -> dict[str, tuple[list[str], list[list]]]:
    public = AnonymousUser()
    plans = plans_for_reader(public).select_related("city", "period")
    projects = (
        policy.visible_projects(public).select_related("plan__city").prefetch_related("focus_areas")
    )
    updates = policy.visible_progress_updates(public)
    today = timezone.localdate()
    return {
        "countries": (
            ["code", "name", "asean_member_since"],
            list(Country.objects.values_list("code", "name", "asean_member_since")),
        ),
        "cities": (
            [
                "slug",
                "name",
                "local_name",
                "country",
                "is_capital",
                "latitude",
                "longitude",
                "population",
                "joined_year",
            ],
            list(
                City.objects.order_by("slug").values_list(
                    "slug",
                    "name",
                    "local_name",
                    "country__code",
                    "is_capital",
                    "latitude",
                    "longitude",
                    "population",
                    "joined_year",
                )
            ),
        ),
        "focus_areas": (
            ["code", "name", "summary"],
            list(FocusArea.objects.values_list("code", "name", "summary")),
        ),
        "strategic_outcomes": (
            ["code", "name", "summary"],
            list(StrategicOutcome.objects.values_list("code", "name", "summary")),
        ),
        "action_plans": (
            ["id", "city", "period", "period_start", "period_end", "status", "vision"],
            [
                [
                    p.pk,
                    p.city.slug,
                    p.period.code,
                    p.period_start,
                    p.period_end,
                    p.shown_status,
                    p.shown_vision,
                ]
                for p in plans.order_by("city__slug")
            ],
        ),
        "projects": (
            [
                "id",
                "city",
                "title",
                "focus_areas",
                "stage",
                "start_year",
                "end_year",
                "budget_usd",
                "funding_model",
                "seeking_partners",
            ],
            [
                [
                    p.public_id,
                    p.plan.city.slug,
                    p.title,
                    ";".join(a.code for a in p.focus_areas.all()),
                    p.stage,
                    p.start_year,
                    p.end_year,
                    p.budget_usd,
                    p.funding_model,
                    p.seeking_partners,
                ]
                for p in projects.order_by("plan__city__slug", "title")
            ],
        ),
        "progress_updates": (
            ["project_id", "year", "percent_complete", "status", "narrative"],
            [
                [u.project_id, u.year, u.percent_complete, u.status, u.narrative]
                for u in updates.order_by("project_id", "year")
            ],
        ),
        "partners": (
            ["slug", "name", "kind", "country", "website", "summary"],
            list(
                Partner.objects.order_by("slug").values_list(
                    "slug", "name", "kind", "country", "website", "summary"
                )
            ),
        ),
        "twinnings": (
            [
                "city",
                "counterpart_city",
                "counterpart_country",
                "counterpart_ascn_city",
                "partner",
                "start_year",
                "status",
                "description",
            ],
            list(
                Twinning.objects.order_by("city__slug", "counterpart_city").values_list(
                    "city__slug",
                    "counterpart_city",
                    "counterpart_country",
                    # Set for twinnings between ASCN cities, empty for those outside ASEAN.
                    "counterpart_ascn_city__slug",
                    "partner__slug",
                    "start_year",
                    "status",
                    "description",
                )
            ),
        ),
        "opportunities": (
            ["id", "city", "title", "description", "status", "closing_date"],
            list(
                Opportunity.objects.open(today=today)
                .order_by("pk")
                .values_list("pk", "city__slug", "title", "description", "status", "closing_date")
            ),
        ),
        "case_studies": _case_studies(),
        "meetings": (
            [
                "id",
                "kind",
                "number",
                "title",
                "start_date",
                "end_date",
                "host_country",
                "host_city",
                "venue",
                "format",
                "theme",
                "summary",
            ],
            list(
                Meeting.objects.order_by("start_date").values_list(
                    "pk",
                    "kind",
                    "number",
                    "title",
                    "start_date",
                    "end_date",
                    "host_country__code",
                    "host_city__slug",
                    "venue",
                    "format",
                    "theme",
                    "summary",
                )
            ),
        ),
        "documents": (
            ["title", "kind", "date", "meeting_id", "adopted", "source"],
            list(
                Document.objects.order_by("date").values_list(
                    "title", "kind", "date", "meeting_id", "adopted", "source"
                )
            ),
        ),
    }


CASE_STUDY_COLUMNS = [
    "title",
    "problem",
    "solution",
    "results",
    "cost_and_funding",
    "partners",
    "lessons",
    "replication",
    "published_at",
]


def _case_studies() -> tuple[list[str], list]:
    """The case studies ASEC published, of projects the public may see (the policy's rule)."""
    rows = (
        policy.visible_case_studies(AnonymousUser())
        .order_by("pk")
        .values_list("pk", "project_id", "city__slug", *CASE_STUDY_COLUMNS)
    )
    return ["id", "project", "city", *CASE_STUDY_COLUMNS], list(rows)


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def open_data_zip() -> bytes:
    """The archive: one CSV and one JSON file per dataset, plus a README naming them."""
    buffer = io.BytesIO()
    datasets = {name: _for_readers(name, *table) for name, table in _datasets().items()}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, (columns, rows) in datasets.items():
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(columns)
            writer.writerows(csv_row(map(_plain, row)) for row in rows)
            archive.writestr(f"csv/{name}.csv", text.getvalue())
            records = [dict(zip(columns, map(_plain, row), strict=True)) for row in rows]
            archive.writestr(f"json/{name}.json", json.dumps(records, ensure_ascii=False, indent=1))
        archive.writestr("README.txt", _readme(datasets))
    return buffer.getvalue()


def _for_readers(name: str, columns: list[str], rows: list[list]) -> tuple[list[str], list[list]]:
    """Labels beside the coded columns, citations in place of source keys."""
    with translation.override("en"):
        labels = {
            column: {code: str(label) for code, label in choices}
            for (dataset, column), choices in LABELLED.items()
            if dataset == name
        }
    if "source" in columns:
        at = columns.index("source")
        rows = [[*row[:at], "; ".join(citations(row[at])), *row[at + 1 :]] for row in rows]
    if not labels:
        return columns, rows
    return _labelled_columns(columns, labels), [_labelled_row(columns, row, labels) for row in rows]


def _labelled_columns(columns: list[str], labels: dict) -> list[str]:
    return [out for c in columns for out in ([c, f"{c}_label"] if c in labels else [c])]


def _labelled_row(columns: list[str], row, labels: dict) -> list:
    cells = []
    for column, value in zip(columns, row, strict=True):
        cells.append(value)
        if column in labels:
            cells.append(labels[column].get(value, value or ""))
    return cells


def _readme(datasets) -> str:
    lines = [
        "ASEAN Smart Cities Network: open data from the ASCN Portal",
        f"Exported {timezone.now():%Y-%m-%d %H:%M} UTC. Plans and projects: published plans only.",
        "",
    ]
    lines += [
        f"{name}: {len(rows)} rows; columns: {', '.join(columns)}"
        for name, (columns, rows) in datasets.items()
    ]
    return "\n".join(lines) + "\n"


def open_data_tables() -> dict[str, tuple[list[str], list[list]]]:
    """Every dataset as the public reads it (labels beside codes, citations for sources)."""
    return {name: _for_readers(name, *table) for name, table in _datasets().items()}


def open_data_file(name: str, file_format: str) -> str | None:
    """One dataset as CSV or JSON text (the files of the archive); None for an unknown name."""
    table = open_data_tables().get(name)
    if table is None:
        return None
    columns, rows = table
    if file_format == "json":
        records = [dict(zip(columns, map(_plain, row), strict=True)) for row in rows]
        return json.dumps(records, ensure_ascii=False, indent=1)
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(columns)
    writer.writerows(csv_row(map(_plain, row)) for row in rows)
    return text.getvalue()
